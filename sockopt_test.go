//go:build linux

package socket

import (
	"encoding/binary"
	"errors"
	"math"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// rawGetInt reads an option with x/sys/unix on the descriptor, bypassing
// this package, as an independent witness.
func rawGetInt(t *testing.T, s *Socket, level, opt int) int {
	t.Helper()
	rc, err := s.SyscallConn()
	require.NoError(t, err)
	var (
		v    int
		gerr error
	)
	require.NoError(t, rc.Control(func(fd uintptr) { v, gerr = unix.GetsockoptInt(int(fd), level, opt) }))
	require.NoError(t, gerr)
	return v
}

func TestRawIntRoundTrip(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	for _, v := range []int{1, 0, 1} {
		require.NoError(t, s.SetsockoptInt(SOL_SOCKET, SO_KEEPALIVE, v))
		got, err := s.GetsockoptInt(SOL_SOCKET, SO_KEEPALIVE)
		require.NoError(t, err)
		assert.Equal(t, v, got)
		assert.Equal(t, v, rawGetInt(t, s, unix.SOL_SOCKET, unix.SO_KEEPALIVE), "x/sys/unix sees what we set")
	}
	// Python's spelling of a level is the protocol number.
	require.NoError(t, s.SetsockoptInt(IPPROTO_TCP, TCP_NODELAY, 1))
	v, err := s.GetsockoptInt(SOL_TCP, TCP_NODELAY)
	require.NoError(t, err)
	assert.Equal(t, 1, v)
}

func TestRawBytes(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	var l [8]byte
	binary.NativeEndian.PutUint32(l[0:], 1)
	binary.NativeEndian.PutUint32(l[4:], 7)
	require.NoError(t, s.SetsockoptBytes(SOL_SOCKET, SO_LINGER, l[:]))

	b, err := s.GetsockoptBytes(SOL_SOCKET, SO_LINGER, 8)
	require.NoError(t, err)
	assert.Equal(t, l[:], b)

	// A larger buffer comes back cut to the value's length.
	b, err = s.GetsockoptBytes(SOL_SOCKET, SO_LINGER, 64)
	require.NoError(t, err)
	assert.Len(t, b, 8)

	// An int option read as bytes is its native-endian C int.
	b, err = s.GetsockoptBytes(SOL_SOCKET, SO_TYPE, 4)
	require.NoError(t, err)
	assert.Equal(t, uint32(unix.SOCK_STREAM), binary.NativeEndian.Uint32(b))

	into := make([]byte, 16)
	n, err := s.GetsockoptInto(SOL_TCP, TCP_CONGESTION, into)
	require.NoError(t, err)
	assert.Positive(t, n)

	// A zero-length read is legal; the kernel reports length 0.
	b, err = s.GetsockoptBytes(SOL_SOCKET, SO_LINGER, 0)
	require.NoError(t, err)
	assert.Empty(t, b)
}

// TestOptionBadInput holds requirement 6: unknown options, closed sockets
// and impossible lengths give errors a program can branch on, never panics.
func TestOptionBadInput(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_STREAM, 0)

	for _, level := range []Protocol{SOL_SOCKET, SOL_TCP, SOL_IP} {
		_, err := s.GetsockoptInt(level, 9999)
		assert.ErrorIs(t, err, unix.ENOPROTOOPT, "getsockopt level %d", level)
		assert.ErrorIs(t, s.SetsockoptInt(level, 9999, 1), unix.ENOPROTOOPT, "setsockopt level %d", level)
		_, err = s.GetsockoptBytes(level, 9999, 8)
		assert.ErrorIs(t, err, unix.ENOPROTOOPT)
	}
	_, err := s.GetsockoptInt(SOL_SOCKET, 9999)
	var oe *net.OpError
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, "getsockopt", oe.Op)
	assert.Contains(t, err.Error(), "option 9999")

	// A typed option names itself in its error.
	err = s.SetCongestion("no-such-algorithm")
	assert.ErrorIs(t, err, unix.ENOENT)
	assert.Contains(t, err.Error(), "TCP_CONGESTION")

	_, err = s.GetsockoptBytes(SOL_SOCKET, SO_LINGER, -1)
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.Contains(t, err.Error(), "buflen")
	_, err = s.GetsockoptBytes(SOL_SOCKET, SO_LINGER, math.MaxInt)
	assert.ErrorIs(t, err, unix.EINVAL)

	// Numbers that a C int cannot carry would reach the kernel as others
	// (only a 64-bit int can hold them; shifted at run time so that 32-bit
	// builds compile).
	if strconv.IntSize == 64 {
		one := 1
		big := one << 32
		_, err = s.GetsockoptInt(SOL_SOCKET+Protocol(big), SO_KEEPALIVE)
		assert.ErrorIs(t, err, unix.EINVAL)
		_, err = s.GetsockoptInt(SOL_SOCKET, SO_KEEPALIVE+big)
		assert.ErrorIs(t, err, unix.EINVAL)
		assert.ErrorIs(t, s.SetsockoptInt(SOL_SOCKET, SO_KEEPALIVE, big), unix.EINVAL)
	}
	assert.ErrorIs(t, s.SetRecvBuffer(-1), unix.EINVAL)
	assert.ErrorIs(t, s.SetKeepIdle(-1), unix.EINVAL)
	assert.ErrorIs(t, s.SetRecvTimeout(-1), unix.EINVAL)
	assert.ErrorIs(t, s.SetLinger(true, -1), unix.EINVAL)
	assert.ErrorIs(t, s.SetBindToDevice("a-name-longer-than-ifnamsiz"), unix.EINVAL)
	assert.ErrorIs(t, s.SetsockoptBytes(SOL_SOCKET, SO_LINGER, nil), unix.EINVAL, "a null value of length 0")
	n, err := s.GetsockoptInto(SOL_SOCKET, SO_LINGER, nil)
	require.NoError(t, err, "a nil buffer is an empty one, not an int")
	assert.Zero(t, n)

	// A wrong-sized value is the kernel's to refuse.
	assert.ErrorIs(t, s.SetsockoptBytes(SOL_SOCKET, SO_LINGER, []byte{1}), unix.EINVAL)

	require.NoError(t, s.Close())
	_, err = s.GetsockoptInt(SOL_SOCKET, SO_KEEPALIVE)
	assert.ErrorIs(t, err, net.ErrClosed)
	assert.ErrorIs(t, s.SetsockoptInt(SOL_SOCKET, SO_KEEPALIVE, 1), net.ErrClosed)
	_, err = s.GetsockoptBytes(SOL_SOCKET, SO_LINGER, 8)
	assert.ErrorIs(t, err, net.ErrClosed)
	assert.ErrorIs(t, s.SetsockoptBytes(SOL_SOCKET, SO_LINGER, make([]byte, 8)), net.ErrClosed)
	_, err = s.NoDelay()
	assert.ErrorIs(t, err, net.ErrClosed)
	assert.ErrorIs(t, s.SetTTL(3), net.ErrClosed)
	_, err = s.TCPInfo()
	assert.ErrorIs(t, err, net.ErrClosed)
	_, err = s.TakeError()
	assert.ErrorIs(t, err, net.ErrClosed)
}

// TestRawOptionAllocs holds requirement 7: the raw getters into caller
// buffers, and the int calls, allocate nothing.
func TestRawOptionAllocs(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	buf := make([]byte, 64)
	val := make([]byte, 8)
	binary.NativeEndian.PutUint32(val, 1)
	calls := map[string]func(){
		"GetsockoptInto": func() {
			_, err := s.GetsockoptInto(SOL_TCP, TCP_INFO, buf)
			mustNil(t, err)
		},
		"GetsockoptInt": func() {
			_, err := s.GetsockoptInt(SOL_SOCKET, SO_RCVBUF)
			mustNil(t, err)
		},
		"SetsockoptInt": func() { mustNil(t, s.SetsockoptInt(SOL_TCP, TCP_NODELAY, 1)) },
		"SetsockoptBytes": func() {
			mustNil(t, s.SetsockoptBytes(SOL_SOCKET, SO_LINGER, val))
		},
		"typed bool": func() {
			_, err := s.NoDelay()
			mustNil(t, err, s.SetNoDelay(true))
		},
		"typed duration": func() {
			_, err := s.KeepIdle()
			mustNil(t, err)
		},
	}
	for name, call := range calls {
		assert.Zero(t, testing.AllocsPerRun(200, call), name)
	}
}

// TestOptionErrorUnwraps checks the error chain of a failed option call:
// *net.OpError, then *os.SyscallError naming the option, then the errno.
func TestOptionErrorUnwraps(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	err := s.SetTTL(1000)
	require.Error(t, err)
	var errno unix.Errno
	require.True(t, errors.As(err, &errno))
	assert.Equal(t, unix.EINVAL, errno)
	assert.Contains(t, err.Error(), "setsockopt IP_TTL")
	assert.Contains(t, err.Error(), "udp4")
}

// TestDurationLimits: a duration of exactly MaxInt32 whole units fits the
// kernel's C int; one unit more does not.
func TestDurationLimits(t *testing.T) {
	n, ok := durationUnits(math.MaxInt32*time.Second, time.Second)
	assert.True(t, ok)
	assert.Equal(t, math.MaxInt32, n)
	_, ok = durationUnits(math.MaxInt32*time.Second+1, time.Second)
	assert.False(t, ok, "rounding up past MaxInt32 does not fit")
	_, ok = durationUnits(-1, time.Second)
	assert.False(t, ok)
}

// TestAbsentOption checks the path of a typed option this system lacks
// (the keepalive times on OpenBSD): ENOPROTOOPT naming the option, for both
// directions, and the socket still usable after.
func TestAbsentOption(t *testing.T) {
	s, err := New(AF_INET, SOCK_STREAM, 0)
	require.NoError(t, err)
	defer s.Close()
	absent := sockopt{SOL_TCP, optAbsent, "TCP_KEEPIDLE"}

	err = s.setInt(absent, 30)
	assert.ErrorIs(t, err, unix.ENOPROTOOPT)
	assert.ErrorContains(t, err, "setsockopt TCP_KEEPIDLE")
	_, err = s.getInt(absent)
	assert.ErrorIs(t, err, unix.ENOPROTOOPT)
	assert.ErrorContains(t, err, "getsockopt TCP_KEEPIDLE")

	require.NoError(t, s.SetKeepIdle(30*time.Second))
	d, err := s.KeepIdle()
	require.NoError(t, err)
	assert.Equal(t, 30*time.Second, d)
}
