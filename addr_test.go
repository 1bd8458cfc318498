//go:build linux

package socket

import (
	"encoding/binary"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

func TestParseAddr(t *testing.T) {
	cases := []struct {
		in     string
		family Family
		str    string
		errno  unix.Errno
	}{
		{"127.0.0.1:80", AF_INET, "127.0.0.1:80", 0},
		{"0.0.0.0:0", AF_INET, "0.0.0.0:0", 0},
		{":8080", AF_INET, "0.0.0.0:8080", 0},
		{"[::1]:443", AF_INET6, "[::1]:443", 0},
		{"[::ffff:1.2.3.4]:9", AF_INET6, "[::ffff:1.2.3.4]:9", 0},
		{"[fe80::1%1]:53", AF_INET6, "", 0}, // zone 1 prints as its interface name
		{"/tmp/s.sock", AF_UNIX, "/tmp/s.sock", 0},
		{"./rel.sock", AF_UNIX, "./rel.sock", 0},
		{"@abstract", AF_UNIX, "@abstract", 0},
		{"127.0.0.1:65536", 0, "", unix.EINVAL},
		{"127.0.0.1:-1", 0, "", unix.EINVAL},
		{"127.0.0.1", 0, "", unix.EINVAL},
		{"localhost:80", 0, "", unix.EINVAL},
		{"[::1]:http", 0, "", unix.EINVAL},
		{"[fe80::1%nosuchif0]:1", 0, "", unix.ENXIO},
		{"1.2.3.4.5:1", 0, "", unix.EINVAL},
		{"/" + strings.Repeat("p", 200), 0, "", unix.ENAMETOOLONG},
	}
	for _, tc := range cases {
		a, err := ParseAddr(tc.in)
		if tc.errno != 0 {
			assert.ErrorIs(t, err, tc.errno, tc.in)
			assert.True(t, a.IsZero(), "a failed parse returns the zero Addr")
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.family, a.Family(), tc.in)
		if tc.str != "" {
			assert.Equal(t, tc.str, a.String(), tc.in)
			again, err := ParseAddr(a.String())
			require.NoError(t, err)
			assert.True(t, again == a, "String parses back to the same Addr: %s", tc.in)
		}
	}
}

func TestInetAddrForms(t *testing.T) {
	any4, err := InetAddr("", 7)
	require.NoError(t, err)
	assert.Equal(t, "0.0.0.0:7", any4.String(), `"" is INADDR_ANY, as in Python`)
	bcast, err := InetAddr("<broadcast>", 7)
	require.NoError(t, err)
	assert.Equal(t, "255.255.255.255:7", bcast.String())
	_, err = InetAddr("::1", 7)
	assert.ErrorIs(t, err, unix.EINVAL, "an IPv6 host is not an AF_INET address")

	a6, err := Inet6Addr("fe80::1", 5353, 0x12345, 1)
	require.NoError(t, err)
	assert.Equal(t, uint32(0x12345), a6.FlowInfo())
	assert.Equal(t, uint32(1), a6.ScopeID())
	assert.Equal(t, 5353, a6.Port())
	ap, ok := a6.AddrPort()
	require.True(t, ok)
	assert.Equal(t, "lo", ap.Addr().Zone(), "scope 1 is the loopback interface")
	z, err := Inet6Addr("fe80::1%lo", 1, 0, 0)
	require.NoError(t, err)
	assert.Equal(t, uint32(1), z.ScopeID(), "a zone name sets the scope ID")
	_, err = Inet6Addr("127.0.0.1", 1, 0, 0)
	assert.ErrorIs(t, err, unix.EINVAL)
}

func TestAddrFromNetip(t *testing.T) {
	a := AddrFrom(netip.MustParseAddrPort("192.0.2.1:8080"))
	assert.Equal(t, AF_INET, a.Family())
	assert.Equal(t, unix.SizeofSockaddrInet4, a.Len())
	ap, ok := a.AddrPort()
	require.True(t, ok)
	assert.Equal(t, "192.0.2.1:8080", ap.String())

	m := AddrFrom(netip.MustParseAddrPort("[::ffff:192.0.2.1]:1"))
	assert.Equal(t, AF_INET6, m.Family(), "an IPv4-mapped address stays AF_INET6")

	z := AddrFrom(netip.MustParseAddrPort("[fe80::2%lo]:1"))
	assert.Equal(t, uint32(1), z.ScopeID())
	assert.True(t, AddrFrom(netip.AddrPort{}).IsZero())
	_, ok = Addr{}.AddrPort()
	assert.False(t, ok)
	assert.Equal(t, 0, Addr{}.Port())
}

func TestUnixAddrLimits(t *testing.T) {
	longest := "/" + strings.Repeat("a", 106) // 107 bytes + NUL fill sun_path
	a, err := UnixAddr(longest)
	require.NoError(t, err)
	p, ok := a.UnixPath()
	require.True(t, ok)
	assert.Equal(t, longest, p)
	_, err = UnixAddr(longest + "a")
	assert.ErrorIs(t, err, unix.ENAMETOOLONG)

	abstract := "\x00" + strings.Repeat("b", 107) // abstract names may fill all 108 bytes
	a, err = UnixAddr(abstract)
	require.NoError(t, err)
	p, _ = a.UnixPath()
	assert.Equal(t, abstract, p)
	_, err = UnixAddr(abstract + "b")
	assert.ErrorIs(t, err, unix.ENAMETOOLONG)

	unnamed, err := UnixAddr("")
	require.NoError(t, err)
	assert.Equal(t, 2, unnamed.Len())
	assert.Equal(t, "", unnamed.String())
	_, ok = AddrFrom(netip.MustParseAddrPort("1.2.3.4:5")).UnixPath()
	assert.False(t, ok)
}

func TestAddrRaw(t *testing.T) {
	a, err := InetAddr("10.1.2.3", 0x1234)
	require.NoError(t, err)
	raw := a.Raw()
	require.Len(t, raw, unix.SizeofSockaddrInet4)
	assert.Equal(t, []byte{0x12, 0x34, 10, 1, 2, 3}, raw[2:8], "port and address in network order")
	back, err := AddrFromRaw(raw)
	require.NoError(t, err)
	assert.True(t, back == a)

	pkt, err := AddrFromRaw([]byte{byte(AF_PACKET), 0, 8, 0})
	require.NoError(t, err)
	assert.Equal(t, AF_PACKET, pkt.Family())
	assert.Equal(t, "AF_PACKET:0800", pkt.String())

	for _, bad := range [][]byte{nil, {2}, make([]byte, 113)} {
		_, err := AddrFromRaw(bad)
		assert.ErrorIs(t, err, unix.EINVAL, "%d bytes", len(bad))
	}
}

func TestNames(t *testing.T) {
	assert.Equal(t, "AF_INET6", AF_INET6.String())
	assert.Equal(t, "Family(999)", Family(999).String())
	assert.Equal(t, "SOCK_SEQPACKET", SOCK_SEQPACKET.String())
	assert.Equal(t, "SOCK_DGRAM|SOCK_NONBLOCK|SOCK_CLOEXEC", (SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC).String())
	assert.Equal(t, "IPPROTO_UDP", IPPROTO_UDP.String())
	assert.Equal(t, "MSG_PEEK|MSG_WAITALL", (MSG_WAITALL | MSG_PEEK).String())
	assert.Equal(t, "0", MsgFlag(0).String())
	assert.Equal(t, "MSG_OOB|0x10000", (MSG_OOB | MsgFlag(0x10000)).String(), "MSG_WAITFORONE has no name here")
	assert.Equal(t, "SHUT_RDWR", SHUT_RDWR.String())
	assert.Equal(t, "ShutdownHow(9)", ShutdownHow(9).String())
}

// FuzzAddrFromRaw feeds arbitrary sockaddr bytes through every view of
// Addr: none may panic, and the bytes survive the round trip.
func FuzzAddrFromRaw(f *testing.F) {
	for _, s := range []string{"127.0.0.1:80", "[::1]:1", "/tmp/x", "@abs"} {
		a, err := ParseAddr(s)
		require.NoError(f, err)
		f.Add(a.Raw())
	}
	for _, a := range osFuzzAddrs() {
		f.Add(a.Raw())
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := AddrFromRaw(b)
		if err != nil {
			return
		}
		assert.Equal(t, b, a.Raw())
		_ = a.String()
		_, _ = a.AddrPort()
		_, _ = a.UnixPath()
		_ = a.Port() + int(a.FlowInfo()) + int(a.ScopeID())
		fuzzOSAddr(t, a)
	})
}

// FuzzParseAddr checks that parsing never panics and that what parses
// prints back to an address that parses to the same value.
func FuzzParseAddr(f *testing.F) {
	for _, s := range []string{"127.0.0.1:80", "[::1]:443", "/a", "@b", ":1", "[fe80::1%lo]:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAddr(s)
		if err != nil || a.Family() == AF_UNIX {
			return
		}
		again, err := ParseAddr(a.String())
		require.NoError(t, err, "%q printed as %q", s, a.String())
		assert.True(t, a == again, "%q", s)
	})
}

// TestFlowInfoByteOrder: sin6_flowinfo is a __be32 in the kernel's struct
// sockaddr_in6, and Python's (host, port, flowinfo, scope_id) tuple holds
// it in host order (htonl/ntohl in socketmodule.c). The round trip through
// the kernel shows it: a registered flow label is accepted by connect(2)
// only in network order, and getpeername(2) gives it back so.
func TestFlowInfoByteOrder(t *testing.T) {
	a, err := Inet6Addr("::1", 80, 0x12345, 0)
	require.NoError(t, err)
	assert.Equal(t, []byte{0, 0x01, 0x23, 0x45}, a.Raw()[4:8], "sin6_flowinfo in network order")
	assert.Equal(t, uint32(0x12345), a.FlowInfo())

	const (
		label            = 0x12345
		ipv6FlowlabelMgr = 32 // IPV6_FLOWLABEL_MGR, linux/in6.h
		ipv6FlowinfoSend = 33 // IPV6_FLOWINFO_SEND
	)
	srv := newTestSocket(t, AF_INET6, SOCK_DGRAM, 0)
	require.NoError(t, srv.Bind(loopback(t, AF_INET6)))
	sa, err := srv.Getsockname()
	require.NoError(t, err)
	c := newTestSocket(t, AF_INET6, SOCK_DGRAM, 0)
	// struct in6_flowlabel_req: get (create) label for ::1, shared in the
	// process (IPV6_FL_A_GET, IPV6_FL_S_PROCESS, IPV6_FL_F_CREATE).
	req := make([]byte, 32)
	req[15] = 1
	binary.BigEndian.PutUint32(req[16:], label)
	req[21], req[22] = 2, 1
	if err := c.SetsockoptBytes(IPPROTO_IPV6, ipv6FlowlabelMgr, req); err != nil {
		t.Skipf("flow labels unavailable here: %v", err)
	}
	require.NoError(t, c.SetsockoptInt(IPPROTO_IPV6, ipv6FlowinfoSend, 1))
	to, err := Inet6Addr("::1", sa.Port(), label, 0)
	require.NoError(t, err)
	require.NoError(t, c.Connect(to), "the kernel knows the label only in network order")
	peer, err := c.Getpeername()
	require.NoError(t, err)
	assert.Equal(t, uint32(label), peer.FlowInfo(), "and reports it so")
}

// TestAddrIP: the host of an address, as Python's addr[0], without going
// through AddrPort (issue 22, item 8).
func TestAddrIP(t *testing.T) {
	a, err := InetAddr("127.0.0.1", 80)
	require.NoError(t, err)
	assert.Equal(t, netip.MustParseAddr("127.0.0.1"), a.IP())
	b, err := Inet6Addr("::1", 80, 0, 0)
	require.NoError(t, err)
	assert.Equal(t, "::1", b.IP().String())
	u, err := UnixAddr("/tmp/s")
	require.NoError(t, err)
	assert.False(t, u.IP().IsValid())
	assert.False(t, Addr{}.IP().IsValid())

	// The peer Accept returns, the way a server reads who connected.
	l, la := listenTCP(t, AF_INET)
	c := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	require.NoError(t, c.Connect(la))
	conn, peer, err := l.Accept()
	require.NoError(t, err)
	defer conn.Close()
	assert.Equal(t, "127.0.0.1", peer.IP().String())
}
