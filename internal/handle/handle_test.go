package handle_test

import (
	"context"
	"net"
	"testing"
	"unsafe"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/internal/handle"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// h is the boundary as a subpackage holds it.
var h = handle.Get[socket.Socket, socket.Addr]()

// peekCall is how a subpackage keeps a call's state: arguments and results
// in fields, the callback a method value bound once.
type peekCall struct {
	buf []byte
	n   int
	run func(uintptr) unix.Errno
}

func newPeekCall() *peekCall {
	c := &peekCall{buf: make([]byte, 8)}
	c.run = c.peek
	return c
}

func (c *peekCall) peek(fd uintptr) unix.Errno {
	r, _, e := unix.Syscall6(unix.SYS_RECVFROM, fd, uintptr(unsafe.Pointer(&c.buf[0])), uintptr(len(c.buf)), unix.MSG_PEEK|unix.MSG_DONTWAIT, 0, 0)
	if e == 0 {
		c.n = int(r)
	}
	return e
}

// A subpackage's call through the boundary waits in the poller in the
// socket's mode, allocates nothing, and wraps its errors as the root's
// methods do.
func TestRawReadThroughHandle(t *testing.T) {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET, 0)
	require.NoError(t, err)
	defer a.Close()
	defer b.Close()
	c := newPeekCall()
	peek := func(s *socket.Socket, flags int) error {
		fd, err := h.FD(s, "peek")
		if err != nil {
			return err
		}
		err = fd.RawRead(context.Background(), h.Mode(s, flags, true), c.run)
		return h.Error(s, "peek", "recvfrom", nil, err)
	}

	done := make(chan error, 1)
	go func() { done <- peek(b, 0) }()
	_, err = a.Send([]byte("hello"), 0)
	require.NoError(t, err)
	require.NoError(t, <-done, "the blocking call waited in the poller for the record")
	assert.Equal(t, "hello", string(c.buf[:c.n]))
	assert.Zero(t, testing.AllocsPerRun(100, func() { peek(b, 0) }))

	_, err = b.Recv(make([]byte, 8), 0)
	require.NoError(t, err)
	err = peek(b, unix.MSG_DONTWAIT)
	assert.ErrorIs(t, err, unix.EAGAIN)
	assert.EqualError(t, err, "peek unixpacket: recvfrom: resource temporarily unavailable")

	require.NoError(t, b.Close())
	assert.ErrorIs(t, peek(b, 0), net.ErrClosed)
}

// Addresses cross the boundary without copies.
func TestAddrThroughHandle(t *testing.T) {
	a, err := socket.ParseAddr("127.0.0.1:80")
	require.NoError(t, err)
	raw, n := h.Sockaddr(&a)
	require.NotNil(t, raw)
	assert.Equal(t, a.Bytes(), unsafe.Slice((*byte)(unsafe.Pointer(raw)), n))

	var b socket.Addr
	h.SetAddr(&b, raw, n)
	assert.Equal(t, a, b)
	raw, n = h.Sockaddr(&socket.Addr{})
	assert.Nil(t, raw)
	assert.Zero(t, n)
}
