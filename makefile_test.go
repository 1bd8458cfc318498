package socket

import (
	"io"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMakefileLines(t *testing.T) {
	a, b := socketpair(t, SOCK_STREAM)
	w, err := a.Makefile("wb", 0)
	require.NoError(t, err)
	r, err := b.Makefile("r", 16) // smaller than a line: refills mid-line
	require.NoError(t, err)
	defer r.Close()

	_, err = w.WriteString("first line\nsecond, a little longer line\nno newline")
	require.NoError(t, err)
	require.NoError(t, w.Flush())
	require.NoError(t, w.Close())
	require.NoError(t, a.Shutdown(SHUT_WR))

	line, err := r.Readline()
	require.NoError(t, err)
	assert.Equal(t, "first line\n", line)
	line, err = r.Readline()
	require.NoError(t, err)
	assert.Equal(t, "second, a little longer line\n", line)
	line, err = r.Readline()
	require.NoError(t, err, "the last line may lack its newline")
	assert.Equal(t, "no newline", line)
	line, err = r.Readline()
	assert.Equal(t, io.EOF, err)
	assert.Empty(t, line)
}

func TestMakefileModes(t *testing.T) {
	a, _ := socketpair(t, SOCK_STREAM)
	r, err := a.Makefile("rb", 0)
	require.NoError(t, err)
	defer r.Close()
	_, err = r.Write([]byte("x"))
	assert.Error(t, err, "a read-only File refuses writes")
	w, err := a.Makefile("w", 0)
	require.NoError(t, err)
	defer w.Close()
	_, err = w.Read(make([]byte, 1))
	assert.Error(t, err, "a write-only File refuses reads")
	rw, err := a.Makefile("rw", 0)
	require.NoError(t, err)
	require.NoError(t, rw.Close())
	assert.NoError(t, rw.Close(), "closing twice does nothing")
	_, err = rw.ReadByte()
	assert.ErrorIs(t, err, net.ErrClosed)
}

// TestMakefileKeepsDescriptor is Python's rule: the descriptor is closed
// only when the socket and every file made from it are closed.
func TestMakefileKeepsDescriptor(t *testing.T) {
	a, b := socketpair(t, SOCK_STREAM)
	f, err := b.Makefile("rw", 0)
	require.NoError(t, err)
	fd := b.Fileno()
	require.NoError(t, b.Close())
	assert.Equal(t, -1, b.Fileno(), "the Socket reports itself closed")
	_, err = b.Recv(make([]byte, 1), 0)
	assert.ErrorIs(t, err, net.ErrClosed)
	_, err = os.Stat("/proc/self/fd/" + strconv.Itoa(fd))
	assert.NoError(t, err, "the descriptor is still open for the File")

	// The File still works both ways.
	_, err = a.Sendall([]byte("ping\n"), 0)
	require.NoError(t, err)
	line, err := f.Readline()
	require.NoError(t, err)
	assert.Equal(t, "ping\n", line)
	_, err = f.WriteString("pong\n")
	require.NoError(t, err)
	require.NoError(t, f.Close(), "Close flushes")
	buf := make([]byte, 8)
	n, err := a.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "pong\n", string(buf[:n]))
	n, err = a.Recv(buf, 0)
	require.NoError(t, err)
	assert.Zero(t, n, "the last owner's Close closed the descriptor: end of stream")
}

func TestMakefileTimeoutSurfaces(t *testing.T) {
	_, b := socketpair(t, SOCK_STREAM)
	b.SetTimeout(30 * time.Millisecond)
	f, err := b.Makefile("r", 0)
	require.NoError(t, err)
	defer f.Close()
	_, err = f.Readline()
	assertTimeout(t, err)
}

// Once a read has timed out, the buffer may have lost data, so every later
// read fails, as Python's SocketIO does ("cannot read from timed out
// object"), even when data has come since. Writing goes on.
func TestMakefileRefusesReadsAfterTimeout(t *testing.T) {
	a, b := socketpair(t, SOCK_STREAM)
	b.SetTimeout(30 * time.Millisecond)
	f, err := b.Makefile("rw", 0)
	require.NoError(t, err)
	defer f.Close()
	_, err = f.Readline()
	assertTimeout(t, err)

	_, err = a.Sendall([]byte("late\n"), 0)
	require.NoError(t, err)
	_, err = f.Readline()
	assert.ErrorIs(t, err, ErrFileTimedOut)
	assert.EqualError(t, err, "socket: cannot read from timed out object")
	_, err = f.ReadByte()
	assert.ErrorIs(t, err, ErrFileTimedOut)

	_, err = f.WriteString("still writable\n")
	require.NoError(t, err)
	require.NoError(t, f.Flush())
	got, err := a.Makefile("r", 0)
	require.NoError(t, err)
	defer got.Close()
	line, err := got.Readline()
	require.NoError(t, err)
	assert.Equal(t, "still writable\n", line)
}
