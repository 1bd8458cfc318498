package socket

import (
	"bytes"
	"crypto/rand"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// setBuf sets SO_SNDBUF or SO_RCVBUF through the raw descriptor.
func setBuf(t *testing.T, s *Socket, opt, size int) {
	t.Helper()
	rc, err := s.SyscallConn()
	require.NoError(t, err)
	var serr error
	require.NoError(t, rc.Control(func(fd uintptr) { serr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, opt, size) }))
	require.NoError(t, serr)
}

// smallBufferPair is a TCP connection whose buffers hold little (and do
// not grow by autotuning), so that a
// multi-megabyte send must wait for the reader many times.
func smallBufferPair(t *testing.T) (c, s *Socket) {
	c, s = tcpPair(t, AF_INET)
	// Not smaller: a receive window under one segment stalls TCP itself
	// (silly-window avoidance waits for the persist timer).
	setBuf(t, c, unix.SO_SNDBUF, 16<<10)
	setBuf(t, s, unix.SO_RCVBUF, 64<<10)
	return c, s
}

func payload(t *testing.T, n int) []byte {
	b := make([]byte, n)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return b
}

// drain reads s to the end of the stream in the background.
func drain(s *Socket, pace time.Duration) <-chan []byte {
	got := make(chan []byte, 1)
	go func() {
		var all bytes.Buffer
		buf := make([]byte, 64<<10)
		for {
			if pace > 0 {
				time.Sleep(pace)
			}
			n, err := s.Recv(buf, 0)
			if err != nil || n == 0 {
				got <- all.Bytes()
				return
			}
			all.Write(buf[:n])
		}
	}()
	return got
}

func TestSendallMovesEverything(t *testing.T) {
	c, s := smallBufferPair(t)
	data := payload(t, 8<<20)
	got := drain(s, 0)
	n, err := c.Sendall(data, 0)
	require.NoError(t, err)
	assert.Equal(t, len(data), n)
	require.NoError(t, c.Shutdown(SHUT_WR))
	assert.True(t, bytes.Equal(data, <-got), "the peer received every byte in order")
}

func TestSendallTimeoutReportsProgress(t *testing.T) {
	c, s := smallBufferPair(t)
	data := payload(t, 8<<20)
	c.SetTimeout(100 * time.Millisecond)
	n, err := c.Sendall(data, 0) // the peer does not read
	assertTimeout(t, err)
	assert.Greater(t, n, 0, "some bytes fit in the buffers")
	assert.Less(t, n, len(data))

	got := drain(s, 0)
	require.NoError(t, c.Shutdown(SHUT_WR))
	recv := <-got
	assert.Equal(t, n, len(recv), "Sendall's count is exactly what the peer gets")
	assert.True(t, bytes.Equal(data[:n], recv))
}

// TestSendallTimeoutBoundsWholeCall: a reader that keeps taking a little at
// a time makes every send(2) progress within the timeout, yet the whole call
// must still fail once the timeout has passed (Python >= 3.5).
func TestSendallTimeoutBoundsWholeCall(t *testing.T) {
	c, s := smallBufferPair(t)
	data := payload(t, 64<<20) // at the reader's pace this takes far longer than the timeout
	c.SetTimeout(300 * time.Millisecond)
	got := drain(s, 5*time.Millisecond)
	n, err := c.Sendall(data, 0)
	assertTimeout(t, err)
	assert.Less(t, n, len(data))
	require.NoError(t, c.Shutdown(SHUT_WR))
	assert.Equal(t, n, len(<-got))
}

func TestSendallNonBlocking(t *testing.T) {
	c, s := smallBufferPair(t)
	c.SetBlocking(false)
	data := payload(t, 8<<20)
	n, err := c.Sendall(data, 0)
	assert.ErrorIs(t, err, unix.EAGAIN)
	assert.Greater(t, n, 0)
	assert.Less(t, n, len(data))
	got := drain(s, 0)
	require.NoError(t, c.Shutdown(SHUT_WR))
	assert.Equal(t, n, len(<-got))
}

func TestWriteAndRead(t *testing.T) {
	c, s := tcpPair(t, AF_INET6)
	data := payload(t, 1<<20)
	go func() {
		c.Write(data)
		c.Shutdown(SHUT_WR)
	}()
	got, err := io.ReadAll(s)
	require.NoError(t, err, "Read ends with io.EOF, which ReadAll absorbs")
	assert.True(t, bytes.Equal(data, got))
}
