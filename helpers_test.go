package socket

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// newTestSocket opens a socket and closes it when the test ends.
func newTestSocket(t testing.TB, family Family, typ Type, proto Protocol) *Socket {
	t.Helper()
	s, err := New(family, typ, proto)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// loopback returns the loopback address of family with port 0.
func loopback(t testing.TB, family Family) Addr {
	t.Helper()
	host, ctor := "127.0.0.1", InetAddr
	if family == AF_INET6 {
		host, ctor = "::1", func(h string, p int) (Addr, error) { return Inet6Addr(h, p, 0, 0) }
	}
	a, err := ctor(host, 0)
	require.NoError(t, err)
	return a
}

// listenTCP returns a listening TCP socket on loopback and its address.
func listenTCP(t testing.TB, family Family) (*Socket, Addr) {
	t.Helper()
	l := newTestSocket(t, family, SOCK_STREAM, 0)
	require.NoError(t, l.Bind(loopback(t, family)))
	require.NoError(t, l.Listen(16))
	a, err := l.Getsockname()
	require.NoError(t, err)
	return l, a
}

// tcpPair returns the two ends of a TCP connection on loopback.
func tcpPair(t testing.TB, family Family) (client, server *Socket) {
	t.Helper()
	l, a := listenTCP(t, family)
	client = newTestSocket(t, family, SOCK_STREAM, 0)
	require.NoError(t, client.Connect(a))
	server, _, err := l.Accept()
	require.NoError(t, err)
	t.Cleanup(func() { server.Close() })
	return client, server
}

// udpPair returns two UDP sockets bound on loopback, each connected to the
// other.
func udpPair(t testing.TB, family Family) (a, b *Socket) {
	t.Helper()
	a = newTestSocket(t, family, SOCK_DGRAM, 0)
	b = newTestSocket(t, family, SOCK_DGRAM, 0)
	require.NoError(t, a.Bind(loopback(t, family)))
	require.NoError(t, b.Bind(loopback(t, family)))
	aa, err := a.Getsockname()
	require.NoError(t, err)
	ba, err := b.Getsockname()
	require.NoError(t, err)
	require.NoError(t, a.Connect(ba))
	require.NoError(t, b.Connect(aa))
	return a, b
}

// socketpair returns both ends of socketpair(2), closed when the test ends.
func socketpair(t testing.TB, typ Type) (*Socket, *Socket) {
	t.Helper()
	a, b, err := Socketpair(AF_UNIX, typ, 0)
	require.NoError(t, err)
	t.Cleanup(func() { a.Close(); b.Close() })
	return a, b
}

// udpPairInMode is udpPair with both sockets in the mode timeout selects,
// and b's address to send to.
func udpPairInMode(t testing.TB, timeout time.Duration) (a, b *Socket, to Addr) {
	t.Helper()
	a, b = udpPair(t, AF_INET)
	a.SetTimeout(timeout)
	b.SetTimeout(timeout)
	to, err := b.Getsockname()
	require.NoError(t, err)
	return a, b, to
}
