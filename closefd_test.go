package socket

import (
	"math"
	"net"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// TestDupFDCloseFD: a DupFD duplicate keeps one end of a socketpair open
// after its Socket is closed, and CloseFD of that last reference is what
// makes the peer see end of stream.
func TestDupFDCloseFD(t *testing.T) {
	a, b := socketpair(t, SOCK_STREAM)
	b.SetBlocking(false)

	d, err := DupFD(a.Fileno())
	require.NoError(t, err)
	assert.NotEqual(t, a.Fileno(), d)
	flags, err := unix.FcntlInt(uintptr(d), unix.F_GETFD, 0)
	require.NoError(t, err)
	assert.NotZero(t, flags&unix.FD_CLOEXEC, "Python's dup makes the copy non-inheritable")
	typ, err := unix.GetsockoptInt(d, unix.SOL_SOCKET, unix.SO_TYPE)
	require.NoError(t, err)
	assert.Equal(t, unix.SOCK_STREAM, typ, "the duplicate is the same socket")

	require.NoError(t, a.Close())
	buf := make([]byte, 4)
	_, err = b.Recv(buf, 0)
	assert.ErrorIs(t, err, unix.EAGAIN, "the duplicate still holds the connection open")

	_, err = unix.Write(d, []byte("dup"))
	require.NoError(t, err)
	n, err := b.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "dup", string(buf[:n]))

	require.NoError(t, CloseFD(d))
	n, err = b.Recv(buf, 0)
	require.NoError(t, err)
	assert.Zero(t, n, "with the last reference closed the peer sees end of stream")
}

func TestDupFDCloseFDBadInput(t *testing.T) {
	for _, fd := range []int{-1, math.MaxInt} {
		_, err := DupFD(fd)
		assert.ErrorIs(t, err, unix.EBADF, "DupFD(%d)", fd)
		assert.ErrorIs(t, CloseFD(fd), unix.EBADF, "CloseFD(%d)", fd)
	}
	// A descriptor number that is surely not open: above the limit.
	var lim unix.Rlimit
	require.NoError(t, unix.Getrlimit(unix.RLIMIT_NOFILE, &lim))
	_, err := DupFD(int(lim.Cur) + 1)
	assert.ErrorIs(t, err, unix.EBADF)
	assert.ErrorIs(t, CloseFD(int(lim.Cur)+1), unix.EBADF)
}

// TestSendFDsRecvFDs passes both ends of a pipe over a socketpair and uses
// the received ones.
func TestSendFDsRecvFDs(t *testing.T) {
	a, b := socketpair(t, SOCK_STREAM)
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()

	n, err := a.SendFDs([][]byte{[]byte("two "), []byte("fds")}, []int{int(r.Fd()), int(w.Fd())}, 0, Addr{})
	require.NoError(t, err)
	assert.Equal(t, 7, n)

	buf := make([]byte, 16)
	m, fds, err := b.RecvFDs(buf, 4, 0)
	require.NoError(t, err)
	assert.Equal(t, "two fds", string(buf[:m.N]))
	assert.Zero(t, m.Flags, "as Python's recv_fds: only flags the kernel set, not MSG_CMSG_CLOEXEC the library added")
	require.Len(t, fds, 2)
	gotR, gotW := os.NewFile(uintptr(fds[0]), "r"), os.NewFile(uintptr(fds[1]), "w")
	defer gotR.Close()
	defer gotW.Close()
	for _, fd := range fds {
		flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
		require.NoError(t, err)
		assert.NotZero(t, flags&unix.FD_CLOEXEC, "received descriptors are close-on-exec")
	}

	// Through the received write end, out of the original read end; and
	// through the original write end, out of the received read end.
	_, err = gotW.WriteString("ab")
	require.NoError(t, err)
	_, err = w.WriteString("cd")
	require.NoError(t, err)
	got := make([]byte, 4)
	_, err = r.Read(got[:2])
	require.NoError(t, err)
	_, err = gotR.Read(got[2:])
	require.NoError(t, err)
	assert.Equal(t, "abcd", string(got))
}

// TestRecvFDsTruncated: with room for fewer descriptors than were sent, the
// kernel closes the rest and says so with MSG_CTRUNC.
func TestRecvFDsTruncated(t *testing.T) {
	a, b := socketpair(t, SOCK_DGRAM)
	fd := a.Fileno()
	_, err := a.SendFDs([][]byte{[]byte("x")}, []int{fd, fd, fd}, 0, Addr{})
	require.NoError(t, err)

	buf := make([]byte, 4)
	m, fds, err := b.RecvFDs(buf, 1, 0)
	require.NoError(t, err)
	for _, fd := range fds {
		assert.NoError(t, CloseFD(fd))
	}
	assert.Len(t, fds, 1)
	assert.Equal(t, 1, m.N)
	assert.NotZero(t, m.Flags&MSG_CTRUNC)

	_, _, err = b.RecvFDs(buf, -1, 0)
	assert.ErrorIs(t, err, unix.EINVAL)
}

// TestRecvFDsFromPython: descriptors sent by Python's socket.send_fds
// arrive through RecvFDs.
func TestRecvFDsFromPython(t *testing.T) {
	a, b := socketpair(t, SOCK_STREAM)
	d, err := DupFD(a.Fileno())
	require.NoError(t, err)
	f := os.NewFile(uintptr(d), "python's end")
	defer f.Close()
	require.NoError(t, a.Close())

	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()

	// The child's descriptors 3 and 4 are the socket and the pipe's write end.
	line, wait := pythonWithFiles(t, `
import socket
s = socket.socket(fileno=3)
print(socket.send_fds(s, [b"from python"], [4]), flush=True)
`, f, w)
	assert.Equal(t, "11", line)
	wait()

	buf := make([]byte, 16)
	m, fds, err := b.RecvFDs(buf, 1, 0)
	require.NoError(t, err)
	assert.Equal(t, "from python", string(buf[:m.N]))
	require.Len(t, fds, 1)
	got := os.NewFile(uintptr(fds[0]), "received")
	defer got.Close()
	_, err = got.WriteString("ok")
	require.NoError(t, err)
	w.Close() // the received copy must be the last writer for EOF
	got.Close()
	out := make([]byte, 4)
	n, err := r.Read(out)
	require.NoError(t, err)
	assert.Equal(t, "ok", string(out[:n]))
}

// TestSendFDsRecvFDsClosed: on a closed or zero Socket both fail with
// net.ErrClosed and pass no descriptor.
func TestSendFDsRecvFDsClosed(t *testing.T) {
	a, _ := socketpair(t, SOCK_DGRAM)
	require.NoError(t, a.Close())
	for _, s := range []*Socket{a, {}} {
		_, err := s.SendFDs([][]byte{[]byte("x")}, []int{0}, 0, Addr{})
		assert.ErrorIs(t, err, net.ErrClosed)
		_, fds, err := s.RecvFDs(make([]byte, 1), 1, 0)
		assert.ErrorIs(t, err, net.ErrClosed)
		assert.Empty(t, fds)
	}
}

// TestSendFDsOutOfRange: a descriptor number a C int cannot hold fails with
// EBADF and sends nothing, instead of being truncated to the descriptor
// whose number its low 32 bits give (Python raises OverflowError).
func TestSendFDsOutOfRange(t *testing.T) {
	if strconv.IntSize < 64 {
		t.Skip("an int cannot exceed a C int on this platform")
	}
	a, b := socketpair(t, SOCK_DGRAM)
	b.SetBlocking(false)
	high := int64(1) << 32
	for _, fd := range []int{-1, int(high) + a.Fileno()} {
		_, err := a.SendFDs([][]byte{[]byte("x")}, []int{fd}, 0, Addr{})
		assert.ErrorIs(t, err, unix.EBADF, "SendFDs(%d)", fd)
	}
	_, fds, err := b.RecvFDs(make([]byte, 1), 1, 0)
	for _, fd := range fds {
		assert.NoError(t, CloseFD(fd))
	}
	assert.ErrorIs(t, err, unix.EAGAIN, "nothing was sent")
}
