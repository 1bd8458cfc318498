package socket

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

func TestSendfile(t *testing.T) {
	data := payload(t, 3<<20)
	f, err := os.CreateTemp(t.TempDir(), "sendfile")
	require.NoError(t, err)
	defer f.Close()
	_, err = f.Write(data)
	require.NoError(t, err)

	c, s := tcpPair(t, AF_INET)
	got := drain(s, 0)
	n, err := c.Sendfile(f, 1000, 0)
	require.NoError(t, err)
	assert.Equal(t, int64(len(data)-1000), n, "to the end of the file")
	pos, err := f.Seek(0, io.SeekCurrent)
	require.NoError(t, err)
	assert.Equal(t, int64(len(data)), pos, "the file position follows what was sent, as in Python")

	n, err = c.Sendfile(f, 10, 5)
	require.NoError(t, err)
	assert.Equal(t, int64(5), n)
	require.NoError(t, c.Shutdown(SHUT_WR))
	want := append(append([]byte{}, data[1000:]...), data[10:15]...)
	assert.True(t, bytes.Equal(want, <-got))
}

// Offsets past 4 GiB reach the kernel whole, also on 32-bit systems
// (sendfile64): a sparse file with data at 5 GiB sends that data, and the
// count returned is exact.
func TestSendfileLargeOffset(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "sparse")
	require.NoError(t, err)
	defer f.Close()
	const at = 5 << 30
	_, err = f.WriteAt([]byte("far away"), at)
	require.NoError(t, err)

	c, s := tcpPair(t, AF_INET)
	got := drain(s, 0)
	n, err := c.Sendfile(f, at, 8)
	require.NoError(t, err)
	assert.Equal(t, int64(8), n)
	n, err = c.Sendfile(f, at+4, 0)
	require.NoError(t, err)
	assert.Equal(t, int64(4), n, "to the end of the file")
	require.NoError(t, c.Shutdown(SHUT_WR))
	assert.Equal(t, "far awayaway", string(<-got))
}

// TestSendfileFallback: sendfile(2) cannot read a pipe, so Sendfile falls
// back to reading and sending, as Python does.
func TestSendfileFallback(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	go func() {
		w.Write([]byte("through a pipe"))
		w.Close()
	}()
	a, b := socketpair(t, SOCK_STREAM)
	n, err := a.Sendfile(r, 0, 0)
	require.NoError(t, err)
	assert.Equal(t, int64(14), n)
	buf := make([]byte, 32)
	k, err := b.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "through a pipe", string(buf[:k]))

	_, err = a.Sendfile(r, -1, 0)
	assert.ErrorIs(t, err, unix.EINVAL)
}
