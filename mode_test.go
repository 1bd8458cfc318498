package socket

import (
	"context"
	"errors"
	"net"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// stalledListener returns the address of a TCP listener whose accept queue
// is full, so that a further connect(2) stays in progress.
func stalledListener(t *testing.T) Addr {
	t.Helper()
	_, a := fullListener(t)
	return a
}

// fullListener returns a TCP listener and its address, with one connection
// queued: with a backlog of 0 Linux queues one connection and drops the
// SYNs after it (the queue is full when it holds more than the backlog,
// sk_acceptq_is_full).
func fullListener(t *testing.T) (*Socket, Addr) {
	t.Helper()
	l := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	require.NoError(t, l.Bind(loopback(t, AF_INET)))
	require.NoError(t, l.Listen(0))
	a, err := l.Getsockname()
	require.NoError(t, err)
	filler := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	require.NoError(t, filler.Connect(a))
	return l, a
}

// closedPort returns a loopback address where nothing listens.
func closedPort(t *testing.T) Addr { return closedPortOf(t, AF_INET, SOCK_STREAM) }

// closedPortOf returns a loopback address of family whose port of type typ
// a socket held and released: nothing listens there now.
func closedPortOf(t *testing.T, family Family, typ Type) Addr {
	t.Helper()
	s, err := New(family, typ, 0)
	require.NoError(t, err)
	require.NoError(t, s.Bind(loopback(t, family)))
	a, err := s.Getsockname()
	require.NoError(t, err)
	require.NoError(t, s.Close())
	return a
}

func assertTimeout(t *testing.T, err error) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	var ne net.Error
	require.True(t, errors.As(err, &ne), "a timeout is a net.Error: %v", err)
	assert.True(t, ne.Timeout(), "Timeout() reports true, as Python's socket.timeout")
}

func TestModeReadBack(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	assert.True(t, s.Blocking(), "sockets start blocking")
	assert.Equal(t, NoTimeout, s.Timeout())

	s.SetTimeout(2 * time.Second)
	assert.True(t, s.Blocking(), "timeout mode is blocking, as Python's getblocking: gettimeout() != 0")
	assert.Equal(t, 2*time.Second, s.Timeout())

	s.SetBlocking(false)
	assert.Equal(t, time.Duration(0), s.Timeout(), "setblocking(False) means timeout 0")
	s.SetBlocking(true)
	assert.Equal(t, NoTimeout, s.Timeout(), "setblocking(True) means no timeout")

	s.SetTimeout(-5)
	assert.Equal(t, NoTimeout, s.Timeout(), "any negative timeout is none")

	nb := newTestSocket(t, AF_INET, SOCK_DGRAM|SOCK_NONBLOCK, 0)
	assert.Equal(t, time.Duration(0), nb.Timeout(), "SOCK_NONBLOCK starts non-blocking")
	assert.Equal(t, SOCK_DGRAM, nb.Type(), "Type drops the creation flags")
}

func TestDefaultTimeout(t *testing.T) {
	require.Equal(t, NoTimeout, DefaultTimeout())
	SetDefaultTimeout(3 * time.Second)
	defer SetDefaultTimeout(NoTimeout)

	l, la := listenTCP(t, AF_INET)
	assert.Equal(t, 3*time.Second, l.Timeout(), "New uses the default timeout")
	l.SetBlocking(false)
	c := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	require.NoError(t, c.Connect(la))
	require.Eventually(t, func() bool {
		a, _, err := l.Accept()
		if err != nil {
			return false
		}
		defer a.Close()
		assert.Equal(t, 3*time.Second, a.Timeout(), "an accepted socket takes the default timeout, not the listener's mode")
		return true
	}, 5*time.Second, 5*time.Millisecond)
}

func TestBlockingRecvWaitsForData(t *testing.T) {
	a, b := socketpair(t, SOCK_STREAM)
	got := make(chan string, 1)
	go func() {
		buf := make([]byte, 16)
		n, err := b.Recv(buf, 0)
		if err != nil {
			got <- err.Error()
			return
		}
		got <- string(buf[:n])
	}()
	select {
	case s := <-got:
		t.Fatalf("Recv returned %q before any data was sent", s)
	case <-time.After(50 * time.Millisecond):
	}
	_, err := a.Send([]byte("late"), 0)
	require.NoError(t, err)
	assert.Equal(t, "late", <-got)
}

func TestTimeoutModeIsPerCall(t *testing.T) {
	a, b := udpPair(t, AF_INET)
	const d = 100 * time.Millisecond
	b.SetTimeout(d)
	buf := make([]byte, 16)

	_, err := b.Recv(buf, 0)
	assertTimeout(t, err)
	_, _, err = b.Recvfrom(buf, 0)
	assertTimeout(t, err)

	// An earlier timeout leaves nothing behind: data already there is read.
	_, err = a.Send([]byte("ready"), 0)
	require.NoError(t, err)
	n, err := b.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "ready", string(buf[:n]))

	// An idle pause longer than the timeout does not fail the next call
	// early: data sent shortly after the call starts is received.
	time.Sleep(3 * d)
	b.SetTimeout(2 * time.Second)
	go func() {
		time.Sleep(20 * time.Millisecond)
		a.Send([]byte("after pause"), 0)
	}()
	n, err = b.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "after pause", string(buf[:n]))
}

func TestTimeoutModeAcceptAndConnect(t *testing.T) {
	l, _ := listenTCP(t, AF_INET)
	l.SetTimeout(50 * time.Millisecond)
	_, _, err := l.Accept()
	assertTimeout(t, err)

	target := stalledListener(t)
	c := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	c.SetTimeout(50 * time.Millisecond)
	assertTimeout(t, c.Connect(target))

	c2 := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	c2.SetTimeout(50 * time.Millisecond)
	assert.Equal(t, unix.EAGAIN, c2.ConnectEx(target), "connect_ex reports a timeout as EWOULDBLOCK, as Python does")
}

func TestNonBlockingMode(t *testing.T) {
	a, b := socketpair(t, SOCK_STREAM)
	b.SetBlocking(false)
	buf := make([]byte, 16)
	_, err := b.Recv(buf, 0)
	assert.ErrorIs(t, err, unix.EAGAIN, "no data: BlockingIOError")

	l, _ := listenTCP(t, AF_INET)
	l.SetBlocking(false)
	_, _, err = l.Accept()
	assert.ErrorIs(t, err, unix.EAGAIN, "no pending connection")

	// Fill the send buffer: a non-blocking send stops with EAGAIN.
	a.SetBlocking(false)
	chunk := make([]byte, 64<<10)
	for i := 0; ; i++ {
		require.Less(t, i, 10000, "the send buffer never filled")
		if _, err = a.Send(chunk, 0); err != nil {
			break
		}
	}
	assert.ErrorIs(t, err, unix.EAGAIN)

	c := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	c.SetBlocking(false)
	assert.Equal(t, unix.EINPROGRESS, c.ConnectEx(stalledListener(t)))
}

func TestDontWaitInBlockingMode(t *testing.T) {
	_, b := socketpair(t, SOCK_STREAM)
	require.True(t, b.Blocking())
	_, err := b.Recv(make([]byte, 8), MSG_DONTWAIT)
	assert.ErrorIs(t, err, unix.EAGAIN, "MSG_DONTWAIT never waits, as on a blocking fd in C")
}

func TestConnectRefused(t *testing.T) {
	target := closedPort(t)
	c := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	assert.Equal(t, unix.ECONNREFUSED, c.ConnectEx(target))
	assert.Equal(t, unix.ECONNREFUSED, c.ConnectEx(target), "the socket can try again, as after a blocking connect")

	c2 := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	err := c2.Connect(target)
	assert.ErrorIs(t, err, unix.ECONNREFUSED)
	assert.Contains(t, err.Error(), "connect", "the error names the operation")
	assert.Contains(t, err.Error(), target.String(), "and the address")

	nb := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	nb.SetBlocking(false)
	errno := nb.ConnectEx(target)
	if errno == unix.EINPROGRESS {
		// The refusal arrives asynchronously; a blocking Connect waits
		// for the attempt in progress and reports it.
		nb.SetBlocking(true)
		errno = nb.ConnectEx(target)
	}
	assert.Equal(t, unix.ECONNREFUSED, errno)
}

func TestConnectExSuccess(t *testing.T) {
	_, la := listenTCP(t, AF_INET6)
	c := newTestSocket(t, AF_INET6, SOCK_STREAM, 0)
	assert.Equal(t, unix.Errno(0), c.ConnectEx(la))
	assert.Equal(t, unix.EISCONN, c.ConnectEx(la), "connecting twice is the kernel's EISCONN")
}

// TestUnixConnectFullBacklog pins a limit of the poller: an AF_UNIX stream
// listener whose backlog is full makes connect(2) answer EAGAIN, and nothing
// wakes the poller when room appears (the kernel waits on the listener, not
// on the connecting socket). Timeout and non-blocking modes fail at once
// with EAGAIN, as in Python and Go's net; blocking mode waits, as C and
// Python do, by retrying (see Connect).
func TestUnixConnectFullBacklog(t *testing.T) {
	l := newTestSocket(t, AF_UNIX, SOCK_STREAM, 0)
	unnamed, err := UnixAddr("")
	require.NoError(t, err)
	require.NoError(t, l.Bind(unnamed), "autobind an abstract name")
	require.NoError(t, l.Listen(0))
	la, err := l.Getsockname()
	require.NoError(t, err)
	first := newTestSocket(t, AF_UNIX, SOCK_STREAM, 0)
	require.NoError(t, first.Connect(la), "backlog 0 still queues one connection")

	for _, m := range modes[1:] {
		c := newTestSocket(t, AF_UNIX, SOCK_STREAM, 0)
		c.SetTimeout(m.timeout)
		assert.ErrorIs(t, c.Connect(la), unix.EAGAIN, "%s mode fails at once, as in Python", m.name)
	}

	// Blocking mode waits for room, as a blocking connect(2) does: it
	// succeeds once the listener accepts the queued connection.
	waiting := newTestSocket(t, AF_UNIX, SOCK_STREAM, 0)
	done := make(chan error, 1)
	go func() { done <- waiting.Connect(la) }()
	select {
	case err := <-done:
		t.Fatalf("a blocking connect to a full backlog returned at once: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	a, _, err := l.Accept()
	require.NoError(t, err)
	defer a.Close()
	assert.NoError(t, <-done)

	// Close and a context interrupt that wait.
	blocked := newTestSocket(t, AF_UNIX, SOCK_STREAM, 0)
	err = closeWhileBlocked(t, blocked, func() error { return blocked.Connect(la) })
	assert.ErrorIs(t, err, net.ErrClosed)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	c := newTestSocket(t, AF_UNIX, SOCK_STREAM, 0)
	err = c.ConnectContext(ctx, la)
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

// TestDupKeepsMode: Python's socket.dup copies the timeout
// (sock.settimeout(self.gettimeout()) in socket.py), whatever the default.
func TestDupKeepsMode(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	for _, m := range modes {
		s.SetTimeout(m.timeout)
		d, err := s.Dup()
		require.NoError(t, err)
		assert.Equal(t, m.timeout, d.Timeout(), m.name)
		require.NoError(t, d.Close())
	}
}

func TestSpinWait(t *testing.T) {
	s := newTestSocket(t, AF_UNIX, SOCK_DGRAM, 0)
	assert.Zero(t, s.SpinWait(), "off by default")
	s.SetSpinWait(time.Hour)
	assert.Equal(t, MaxSpinWait, s.SpinWait(), "capped")
	s.SetSpinWait(-1)
	assert.Zero(t, s.SpinWait())

	// Spinning changes no outcome: data that comes after the spin is
	// received, a timeout still fires, Close still unblocks
	// (TestParkedPathAllocs checks it allocates nothing).
	for _, m := range modes[:2] {
		a, b := socketpair(t, SOCK_STREAM)
		b.SetTimeout(m.timeout)
		b.SetSpinWait(MaxSpinWait)
		buf := make([]byte, 8)
		go func() {
			time.Sleep(5 * time.Millisecond) // past the spin: the call parks
			a.Send([]byte("late"), 0)
		}()
		n, err := b.Recv(buf, 0)
		require.NoError(t, err, m.name)
		assert.Equal(t, "late", string(buf[:n]), m.name)
	}
	_, b := socketpair(t, SOCK_STREAM)
	b.SetSpinWait(MaxSpinWait)
	b.SetTimeout(20 * time.Millisecond)
	_, err := b.Recv(make([]byte, 1), 0)
	assertTimeout(t, err)
	b.SetBlocking(true)
	err = closeWhileBlocked(t, b, func() error { _, err := b.Recv(make([]byte, 1), 0); return err })
	assert.ErrorIs(t, err, net.ErrClosed)
}
