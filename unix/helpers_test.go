package unix_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/bsdsock/socket"
	sockunix "github.com/bsdsock/socket/unix"
	"github.com/stretchr/testify/require"
)

// sockPath returns a socket path in the test's temporary directory.
func sockPath(t testing.TB, name string) string {
	t.Helper()
	return filepath.Join(t.TempDir(), name)
}

var abstractSeq atomic.Int64

// abstractName returns an "@" name no other test or process uses.
func abstractName() string {
	return fmt.Sprintf("@bsdsock-unix-test-%d-%d", os.Getpid(), abstractSeq.Add(1))
}

// listen is Listen, closed when the test ends.
func listen(t testing.TB, path string, typ socket.Type) *sockunix.Listener {
	t.Helper()
	l, err := sockunix.Listen(path, typ)
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	return l
}

// dial is Dial, closed when the test ends.
func dial(t testing.TB, path string, typ socket.Type) *socket.Socket {
	t.Helper()
	s, err := sockunix.Dial(path, typ)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// accept accepts one connection on l, closed when the test ends.
func accept(t testing.TB, l *sockunix.Listener) *socket.Socket {
	t.Helper()
	c, _, err := l.Accept()
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

// connected returns the two ends of a connection of type typ made with
// Listen and Dial on path.
func connected(t testing.TB, path string, typ socket.Type) (client, server *socket.Socket) {
	t.Helper()
	l := listen(t, path, typ)
	client = dial(t, path, typ)
	return client, accept(t, l)
}

// socketpair returns both ends of socketpair(2), closed when the test ends.
func socketpair(t testing.TB, typ socket.Type) (*socket.Socket, *socket.Socket) {
	t.Helper()
	a, b, err := socket.Socketpair(socket.AF_UNIX, typ, 0)
	require.NoError(t, err)
	t.Cleanup(func() { a.Close(); b.Close() })
	return a, b
}

// pipe returns a pipe, closed when the test ends (closing twice is fine).
func pipe(t testing.TB) (r, w *os.File) {
	t.Helper()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	t.Cleanup(func() { r.Close(); w.Close() })
	return r, w
}

// types are the AF_UNIX socket types, with Go's network names.
var types = []struct {
	name string
	typ  socket.Type
}{{"unix", socket.SOCK_STREAM}, {"unixpacket", socket.SOCK_SEQPACKET}, {"unixgram", socket.SOCK_DGRAM}}
