package socket

import (
	"context"
	"net"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDeadlinePastFailsEveryMode(t *testing.T) {
	for _, mode := range []time.Duration{NoTimeout, time.Hour, 0} {
		a, b := udpPair(t, AF_INET)
		_, err := a.Send([]byte("pending"), 0)
		require.NoError(t, err)
		b.SetTimeout(mode)
		require.NoError(t, b.SetReadDeadline(time.Now().Add(-time.Second)))

		// As net.Conn: a passed deadline fails the call even with data
		// waiting, until it is moved.
		buf := make([]byte, 16)
		_, err = b.Recv(buf, 0)
		assertTimeout(t, err)

		require.NoError(t, b.SetReadDeadline(time.Time{}))
		n, err := b.Recv(buf, 0)
		require.NoError(t, err, "mode %v", mode)
		assert.Equal(t, "pending", string(buf[:n]))
	}
}

func TestDeadlineEndsBlockingRecv(t *testing.T) {
	_, b := udpPair(t, AF_INET)
	require.NoError(t, b.SetReadDeadline(time.Now().Add(20*time.Millisecond)))
	err := returns(t, func() error {
		_, err := b.Recv(make([]byte, 8), 0)
		return err
	})
	assertTimeout(t, err)
}

func TestSetReadDeadlineWakesParkedRecv(t *testing.T) {
	_, b := udpPair(t, AF_INET)
	go func() {
		time.Sleep(20 * time.Millisecond)
		b.SetReadDeadline(time.Now().Add(-time.Second))
	}()
	err := returns(t, func() error {
		_, err := b.Recv(make([]byte, 8), 0)
		return err
	})
	assertTimeout(t, err)
}

func TestDeadlineEarlierThanTimeoutWins(t *testing.T) {
	_, b := udpPair(t, AF_INET)
	b.SetTimeout(time.Hour)
	require.NoError(t, b.SetReadDeadline(time.Now().Add(20*time.Millisecond)))
	err := returns(t, func() error {
		_, err := b.Recv(make([]byte, 8), 0)
		return err
	})
	assertTimeout(t, err)
}

// A timed call restores the user's deadline after it, instead of clearing
// the poller's: a blocking call after it still ends at the deadline.
func TestTimeoutKeepsUserDeadline(t *testing.T) {
	_, b := udpPair(t, AF_INET)
	require.NoError(t, b.SetReadDeadline(time.Now().Add(300*time.Millisecond)))
	b.SetTimeout(10 * time.Millisecond)
	buf := make([]byte, 8)
	_, err := b.Recv(buf, 0)
	assertTimeout(t, err)

	b.SetTimeout(NoTimeout)
	err = returns(t, func() error {
		_, err := b.Recv(buf, 0)
		return err
	})
	assertTimeout(t, err)
}

// Moving or clearing the deadline while a timed call waits never lifts the
// call's own timeout.
func TestConcurrentDeadlineKeepsTimeout(t *testing.T) {
	_, b := udpPair(t, AF_INET)
	b.SetTimeout(50 * time.Millisecond)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			b.SetReadDeadline(time.Time{})
			b.SetReadDeadline(time.Now().Add(time.Hour))
			time.Sleep(time.Millisecond)
		}
	}()
	err := returns(t, func() error {
		_, err := b.Recv(make([]byte, 8), 0)
		return err
	})
	close(stop)
	wg.Wait()
	assertTimeout(t, err)
}

// A context that fired leaves the user's deadline in place, not a past one
// and not none.
func TestContextKeepsUserDeadline(t *testing.T) {
	a, b := udpPair(t, AF_INET)
	require.NoError(t, b.SetReadDeadline(time.Now().Add(300*time.Millisecond)))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(10*time.Millisecond, cancel)
	buf := make([]byte, 8)
	err := returns(t, func() error {
		_, err := b.RecvContext(ctx, buf, 0)
		return err
	})
	require.ErrorIs(t, err, context.Canceled)

	// Not a stale past deadline: data already there is received.
	_, err = a.Send([]byte("x"), 0)
	require.NoError(t, err)
	n, err := b.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, 1, n)

	// Not cleared either: a blocking call ends at the user's deadline.
	err = returns(t, func() error {
		_, err := b.Recv(buf, 0)
		return err
	})
	assertTimeout(t, err)
}

func TestWriteDeadlineEndsSendall(t *testing.T) {
	a, _ := socketpair(t, SOCK_STREAM)
	fillSendBuffer(t, a)
	require.NoError(t, a.SetWriteDeadline(time.Now().Add(20*time.Millisecond)))
	var n int
	err := returns(t, func() error {
		var err error
		n, err = a.Sendall(make([]byte, 1<<20), 0)
		return err
	})
	assertTimeout(t, err)
	assert.Less(t, n, 1<<20, "Sendall reports what it sent before the deadline")
}

func TestDeadlineBoundsAccept(t *testing.T) {
	l, _ := listenTCP(t, AF_INET)
	require.NoError(t, l.SetDeadline(time.Now().Add(20*time.Millisecond)))
	err := returns(t, func() error {
		_, _, err := l.Accept()
		return err
	})
	assertTimeout(t, err)
}

func TestSetDeadlineClosed(t *testing.T) {
	s, err := New(AF_INET, SOCK_DGRAM, 0)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	for _, set := range []func(time.Time) error{s.SetDeadline, s.SetReadDeadline, s.SetWriteDeadline} {
		assert.ErrorIs(t, set(time.Now()), net.ErrClosed)
	}
}

// SetDeadline races with calls in progress in both directions, armed or
// not; run with -race. The deadlines set never expire, so every call must
// succeed.
func TestDeadlineConcurrentWithCalls(t *testing.T) {
	a, b := udpPair(t, AF_INET)
	b.SetTimeout(time.Minute)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if i%2 == 0 {
				b.SetDeadline(time.Now().Add(time.Hour))
			} else {
				b.SetDeadline(time.Time{})
			}
			runtime.Gosched()
		}
	}()
	buf := make([]byte, 8)
	for i := 0; i < 500; i++ {
		_, err := b.Send([]byte("ping"), 0)
		require.NoError(t, err)
		_, err = a.Recv(buf, 0)
		require.NoError(t, err)
		_, err = a.Send([]byte("pong"), 0)
		require.NoError(t, err)
		_, err = b.Recv(buf, 0)
		require.NoError(t, err)
	}
	close(stop)
	wg.Wait()
}

// A timed call that waits, under a user deadline, allocates nothing.
func TestDeadlineTimedWaitAllocs(t *testing.T) {
	a, b := udpPair(t, AF_INET)
	b.SetTimeout(time.Hour)
	a.SetTimeout(time.Hour)
	require.NoError(t, b.SetDeadline(time.Now().Add(time.Hour)))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		buf := make([]byte, 8)
		for {
			n, err := a.Recv(buf, 0)
			if err != nil || n == 1 && buf[0] == 'q' {
				return
			}
			a.Send(buf[:n], 0)
		}
	}()
	buf := make([]byte, 8)
	msg := []byte("ping")
	allocs := testing.AllocsPerRun(100, func() {
		b.Send(msg, 0)
		b.Recv(buf, 0)
	})
	b.Send([]byte("q"), 0)
	wg.Wait()
	assert.Zero(t, allocs)
}
