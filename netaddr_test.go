package socket

import (
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

func TestAddrNetAddr(t *testing.T) {
	parse := func(s string) Addr {
		a, err := ParseAddr(s)
		require.NoError(t, err)
		return a
	}
	for _, tc := range []struct {
		addr    Addr
		network string
		want    net.Addr
	}{
		{parse("127.0.0.1:80"), "tcp4", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1).To4(), Port: 80}},
		{parse("[::1]:53"), "udp6", &net.UDPAddr{IP: net.IPv6loopback, Port: 53}},
		{parse("[fe80::1%1]:53"), "udp", &net.UDPAddr{IP: net.ParseIP("fe80::1"), Port: 53, Zone: zoneName(1)}},
		{parse("127.0.0.1:0"), "ip4", &net.IPAddr{IP: net.IPv4(127, 0, 0, 1).To4()}},
		{parse("/run/x.sock"), "unix", &net.UnixAddr{Name: "/run/x.sock", Net: "unix"}},
		{parse("@abstract"), "unixgram", &net.UnixAddr{Name: "@abstract", Net: "unixgram"}},
		// No net type fits: the Addr itself.
		{parse("127.0.0.1:80"), "unix", parse("127.0.0.1:80")},
		{parse("/run/x.sock"), "tcp", parse("/run/x.sock")},
		{Addr{}, "tcp", nil},
	} {
		assert.Equal(t, tc.want, tc.addr.NetAddr(tc.network), "%v as %s", tc.addr, tc.network)
	}
}

func TestAddrFromNet(t *testing.T) {
	for _, tc := range []struct {
		in   net.Addr
		want string
		fam  Family
	}{
		{&net.TCPAddr{IP: net.ParseIP("127.0.0.1"), Port: 80}, "127.0.0.1:80", AF_INET}, // 16-byte form
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1).To4(), Port: 80}, "127.0.0.1:80", AF_INET},
		{&net.UDPAddr{IP: net.IPv6loopback, Port: 53}, "[::1]:53", AF_INET6},
		{&net.UDPAddr{Port: 53}, "0.0.0.0:53", AF_INET},
		{&net.IPAddr{IP: net.IPv6loopback}, "[::1]:0", AF_INET6},
		{&net.UnixAddr{Name: "/run/x.sock", Net: "unix"}, "/run/x.sock", AF_UNIX},
		{&net.UnixAddr{Name: "@abstract", Net: "unixgram"}, "@abstract", AF_UNIX},
	} {
		a, err := AddrFromNet(tc.in)
		require.NoError(t, err, "%v", tc.in)
		assert.Equal(t, tc.want, a.String())
		assert.Equal(t, tc.fam, a.Family())
		// And back: NetAddr undoes AddrFromNet.
		back, err := AddrFromNet(a.NetAddr(tc.in.Network()))
		require.NoError(t, err)
		assert.Equal(t, a, back, "%v round trip", tc.in)
	}
	self, err := ParseAddr("[::1]:9")
	require.NoError(t, err)
	got, err := AddrFromNet(self)
	require.NoError(t, err)
	assert.Equal(t, self, got)

	for _, bad := range []net.Addr{nil, (*net.TCPAddr)(nil), &net.TCPAddr{IP: net.IPv4zero, Port: 70000}, &net.TCPAddr{IP: net.IP{1, 2, 3}}} {
		_, err := AddrFromNet(bad)
		assert.Error(t, err, "%#v", bad)
	}
	_, err = AddrFromNet(nil)
	assert.ErrorIs(t, err, unix.EAFNOSUPPORT)
}

func TestToFamily(t *testing.T) {
	v4, err := ParseAddr("127.0.0.1:80")
	require.NoError(t, err)
	assert.Equal(t, "[::ffff:127.0.0.1]:80", toFamily(v4, AF_INET6).String())
	assert.Equal(t, v4, toFamily(v4, AF_INET))
}
