package socket

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

func TestWrongFamilyAddress(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	v6 := loopback(t, AF_INET6)
	err := s.Bind(v6)
	assert.ErrorIs(t, err, unix.EAFNOSUPPORT)
	assert.Contains(t, err.Error(), "bind")
	assert.Contains(t, err.Error(), "AF_INET6 address for an AF_INET socket")
	assert.ErrorIs(t, s.Connect(v6), unix.EAFNOSUPPORT)
	_, err = s.Sendto([]byte("x"), 0, v6)
	assert.ErrorIs(t, err, unix.EAFNOSUPPORT)
	_, err = s.Sendmsg([]byte("x"), nil, 0, v6)
	assert.ErrorIs(t, err, unix.EAFNOSUPPORT)
	assert.Equal(t, unix.EAFNOSUPPORT, s.ConnectEx(v6))

	path, err := UnixAddr("/tmp/x")
	require.NoError(t, err)
	assert.ErrorIs(t, s.Bind(path), unix.EAFNOSUPPORT)
	assert.ErrorIs(t, s.Connect(Addr{}), unix.EDESTADDRREQ, "the zero Addr is no address")

	// The socket is untouched by the rejected calls.
	require.NoError(t, s.Bind(loopback(t, AF_INET)))
}

func TestBadArguments(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	err := s.Listen(-1)
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.Contains(t, err.Error(), "listen")
	assert.Contains(t, err.Error(), "backlog")
	assert.ErrorIs(t, s.Shutdown(ShutdownHow(7)), unix.EINVAL)
	_, err = s.Makefile("x", 0)
	assert.ErrorIs(t, err, unix.EINVAL)
	_, err = s.Makefile("rbb", 0)
	assert.ErrorIs(t, err, unix.EINVAL)

	for _, port := range []int{-1, 65536, math.MaxInt} {
		_, err := InetAddr("127.0.0.1", port)
		assert.ErrorIs(t, err, unix.EINVAL, "port %d", port)
		assert.Contains(t, err.Error(), "port")
		_, err = Inet6Addr("::1", port, 0, 0)
		assert.ErrorIs(t, err, unix.EINVAL, "port %d", port)
	}
	if strconv.IntSize == 64 {
		// The kernel takes C ints: it would see AF_INET, SOCK_DGRAM, 17.
		wrap := 1 << (strconv.IntSize / 2)
		for _, args := range [][3]int{{wrap + 2, 2, 0}, {2, wrap + 2, 0}, {2, 2, wrap + 17}} {
			_, err := New(Family(args[0]), Type(args[1]), Protocol(args[2]))
			assert.ErrorIs(t, err, unix.EINVAL, "New%v", args)
			_, _, err = Socketpair(Family(args[0]), Type(args[1]), Protocol(args[2]))
			assert.ErrorIs(t, err, unix.EINVAL, "Socketpair%v", args)
		}
	}
	_, err = Inet6Addr("::1", 80, 0x100000, 0)
	assert.ErrorIs(t, err, unix.EINVAL, "flowinfo is a 20-bit flow label, as in Python")
	assert.Contains(t, err.Error(), "flowinfo")
	_, err = UnixAddr("/" + strings.Repeat("x", 107))
	assert.ErrorIs(t, err, unix.ENAMETOOLONG)
	assert.Contains(t, err.Error(), "sun_path")
}

func TestEmptyBuffers(t *testing.T) {
	c, srv := tcpPair(t, AF_INET)
	_, err := srv.Recv(nil, 0)
	assert.ErrorIs(t, err, unix.EINVAL, "0 bytes from a stream would read as end of stream")
	_, _, err = srv.Recvfrom([]byte{}, 0)
	assert.ErrorIs(t, err, unix.EINVAL)
	n, err := srv.Read(nil)
	assert.NoError(t, err, "io.Reader allows an empty read")
	assert.Zero(t, n)
	n, err = c.Send(nil, 0)
	assert.NoError(t, err)
	assert.Zero(t, n)
	n, err = c.Sendall(nil, 0)
	assert.NoError(t, err)
	assert.Zero(t, n)

	// On datagram sockets an empty datagram is a real message.
	a, b := udpPair(t, AF_INET)
	n, err = a.Send(nil, 0)
	require.NoError(t, err)
	assert.Zero(t, n)
	n, from, err := b.Recvfrom(nil, 0)
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.Equal(t, AF_INET, from.Family())
}

// TestFlagsBeyondCUnsigned: the kernel takes flags as a C unsigned int and
// would silently drop the high bits.
func TestFlagsBeyondCUnsigned(t *testing.T) {
	a, b := udpPair(t, AF_INET)
	buf := make([]byte, 8)
	bad := []MsgFlag{-1}
	if strconv.IntSize == 64 {
		one := 1
		bad = append(bad, MsgFlag(one<<32)|MSG_DONTWAIT) // shifted at run time for 32-bit builds
	}
	for _, f := range bad {
		_, err := a.Send(buf, f)
		assert.ErrorIs(t, err, unix.EINVAL)
		assert.Contains(t, err.Error(), "flags")
		_, err = b.Recv(buf, f)
		assert.ErrorIs(t, err, unix.EINVAL)
		_, err = a.Sendall(buf, f)
		assert.ErrorIs(t, err, unix.EINVAL)
		_, err = a.Sendmsg(buf, nil, f, Addr{})
		assert.ErrorIs(t, err, unix.EINVAL)
		_, err = b.Recvmsg(buf, nil, f)
		assert.ErrorIs(t, err, unix.EINVAL)
	}
}
