package sockfd

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// Regression tests for the bugs an independent review of this package
// found, each with the scenario it reproduces.

// A waiter whose compare-and-swap failed must not miss the release that
// comes before it counts itself: two blocking receivers, two datagrams
// queued, must both return (the turn was free, the waiter asleep).
func TestTurnNoLostWakeup(t *testing.T) {
	if testing.Short() {
		t.Skip("a race: many rounds")
	}
	for round := range 20000 {
		a, b := pair(t, unix.SOCK_DGRAM)
		for range 2 {
			_, err := a.Sendto(context.Background(), blocking, []byte("x"), 0, nil, 0)
			require.NoError(t, err)
		}
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				b.Recvfrom(context.Background(), blocking, make([]byte, 8), 0, nil)
			}()
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("round %d: a receive with a datagram queued for it never returned (turn phase=%v, waiters=%d)",
				round, phase(b.recv.state.word.Load()&phaseMask), b.recv.state.word.Load()>>phaseBits)
		}
		a.Release()
		b.Release()
	}
}

// A user deadline set from another goroutine on a socket whose first call
// is under way never makes that call report a closed socket.
func TestDeadlineSetDuringFirstCall(t *testing.T) {
	far := time.Now().Add(time.Hour)
	for i := range 5000 {
		a, b := pair(t, unix.SOCK_DGRAM)
		_, err := a.Sendto(context.Background(), blocking, []byte("x"), 0, nil, 0)
		require.NoError(t, err)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); b.SetReadDeadline(far) }()
		_, _, err = b.Recvfrom(context.Background(), blocking, make([]byte, 8), 0, nil)
		wg.Wait()
		require.NoError(t, err, "iteration %d: an open socket with a datagram queued", i)
		a.Release()
		b.Release()
	}
}

// A later user deadline set while a timed call is parked does not make it
// give up before its own timeout.
func TestTimeoutWithLaterUserDeadline(t *testing.T) {
	const timeout = 400 * time.Millisecond
	_, b := pair(t, unix.SOCK_DGRAM)
	go func() {
		for !b.Parked(false) {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond)
		b.SetReadDeadline(time.Now().Add(time.Hour))
	}()
	start := time.Now()
	_, _, err := b.Recvfrom(context.Background(), Mode{Timeout: timeout}, make([]byte, 8), 0, nil)
	require.ErrorIs(t, err, os.ErrDeadlineExceeded)
	assert.GreaterOrEqual(t, time.Since(start), timeout, "not before its timeout")
}

// A whole (blocking MSG_WAITALL, or blocking stream send) recvmsg or
// sendmsg whose buffers include an empty one goes on after a partial
// transfer without slicing past it.
func TestWholeMsgWithEmptyBuffer(t *testing.T) {
	whole := Mode{Timeout: -1, Whole: true}
	t.Run("recvmsg", func(t *testing.T) {
		a, b := pair(t, unix.SOCK_STREAM)
		_, err := a.Sendto(context.Background(), blocking, []byte("ab"), 0, nil, 0)
		require.NoError(t, err)
		go func() {
			for !b.Parked(false) {
				time.Sleep(time.Millisecond)
			}
			a.Sendto(context.Background(), blocking, []byte("cdefghijk"), 0, nil, 0)
		}()
		p, q := make([]byte, 1), make([]byte, 10)
		var from unix.RawSockaddrAny
		r, err := b.Recvmsg(context.Background(), whole, [][]byte{p, {}, q}, nil, nil, unix.MSG_WAITALL, &from)
		require.NoError(t, err)
		assert.Equal(t, 11, r.N)
		assert.Equal(t, "abcdefghijk", string(p)+string(q))
	})
	t.Run("sendmsg", func(t *testing.T) {
		a, b := pair(t, unix.SOCK_STREAM)
		big := make([]byte, 4<<20)
		got := make(chan int, 1)
		go func() {
			total, buf := 0, make([]byte, 64<<10)
			for total < 1+len(big) {
				n, _, err := b.Recvfrom(context.Background(), blocking, buf, 0, nil)
				if err != nil || n == 0 {
					break
				}
				total += n
			}
			got <- total
		}()
		n, err := a.Sendmsg(context.Background(), whole, [][]byte{{1}, {}, big}, nil, nil, 0, nil, 0)
		require.NoError(t, err)
		assert.Equal(t, 1+len(big), n)
		assert.Equal(t, 1+len(big), <-got)
	})
}
