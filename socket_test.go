//go:build linux

package socket

import (
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// echoOnce accepts one connection on l, echoes what it reads until end of
// stream, and closes it. It returns a channel that yields the error.
func echoOnce(l *Socket) <-chan error {
	done := make(chan error, 1)
	go func() {
		c, _, err := l.Accept()
		if err != nil {
			done <- err
			return
		}
		defer c.Close()
		buf := make([]byte, 4096)
		for {
			n, err := c.Recv(buf, 0)
			if err != nil || n == 0 {
				done <- err
				return
			}
			if _, err := c.Sendall(buf[:n], 0); err != nil {
				done <- err
				return
			}
		}
	}()
	return done
}

// roundTrip sends msg on c and reads the same number of bytes back.
func roundTrip(t *testing.T, c *Socket, msg string) string {
	t.Helper()
	n, err := c.Sendall([]byte(msg), 0)
	require.NoError(t, err)
	require.Equal(t, len(msg), n)
	got := make([]byte, 0, len(msg))
	buf := make([]byte, len(msg))
	for len(got) < len(msg) {
		n, err := c.Recv(buf, 0)
		require.NoError(t, err)
		require.NotZero(t, n, "end of stream before the echo came back")
		got = append(got, buf[:n]...)
	}
	return string(got)
}

// TestStreamEcho is the seed's workflow, socket -> bind -> listen -> accept
// against socket -> connect -> send/recv -> close, for each stream kind.
func TestStreamEcho(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name   string
		family Family
		addr   func(t *testing.T) Addr
	}{
		{"tcp4", AF_INET, func(t *testing.T) Addr { return loopback(t, AF_INET) }},
		{"tcp6", AF_INET6, func(t *testing.T) Addr { return loopback(t, AF_INET6) }},
		{"unix-path", AF_UNIX, func(t *testing.T) Addr {
			a, err := UnixAddr(filepath.Join(dir, "echo.sock"))
			require.NoError(t, err)
			return a
		}},
		{"unix-abstract", AF_UNIX, func(t *testing.T) Addr {
			a, err := UnixAddr("\x00bsdsock-test-" + t.Name())
			require.NoError(t, err)
			return a
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := newTestSocket(t, tc.family, SOCK_STREAM, 0)
			require.NoError(t, l.Bind(tc.addr(t)))
			require.NoError(t, l.Listen(1))
			la, err := l.Getsockname()
			require.NoError(t, err)
			done := echoOnce(l)

			c := newTestSocket(t, tc.family, SOCK_STREAM, 0)
			require.NoError(t, c.Connect(la))
			peer, err := c.Getpeername()
			require.NoError(t, err)
			assert.Equal(t, la, peer, "the client's peer is the listener's address")

			assert.Equal(t, "hello, sockets", roundTrip(t, c, "hello, sockets"))
			require.NoError(t, c.Shutdown(SHUT_WR))
			require.NoError(t, <-done)
			n, err := c.Recv(make([]byte, 8), 0)
			assert.NoError(t, err)
			assert.Zero(t, n, "after the server closes, Recv reports end of stream")
		})
	}
}

func TestDatagramRoundTrip(t *testing.T) {
	for _, family := range []Family{AF_INET, AF_INET6} {
		t.Run(family.String(), func(t *testing.T) {
			srv := newTestSocket(t, family, SOCK_DGRAM, 0)
			require.NoError(t, srv.Bind(loopback(t, family)))
			sa, err := srv.Getsockname()
			require.NoError(t, err)
			cli := newTestSocket(t, family, SOCK_DGRAM, 0)

			n, err := cli.Sendto([]byte("ping"), 0, sa)
			require.NoError(t, err)
			assert.Equal(t, 4, n)
			buf := make([]byte, 64)
			n, from, err := srv.Recvfrom(buf, 0)
			require.NoError(t, err)
			assert.Equal(t, "ping", string(buf[:n]))
			ca, err := cli.Getsockname() // bound to the wildcard at the first send
			require.NoError(t, err)
			assert.Equal(t, ca.Port(), from.Port(), "Recvfrom reports the sender's port")
			ap, ok := from.AddrPort()
			require.True(t, ok)
			assert.True(t, ap.Addr().IsLoopback(), "and its loopback address: %v", from)

			_, err = srv.Sendto([]byte("pong"), 0, from)
			require.NoError(t, err)
			n, from, err = cli.Recvfrom(buf, 0)
			require.NoError(t, err)
			assert.Equal(t, "pong", string(buf[:n]))
			assert.Equal(t, sa.String(), from.String())
			assert.True(t, sa == from, "equal addresses compare equal with ==")
		})
	}
}

func TestUnixDatagramAndSeqpacket(t *testing.T) {
	dir := t.TempDir()
	t.Run("dgram-path", func(t *testing.T) {
		srvAddr, err := UnixAddr(filepath.Join(dir, "srv.sock"))
		require.NoError(t, err)
		cliAddr, err := UnixAddr(filepath.Join(dir, "cli.sock"))
		require.NoError(t, err)
		srv := newTestSocket(t, AF_UNIX, SOCK_DGRAM, 0)
		require.NoError(t, srv.Bind(srvAddr))
		cli := newTestSocket(t, AF_UNIX, SOCK_DGRAM, 0)
		require.NoError(t, cli.Bind(cliAddr))

		_, err = cli.Sendto([]byte("datagram"), 0, srvAddr)
		require.NoError(t, err)
		buf := make([]byte, 64)
		n, from, err := srv.Recvfrom(buf, 0)
		require.NoError(t, err)
		assert.Equal(t, "datagram", string(buf[:n]))
		path, ok := from.UnixPath()
		assert.True(t, ok)
		assert.Equal(t, filepath.Join(dir, "cli.sock"), path)
	})
	t.Run("seqpacket-keeps-boundaries", func(t *testing.T) {
		a, b := socketpair(t, SOCK_SEQPACKET)
		_, err := a.Send([]byte("one"), 0)
		require.NoError(t, err)
		_, err = a.Send([]byte("two"), 0)
		require.NoError(t, err)
		buf := make([]byte, 64)
		n, err := b.Recv(buf, 0)
		require.NoError(t, err)
		assert.Equal(t, "one", string(buf[:n]))
		n, err = b.Recv(buf, 0)
		require.NoError(t, err)
		assert.Equal(t, "two", string(buf[:n]))
	})
	t.Run("seqpacket-end-is-EOF", func(t *testing.T) {
		// As in net (ZeroReadIsEOF) and Python's makefile: the io.Reader
		// views report the peer's close as io.EOF, not as (0, nil)
		// forever, which would spin io.Copy and io.ReadAll.
		for name, read := range map[string]func(b *Socket) func([]byte) (int, error){
			"Read": func(b *Socket) func([]byte) (int, error) { return b.Read },
			"NetConn": func(b *Socket) func([]byte) (int, error) {
				c, err := b.NetConn()
				require.NoError(t, err)
				return c.Read
			},
			"Makefile": func(b *Socket) func([]byte) (int, error) {
				f, err := b.Makefile("r", 0)
				require.NoError(t, err)
				t.Cleanup(func() { f.Close() })
				return f.Read
			},
		} {
			a, b := socketpair(t, SOCK_SEQPACKET)
			rd := read(b)
			_, err := a.Send([]byte("last"), 0)
			require.NoError(t, err)
			require.NoError(t, a.Close())
			buf := make([]byte, 64)
			n, err := rd(buf)
			require.NoError(t, err, name)
			assert.Equal(t, "last", string(buf[:n]), name)
			n, err = rd(buf)
			assert.Zero(t, n, name)
			assert.ErrorIs(t, err, io.EOF, name)
		}
	})
	t.Run("autobind", func(t *testing.T) {
		s := newTestSocket(t, AF_UNIX, SOCK_DGRAM, 0)
		unnamed, err := UnixAddr("")
		require.NoError(t, err)
		require.NoError(t, s.Bind(unnamed))
		a, err := s.Getsockname()
		require.NoError(t, err)
		path, _ := a.UnixPath()
		require.NotEmpty(t, path)
		assert.Equal(t, byte(0), path[0], "autobind picks an abstract name")
		assert.True(t, strings.HasPrefix(a.String(), "@"))
	})
}

func TestSocketpairStream(t *testing.T) {
	a, b := socketpair(t, SOCK_STREAM)
	_, err := a.Sendall([]byte("across the pair"), 0)
	require.NoError(t, err)
	buf := make([]byte, 64)
	n, err := b.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "across the pair", string(buf[:n]))
	assert.Equal(t, AF_UNIX, a.Family())
	assert.Equal(t, SOCK_STREAM, b.Type())
}

func TestFromFDReadsFamilyTypeProto(t *testing.T) {
	fd, err := unix.Socket(unix.AF_INET6, unix.SOCK_DGRAM, 0)
	require.NoError(t, err)
	s, err := FromFD(fd)
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, AF_INET6, s.Family())
	assert.Equal(t, SOCK_DGRAM, s.Type())
	assert.Equal(t, IPPROTO_UDP, s.Proto(), "the kernel reports the protocol it chose")
	assert.Equal(t, fd, s.Fileno())
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	require.NoError(t, err)
	assert.NotZero(t, fl&unix.O_NONBLOCK, "FromFD makes the descriptor non-blocking for the poller")

	// It works as a socket: a datagram to itself.
	require.NoError(t, s.Bind(loopback(t, AF_INET6)))
	self, err := s.Getsockname()
	require.NoError(t, err)
	_, err = s.Sendto([]byte("me"), 0, self)
	require.NoError(t, err)
	buf := make([]byte, 8)
	n, err := s.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "me", string(buf[:n]))
}

func TestFromFDRejectsNonSockets(t *testing.T) {
	f, err := os.Open("/dev/null")
	require.NoError(t, err)
	defer f.Close()
	_, err = FromFD(int(f.Fd()))
	assert.ErrorIs(t, err, unix.ENOTSOCK)
	_, err = FromFD(-1)
	assert.ErrorIs(t, err, unix.EBADF)
}

// TestFromFDRejectsNumbersBeyondCInt: the kernel takes a descriptor as a C
// int (unsigned for fcntl), so a larger number would be truncated to another
// descriptor, which the Socket would then take over and close.
func TestFromFDRejectsNumbersBeyondCInt(t *testing.T) {
	if strconv.IntSize == 32 {
		t.Skip("an int cannot exceed a C int on 32-bit targets")
	}
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	huge := fd + 1<<(strconv.IntSize/2) // truncates to fd as a C int
	s, err := FromFD(huge)
	if err == nil {
		s.Close() // closes fd, under its truncated number
		t.Fatal("FromFD took over a descriptor under another number")
	}
	defer unix.Close(fd)
	assert.ErrorIs(t, err, unix.EBADF)
	assert.Contains(t, err.Error(), "fd")
	_, err = unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	assert.NoError(t, err, "fd is still open")
}

func TestDupAndDetach(t *testing.T) {
	a, b := socketpair(t, SOCK_STREAM)
	d, err := a.Dup()
	require.NoError(t, err)
	assert.NotEqual(t, a.Fileno(), d.Fileno())
	require.NoError(t, a.Close())
	// The duplicate still reaches the peer after the original is closed.
	_, err = d.Sendall([]byte("via dup"), 0)
	require.NoError(t, err)
	buf := make([]byte, 16)
	n, err := b.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "via dup", string(buf[:n]))

	fd, err := d.Detach()
	require.NoError(t, err)
	assert.Equal(t, -1, d.Fileno(), "a detached Socket is closed")
	_, err = d.Send([]byte("x"), 0)
	assert.ErrorIs(t, err, net.ErrClosed)
	// The returned descriptor is the caller's and still connected.
	_, err = unix.Write(fd, []byte("raw"))
	require.NoError(t, err)
	n, err = b.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "raw", string(buf[:n]))
	require.NoError(t, unix.Close(fd))
}

func TestFilenoAndString(t *testing.T) {
	l, la := listenTCP(t, AF_INET)
	assert.GreaterOrEqual(t, l.Fileno(), 0)
	s := l.String()
	assert.Contains(t, s, "family=AF_INET")
	assert.Contains(t, s, "type=SOCK_STREAM")
	assert.Contains(t, s, "laddr="+la.String())
	assert.NotContains(t, s, "raddr", "a listener has no peer")

	c, _ := tcpPair(t, AF_INET)
	peer, err := c.Getpeername()
	require.NoError(t, err)
	assert.Contains(t, c.String(), "raddr="+peer.String())

	require.NoError(t, l.Close())
	assert.Equal(t, -1, l.Fileno())
	assert.Contains(t, l.String(), "[closed]")
	assert.NoError(t, l.Close(), "closing twice is harmless, as in Python")
}

func TestInheritable(t *testing.T) {
	s := newTestSocket(t, AF_UNIX, SOCK_STREAM, 0)
	in, err := s.Inheritable()
	require.NoError(t, err)
	assert.False(t, in, "sockets are created close-on-exec")
	require.NoError(t, s.SetInheritable(true))
	in, err = s.Inheritable()
	require.NoError(t, err)
	assert.True(t, in)
	fl, err := unix.FcntlInt(uintptr(s.Fileno()), unix.F_GETFD, 0)
	require.NoError(t, err)
	assert.Zero(t, fl&unix.FD_CLOEXEC, "the kernel's flag really changed")
	require.NoError(t, s.SetInheritable(false))
	in, err = s.Inheritable()
	require.NoError(t, err)
	assert.False(t, in)
	assert.Equal(t, unix.CmsgSpace(4), CmsgSpace(4))
	assert.Equal(t, unix.CmsgLen(4), CmsgLen(4))
}
