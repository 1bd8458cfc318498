package resolv

import (
	"encoding/binary"
	"sort"
	"strconv"
	"strings"
)

// This file holds the tables of glibc's RFC 3484 address sorting (labels,
// precedences, IPv4 scopes), with glibc's defaults, and reads the
// /etc/gai.conf lines that replace them.

var gaiConfPath = "/etc/gai.conf"

// prefixEntry maps the IPv6 addresses under prefix/bits to val.
type prefixEntry struct {
	prefix [16]byte
	bits   int
	val    int
}

// scopeEntry maps the IPv4 addresses under addr/netmask to a scope.
type scopeEntry struct {
	addr, netmask uint32 // host byte order
	scope         int
}

// gaiTables is the configuration the sort uses.
type gaiTables struct {
	labels, precedence []prefixEntry
	scopes             []scopeEntry
}

// The defaults of glibc 2.36: RFC 3484's tables, with the two changes
// glibc makes (IPv6 site-local and ULA labels, a Teredo label), and the
// IPv4 scopes of link-local and loopback addresses. Order matters: the
// first matching entry wins.
var defaultGaiTables = gaiTables{
	labels: []prefixEntry{
		{[16]byte{15: 1}, 128, 0},
		{[16]byte{0x20, 0x02}, 16, 2},
		{[16]byte{}, 96, 3},
		{[16]byte{10: 0xff, 11: 0xff}, 96, 4},
		{[16]byte{0xfe, 0xc0}, 10, 5},
		{[16]byte{0xfc}, 7, 6},
		{[16]byte{0x20, 0x01}, 32, 7},
		{[16]byte{}, 0, 1},
	},
	precedence: []prefixEntry{
		{[16]byte{15: 1}, 128, 50},
		{[16]byte{0x20, 0x02}, 16, 30},
		{[16]byte{}, 96, 20},
		{[16]byte{10: 0xff, 11: 0xff}, 96, 10},
		{[16]byte{}, 0, 40},
	},
	scopes: []scopeEntry{
		{0xa9fe0000, 0xffff0000, 2},
		{0x7f000000, 0xff000000, 2},
		{0, 0, 14},
	},
}

// loadGaiTables reads /etc/gai.conf: "label PREFIX/BITS VALUE",
// "precedence PREFIX/BITS VALUE" and "scopev4 MASK/BITS VALUE" lines
// (MASK an IPv4 address or an IPv4-mapped IPv6 one). A table with any line
// replaces the default one entirely, sorted from the longest prefix to the
// shortest, with a catch-all entry added if none is given (label 1,
// precedence 40, scope 14), as glibc does. Malformed lines are ignored.
func loadGaiTables() gaiTables { return gaiConfFile.get(gaiConfPath, parseGaiConf) }

var gaiConfFile parsedFile[gaiTables]

func parseGaiConf(data []byte) gaiTables {
	t := defaultGaiTables
	var labels, prec []prefixEntry
	var scopes []scopeEntry
	for _, line := range strings.Split(string(data), "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.FieldsFunc(line, func(r rune) bool { return r < 0x80 && isCSpace(byte(r)) })
		if len(f) < 2 {
			continue
		}
		val2 := ""
		if len(f) > 2 {
			val2 = f[2]
		}
		switch f[0] {
		case "label":
			if e, ok := parsePrefixEntry(f[1], val2); ok {
				labels = append(labels, e)
			}
		case "precedence":
			if e, ok := parsePrefixEntry(f[1], val2); ok {
				prec = append(prec, e)
			}
		case "scopev4":
			if e, ok := parseScopeEntry(f[1], val2); ok {
				scopes = append(scopes, e)
			}
		}
	}
	if len(labels) > 0 {
		t.labels = finishPrefixTable(labels, 1)
	}
	if len(prec) > 0 {
		t.precedence = finishPrefixTable(prec, 40)
	}
	if len(scopes) > 0 {
		if !hasCatchAllScope(scopes) {
			scopes = append(scopes, scopeEntry{0, 0, 14})
		}
		sort.SliceStable(scopes, func(i, j int) bool { return scopes[i].netmask > scopes[j].netmask })
		t.scopes = scopes
	}
	return t
}

func hasCatchAllScope(s []scopeEntry) bool {
	for _, e := range s {
		if e.netmask == 0 {
			return true
		}
	}
	return false
}

// finishPrefixTable adds the ::/0 entry if missing and sorts by prefix
// length, longest first, keeping the file's order among equals.
func finishPrefixTable(list []prefixEntry, catchAll int) []prefixEntry {
	hasZero := false
	for _, e := range list {
		hasZero = hasZero || e.bits == 0
	}
	if !hasZero {
		list = append(list, prefixEntry{bits: 0, val: catchAll})
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].bits > list[j].bits })
	return list
}

// parsePrefixEntry parses "PREFIX[/BITS]" and a value as glibc does: an
// IPv6 prefix, at most 128 bits, a value up to INT_MAX (an empty value
// reads as 0, as strtoul makes it).
func parsePrefixEntry(pfx, val string) (prefixEntry, bool) {
	addr, bitsText, hasBits := strings.Cut(pfx, "/")
	ip, ok := Pton6(addr)
	if !ok {
		return prefixEntry{}, false
	}
	bits := 128
	if hasBits {
		b, err := strconv.ParseUint(bitsText, 10, 32)
		if err != nil || b > 128 {
			return prefixEntry{}, false
		}
		bits = int(b)
	}
	v, ok := gaiConfValue(val)
	if !ok {
		return prefixEntry{}, false
	}
	return prefixEntry{prefix: ip, bits: bits, val: v}, true
}

// parseScopeEntry parses a scopev4 line's "MASK[/BITS]" and value: an
// IPv4-mapped IPv6 prefix of 96 to 128 bits, or an IPv4 one of 0 to 32.
func parseScopeEntry(pfx, val string) (scopeEntry, bool) {
	addr, bitsText, hasBits := strings.Cut(pfx, "/")
	var ip4 [4]byte
	bits := 0
	if ip, ok := Pton6(addr); ok {
		if !isV4Mapped(ip) {
			return scopeEntry{}, false
		}
		copy(ip4[:], ip[12:])
		bits = 128
		if hasBits {
			b, err := strconv.ParseUint(bitsText, 10, 32)
			if err != nil || b < 96 || b > 128 {
				return scopeEntry{}, false
			}
			bits = int(b)
		}
		bits -= 96
	} else if ip, ok := Pton4(addr); ok {
		ip4 = ip
		bits = 32
		if hasBits {
			b, err := strconv.ParseUint(bitsText, 10, 32)
			if err != nil || b > 32 {
				return scopeEntry{}, false
			}
			bits = int(b)
		}
	} else {
		return scopeEntry{}, false
	}
	v, ok := gaiConfValue(val)
	if !ok {
		return scopeEntry{}, false
	}
	var mask uint32
	if bits > 0 {
		mask = ^uint32(0) << (32 - bits)
	}
	return scopeEntry{addr: binary.BigEndian.Uint32(ip4[:]) & mask, netmask: mask, scope: v}, true
}

func gaiConfValue(s string) (int, bool) {
	if s == "" {
		return 0, true
	}
	v, err := strconv.ParseUint(s, 10, 31)
	return int(v), err == nil
}

// matchPrefix returns the value of the first entry whose prefix covers ip.
func matchPrefix(ip [16]byte, list []prefixEntry, dflt int) int {
	for _, e := range list {
		if prefixCovers(e.prefix, e.bits, ip) {
			return e.val
		}
	}
	return dflt
}

func prefixCovers(prefix [16]byte, bits int, ip [16]byte) bool {
	full := bits / 8
	for i := 0; i < full; i++ {
		if prefix[i] != ip[i] {
			return false
		}
	}
	if rest := bits % 8; rest != 0 {
		mask := byte(0xff << (8 - rest))
		return prefix[full]&mask == ip[full]&mask
	}
	return true
}
