//go:build linux

package socket

import (
	"bytes"
	"crypto/sha256"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomFile writes size pseudo-random bytes to a new file and returns it,
// opened for reading at its start, and its SHA-256.
func randomFile(t *testing.T, size int) (*os.File, [32]byte) {
	t.Helper()
	data := make([]byte, size)
	rand.NewChaCha8([32]byte{1}).Read(data)
	path := filepath.Join(t.TempDir(), "in")
	require.NoError(t, os.WriteFile(path, data, 0o600))
	f, err := os.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f, sha256.Sum256(data)
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return sha256.Sum256(data)
}

// result is what a copy goroutine reports.
type result struct {
	n   int64
	err error
}

// A 64 MiB file goes file -> socket with sendfile(2), socket -> socket
// with splice(2), socket -> file with splice(2), each by io.Copy or the
// method itself, and arrives byte-identical, without a copy through user
// space.
func TestZeroCopyFileSocketSocketFile(t *testing.T) {
	const size = 64 << 20
	in, sum := randomFile(t, size)
	a, b := tcpPair(t, AF_INET)
	c, d := socketpair(t, SOCK_STREAM)
	before := userCopies.Load()

	sent := make(chan result, 1)
	go func() {
		n, err := a.ReadFrom(in) // sendfile(2)
		a.Shutdown(SHUT_WR)
		sent <- result{n, err}
	}()
	relayed := make(chan result, 1)
	go func() {
		n, err := io.Copy(c, b) // b.WriteTo(c): splice(2), socket to socket
		c.Shutdown(SHUT_WR)
		relayed <- result{n, err}
	}()
	outPath := filepath.Join(t.TempDir(), "out")
	out, err := os.Create(outPath)
	require.NoError(t, err)
	defer out.Close()
	n, err := io.Copy(out, d) // d.WriteTo(out): splice(2) into the file
	require.NoError(t, err)
	assert.EqualValues(t, size, n)
	for _, ch := range []chan result{sent, relayed} {
		r := <-ch
		require.NoError(t, r.err)
		assert.EqualValues(t, size, r.n)
	}
	assert.Equal(t, sum, fileSum(t, outPath), "SHA-256 of what arrived")
	assert.Equal(t, before, userCopies.Load(), "every step stayed in the kernel")
	pos, err := in.Seek(0, io.SeekCurrent)
	require.NoError(t, err)
	assert.EqualValues(t, size, pos, "the source file's position is past what was sent")
}

// io.Copy from a file goes through os.File's WriteTo, which hands this
// package a wrapper of the file: spliced, and an io.LimitReader is
// honoured on the way.
func TestZeroCopyLimitedAndWrapped(t *testing.T) {
	const size = 4 << 20
	in, _ := randomFile(t, size)
	a, b := tcpPair(t, AF_INET6)
	before := userCopies.Load()
	got := make(chan []byte, 1)
	go func() {
		var buf bytes.Buffer
		_, err := b.WriteTo(&buf) // a bytes.Buffer: through user space
		assert.NoError(t, err)
		got <- buf.Bytes()
	}()
	lr := &io.LimitedReader{R: in, N: 1000}
	n, err := a.ReadFrom(lr)
	require.NoError(t, err)
	assert.EqualValues(t, 1000, n)
	assert.Zero(t, lr.N)
	n, err = io.Copy(a, in) // the rest: os.File.WriteTo -> a.ReadFrom(wrapper)
	require.NoError(t, err)
	assert.EqualValues(t, size-1000, n)
	require.NoError(t, a.Shutdown(SHUT_WR))
	data := <-got
	assert.Equal(t, before+1, userCopies.Load(), "only the bytes.Buffer copy used a buffer")
	_, err = in.Seek(0, io.SeekStart)
	require.NoError(t, err)
	want, err := io.ReadAll(in)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(want, data), "data arrived intact")
}

// Pipes splice both ways: pipe -> socket in ReadFrom, socket -> pipe in
// WriteTo; a net.TCPConn splices through its SyscallConn.
func TestZeroCopyPipesAndNet(t *testing.T) {
	const size = 8 << 20
	data := make([]byte, size)
	rand.NewChaCha8([32]byte{2}).Read(data)
	pr, pw, err := os.Pipe()
	require.NoError(t, err)
	defer pr.Close()
	outR, outW, err := os.Pipe()
	require.NoError(t, err)
	defer outR.Close()
	a, b := tcpPair(t, AF_INET)
	nc, ns := netPair(t, "tcp")
	defer nc.Close()
	defer ns.Close()
	before := userCopies.Load()

	go func() {
		pw.Write(data)
		pw.Close()
	}()
	steps := make(chan result, 3)
	go func() {
		n, err := a.ReadFrom(pr) // pipe -> socket
		a.Shutdown(SHUT_WR)
		steps <- result{n, err}
	}()
	go func() {
		n, err := b.WriteTo(nc) // socket -> net.TCPConn
		nc.(*net.TCPConn).CloseWrite()
		steps <- result{n, err}
	}()
	go func() {
		// net.TCPConn -> socket -> pipe: ReadFrom from a net.Conn, then
		// WriteTo a pipe.
		x, y := socketpair(t, SOCK_STREAM)
		done := make(chan result, 1)
		go func() {
			n, err := y.WriteTo(outW)
			outW.Close()
			done <- result{n, err}
		}()
		n, err := x.ReadFrom(ns) // net.TCPConn -> socket
		x.Shutdown(SHUT_WR)
		r := <-done
		if err == nil {
			err = r.err
		}
		if r.n != n {
			n = -1
		}
		steps <- result{n, err}
	}()
	got, err := io.ReadAll(outR)
	require.NoError(t, err)
	for range 3 {
		r := <-steps
		require.NoError(t, r.err)
		assert.EqualValues(t, size, r.n)
	}
	assert.True(t, bytes.Equal(data, got), "data arrived intact")
	assert.Equal(t, before, userCopies.Load(), "every step stayed in the kernel")
}

// A destination splice(2) refuses (a file opened O_APPEND) after the
// first bytes left the socket: they are written first, and the rest goes
// through a buffer.
func TestZeroCopyFallback(t *testing.T) {
	a, b := tcpPair(t, AF_INET)
	path := filepath.Join(t.TempDir(), "log")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	require.NoError(t, err)
	defer f.Close()
	_, err = f.WriteString("head:")
	require.NoError(t, err)
	_, err = a.Sendall([]byte("first"), 0)
	require.NoError(t, err)
	go func() {
		a.Sendall([]byte(" second"), 0)
		a.Shutdown(SHUT_WR)
	}()
	before := userCopies.Load()
	n, err := b.WriteTo(f)
	require.NoError(t, err)
	assert.EqualValues(t, len("first second"), n)
	assert.Equal(t, before+1, userCopies.Load())
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "head:first second", string(got))

	// A reader with no descriptor is copied through a buffer.
	c, d := socketpair(t, SOCK_STREAM)
	n, err = c.ReadFrom(bytes.NewReader([]byte("plain")))
	require.NoError(t, err)
	assert.EqualValues(t, 5, n)
	buf := make([]byte, 8)
	k, err := d.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "plain", string(buf[:k]))

	// The net.Conn adapter has the same methods.
	conn, err := c.NetConn()
	require.NoError(t, err)
	_, ok := conn.(io.ReaderFrom)
	assert.True(t, ok)
	_, ok = conn.(io.WriterTo)
	assert.True(t, ok)

	require.NoError(t, c.Close())
	_, err = c.ReadFrom(bytes.NewReader(nil))
	assert.ErrorIs(t, err, net.ErrClosed)
	_, err = c.WriteTo(io.Discard)
	assert.ErrorIs(t, err, net.ErrClosed)
}
