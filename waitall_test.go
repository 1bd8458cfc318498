package socket

import (
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// A blocking MSG_WAITALL Recvfrom on TCP that gets part of its buffer and
// then a reset returns what arrived, without the error, and the zero Addr
// a stream socket reports, not a 112-byte AF_UNSPEC address left by the
// failed recvfrom(2) (second independent review).
func TestWaitAllResetKeepsZeroAddr(t *testing.T) {
	s := dataThenReset(t)
	buf := make([]byte, 10)
	n, from, err := s.Recvfrom(buf, MSG_WAITALL)
	require.NoError(t, err, "the data comes without the error")
	assert.Equal(t, "ab", string(buf[:n]))
	assert.True(t, from.IsZero(), "a stream socket reports no sender: got %v (family %v)", from, from.Family())
}

// After a blocking MSG_WAITALL receive returned the data that came before a
// reset, the next receive reports the reset, as the kernel's blocking
// recv(2) leaves it for the next call (python3: recv(10, MSG_WAITALL)
// gives b'ab', the next recv raises ConnectionResetError).
func TestWaitAllResetComesNext(t *testing.T) {
	s := dataThenReset(t)
	buf := make([]byte, 10)
	n, err := s.Recv(buf, MSG_WAITALL)
	require.NoError(t, err)
	assert.Equal(t, "ab", string(buf[:n]))
	_, err = s.Recv(buf, 0)
	assert.ErrorIs(t, err, unix.ECONNRESET, "the reset comes with the next call")
}

// dataThenReset returns a TCP socket on loopback whose peer sent "ab" and
// then reset the connection, with both already arrived.
func dataThenReset(t *testing.T) *Socket {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	s := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	to, err := AddrFromNet(l.Addr())
	require.NoError(t, err)
	require.NoError(t, s.Connect(to))
	c, err := l.Accept()
	require.NoError(t, err)
	_, err = c.Write([]byte("ab"))
	require.NoError(t, err)
	require.NoError(t, c.(*net.TCPConn).SetLinger(0))
	require.NoError(t, c.Close()) // a reset after the data
	// Wait until the data is there, then give the reset a moment.
	peek := make([]byte, 2)
	require.Eventually(t, func() bool {
		n, _ := s.Recv(peek, MSG_PEEK|MSG_DONTWAIT)
		return n == 2
	}, 10*time.Second, time.Millisecond)
	time.Sleep(50 * time.Millisecond)
	return s
}
