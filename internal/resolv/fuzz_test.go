package resolv

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// The parsers of the /etc files, fuzzed with seed corpora in
// testdata/fuzz: whatever a file holds, reading it never panics and gives
// entries the lookups can use. .ci/run runs each for a bounded time.

// wellFormedFields reports whether every field is non-empty and holds no
// blank, newline or comment mark, as dbLines promises.
func wellFormedFields(fields []string) bool {
	for _, f := range fields {
		if f == "" || strings.ContainsAny(f, " \t\n\v\f\r#") {
			return false
		}
	}
	return true
}

// FuzzParseHosts: /etc/hosts lines each have an address and a name (""
// for an address alone), and looking the address up for every family
// never panics.
func FuzzParseHosts(f *testing.F) {
	f.Add([]byte("127.0.0.1 localhost\n::1 localhost ip6-localhost # c\n"))
	f.Add([]byte("192.0.2.1\tMulti m1\n::ffff:192.0.2.3 mapped\n1.2.3 legacy\n198.51.100.9\n"))
	f.Add([]byte("fe80::1%lo link\n#only a comment\n\n   \n2001:db8::1 a b c d e f"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, l := range parseHosts(data) {
			if l.addr == "" || len(l.fields) == 0 || l.name != l.fields[0] || !slices.Equal(l.alias, l.fields[1:]) {
				t.Fatalf("malformed line %+v", l)
			}
			if !wellFormedFields(append([]string{l.addr}, l.alias...)) {
				t.Fatalf("fields with blanks: %+v", l)
			}
			for _, af := range []int{unix.AF_UNSPEC, unix.AF_INET, unix.AF_INET6} {
				hostsAddr(l.addr, af)
			}
			_ = l.matches("localhost")
		}
	})
}

// FuzzParseServices: /etc/services entries have a name, a protocol and a
// port in 0..65535.
func FuzzParseServices(f *testing.F) {
	f.Add([]byte("http 80/tcp www # WorldWideWeb\nhttp 80/udp\ndomain 53/udp\n"))
	f.Add([]byte("bad\nx 99999999999/tcp\ny 12/\nz /tcp\nw 7/tcp a b c\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, s := range parseServices(data) {
			if s.name == "" || s.proto == "" || s.port < 0 || s.port > 65535 || !wellFormedFields(s.aliases) {
				t.Fatalf("malformed entry %+v", s)
			}
		}
	})
}

// FuzzParseProtocols: /etc/protocols is read as lines of fields (dbLines,
// shared by hosts and services), each field non-empty and without blanks.
func FuzzParseProtocols(f *testing.F) {
	f.Add([]byte("ip 0 IP # internet protocol\ntcp 6 TCP\nudp\t17\tUDP\n"))
	f.Add([]byte("ipv6-icmp 58 IPv6-ICMP\n\n#\nx\n\x00 \x85 \xa0\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := dbLines(data)
		for _, fields := range lines {
			if len(fields) == 0 || !wellFormedFields(fields) {
				t.Fatalf("malformed line %q", fields)
			}
		}
		if len(lines) > strings.Count(string(data), "\n")+1 {
			t.Fatalf("%d lines from %d newlines", len(lines), strings.Count(string(data), "\n"))
		}
	})
}

// FuzzParseGaiConf: whatever /etc/gai.conf says, each table is glibc's
// default or one sorted from the longest prefix to the shortest, and ends
// with an entry that matches every address, so sorting never runs off it.
func FuzzParseGaiConf(f *testing.F) {
	f.Add([]byte("label ::1/128 0\nprecedence ::ffff:0:0/96 100\nscopev4 ::ffff:169.254.0.0/112 2\n"))
	f.Add([]byte("label 2001:db8::/32 7 # doc\nprecedence ::/0 1\nscopev4 127.0.0.0/8 14\nreload yes\n"))
	f.Add([]byte("label ::/129 1\nprecedence x/3 1\nscopev4 1.2.3.4/33 2\nlabel ::1/128 99999999999\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tables := parseGaiConf(data)
		for _, list := range [][]prefixEntry{tables.labels, tables.precedence} {
			if len(list) == 0 {
				t.Fatal("an empty table")
			}
			sorted := slices.IsSortedFunc(list, func(a, b prefixEntry) int { return b.bits - a.bits })
			if !sorted && !slices.Equal(list, defaultGaiTables.labels) && !slices.Equal(list, defaultGaiTables.precedence) {
				t.Fatalf("a table from the file not sorted longest first: %+v", list)
			}
			if last := list[len(list)-1]; last.bits != 0 {
				t.Fatalf("no catch-all entry: %+v", last)
			}
			for _, ip := range [][16]byte{{}, {15: 1}, mapV4([4]byte{192, 0, 2, 1}), {0x20, 0x01, 0x0d, 0xb8}} {
				matchPrefix(ip, list, -1)
			}
		}
		if len(tables.scopes) == 0 {
			t.Fatal("an empty scope table")
		}
	})
}

// FuzzParseNSSwitch: the "hosts:" line of /etc/nsswitch.conf gives
// sources with names and no blanks, and host.conf's multi setting reads
// from any bytes.
func FuzzParseNSSwitch(f *testing.F) {
	f.Add([]byte("passwd: files\nhosts:   files mdns4_minimal [NOTFOUND=return] resolve [!UNAVAIL=return] dns # x\n"))
	f.Add([]byte("hosts: [SUCCESS=continue] files [\nhosts: dns [tryagain=RETURN notfound=bogus !success=return]\n"))
	f.Add([]byte("multi on\norder hosts,bind\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, src := range parseHostSources(data) {
			if src.name == "" || strings.ContainsAny(src.name, " \t[") {
				t.Fatalf("malformed source %+v", src)
			}
		}
		parseHostConf(data)
	})
}
