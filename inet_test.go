package socket

import (
	"encoding/hex"
	"errors"
	"strconv"
	"testing"
	"unsafe"

	"github.com/bsdsock/socket/internal/resolv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// inetInputs are addresses in every form inet_aton and inet_pton accept or
// reject.
var inetInputs = []string{
	"1.2.3.4", "1.2.3", "1.2", "1", "0x7f.1", "127.1", "017.1", "0377.0xff.255.1", "01.02.03.04", "0X7F.0.0.1",
	"1.2.3.4 junk", "1.2.3.4\tx", "1.2.3.4\n", "1.2.3.4junk", "", " 1.2.3.4", "256.1.1.1", "1.2.3.256",
	"0x100.1", "4294967295", "4294967296", "0x", "0x.1", "08", "1.", "1.2.3.4.", "1..2", "00.0.0.0", "0.0.0.0",
	"255.255.255.255", "1.2.3.4.5", "-1.2.3.4", "+1.2.3.4", "0xffffffff", "0x1ffffffff", "99999999999999999999",
	"::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8::", ":1::",
	"1:::2", "::ffff:1.2.3.4", "::1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "fe80::1%lo",
	"12345::", "::g", "1::2::3", ":", "1:", "::1:", "::ffff:1.2.3", "::ffff:01.2.3.4", "FE80::ABCD",
	"0:0:0:0:0:0:0:0", "::1234.1.1.1", "1:2:3:4:5:6:7:8:9", "::.1.2.3",
}

// packedInputs are byte strings for inet_ntop and inet_ntoa, in hex.
var packedInputs = []string{
	"01020304", "010203", "", "ffffffff",
	"00000000000000000000000000000000", "00000000000000000000000000000001", "00000000000000000000000000000002",
	"00000000000000000000000001020304", "00000000000000000000ffff01020304", "0000000000000000ffff000001020304",
	"00010000000000000000000000000000", "00010000000000010000000000000000", "000102030405060708090a0b0c0d0e0f",
	"00010000000100000000000100000000", "00000000000000000000000000000102", "00000000000000000000ffff00000000",
	"fe800000000000000000000000000001", "20010db8000000000000000000000001", "20010db8000000010000000000000001",
	"000000000000000000000000ffffffff", "0000000000000000000000000000ffff", "000000000000",
}

// TestInetMatchesPython: InetAton, InetNtoa, InetPton and InetNtop give
// Python's bytes and text, and fail where Python raises.
func TestInetMatchesPython(t *testing.T) {
	var qs []pyQuery
	for _, s := range inetInputs {
		qs = append(qs, pyQuery{Op: "aton", Host: s})
		for _, f := range []Family{AF_INET, AF_INET6} {
			qs = append(qs, pyQuery{Op: "pton", Host: s, Family: int(f)})
		}
	}
	qs = append(qs, pyQuery{Op: "pton", Host: "1.2.3.4", Family: int(AF_UNIX)}, pyQuery{Op: "pton", Host: "x", Family: 12345})
	for _, h := range packedInputs {
		qs = append(qs, pyQuery{Op: "ntoa", Hex: h})
		for _, f := range []Family{AF_INET, AF_INET6, AF_UNIX} {
			qs = append(qs, pyQuery{Op: "ntop", Hex: h, Family: int(f)})
		}
	}
	compareWithPython(t, qs, func(q pyQuery) pyAnswer {
		b, _ := hex.DecodeString(q.Hex)
		switch q.Op {
		case "aton":
			v, err := InetAton(q.Host)
			return goAnswer(t, hexOf(v), err, osError)
		case "pton":
			v, err := InetPton(Family(q.Family), q.Host)
			return goAnswer(t, hexOf(v), err, osError)
		case "ntoa":
			v, err := InetNtoa(b)
			return goAnswer(t, v, err, osError)
		}
		v, err := InetNtop(Family(q.Family), b)
		return goAnswer(t, v, err, func(err error) []any {
			if errors.Is(err, unix.EAFNOSUPPORT) {
				return []any{"ValueError", nil, "unknown address family " + strconv.Itoa(q.Family)}
			}
			return []any{"ValueError", nil, "invalid length of packed IP address string"}
		})
	})
}

// TestDatabasesMatchPython: Getservbyname, Getservbyport and
// Getprotobyname read /etc/services and /etc/protocols as glibc does.
func TestDatabasesMatchPython(t *testing.T) {
	var qs []pyQuery
	for _, name := range []string{"http", "www", "domain", "ssh", "HTTP", "nosuch", "", "http ", "echo", "discard", "sunrpc", "portmapper"} {
		for _, proto := range []string{"", "tcp", "udp", "sctp", "xyz", "tcp "} {
			qs = append(qs, pyQuery{Op: "servbyname", Host: name, Port: proto})
		}
	}
	for _, port := range []int{0, 7, 22, 53, 80, 111, 443, 9999, 65535, 65536, -1, 70000} {
		for _, proto := range []string{"", "tcp", "udp", "xyz"} {
			qs = append(qs, pyQuery{Op: "servbyport", Num: port, Port: proto})
		}
	}
	for _, name := range []string{"ip", "IP", "tcp", "TCP", "udp", "icmp", "ipv6-icmp", "IPv6-ICMP", "sctp", "nosuch", "", "tcp "} {
		qs = append(qs, pyQuery{Op: "protobyname", Host: name})
	}
	compareWithPython(t, qs, func(q pyQuery) pyAnswer {
		switch q.Op {
		case "servbyname":
			v, err := Getservbyname(q.Host, q.Port)
			return goAnswer(t, v, err, osError)
		case "servbyport":
			v, err := Getservbyport(q.Num, q.Port)
			return goAnswer(t, v, err, func(err error) []any {
				var ae *ArgError
				if errors.As(err, &ae) {
					return []any{"OverflowError", nil, "getservbyport: port must be 0-65535."}
				}
				return osError(err)
			})
		}
		v, err := Getprotobyname(q.Host)
		return goAnswer(t, int(v), err, osError)
	})
}

// TestNameLookupsMatchPython: Getnameinfo, Gethostbyname,
// GethostbynameEx, Gethostbyaddr, Getfqdn, Gethostname and the interface
// functions agree with Python, for addresses and names /etc/hosts lists
// (and numeric forms), so that no DNS query is made.
func TestNameLookupsMatchPython(t *testing.T) {
	db := readHostsDB(t)
	hostname, err := Gethostname()
	require.NoError(t, err)
	var qs []pyQuery
	// getnameinfo: numeric flags for any address, name lookups only for
	// the addresses in /etc/hosts (and "::", which glibc never looks up).
	type sa struct {
		host  string
		port  int
		scope uint32
	}
	addrs := []sa{{"127.0.0.1", 80, 0}, {"127.0.0.1", 53, 0}, {"127.0.0.1", 9999, 0}, {"127.0.0.1", 0, 0},
		{"::1", 80, 0}, {"::", 22, 0}, {"fe80::1", 80, 1}, {"fe80::1", 80, 99}, {"fd00::1", 80, 1},
		{"ff02::1", 80, 1}, {"ff01::1", 80, 1}, {"192.0.2.1", 443, 0}, {"2001:db8::1", 53, 0}}
	for _, a := range db.addrs {
		addrs = append(addrs, sa{a, 80, 0})
	}
	nofqdn := db.knows("localhost", AF_INET, false) && db.knows(hostname, AF_INET, false) && db.knowsAddr("127.0.0.1")
	for _, a := range addrs {
		lookups := db.knowsAddr(a.host) || a.host == "::"
		for _, fl := range []NameInfoFlag{0, NI_NUMERICHOST, NI_NUMERICSERV, NI_NUMERICHOST | NI_NUMERICSERV, NI_DGRAM,
			NI_NAMEREQD, NI_NAMEREQD | NI_NUMERICHOST, NI_NOFQDN, NI_NUMERICHOST | NI_DGRAM, 0x1000, 0x20} {
			if fl&NI_NUMERICHOST == 0 && !lookups || fl&NI_NOFQDN != 0 && !nofqdn {
				continue
			}
			qs = append(qs, pyQuery{Op: "nameinfo", Host: a.host, Num: a.port, Scope: a.scope, Flags: int(fl)})
		}
	}
	// Names and addresses for the gethostby* family.
	names := append([]string{"localhost", "LOCALHOST", hostname}, db.names...)
	for _, n := range names {
		if db.knows(n, AF_INET, false) {
			qs = append(qs, pyQuery{Op: "hostbyname", Host: n}, pyQuery{Op: "hostbyname_ex", Host: n})
		}
		if db.knows(n, AF_UNSPEC, false) {
			qs = append(qs, pyQuery{Op: "hostbyaddr", Host: n}, pyQuery{Op: "fqdn", Host: n})
		}
	}
	for _, n := range []string{"1.2.3", "127.0.0.1", "0x7f.1", "", "<broadcast>", "255.255.255.255", "::1", "fe80::1%lo", "0.0.0.0"} {
		qs = append(qs, pyQuery{Op: "hostbyname", Host: n})
	}
	for _, n := range []string{"1.2.3", "127.0.0.1", "10", "::1", "<broadcast>", "::", "1:2"} {
		qs = append(qs, pyQuery{Op: "hostbyname_ex", Host: n})
	}
	for _, a := range append([]string{"", "::", "::1x"}, db.addrs...) {
		if a == "" || a == "::" || a == "::1x" || db.knowsAddr(a) {
			qs = append(qs, pyQuery{Op: "hostbyaddr", Host: a})
		}
	}
	if db.knows(hostname, AF_UNSPEC, false) {
		qs = append(qs, pyQuery{Op: "fqdn"}, pyQuery{Op: "fqdn", Host: " 0.0.0.0 "}, pyQuery{Op: "fqdn", Host: "::"})
	}
	qs = append(qs, pyQuery{Op: "hostname"}, pyQuery{Op: "nameindex"})
	for _, n := range []string{"lo", "nosuch", "", "xxxxxxxxxxxxxxxxxxxx"} {
		qs = append(qs, pyQuery{Op: "nametoindex", Host: n})
	}
	for _, i := range []int{0, 1, 2, 999} {
		qs = append(qs, pyQuery{Op: "indextoname", Num: i})
	}
	compareWithPython(t, qs, func(q pyQuery) pyAnswer { return nameGoAnswer(t, q) })
}

// nameGoAnswer answers one query of TestNameLookupsMatchPython.
func nameGoAnswer(t *testing.T, q pyQuery) pyAnswer {
	hostent := func(h Hostent) []any { return []any{h.Name, h.Aliases, h.Addrs} }
	pyErr := resolverError(osError)
	switch q.Op {
	case "nameinfo":
		var a Addr
		var err error
		if v4, ok := resolv.Pton4(q.Host); ok {
			a, err = InetAddr(resolv.Ntop4(v4[:]), q.Num)
		} else {
			a, err = Inet6Addr(q.Host, q.Num, 0, q.Scope)
		}
		require.NoError(t, err)
		h, s, err := Getnameinfo(a, NameInfoFlag(q.Flags))
		return goAnswer(t, []string{h, s}, err, pyErr)
	case "hostbyname":
		v, err := Gethostbyname(q.Host)
		return goAnswer(t, v, err, pyErr)
	case "hostbyname_ex":
		h, err := GethostbynameEx(q.Host)
		return goAnswer(t, hostent(h), err, pyErr)
	case "hostbyaddr":
		h, err := Gethostbyaddr(q.Host)
		return goAnswer(t, hostent(h), err, pyErr)
	case "fqdn":
		return goAnswer(t, Getfqdn(q.Host), nil, nil)
	case "hostname":
		v, err := Gethostname()
		return goAnswer(t, v, err, osError)
	case "nameindex":
		list, err := IfNameIndex()
		var rows [][]any
		for _, l := range list {
			rows = append(rows, []any{l.Index, l.Name})
		}
		return goAnswer(t, rows, err, osError)
	case "nametoindex":
		v, err := IfNametoindex(q.Host)
		return goAnswer(t, v, err, osError)
	}
	v, err := IfIndextoname(q.Num)
	return goAnswer(t, v, err, osError)
}

// TestByteOrder: the conversions swap on a little-endian machine, are
// their own inverses, and put the most significant byte first in memory.
func TestByteOrder(t *testing.T) {
	for _, x := range []uint16{0, 1, 0x1234, 0xffff} {
		assert.Equal(t, x, Ntohs(Htons(x)))
	}
	for _, x := range []uint32{0, 1, 0x12345678, 0xffffffff} {
		assert.Equal(t, x, Ntohl(Htonl(x)))
	}
	v := Htons(0x1234)
	b := (*[2]byte)(unsafe.Pointer(&v))
	assert.Equal(t, [2]byte{0x12, 0x34}, *b)
	w := Htonl(0x01020304)
	c := (*[4]byte)(unsafe.Pointer(&w))
	assert.Equal(t, [4]byte{1, 2, 3, 4}, *c)
}

// TestInetErrors: the errors name the Python text and unwrap to errnos.
func TestInetErrors(t *testing.T) {
	_, err := InetAton("1.2.3.4x")
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.Contains(t, err.Error(), "illegal IP address string passed to inet_aton")
	_, err = InetPton(AF_UNIX, "x")
	assert.ErrorIs(t, err, unix.EAFNOSUPPORT)
	_, err = InetNtop(AF_INET6, make([]byte, 4))
	assert.ErrorIs(t, err, unix.EINVAL)
	_, err = InetNtoa(nil)
	assert.ErrorIs(t, err, unix.EINVAL)
	_, err = Getservbyport(70000, "")
	var ae *ArgError
	assert.ErrorAs(t, err, &ae)
	_, err = Getservbyname("nosuch", "tcp")
	assert.ErrorIs(t, err, ErrServiceNotFound)
	_, err = Getprotobyname("nosuch")
	assert.ErrorIs(t, err, ErrProtocolNotFound)
	_, err = IfNametoindex("nosuch0")
	assert.ErrorIs(t, err, ErrNoSuchInterface)
	assert.ErrorIs(t, err, unix.ENODEV)
	_, err = IfNametoindex("lo\x00junk")
	assert.ErrorIs(t, err, unix.EINVAL, "a NUL would cut the name, where Python refuses it")
	_, err = IfIndextoname(-1)
	assert.ErrorAs(t, err, &ae)
	_, err = IfIndextoname(1 << 30)
	assert.ErrorIs(t, err, unix.ENXIO)
}
