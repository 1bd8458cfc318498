package sockfd

import (
	"context"
	"net"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/bsdsock/socket/internal/leakcheck"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// pair returns the FDs of a fresh non-blocking socketpair of typ, released
// when the test ends (a test may release one before: a second Release of
// the last owner does nothing).
func pair(t *testing.T, typ int) (*FD, *FD) {
	t.Helper()
	p, err := Socketpair(unix.AF_UNIX, typ, 0)
	require.NoError(t, err)
	a, _ := New(p[0])
	b, _ := New(p[1])
	t.Cleanup(func() { a.Release(); b.Release() })
	return a, b
}

var (
	blocking    = Mode{Timeout: -1}
	nonBlocking = Mode{}
)

// A socket whose calls never have to wait never joins the poller; the
// first call that waits registers it, and it stays registered.
func TestRegistersOnFirstWait(t *testing.T) {
	a, b := pair(t, unix.SOCK_DGRAM)
	buf := make([]byte, 8)
	for range 3 {
		_, err := a.Sendto(context.Background(), blocking, []byte("x"), 0, nil, 0)
		require.NoError(t, err)
		n, _, err := b.Recvfrom(context.Background(), blocking, buf, 0, nil)
		require.NoError(t, err)
		assert.Equal(t, 1, n)
	}
	_, _, err := b.Recvfrom(context.Background(), nonBlocking, buf, 0, nil)
	assert.Equal(t, unix.EAGAIN, err, "non-blocking mode does not wait, so does not register")
	assert.Nil(t, a.reg.Load(), "no call of a waited")
	assert.Nil(t, b.reg.Load(), "no call of b waited")

	go func() {
		for !b.Parked(false) {
			runtime.Gosched()
		}
		a.Sendto(context.Background(), blocking, []byte("y"), 0, nil, 0)
	}()
	n, _, err := b.Recvfrom(context.Background(), blocking, buf, 0, nil)
	require.NoError(t, err)
	assert.Equal(t, "y", string(buf[:n]))
	assert.NotNil(t, b.reg.Load(), "a call that waited registered b")
}

// A deadline joins the poller at once, and an expired one fails a call
// before it tries, as net.Conn's deadlines do.
func TestUserDeadlineRegisters(t *testing.T) {
	a, b := pair(t, unix.SOCK_DGRAM)
	b.SetReadDeadline(time.Now().Add(-time.Second))
	require.NotNil(t, b.reg.Load())
	_, err := a.Sendto(context.Background(), blocking, []byte("x"), 0, nil, 0)
	require.NoError(t, err)
	_, _, err = b.Recvfrom(context.Background(), blocking, make([]byte, 8), 0, nil)
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded, "even with a datagram waiting")
	b.SetReadDeadline(time.Time{})
	_, _, err = b.Recvfrom(context.Background(), blocking, make([]byte, 8), 0, nil)
	assert.NoError(t, err, "the cleared deadline restores the call")
}

// A timed call that has to wait arms its deadline once registered and
// leaves it in the poller when it ends (the next waiting call replaces it:
// one timer update per wait). A later call that parks without a timeout
// clears it first, so it is not failed by it; SetUserDeadline and RawConn
// drop it.
func TestTimeoutLeftArmed(t *testing.T) {
	a, b := pair(t, unix.SOCK_DGRAM)
	timed := Mode{Timeout: 20 * time.Millisecond}
	deadlines := func() (call, applied instant) {
		o := b.op(&b.recv)
		o.mu.Lock()
		defer o.mu.Unlock()
		return o.dl.call, o.dl.applied
	}
	_, _, err := b.Recvfrom(context.Background(), timed, make([]byte, 8), 0, nil)
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	call, applied := deadlines()
	assert.NotZero(t, call, "the expired deadline is left in the poller")
	assert.Equal(t, call, applied)

	// A blocking call that parks is not failed by it.
	go func() {
		for !b.Parked(false) {
			runtime.Gosched()
		}
		a.Sendto(context.Background(), blocking, []byte("x"), 0, nil, 0)
	}()
	n, _, err := b.Recvfrom(context.Background(), blocking, make([]byte, 8), 0, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	call, applied = deadlines()
	assert.Zero(t, call, "the blocking call cleared it before parking")
	assert.Zero(t, applied)

	// A user deadline drops a left one rather than composing with it.
	_, _, err = b.Recvfrom(context.Background(), timed, make([]byte, 8), 0, nil)
	require.ErrorIs(t, err, os.ErrDeadlineExceeded)
	b.SetReadDeadline(time.Now().Add(time.Hour))
	call, applied = deadlines()
	assert.Zero(t, call)
	assert.Greater(t, applied, now(), "the poller holds the user's deadline alone")
	b.SetReadDeadline(time.Time{})

	// So does handing out the RawConn.
	_, _, err = b.Recvfrom(context.Background(), timed, make([]byte, 8), 0, nil)
	require.ErrorIs(t, err, os.ErrDeadlineExceeded)
	_, err = b.RawConn()
	require.NoError(t, err)
	call, _ = deadlines()
	assert.Zero(t, call)
	_, _, err = b.Recvfrom(context.Background(), timed, make([]byte, 8), 0, nil)
	require.ErrorIs(t, err, os.ErrDeadlineExceeded)
	call, _ = deadlines()
	assert.Zero(t, call, "with a RawConn out, a call ends its deadline")
}

// After a timed call that timed out, the next timed call waits its own
// timeout: the deadline the first left in the poller has expired, and the
// second goes to the poller at once (its direction's last call parked),
// where an expired deadline would fail it before it even tries.
func TestTimedCallAfterTimeout(t *testing.T) {
	a, b := pair(t, unix.SOCK_DGRAM)
	timed := Mode{Timeout: 20 * time.Millisecond}
	for range 3 {
		_, _, err := b.Recvfrom(context.Background(), timed, make([]byte, 8), 0, nil)
		require.ErrorIs(t, err, os.ErrDeadlineExceeded)
	}
	_, err := a.Sendto(context.Background(), blocking, []byte("now"), 0, nil, 0)
	require.NoError(t, err)
	n, _, err := b.Recvfrom(context.Background(), timed, make([]byte, 8), 0, nil)
	require.NoError(t, err, "data was there: the expired deadline must not fail the call")
	assert.Equal(t, 3, n)

	go func() {
		for !b.Parked(false) {
			runtime.Gosched()
		}
		a.Sendto(context.Background(), blocking, []byte("later"), 0, nil, 0)
	}()
	_, _, err = b.Recvfrom(context.Background(), Mode{Timeout: time.Minute}, make([]byte, 8), 0, nil)
	assert.NoError(t, err, "a call that parks waits its own timeout")
}

// A timed call never gives up before its timeout, nor long after it, and
// consecutive timed waits share the poller's deadline (the poller gets it
// rounded down; one that fires early is re-armed exactly).
func TestTimeoutExactAndShared(t *testing.T) {
	a, b := pair(t, unix.SOCK_DGRAM)
	const d = 80 * time.Millisecond
	for range 3 {
		start := time.Now()
		_, _, err := b.Recvfrom(context.Background(), Mode{Timeout: d}, make([]byte, 8), 0, nil)
		elapsed := time.Since(start)
		require.ErrorIs(t, err, os.ErrDeadlineExceeded)
		assert.GreaterOrEqual(t, elapsed, d, "not before the timeout")
		assert.Less(t, elapsed, d+hangGuardSlack, "not long after it")
	}
	applied := func() instant {
		o := b.op(&b.recv)
		o.mu.Lock()
		defer o.mu.Unlock()
		return o.dl.applied
	}
	// Waits that data ends quickly: the poller deadline stays as it was.
	long := Mode{Timeout: time.Hour}
	var first instant
	for i := range 5 {
		go func() {
			for !b.Parked(false) {
				runtime.Gosched()
			}
			a.Sendto(context.Background(), blocking, []byte("x"), 0, nil, 0)
		}()
		_, _, err := b.Recvfrom(context.Background(), long, make([]byte, 8), 0, nil)
		require.NoError(t, err)
		if i == 0 {
			first = applied()
			continue
		}
		assert.Equal(t, first, applied(), "a later wait reused the poller's deadline")
	}
}

// hangGuardSlack bounds how late a timeout may fire on a loaded machine.
const hangGuardSlack = 2 * time.Second

// The turn: a call queued behind a parked one ends on its own timeout, its
// context, Close, or a user deadline set while it waits.
func TestQueuedCallEnds(t *testing.T) {
	for name, end := range map[string]func(b *FD, ctx context.CancelFunc) (Mode, error){
		"timeout": func(b *FD, _ context.CancelFunc) (Mode, error) {
			return Mode{Timeout: 10 * time.Millisecond}, os.ErrDeadlineExceeded
		},
		"context": func(b *FD, cancel context.CancelFunc) (Mode, error) {
			time.AfterFunc(10*time.Millisecond, cancel)
			return blocking, context.Canceled
		},
		"deadline": func(b *FD, _ context.CancelFunc) (Mode, error) {
			time.AfterFunc(10*time.Millisecond, func() { b.SetReadDeadline(time.Unix(1, 0)) })
			return blocking, os.ErrDeadlineExceeded
		},
		"close": func(b *FD, _ context.CancelFunc) (Mode, error) {
			time.AfterFunc(10*time.Millisecond, func() { b.Release() })
			return blocking, net.ErrClosed
		},
	} {
		t.Run(name, func(t *testing.T) {
			_, b := pair(t, unix.SOCK_DGRAM)
			first := make(chan error, 1)
			go func() {
				_, _, err := b.Recvfrom(context.Background(), blocking, make([]byte, 8), 0, nil)
				first <- err
			}()
			for !b.Parked(false) {
				runtime.Gosched()
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			m, want := end(b, cancel)
			_, _, err := b.Recvfrom(ctx, m, make([]byte, 8), 0, nil)
			assert.ErrorIs(t, err, want)
			b.SetReadDeadline(time.Unix(1, 0)) // end the first call too
			<-first
		})
	}
}

// Close waits for the calls that use the descriptor directly, and after it
// no call touches the number, which a new socket may have reused.
func TestCloseRacesDirectCalls(t *testing.T) {
	for range 200 {
		a, _ := pair(t, unix.SOCK_DGRAM)
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					_, err := a.Sendto(context.Background(), nonBlocking, []byte("x"), 0, nil, 0)
					if err == net.ErrClosed {
						return
					}
				}
			}()
		}
		runtime.Gosched()
		require.NoError(t, a.Release())
		wg.Wait()
		_, err := a.Sendto(context.Background(), nonBlocking, []byte("x"), 0, nil, 0)
		assert.Equal(t, net.ErrClosed, err)
	}
}

// A socket dropped without Release, registered or not, has its descriptor
// closed when it is collected.
func TestLeakedDescriptorIsClosed(t *testing.T) {
	before := countFDs()
	for i := range 20 {
		p, err := Socketpair(unix.AF_UNIX, unix.SOCK_DGRAM, 0)
		require.NoError(t, err)
		a, _ := New(p[0])
		b, _ := New(p[1])
		if i%2 == 0 {
			_, err := b.RawConn()
			require.NoError(t, err)
		}
		_, _ = a, b
	}
	require.Eventually(t, func() bool {
		runtime.GC()
		return countFDs() <= before
	}, 10*time.Second, 10*time.Millisecond, "the collected FDs' descriptors were closed")
}

var countFDs = leakcheck.CountFDs

// A connect on loopback has completed by the time connect(2) returns
// EINPROGRESS, so a blocking or timed Connect asks again at once and
// succeeds without joining the poller; a refused one reports ECONNREFUSED
// the same way, and again on a second try, as C and Python see it; and
// non-blocking mode still answers EINPROGRESS.
func TestLoopbackConnectNeedsNoWait(t *testing.T) {
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	refused, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	closedPort := refused.Addr().(*net.TCPAddr).Port
	require.NoError(t, refused.Close())

	sockaddr := func(port int) (*unix.RawSockaddrAny, uint32) {
		sa := (*unix.RawSockaddrInet4)(unsafe.Pointer(new(unix.RawSockaddrAny)))
		sa.Family, sa.Addr = unix.AF_INET, [4]byte{127, 0, 0, 1}
		sa.Port = uint16(port>>8) | uint16(port&0xff)<<8
		return (*unix.RawSockaddrAny)(unsafe.Pointer(sa)), unix.SizeofSockaddrInet4
	}
	tcp := func() *FD {
		s, err := Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
		require.NoError(t, err)
		fd, _ := New(s)
		t.Cleanup(func() { fd.Release() })
		return fd
	}
	to, toLen := sockaddr(l.Addr().(*net.TCPAddr).Port)
	for _, m := range []Mode{blocking, {Timeout: time.Minute}} {
		fd := tcp()
		require.NoError(t, fd.Connect(context.Background(), m, to, toLen, false))
		assert.Nil(t, fd.reg.Load(), "a connect that never waited did not register (timeout %d)", m.Timeout)
	}

	bad, badLen := sockaddr(closedPort)
	fd := tcp()
	assert.Equal(t, unix.ECONNREFUSED, fd.Connect(context.Background(), blocking, bad, badLen, false))
	assert.Equal(t, unix.ECONNREFUSED, fd.Connect(context.Background(), blocking, bad, badLen, false), "a second connect is refused again")

	fd = tcp()
	assert.Equal(t, unix.EINPROGRESS, fd.Connect(context.Background(), nonBlocking, to, toLen, false))
}

// Calls that queue behind a turn held on the direct path (no op) are woken
// when it is released: receivers sharing one socket, some parked, some
// queued, some on the direct path, all get their datagrams, and senders
// sharing the other socket, blocked while the receive queue is full, all
// finish.
func TestQueuedBehindDirectPath(t *testing.T) {
	a, b := pair(t, unix.SOCK_DGRAM)
	const workers, each = 8, 500
	var wg sync.WaitGroup
	received := make(chan int, workers)
	for range workers {
		wg.Add(2)
		go func() {
			defer wg.Done()
			buf := make([]byte, 8)
			n := 0
			for range each {
				if _, _, err := b.Recvfrom(context.Background(), blocking, buf, 0, nil); err != nil {
					break
				}
				n++
			}
			received <- n
		}()
		go func() {
			defer wg.Done()
			for range each {
				if _, err := a.Sendto(context.Background(), blocking, []byte("x"), 0, nil, 0); err != nil {
					return
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Errorf("calls still waiting (receive turn phase=%v, waiters=%d; send turn phase=%v, waiters=%d)",
			phase(b.recv.state.word.Load()&phaseMask), b.recv.state.word.Load()>>phaseBits, phase(a.send.state.word.Load()&phaseMask), a.send.state.word.Load()>>phaseBits)
		a.Release() // ends every call, so that the goroutines finish
		b.Release()
		<-done
	}
	total := 0
	for range workers {
		total += <-received
	}
	assert.Equal(t, workers*each, total, "every datagram received once")
}
