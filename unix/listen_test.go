package unix_test

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/bsdsock/socket"
	sockunix "github.com/bsdsock/socket/unix"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// roundTrip sends "ping" from client and "pong" back from server, which
// answers the address the ping came from (a datagram server has no
// connection to answer on).
func roundTrip(t *testing.T, client, server *socket.Socket) {
	t.Helper()
	_, err := client.Send([]byte("ping"), 0)
	require.NoError(t, err)
	buf := make([]byte, 16)
	n, from, err := server.Recvfrom(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "ping", string(buf[:n]))
	if server.Type() == socket.SOCK_DGRAM {
		_, err = server.Sendto([]byte("pong"), 0, from)
	} else {
		_, err = server.Send([]byte("pong"), 0)
	}
	require.NoError(t, err)
	n, err = client.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "pong", string(buf[:n]))
}

// served listens on path and dials it, and returns the listener, the
// client and the socket that serves it: the accepted connection, or for
// SOCK_DGRAM the bound socket itself.
func served(t *testing.T, path string, typ socket.Type) (l *sockunix.Listener, client, server *socket.Socket) {
	l = listen(t, path, typ)
	client = dial(t, path, typ)
	server = l.Socket()
	if typ != socket.SOCK_DGRAM {
		server = accept(t, l)
	}
	return l, client, server
}

// Every type works over a filesystem path, an abstract name and a
// socketpair, and the addresses print as Python shows them: the path, an
// abstract name with "@" for its NUL, an unnamed socket as empty.
func TestRoundTrips(t *testing.T) {
	for _, tt := range types {
		t.Run(tt.name+"/path", func(t *testing.T) {
			path := sockPath(t, "app.sock")
			l, client, server := served(t, path, tt.typ)
			roundTrip(t, client, server)
			name, err := l.Socket().Getsockname()
			require.NoError(t, err)
			assert.Equal(t, path, name.String())
			peer, err := client.Getpeername()
			require.NoError(t, err)
			assert.Equal(t, path, peer.String())
			self, err := client.Getsockname()
			require.NoError(t, err)
			if tt.typ == socket.SOCK_DGRAM {
				assert.Regexp(t, `^@[0-9a-f]{5}$`, self.String(), "Dial autobinds a datagram client")
			} else {
				assert.Equal(t, "", self.String(), "a stream client is unnamed")
				peer, err := server.Getpeername()
				require.NoError(t, err)
				assert.Equal(t, "", peer.String())
			}
		})
		t.Run(tt.name+"/abstract", func(t *testing.T) {
			name := abstractName()
			_, client, server := served(t, name, tt.typ)
			roundTrip(t, client, server)
			got, err := server.Getsockname()
			require.NoError(t, err)
			assert.Equal(t, name, got.String())
			assert.Equal(t, "\x00"+name[1:], string(got.Bytes()[2:]), "Python's bytes: a leading NUL")
		})
		t.Run(tt.name+"/socketpair", func(t *testing.T) {
			a, b := socketpair(t, tt.typ)
			roundTrip(t, a, b)
			for _, s := range []*socket.Socket{a, b} {
				self, err := s.Getsockname()
				require.NoError(t, err)
				peer, err := s.Getpeername()
				require.NoError(t, err)
				assert.Equal(t, "", self.String())
				assert.Equal(t, "", peer.String())
			}
		})
	}
}

// Python spells an abstract name with a leading NUL; Listen and Dial take
// that too, and "" autobinds.
func TestPythonAbstractSpelling(t *testing.T) {
	name := abstractName()
	l := listen(t, "\x00"+name[1:], socket.SOCK_STREAM)
	c := dial(t, name, socket.SOCK_STREAM)
	roundTrip(t, c, accept(t, l))

	auto := listen(t, "", socket.SOCK_STREAM)
	got, err := auto.Socket().Getsockname()
	require.NoError(t, err)
	assert.Regexp(t, `^@[0-9a-f]{5}$`, got.String())
	require.NoError(t, auto.Close())
}

// Close removes the socket file Listen created, unless told not to, and
// never a file that is no longer that socket.
func TestListenerCloseRemovesItsFile(t *testing.T) {
	t.Run("default", func(t *testing.T) {
		path := sockPath(t, "s")
		l := listen(t, path, socket.SOCK_STREAM)
		require.FileExists(t, path)
		require.NoError(t, l.Close())
		assert.NoFileExists(t, path)
		assert.NoError(t, l.Close(), "closing again does nothing")
	})
	t.Run("SetUnlinkOnClose(false)", func(t *testing.T) {
		path := sockPath(t, "s")
		l := listen(t, path, socket.SOCK_DGRAM)
		l.SetUnlinkOnClose(false)
		require.NoError(t, l.Close())
		assert.FileExists(t, path)
	})
	// What happens to the path after Listen, and what must hold after
	// Close: the file there is no longer the listener's, so it stays.
	for name, replace := range map[string]func(t *testing.T, path string) (after func()){
		"replaced by a regular file": func(t *testing.T, path string) func() {
			require.NoError(t, os.WriteFile(path, []byte("keep me"), 0o600))
			return func() {
				b, err := os.ReadFile(path)
				require.NoError(t, err)
				assert.Equal(t, "keep me", string(b))
			}
		},
		"replaced by another socket": func(t *testing.T, path string) func() {
			other := listen(t, path, socket.SOCK_STREAM)
			return func() {
				dial(t, path, socket.SOCK_STREAM) // it still answers
				require.NoError(t, other.Close())
				assert.NoFileExists(t, path, "the other listener removes its own file")
			}
		},
		"removed already": func(t *testing.T, path string) func() {
			return func() { assert.NoFileExists(t, path) }
		},
	} {
		t.Run(name, func(t *testing.T) {
			path := sockPath(t, "s")
			l := listen(t, path, socket.SOCK_SEQPACKET)
			require.NoError(t, os.Remove(path))
			after := replace(t, path)
			require.NoError(t, l.Close())
			after()
		})
	}
}

// A path that exists and is not a socket is never removed; Listen says
// why it cannot bind.
func TestListenOnAFileThatIsNotASocket(t *testing.T) {
	path := sockPath(t, "data")
	require.NoError(t, os.WriteFile(path, []byte("precious"), 0o600))
	_, err := sockunix.Listen(path, socket.SOCK_STREAM)
	require.Error(t, err)
	assert.ErrorIs(t, err, unix.EADDRINUSE)
	assert.NotErrorIs(t, err, sockunix.ErrStale)
	assert.Contains(t, err.Error(), "listen unix "+path+": bind: address already in use: the file is not a socket")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "precious", string(b))

	err = sockunix.RemoveStale(path)
	assert.ErrorIs(t, err, unix.ENOTSOCK)
	assert.FileExists(t, path)
}

// A socket file its process left behind makes Listen fail with an error
// that says the file is stale and how to remove it; RemoveStale removes it
// and nothing else.
func TestStaleSocketFile(t *testing.T) {
	path := sockPath(t, "stale.sock")
	// A process that exits without removing its file leaves the same
	// thing as this: a socket file no socket holds.
	old, err := sockunix.Listen(path, socket.SOCK_STREAM)
	require.NoError(t, err)
	old.SetUnlinkOnClose(false)
	require.NoError(t, old.Close())
	require.FileExists(t, path)

	_, err = sockunix.Listen(path, socket.SOCK_STREAM)
	require.Error(t, err)
	assert.ErrorIs(t, err, sockunix.ErrStale)
	assert.ErrorIs(t, err, unix.EADDRINUSE)
	var oe *net.OpError
	require.True(t, errors.As(err, &oe))
	assert.Equal(t, "listen", oe.Op)
	assert.Contains(t, err.Error(), "stale socket file")
	assert.Contains(t, err.Error(), "RemoveStale, or rm "+path)

	require.NoError(t, sockunix.RemoveStale(path))
	assert.NoFileExists(t, path)
	l := listen(t, path, socket.SOCK_STREAM)
	roundTrip(t, dial(t, path, socket.SOCK_STREAM), accept(t, l))
	assert.ErrorIs(t, sockunix.RemoveStale(path), unix.EADDRINUSE, "a live socket is not stale")
	assert.FileExists(t, path)
}

// A socket that is bound but not listening yet (a server between bind and
// listen) is live, not stale: the probe tells them apart.
func TestBoundNotListeningIsNotStale(t *testing.T) {
	path := sockPath(t, "s")
	s, err := socket.New(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer s.Close()
	addr, err := socket.UnixAddr(path)
	require.NoError(t, err)
	require.NoError(t, s.Bind(addr))

	_, err = sockunix.Listen(path, socket.SOCK_STREAM)
	assert.ErrorIs(t, err, unix.EADDRINUSE)
	assert.NotErrorIs(t, err, sockunix.ErrStale)
	assert.ErrorIs(t, sockunix.RemoveStale(path), unix.EADDRINUSE)
	assert.FileExists(t, path)
	require.NoError(t, os.Remove(path))
}

// Dial's errors name "dial" and the errno: nobody there, no file, the
// wrong type.
func TestDialErrors(t *testing.T) {
	path := sockPath(t, "s")
	_, err := sockunix.Dial(path, socket.SOCK_STREAM)
	assert.ErrorIs(t, err, unix.ENOENT)
	assert.EqualError(t, err, "dial unix "+path+": connect: no such file or directory")

	listen(t, path, socket.SOCK_SEQPACKET)
	_, err = sockunix.Dial(path, socket.SOCK_STREAM)
	assert.ErrorIs(t, err, unix.EPROTOTYPE)

	_, err = sockunix.Dial(abstractName(), socket.SOCK_DGRAM)
	assert.ErrorIs(t, err, unix.ECONNREFUSED)
	assert.Contains(t, err.Error(), "dial unixgram @")
}

// TestListenerAccept: the Listener accepts itself, as Python's accept on
// the socket does, and a closed Listener says net.ErrClosed (issue 22,
// item 8).
func TestListenerAccept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "accept.sock")
	l, err := sockunix.Listen(path, socket.SOCK_STREAM)
	require.NoError(t, err)
	c, err := sockunix.Dial(path, socket.SOCK_STREAM)
	require.NoError(t, err)
	defer c.Close()
	conn, peer, err := l.Accept()
	require.NoError(t, err)
	defer conn.Close()
	assert.Equal(t, socket.AF_UNIX, peer.Family())
	roundTrip(t, c, conn)

	require.NoError(t, l.Close())
	_, _, err = l.Accept()
	assert.ErrorIs(t, err, net.ErrClosed)
}
