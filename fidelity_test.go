package socket

import (
	"context"
	"net"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// A blocking send(2) on a stream socket waits until every byte is queued;
// the descriptor here is non-blocking, so Send must go on itself, as
// python3 sends 8 MiB over TCP and 4 MiB over a socketpair in one send.
func TestBlockingStreamSendSendsAll(t *testing.T) {
	big := make([]byte, 8<<20)
	tcpA, tcpB := tcpPair(t, AF_INET)
	unixA, unixB := socketpair(t, SOCK_STREAM)
	for name, pair := range map[string][2]*Socket{"tcp": {tcpA, tcpB}, "socketpair": {unixA, unixB}} {
		t.Run(name, func(t *testing.T) {
			got := drain(pair[1], 0)
			for _, send := range []func() (int, error){
				func() (int, error) { return pair[0].Send(big, 0) },
				func() (int, error) { return pair[0].Sendmsg(big, nil, 0, Addr{}) },
				func() (int, error) { return pair[0].SendmsgBuffers([][]byte{big[:3<<20], big[3<<20:]}, nil, 0, Addr{}) },
			} {
				n, err := send()
				require.NoError(t, err)
				assert.Equal(t, len(big), n, "a blocking stream send queues everything")
			}
			require.NoError(t, pair[0].Shutdown(SHUT_WR))
			assert.Equal(t, 3*len(big), len(<-got))
		})
	}
}

// Timeout mode keeps the single partial send, as Python does.
func TestTimeoutStreamSendIsPartial(t *testing.T) {
	a, _ := socketpair(t, SOCK_STREAM)
	a.SetTimeout(time.Second)
	big := make([]byte, 4<<20)
	n, err := a.Send(big, 0)
	require.NoError(t, err)
	assert.Less(t, n, len(big), "nobody reads: only what fits is sent")
	assert.Positive(t, n)
}

// A blocking MSG_WAITALL receive waits for the whole buffer (python3: 10 +
// 10 bytes 0.1 s apart make one recv(20, MSG_WAITALL) of 20); in timeout
// mode it returns what is there, as Python's does.
func TestWaitAllReceive(t *testing.T) {
	for name, timeout := range map[string]time.Duration{"blocking": NoTimeout, "timeout": 5 * time.Second} {
		t.Run(name, func(t *testing.T) {
			a, b := socketpair(t, SOCK_STREAM)
			b.SetTimeout(timeout)
			_, err := a.Sendall([]byte("0123456789"), 0)
			require.NoError(t, err)
			go func() {
				time.Sleep(100 * time.Millisecond)
				a.Sendall([]byte("abcdefghij"), 0)
			}()
			buf := make([]byte, 20)
			n, err := b.Recv(buf, MSG_WAITALL)
			require.NoError(t, err)
			if timeout < 0 {
				assert.Equal(t, "0123456789abcdefghij", string(buf[:n]))
			} else {
				assert.Equal(t, "0123456789", string(buf[:n]))
			}
		})
	}
	t.Run("recvmsg", func(t *testing.T) {
		a, b := socketpair(t, SOCK_STREAM)
		go func() {
			a.Sendall([]byte("01234"), 0)
			time.Sleep(50 * time.Millisecond)
			a.Sendall([]byte("56789"), 0)
		}()
		p, q := make([]byte, 3), make([]byte, 7)
		m, err := b.RecvmsgInto([][]byte{p, q}, nil, MSG_WAITALL)
		require.NoError(t, err)
		assert.Equal(t, 10, m.N)
		assert.Equal(t, "0123456789", string(p)+string(q))
	})
	t.Run("peer closes", func(t *testing.T) {
		a, b := socketpair(t, SOCK_STREAM)
		_, err := a.Sendall([]byte("short"), 0)
		require.NoError(t, err)
		require.NoError(t, a.Close())
		buf := make([]byte, 20)
		n, err := b.Recv(buf, MSG_WAITALL)
		require.NoError(t, err)
		assert.Equal(t, "short", string(buf[:n]), "what arrived before the end of stream")
	})
}

// Eight workers receiving on one idle UDP socket in timeout mode d each get
// their own timeout (Python threads do): the last fails well before 8 x d,
// which taking turns with a plain mutex took.
func TestQueuedCallsKeepTheirTimeout(t *testing.T) {
	const workers, d = 8, 300 * time.Millisecond
	s := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	require.NoError(t, s.Bind(loopback(t, AF_INET)))
	s.SetTimeout(d)
	start := time.Now()
	errs := make(chan error, workers)
	for range workers {
		go func() {
			_, _, err := s.Recvfrom(make([]byte, 16), 0)
			errs <- err
		}()
	}
	for range workers {
		err := <-errs
		assertTimeout(t, err)
	}
	assert.Less(t, time.Since(start), workers*d/2, "each worker's timeout runs from its own call")
}

// parkedRecv starts a blocking Recv on s and waits until it has parked in
// the poller, so that the next receive has to wait for its turn.
func parkedRecv(t *testing.T, s *Socket) <-chan error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := s.Recv(make([]byte, 16), 0)
		done <- err
	}()
	require.Eventually(t, func() bool { return s.fd.Parked(false) }, hangGuard, time.Millisecond)
	return done
}

// A call queued behind a blocking one honours its own context, timeout,
// mode, the user's deadline and Close while it waits for its turn.
func TestQueuedCallEnds(t *testing.T) {
	t.Run("context", func(t *testing.T) {
		a, b := udpPair(t, AF_INET)
		first := parkedRecv(t, b)
		ctx, cancel := context.WithCancel(context.Background())
		go func() { time.Sleep(20 * time.Millisecond); cancel() }()
		err := returns(t, func() error { _, err := b.RecvContext(ctx, make([]byte, 16), 0); return err })
		assert.ErrorIs(t, err, context.Canceled)
		_, err = a.Send([]byte("x"), 0)
		require.NoError(t, err)
		assert.NoError(t, <-first, "the first call still gets its datagram")
	})
	t.Run("timeout", func(t *testing.T) {
		a, b := udpPair(t, AF_INET)
		first := parkedRecv(t, b)
		b.SetTimeout(50 * time.Millisecond)
		err := returns(t, func() error { _, err := b.Recv(make([]byte, 16), 0); return err })
		assertTimeout(t, err)
		_, err = a.Send([]byte("x"), 0)
		require.NoError(t, err)
		assert.NoError(t, <-first)
	})
	t.Run("non-blocking", func(t *testing.T) {
		_, b := udpPair(t, AF_INET)
		first := parkedRecv(t, b)
		_, err := b.Recv(make([]byte, 16), MSG_DONTWAIT)
		assert.ErrorIs(t, err, unix.EAGAIN, "a call that must not wait does not wait behind a parked one")
		require.NoError(t, b.Close())
		assert.ErrorIs(t, <-first, net.ErrClosed)
	})
	t.Run("deadline", func(t *testing.T) {
		_, b := udpPair(t, AF_INET)
		first := parkedRecv(t, b)
		second := make(chan error, 1)
		go func() { _, err := b.Recv(make([]byte, 16), 0); second <- err }()
		time.Sleep(20 * time.Millisecond) // let it queue
		require.NoError(t, b.SetReadDeadline(time.Now()))
		assert.ErrorIs(t, <-second, os.ErrDeadlineExceeded)
		assert.ErrorIs(t, <-first, os.ErrDeadlineExceeded)
	})
	t.Run("close", func(t *testing.T) {
		_, b := udpPair(t, AF_INET)
		first := parkedRecv(t, b)
		second := make(chan error, 1)
		go func() { _, err := b.Recv(make([]byte, 16), 0); second <- err }()
		time.Sleep(20 * time.Millisecond)
		require.NoError(t, b.Close())
		assert.ErrorIs(t, <-second, net.ErrClosed)
		assert.ErrorIs(t, <-first, net.ErrClosed)
	})
}

// WaitReadable reports readiness without consuming, in every mode; timeout
// mode bounds it, and ctx and Close end it.
func TestWaitReadable(t *testing.T) {
	a, b := socketpair(t, SOCK_STREAM)
	b.SetBlocking(false)
	go func() { time.Sleep(20 * time.Millisecond); a.Sendall([]byte("ping"), 0) }()
	require.NoError(t, returns(t, func() error { return b.WaitReadable(context.Background()) }),
		"non-blocking mode waits too")
	buf := make([]byte, 8)
	n, err := b.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "ping", string(buf[:n]), "the wait consumed nothing")

	b.SetTimeout(30 * time.Millisecond)
	assertTimeout(t, returns(t, func() error { return b.WaitReadable(context.Background()) }))

	b.SetBlocking(true)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	err = returns(t, func() error { return b.WaitReadable(ctx) })
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	done := make(chan error, 1)
	go func() { done <- b.WaitReadable(context.Background()) }()
	require.Eventually(t, func() bool { return b.fd.Parked(false) }, hangGuard, time.Millisecond)
	require.NoError(t, b.Close())
	assert.ErrorIs(t, <-done, net.ErrClosed)
}

// The non-blocking connect of C and Python, step by step: EINPROGRESS,
// wait until writable, read the outcome from SO_ERROR.
func TestNonBlockingConnectByHand(t *testing.T) {
	l, addr := listenTCP(t, AF_INET)
	c := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	c.SetBlocking(false)
	errno := c.ConnectEx(addr)
	require.Contains(t, []unix.Errno{0, unix.EINPROGRESS}, errno)
	require.NoError(t, returns(t, func() error { return c.WaitWritable(context.Background()) }))
	soErr, err := c.TakeError()
	require.NoError(t, err)
	assert.Equal(t, unix.Errno(0), soErr, "connected")
	s, _, err := l.Accept()
	require.NoError(t, err)
	s.Close()

	// To a closed port the outcome is ECONNREFUSED.
	closed, err := l.Getsockname()
	require.NoError(t, err)
	require.NoError(t, l.Close())
	r := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	r.SetBlocking(false)
	if errno = r.ConnectEx(closed); errno == unix.EINPROGRESS {
		require.NoError(t, returns(t, func() error { return r.WaitWritable(context.Background()) }))
		errno, err = r.TakeError()
		require.NoError(t, err)
	}
	assert.Equal(t, unix.ECONNREFUSED, errno)
}

// Select is Python's select.select for sockets.
func TestSelect(t *testing.T) {
	a, b := socketpair(t, SOCK_STREAM)
	c, d := socketpair(t, SOCK_DGRAM)

	r, w, err := Select([]*Socket{b, d}, nil, 0)
	require.NoError(t, err)
	assert.Empty(t, r, "0 only looks")
	assert.Empty(t, w)

	r, w, err = Select([]*Socket{b, d}, []*Socket{a}, 0)
	require.NoError(t, err)
	assert.Empty(t, r)
	assert.Equal(t, []*Socket{a}, w, "an empty send buffer is writable")

	start := time.Now()
	r, w, err = Select([]*Socket{b, d}, nil, 50*time.Millisecond)
	require.NoError(t, err)
	assert.Empty(t, r, "a timeout gives empty lists and no error")
	assert.Empty(t, w)
	assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond, "it waited the timeout")

	go func() { time.Sleep(20 * time.Millisecond); c.Send([]byte("x"), 0) }()
	err = returns(t, func() error {
		r, w, err = Select([]*Socket{b, d}, nil, NoTimeout)
		return err
	})
	require.NoError(t, err)
	assert.Equal(t, []*Socket{d}, r, "negative waits until one is ready")
	assert.Empty(t, w)

	require.NoError(t, b.Close())
	_, _, err = Select([]*Socket{b}, nil, 0)
	assert.ErrorIs(t, err, net.ErrClosed)
}

// A would-block error names the network as every other error does, and
// stays free of allocations on a non-blocking poll loop.
func TestWouldBlockErrorNamesNetwork(t *testing.T) {
	_, b := udpPair(t, AF_INET)
	b.SetBlocking(false)
	buf := make([]byte, 8)
	_, err := b.Recv(buf, 0)
	assert.ErrorIs(t, err, unix.EAGAIN)
	assert.EqualError(t, err, "recv udp4: recvfrom: resource temporarily unavailable")
	assert.Zero(t, testing.AllocsPerRun(100, func() { b.Recv(buf, 0) }))

	u, _ := socketpair(t, SOCK_SEQPACKET)
	u.SetBlocking(false)
	_, err = u.Recv(buf, 0)
	assert.EqualError(t, err, "recv unixpacket: recvfrom: resource temporarily unavailable")
}
