//go:build linux

package socket

import (
	"errors"
	"strings"
	"testing"

	"github.com/bsdsock/socket/internal/resolv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// gaiTable builds the Getaddrinfo queries compared with Python: numeric
// IPv4 (legacy forms too) and IPv6 hosts (scoped ones too), None, every
// name of /etc/hosts, service names and numbers in glibc's odd forms, every
// socket type and protocol of glibc's table, every flag, every family, and
// bad input. Queries that would need DNS here are left out.
func gaiTable(t *testing.T) []pyQuery {
	db := readHostsDB(t)
	seen4, seen6 := machineFamilies(t)
	var qs []pyQuery
	add := func(host, port string, family Family, typ Type, proto Protocol, flags AddrInfoFlag) {
		if !dnsFree(db, seen4, seen6, host, family, flags) {
			t.Logf("left out (would ask DNS): host %q family %v flags %#x", host, family, flags)
			return
		}
		qs = append(qs, pyQuery{Op: "gai", Host: host, Port: port, Family: int(family), Type: int(typ), Proto: int(proto), Flags: int(flags)})
	}
	hostname, err := Gethostname()
	require.NoError(t, err)

	hosts := []string{"", "*", "127.0.0.1", "1.2.3", "0x7f.1", "127.1", "017.1", "4294967295", "0",
		"::1", "::", "fe80::1%lo", "fe80::1%1", "ff02::1%lo", "ff01::1%lo", "fd00::1%5", "fe80::1%01",
		"::ffff:1.2.3.4", "2001:db8::1", "1:2:3:4:5:6:1.2.3.4", "localhost", "LOCALHOST", hostname}
	hosts = append(hosts, db.names...)
	for _, h := range hosts {
		add(h, "80", AF_UNSPEC, 0, 0, 0)
	}
	for _, p := range []string{"", "0", "http", "domain", "https", "-1", "-0", "70000", " 80", "\t80", "+80",
		"4294967296", "2147483648", "18446744073709551617", "nosuchservice", "*", "80 ", "0x50"} {
		add("127.0.0.1", p, AF_UNSPEC, 0, 0, 0)
	}
	for _, p := range []string{"", "80", "http"} {
		for _, typ := range []Type{0, SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET, Type(unix.SOCK_DCCP), 999} {
			for _, proto := range []Protocol{0, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP, IPPROTO_UDPLITE, 999} {
				add("127.0.0.1", p, AF_UNSPEC, typ, proto, 0)
			}
		}
	}
	for _, h := range []string{"127.0.0.1", "::1", "::ffff:1.2.3.4", "localhost", ""} {
		for _, f := range []Family{AF_UNSPEC, AF_INET, AF_INET6, AF_UNIX} {
			for _, fl := range []AddrInfoFlag{0, AI_V4MAPPED, AI_V4MAPPED | AI_ALL, AI_ALL} {
				add(h, "80", f, SOCK_STREAM, 0, fl)
			}
		}
	}
	allFlags := []AddrInfoFlag{AI_PASSIVE, AI_CANONNAME, AI_NUMERICHOST, AI_NUMERICSERV, AI_ADDRCONFIG, AI_V4MAPPED, AI_ALL,
		AI_CANONNAME | AI_PASSIVE, AI_ADDRCONFIG | AI_PASSIVE, AI_NUMERICHOST | AI_NUMERICSERV, 0x40, 0x800, 0x10000}
	for _, h := range []string{"", "127.0.0.1", "::1", "localhost", "fe80::1%lo", "1.2.3"} {
		for _, fl := range allFlags {
			add(h, "http", AF_UNSPEC, SOCK_STREAM, 0, fl)
			add(h, "", AF_INET6, 0, 0, fl)
		}
	}
	for _, fl := range []AddrInfoFlag{AI_ADDRCONFIG, AI_ADDRCONFIG | AI_PASSIVE} {
		for _, f := range []Family{AF_INET, AF_INET6} {
			add("", "80", f, SOCK_STREAM, 0, fl)
			add("localhost", "80", f, SOCK_STREAM, 0, fl)
		}
	}
	for _, h := range []string{"127.0.0.1 x", "127.0.0.1 ", "localhost", "fe80::1%nosuch", "fd00::1%lo", "fe80::1%",
		"fe80::1%-1", "fe80::1%4294967296", "fe80::1%lo%x", "1.2.3.4.", "08.1", "256.1.1.1", "0x", "1.", "::1::",
		"1:2:3:4:5:6:7:8:9", "127.0.0.1%lo", "[::1]", ""} {
		add(h, "80", AF_UNSPEC, 0, 0, AI_NUMERICHOST)
	}
	for _, h := range []string{"::ffff:254.128.0.1%lo", "::ffff:255.2.0.1%lo", "::ffff:1.2.3.4%lo", "::ffff:1.2.3.4%1"} {
		for _, f := range []Family{AF_UNSPEC, AF_INET, AF_INET6} {
			add(h, "80", f, 0, 0, AI_NUMERICHOST)
		}
	}
	add("::1", "80", AF_INET, 0, 0, 0)
	add("127.0.0.1", "80", AF_INET6, 0, 0, 0)
	add("", "", AF_UNSPEC, 0, 0, 0)
	add("", "", AF_UNSPEC, 0, 0, AI_PASSIVE)
	add("*", "*", AF_UNSPEC, 0, 0, 0)
	for _, n := range append([]string{"localhost", hostname}, db.names...) {
		for _, f := range []Family{AF_UNSPEC, AF_INET, AF_INET6} {
			for _, fl := range []AddrInfoFlag{0, AI_CANONNAME, AI_V4MAPPED, AI_V4MAPPED | AI_ALL | AI_CANONNAME} {
				add(n, "80", f, SOCK_STREAM, 0, fl)
			}
		}
	}
	return qs
}

// dnsFree reports whether getaddrinfo of host can finish without DNS:
// no host, a numeric one, AI_NUMERICHOST, or a name /etc/hosts lists for
// the family the lookup will use.
func dnsFree(db hostsDB, seen4, seen6 bool, host string, family Family, flags AddrInfoFlag) bool {
	if host == "" || host == "*" || flags&AI_NUMERICHOST != 0 {
		return true
	}
	if _, rest, ok := resolv.ParseAton(host); ok && rest == "" {
		return true
	}
	addr, _, _ := strings.Cut(host, "%")
	if _, ok := resolv.Pton6(addr); ok {
		return true
	}
	if flags&AI_ADDRCONFIG != 0 {
		switch {
		case family == AF_UNSPEC && seen4 && !seen6:
			family = AF_INET
		case family == AF_UNSPEC && seen6 && !seen4:
			family = AF_INET6
		case (family == AF_INET && !seen4) || (family == AF_INET6 && !seen6):
			return true // refused before any lookup
		}
	}
	if family != AF_UNSPEC && family != AF_INET && family != AF_INET6 {
		return true
	}
	return db.knows(host, family, flags&AI_V4MAPPED != 0)
}

// gaiGoAnswer is Getaddrinfo's answer in the shape of pyScript's gai.
func gaiGoAnswer(t *testing.T, q pyQuery) pyAnswer {
	res, err := Getaddrinfo(q.Host, q.Port, Family(q.Family), Type(q.Type), Protocol(q.Proto), AddrInfoFlag(q.Flags))
	rows := [][]any{}
	for _, ai := range res {
		h, _ := resolv.HostOf(&ai.Addr.raw)
		rows = append(rows, []any{int(ai.Family), int(ai.Type), int(ai.Proto), ai.Canonname,
			resolv.NumericHost(resolv.Host{Family: h.Family, IP: h.IP}), ai.Addr.Port(), int(ai.Addr.FlowInfo()), int(h.Scope)})
	}
	return goAnswer(t, rows, err, resolverError(osError))
}

// TestGetaddrinfoMatchesPython: every query of gaiTable gives the result
// list Python gives on this machine, order included, or the same
// gaierror.
func TestGetaddrinfoMatchesPython(t *testing.T) {
	qs := gaiTable(t)
	require.GreaterOrEqual(t, len(qs), 40)
	compareWithPython(t, qs, func(q pyQuery) pyAnswer { return gaiGoAnswer(t, q) })
}

// TestGetaddrinfoOrder spells out the orders the issue names, which do
// not depend on /etc/hosts: loopback ::1 before 127.0.0.1, wildcard 0.0.0.0
// before ::, and STREAM, DGRAM, RAW for each address.
func TestGetaddrinfoOrder(t *testing.T) {
	got := func(flags AddrInfoFlag) []string {
		res, err := Getaddrinfo("", "80", AF_UNSPEC, 0, 0, flags)
		require.NoError(t, err)
		var s []string
		for _, ai := range res {
			s = append(s, ai.Type.String()+" "+ai.Addr.String())
		}
		return s
	}
	assert.Equal(t, []string{
		"SOCK_STREAM [::1]:80", "SOCK_DGRAM [::1]:80", "SOCK_RAW [::1]:80",
		"SOCK_STREAM 127.0.0.1:80", "SOCK_DGRAM 127.0.0.1:80", "SOCK_RAW 127.0.0.1:80",
	}, got(0))
	assert.Equal(t, []string{
		"SOCK_STREAM 0.0.0.0:80", "SOCK_DGRAM 0.0.0.0:80", "SOCK_RAW 0.0.0.0:80",
		"SOCK_STREAM [::]:80", "SOCK_DGRAM [::]:80", "SOCK_RAW [::]:80",
	}, got(AI_PASSIVE))
}

// TestGetaddrinfoErrors: the typed error carries the code, glibc's text
// and the name, and errors.Is finds the code.
func TestGetaddrinfoErrors(t *testing.T) {
	_, err := Getaddrinfo("localhost", "80", AF_UNSPEC, 0, 0, AI_NUMERICHOST)
	var gai *AddrInfoError
	require.ErrorAs(t, err, &gai)
	assert.Equal(t, EAI_NONAME, gai.Code)
	assert.ErrorIs(t, err, EAI_NONAME)
	assert.Equal(t, "getaddrinfo localhost port 80: [Errno -2] Name or service not known", err.Error())
	assert.False(t, gai.Timeout())

	for _, c := range []struct {
		host, port string
		family     Family
		typ        Type
		flags      AddrInfoFlag
		want       EAI
	}{
		{"127.0.0.1", "80", AF_UNIX, 0, 0, EAI_FAMILY},
		{"127.0.0.1", "80", 0, 999, 0, EAI_SOCKTYPE},
		{"127.0.0.1", "http", 0, SOCK_RAW, 0, EAI_SERVICE},
		{"127.0.0.1", "80", 0, 0, 0x800, EAI_BADFLAGS},
		{"", "80", 0, 0, AI_CANONNAME, EAI_BADFLAGS},
		{"::1", "80", AF_INET, 0, 0, EAI_ADDRFAMILY},
		{"", "", 0, 0, 0, EAI_NONAME},
		{"127.0.0.1", "http", 0, 0, AI_NUMERICSERV, EAI_NONAME},
	} {
		_, err := Getaddrinfo(c.host, c.port, c.family, c.typ, 0, c.flags)
		assert.ErrorIs(t, err, c.want, "%+v", c)
		assert.Contains(t, err.Error(), c.want.Error())
	}
	assert.Equal(t, "Unknown error", EAI(-999).Error())
}

// TestHostErrorText: herror's codes read as hstrerror's.
func TestHostErrorText(t *testing.T) {
	e := &HostError{Func: "gethostbyaddr", Name: "192.0.2.1", Code: HOST_NOT_FOUND}
	assert.Equal(t, "gethostbyaddr 192.0.2.1: [Errno 1] Unknown host", e.Error())
	assert.ErrorIs(t, e, HOST_NOT_FOUND)
	assert.False(t, errors.Is(e, TRY_AGAIN))
	assert.Equal(t, "Unknown resolver error", HErrno(9).Error())
}

// TestGetaddrinfoMappedScope: for AF_INET, glibc turns an IPv4-mapped
// literal into its IPv4 address in place (the four bytes move to the
// front, the rest stays) before it reads the %zone, so the zone is read as
// for that rewritten address: "::ffff:254.128.0.1" then starts fe80 and
// takes an interface name, as Python shows:
// getaddrinfo("::ffff:254.128.0.1%lo", 80, AF_INET) gives 254.128.0.1.
func TestGetaddrinfoMappedScope(t *testing.T) {
	for _, host := range []string{"::ffff:254.128.0.1%lo", "::ffff:255.2.0.1%lo", "::ffff:255.1.0.1%lo"} {
		res, err := Getaddrinfo(host, "80", AF_INET, SOCK_STREAM, 0, AI_NUMERICHOST)
		require.NoError(t, err, host)
		require.Len(t, res, 1)
		assert.Equal(t, AF_INET, res[0].Family)
		want, _, _ := strings.Cut(strings.TrimPrefix(host, "::ffff:"), "%")
		assert.Equal(t, want+":80", res[0].Addr.String())
	}
	// The mapped address itself is not link-local: AF_UNSPEC and AF_INET6
	// keep it as IPv6, and "lo" is no number.
	_, err := Getaddrinfo("::ffff:254.128.0.1%lo", "80", AF_INET6, SOCK_STREAM, 0, AI_NUMERICHOST)
	assert.ErrorIs(t, err, EAI_NONAME)
	// A zone that is neither an interface nor a number still fails.
	_, err = Getaddrinfo("::ffff:254.128.0.1%nosuch", "80", AF_INET, SOCK_STREAM, 0, AI_NUMERICHOST)
	assert.ErrorIs(t, err, EAI_NONAME)
}
