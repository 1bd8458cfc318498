package socket

import (
	"fmt"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The would-block error reads, compares and converts as the *net.OpError
// it replaced, and every conversion is a fresh value: changing what one
// call's error gave changes nothing another call sees.
func TestWouldBlockError(t *testing.T) {
	_, b := udpPair(t, AF_INET)
	b.SetBlocking(false)
	buf := make([]byte, 8)
	_, err1 := b.Recv(buf, 0)
	_, err2 := b.Recv(buf, 0)
	require.Error(t, err1)

	want := &net.OpError{Op: "recv", Net: "udp4", Err: os.NewSyscallError("recvfrom", unix.EAGAIN)}
	assert.Equal(t, want.Error(), err1.Error())
	assert.Equal(t, want.Error(), fmt.Sprint(err1))
	assert.ErrorIs(t, err1, unix.EAGAIN)
	assert.ErrorIs(t, err1, unix.EWOULDBLOCK)
	assert.ErrorIs(t, err1, syscall.EAGAIN)
	assert.NotErrorIs(t, err1, os.ErrDeadlineExceeded, "as a *net.OpError wrapping EAGAIN")
	assert.NotErrorIs(t, err1, net.ErrClosed)

	var ne net.Error
	require.ErrorAs(t, err1, &ne)
	assert.True(t, ne.Timeout(), "EAGAIN is a timeout in net")

	var oe1, oe2 *net.OpError
	require.ErrorAs(t, err1, &oe1)
	require.ErrorAs(t, err2, &oe2)
	assert.Equal(t, want, oe1)
	oe1.Op, oe1.Err = "changed", nil
	var oe3 *net.OpError
	require.ErrorAs(t, err1, &oe3)
	assert.Equal(t, want, oe3, "a fresh *net.OpError per conversion")
	assert.Equal(t, want, oe2)
	assert.Equal(t, want.Error(), err2.Error())

	var se *os.SyscallError
	require.ErrorAs(t, err1, &se)
	assert.Equal(t, "recvfrom", se.Syscall)
	var errno syscall.Errno
	require.ErrorAs(t, err1, &errno)
	assert.Equal(t, syscall.EAGAIN, errno)

	// Every operation with a would-block error names its own system call.
	l, _ := listenTCP(t, AF_INET)
	l.SetBlocking(false)
	_, _, err := l.Accept()
	require.ErrorAs(t, err, &se)
	require.ErrorIs(t, err, unix.EAGAIN)
	_, err = b.Recvmsg(buf, nil, 0)
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "recvmsg", se.Syscall)
}
