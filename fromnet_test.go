package socket

import (
	"io"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// fdOf returns the descriptor under a syscall.Conn, for checks only.
func fdOf(t *testing.T, c syscall.Conn) int {
	t.Helper()
	rc, err := c.SyscallConn()
	require.NoError(t, err)
	fd := -1
	require.NoError(t, rc.Control(func(s uintptr) { fd = int(s) }))
	return fd
}

func TestFromNetConn(t *testing.T) {
	nl, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer nl.Close()
	nc, err := net.Dial("tcp", nl.Addr().String())
	require.NoError(t, err)
	defer nc.Close()
	peer, err := nl.Accept()
	require.NoError(t, err)
	defer peer.Close()

	s, err := FromNetConn(nc)
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, AF_INET, s.Family())
	assert.Equal(t, SOCK_STREAM, s.Type())
	ncfd := fdOf(t, nc.(*net.TCPConn))
	assert.NotEqual(t, ncfd, s.Fileno(), "the Socket owns a duplicate")
	flags, err := unix.FcntlInt(uintptr(ncfd), unix.F_GETFL, 0)
	require.NoError(t, err)
	assert.NotZero(t, flags&unix.O_NONBLOCK, "the net.Conn's descriptor stays non-blocking")

	// Both name the same kernel socket.
	_, err = s.Sendall([]byte("via Socket;"), 0)
	require.NoError(t, err)
	_, err = nc.Write([]byte("via net.Conn"))
	require.NoError(t, err)
	buf := make([]byte, 23)
	_, err = io.ReadFull(peer, buf)
	require.NoError(t, err)
	assert.Equal(t, "via Socket;via net.Conn", string(buf))

	// The net.Conn still honours deadlines (it was not made blocking).
	require.NoError(t, nc.SetReadDeadline(time.Now().Add(10*time.Millisecond)))
	err = returns(t, func() error { _, err := nc.Read(buf); return err })
	assertTimeout(t, err)

	// Closing the net.Conn leaves the Socket's duplicate working.
	require.NoError(t, nc.Close())
	_, err = s.Sendall([]byte("still here"), 0)
	require.NoError(t, err)
	_, err = io.ReadFull(peer, buf[:10])
	require.NoError(t, err)
	assert.Equal(t, "still here", string(buf[:10]))
}

func TestFromNetListener(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sock")
	nl, err := net.Listen("unix", path)
	require.NoError(t, err)
	defer nl.Close()
	s, err := FromNetListener(nl)
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, AF_UNIX, s.Family())

	nc, err := net.Dial("unix", path)
	require.NoError(t, err)
	defer nc.Close()
	c, _, err := s.Accept()
	require.NoError(t, err)
	defer c.Close()
	_, err = nc.Write([]byte("hi"))
	require.NoError(t, err)
	buf := make([]byte, 2)
	_, err = io.ReadFull(c, buf)
	require.NoError(t, err)
	assert.Equal(t, "hi", string(buf))
}

func TestFromNetPacketConn(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	defer pc.Close()
	s, err := FromNetPacketConn(pc)
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, SOCK_DGRAM, s.Type())

	sender, err := net.Dial("udp", pc.LocalAddr().String())
	require.NoError(t, err)
	defer sender.Close()
	_, err = sender.Write([]byte("datagram"))
	require.NoError(t, err)
	buf := make([]byte, 16)
	n, from, err := s.Recvfrom(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "datagram", string(buf[:n]))
	assert.Equal(t, sender.LocalAddr().String(), from.String())
}

// A Conn of this package goes back and forth: the round trip gives a
// second Socket on the same connection.
func TestFromNetConnOfConn(t *testing.T) {
	a, b := socketpair(t, SOCK_STREAM)
	c, err := a.NetConn()
	require.NoError(t, err)
	d, err := FromNetConn(c)
	require.NoError(t, err)
	defer d.Close()
	_, err = d.Sendall([]byte("dup"), 0)
	require.NoError(t, err)
	buf := make([]byte, 3)
	_, err = io.ReadFull(b, buf)
	require.NoError(t, err)
	assert.Equal(t, "dup", string(buf))
}

func TestFromNetConnRefusals(t *testing.T) {
	p, q := net.Pipe()
	defer p.Close()
	defer q.Close()
	_, err := FromNetConn(p)
	assert.ErrorIs(t, err, unix.EINVAL, "net.Pipe has no descriptor")

	// A syscall.Conn whose descriptor is not a socket.
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	_, err = fromSyscallConn("fromnetconn", r)
	assert.ErrorIs(t, err, unix.ENOTSOCK)
}
