package socket

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The errors of calls made in the wrong order say what to do, and still
// unwrap to the errno the kernel gave (issue 22, item 5).

// TestHintAcceptBeforeListen: accept(2) on a bound socket that is not
// listening is EINVAL, which names no cause.
func TestHintAcceptBeforeListen(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	require.NoError(t, s.Bind(loopback(t, AF_INET)))
	s.SetTimeout(time.Second)
	_, _, err := s.Accept()
	require.Error(t, err)
	assert.ErrorIs(t, err, unix.EINVAL)
	var se *os.SyscallError
	assert.ErrorAs(t, err, &se)
	assert.Equal(t, "accept tcp4: accept4: invalid argument: socket is not listening: call Listen first", err.Error())

	// Listening, it waits instead: the hint is for that one mistake.
	require.NoError(t, s.Listen(1))
	s.SetTimeout(10 * time.Millisecond)
	_, _, err = s.Accept()
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	assert.NotContains(t, err.Error(), "Listen first")
}

// TestHintBindTwice: a second bind(2) is EINVAL; the error says where the
// socket is bound already.
func TestHintBindTwice(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	require.NoError(t, s.Bind(loopback(t, AF_INET)))
	bound, err := s.Getsockname()
	require.NoError(t, err)
	err = s.Bind(loopback(t, AF_INET))
	require.Error(t, err)
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.Equal(t, "bind tcp4 127.0.0.1:0: bind: invalid argument: socket is already bound to "+bound.String()+
		": a socket binds once (make a new socket for another address)", err.Error())

	u := newTestSocket(t, AF_UNIX, SOCK_STREAM, 0)
	dir := t.TempDir()
	path, err := UnixAddr(dir + "/s")
	require.NoError(t, err)
	require.NoError(t, u.Bind(path))
	other, err := UnixAddr(dir + "/other")
	require.NoError(t, err)
	err = u.Bind(other)
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.Contains(t, err.Error(), "socket is already bound to "+path.String())
}

// TestHintSendUnconnected: a send on a TCP socket that never connected is
// EPIPE ("broken pipe", which reads as a peer that went away), on an
// AF_UNIX stream socket ENOTCONN; both say to connect first. On a listening
// socket the hint names Accept, and after a reset it says the connection
// ended.
func TestHintSendUnconnected(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	_, err := s.Send([]byte("x"), 0)
	require.Error(t, err)
	assert.ErrorIs(t, err, unix.EPIPE)
	assert.Equal(t, "send tcp4: sendto: broken pipe: socket is not connected: call Connect first", err.Error())
	_, err = s.Sendall([]byte("x"), 0)
	assert.ErrorIs(t, err, unix.EPIPE)
	assert.Contains(t, err.Error(), "socket is not connected: call Connect first")
	_, err = s.Sendmsg([]byte("x"), nil, 0, Addr{})
	assert.ErrorIs(t, err, unix.EPIPE)
	assert.Contains(t, err.Error(), "socket is not connected: call Connect first")

	u := newTestSocket(t, AF_UNIX, SOCK_STREAM, 0)
	_, err = u.Send([]byte("x"), 0)
	assert.ErrorIs(t, err, unix.ENOTCONN)
	assert.Equal(t, "send unix: sendto: transport endpoint is not connected: socket is not connected: call Connect first", err.Error())

	l, _ := listenTCP(t, AF_INET)
	_, err = l.Send([]byte("x"), 0)
	assert.ErrorIs(t, err, unix.EPIPE)
	assert.Contains(t, err.Error(), "socket is listening: send on a socket Accept returns")

	// A connection the peer reset: the first send says ECONNRESET, the
	// next EPIPE; the socket has a local address but no peer.
	client, server := tcpPair(t, AF_INET)
	require.NoError(t, server.SetLinger(true, 0))
	require.NoError(t, server.Close())
	var last error
	for range 100 {
		if _, last = client.Send([]byte("x"), 0); errors.Is(last, unix.EPIPE) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	require.ErrorIs(t, last, unix.EPIPE)
	assert.Contains(t, last.Error(), "socket is not connected: its connection has ended, or was never made")

	// A connected socket's EPIPE after its own shutdown has no hint: the
	// socket is connected, and the errno says what happened.
	c2, _ := tcpPair(t, AF_INET)
	require.NoError(t, c2.Shutdown(SHUT_WR))
	_, err = c2.Send([]byte("x"), 0)
	assert.ErrorIs(t, err, unix.EPIPE)
	assert.Equal(t, "send tcp4: sendto: broken pipe", err.Error())
}

// TestHintHostNameForAddress: InetAddr takes numeric addresses only; given
// a host name, as Python's connect(("localhost", 80)) takes, its error
// says where names are resolved; given an address of the other family,
// which constructor takes it.
func TestHintHostNameForAddress(t *testing.T) {
	_, err := InetAddr("localhost", 80)
	require.Error(t, err)
	assert.ErrorIs(t, err, unix.EINVAL)
	var ae *ArgError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, `invalid host: "localhost" is not an IPv4 address but a host name: resolve it with Getaddrinfo, `+
		`or connect with CreateConnection(ctx, "localhost:80", ...): invalid argument`, err.Error())

	_, err = Inet6Addr("example.com", 443, 0, 0)
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.Contains(t, err.Error(), `CreateConnection(ctx, "example.com:443", ...)`)

	_, err = InetAddr("::1", 80)
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.Contains(t, err.Error(), "use Inet6Addr")
	_, err = Inet6Addr("127.0.0.1", 80, 0, 0)
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.Contains(t, err.Error(), "use InetAddr")

	// Text that is neither gets no hint.
	_, err = InetAddr("300.1.2.3", 80)
	assert.Equal(t, `invalid host: "300.1.2.3" is not an IPv4 address: invalid argument`, err.Error())
}
