package sockfd

import (
	"context"
	"errors"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// Tests of the second independent review (direct path, merged turn and
// deadline wake-ups, channel drain, registrar).

// waitAll waits for wg, and on a hang releases fds so that the goroutines
// finish, failing the test.
func waitAll(t *testing.T, wg *sync.WaitGroup, what string, fds ...*FD) bool {
	t.Helper()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(20 * time.Second):
		t.Errorf("%s: calls still waiting", what)
		for _, fd := range fds {
			fd.Release()
		}
		<-done
		return false
	}
}

// Close ends every call on the socket whatever it waits in: the poller, the
// turn (blocking, timed, cancellable), a non-blocking retry loop, the
// registrar; none is left waiting and each reports net.ErrClosed.
func TestReview2CloseEndsEveryWaiter(t *testing.T) {
	rounds := 300
	if testing.Short() {
		rounds = 50
	}
	for round := range rounds {
		a, b := pair(t, unix.SOCK_DGRAM)
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		ctx, cancel := context.WithCancel(context.Background())
		modes := []Mode{blocking, {Timeout: time.Hour}, blocking, {Timeout: time.Hour}}
		for i, m := range modes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := context.Background()
				if i%2 == 1 {
					c = ctx
				}
				_, _, err := b.Recvfrom(c, m, make([]byte, 8), 0, nil)
				errs <- err
			}()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				_, _, err := b.Recvfrom(context.Background(), nonBlocking, make([]byte, 8), 0, nil)
				if err != unix.EAGAIN {
					errs <- err
					return
				}
			}
		}()
		switch round % 3 {
		case 0: // Close as the calls start
		case 1: // Close with one parked and the others queued
			for end := time.Now().Add(2 * time.Second); time.Now().Before(end); {
				if b.Parked(false) && b.recv.state.word.Load()>>phaseBits >= 2 {
					break
				}
				time.Sleep(50 * time.Microsecond)
			}
		case 2:
			time.Sleep(time.Duration(round%5) * 100 * time.Microsecond)
		}
		require.NoError(t, b.Release())
		if !waitAll(t, &wg, "after Close", a, b) {
			cancel()
			return
		}
		cancel()
		close(errs)
		for err := range errs {
			assert.ErrorIs(t, err, net.ErrClosed, "round %d", round)
		}
		a.Release()
	}
}

// Many sockets that wait for the first time together all register (one
// registrar serves them all) and all get their datagram.
func TestReview2ManyFirstWaits(t *testing.T) {
	const sockets = 64
	for range 20 {
		var (
			wg    sync.WaitGroup
			fds   []*FD
			pairs [][2]*FD
		)
		got := make(chan error, sockets)
		for range sockets {
			a, b := pair(t, unix.SOCK_DGRAM)
			fds = append(fds, a, b)
			pairs = append(pairs, [2]*FD{a, b})
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, err := b.Recvfrom(context.Background(), Mode{Timeout: time.Minute}, make([]byte, 8), 0, nil)
				got <- err
			}()
		}
		for _, p := range pairs {
			for !p[1].Parked(false) {
				time.Sleep(50 * time.Microsecond)
			}
			_, err := p[0].Sendto(context.Background(), blocking, []byte("x"), 0, nil, 0)
			require.NoError(t, err)
		}
		if !waitAll(t, &wg, "first waits", fds...) {
			return
		}
		close(got)
		for err := range got {
			assert.NoError(t, err)
		}
		for _, fd := range fds {
			require.NoError(t, fd.Release())
		}
	}
}

// A user deadline moved back and forth while calls queue behind a parked
// one (and behind direct-path holders) never loses a datagram nor leaves a
// call waiting after the deadline is cleared.
func TestReview2DeadlineChurnWithQueue(t *testing.T) {
	a, b := pair(t, unix.SOCK_DGRAM)
	const workers, each = 6, 300
	var (
		wg       sync.WaitGroup
		received = make(chan int, workers)
		stop     = make(chan struct{})
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := 0
			buf := make([]byte, 8)
			for n < each {
				_, _, err := b.Recvfrom(context.Background(), blocking, buf, 0, nil)
				switch {
				case err == nil:
					n++
				case errors.Is(err, os.ErrDeadlineExceeded):
					continue
				default:
					received <- n
					return
				}
			}
			received <- n
		}()
	}
	var churn sync.WaitGroup
	churn.Add(1)
	go func() {
		defer churn.Done()
		for {
			select {
			case <-stop:
				b.SetReadDeadline(time.Time{})
				return
			default:
			}
			b.SetReadDeadline(time.Now().Add(-time.Second))
			time.Sleep(20 * time.Microsecond)
			b.SetReadDeadline(time.Time{})
			time.Sleep(200 * time.Microsecond)
		}
	}()
	var send sync.WaitGroup
	send.Add(1)
	go func() {
		defer send.Done()
		for range workers * each {
			if _, err := a.Sendto(context.Background(), blocking, []byte("x"), 0, nil, 0); err != nil {
				return
			}
		}
	}()
	ok := waitAll(t, &send, "senders", a, b)
	close(stop)
	churn.Wait()
	if ok {
		waitAll(t, &wg, "receivers", a, b)
	} else {
		wg.Wait()
	}
	close(received)
	total := 0
	for n := range received {
		total += n
	}
	if ok {
		assert.Equal(t, workers*each, total)
	}
}

// Workers in timeout mode sharing one idle socket each time out after their
// own timeout, never before it, whether they took the turn on the direct
// path, queued for it, or (the write side) sent part of a whole call first.
func TestReview2SharedTimeoutsNotEarly(t *testing.T) {
	const timeout = 150 * time.Millisecond
	a, _ := pair(t, unix.SOCK_STREAM) // a sends, nobody receives
	_, b := pair(t, unix.SOCK_STREAM) // b receives, nobody sends
	var wg sync.WaitGroup
	type result struct {
		took time.Duration
		n    int
		err  error
	}
	results := make(chan result, 16)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			var (
				n   int
				err error
			)
			if i%2 == 0 {
				n, _, err = b.Recvfrom(context.Background(), Mode{Timeout: timeout}, make([]byte, 8), 0, nil)
			} else {
				n, err = a.Sendto(context.Background(), Mode{Timeout: timeout, Whole: true}, make([]byte, 8<<20), 0, nil, 0)
			}
			results <- result{time.Since(start), n, err}
		}()
	}
	if !waitAll(t, &wg, "timed calls", a, b) {
		return
	}
	close(results)
	for r := range results {
		assert.ErrorIs(t, r.err, os.ErrDeadlineExceeded)
		assert.GreaterOrEqual(t, r.took, timeout, "not before the timeout")
	}
}

// A whole receive (blocking MSG_WAITALL on a stream) that gets part of its
// buffer and then an error returns what arrived without the error, and the
// sender's address length of the receive that got the data, not the
// address buffer's size the failed call left behind (root's Recvfrom made
// that a 112-byte AF_UNSPEC Addr where a stream reports none). Both the
// direct path and the op's path (a cancellable context).
func TestReview2WholeRecvfromErrorKeepsFromLen(t *testing.T) {
	for name, ctx := range map[string]context.Context{
		"direct": context.Background(),
		"op": func() context.Context {
			c, cancel := context.WithCancel(context.Background())
			t.Cleanup(cancel)
			return c
		}(),
	} {
		t.Run(name, func(t *testing.T) {
			a, b := pair(t, unix.SOCK_STREAM)
			_, err := b.Sendto(context.Background(), blocking, []byte("ab"), 0, nil, 0)
			require.NoError(t, err)
			// b closes with a byte it never read: a's next receive after
			// the data is ECONNRESET.
			_, err = a.Sendto(context.Background(), blocking, []byte("x"), 0, nil, 0)
			require.NoError(t, err)
			require.NoError(t, b.Release())
			var from unix.RawSockaddrAny
			buf := make([]byte, 10)
			// Without MSG_WAITALL, which makes AF_UNIX swallow the error
			// in the call that returns the data (TCP does not: there the
			// next call gets it, whatever the flags).
			n, fromLen, err := a.Recvfrom(ctx, Mode{Timeout: -1, Whole: true}, buf, 0, &from)
			require.NoError(t, err, "the data comes without the error")
			assert.Equal(t, 2, n)
			assert.Equal(t, uint32(0), fromLen, "an unnamed peer's address is empty")

			// The error the whole call consumed comes with the next
			// receive (Recvfrom or Recvmsg), once.
			if name == "direct" {
				_, _, err = a.Recvfrom(ctx, blocking, buf, 0, nil)
			} else {
				_, err = a.Recvmsg(ctx, blocking, nil, buf, nil, 0, &from)
			}
			assert.Equal(t, unix.ECONNRESET, err, "the error comes with the next call")
			n, _, err = a.Recvfrom(ctx, blocking, buf, 0, nil)
			assert.NoError(t, err)
			assert.Zero(t, n, "then the end of the stream")
		})
	}
}

// Whole sends sharing a stream keep the turn from their direct tries to
// the end of their wait: each one's bytes arrive together, never
// interleaved with another's, and every byte arrives.
func TestReview2WholeSendsStayWhole(t *testing.T) {
	a, b := pair(t, unix.SOCK_STREAM)
	const senders, each, size = 4, 20, 300 << 10
	var wg sync.WaitGroup
	for i := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			chunk := make([]byte, size)
			for j := range chunk {
				chunk[j] = byte(i + 1)
			}
			m := blocking
			if i%2 == 1 {
				m = Mode{Timeout: time.Minute}
			}
			m.Whole = true
			for range each {
				if n, err := a.Sendto(context.Background(), m, chunk, 0, nil, 0); err != nil || n != size {
					t.Errorf("sender %d: %d, %v", i, n, err)
					return
				}
			}
		}()
	}
	got := make(chan []byte, 1)
	go func() {
		var all []byte
		buf := make([]byte, 64<<10)
		for len(all) < senders*each*size {
			n, _, err := b.Recvfrom(context.Background(), blocking, buf, 0, nil)
			if err != nil || n == 0 {
				break
			}
			all = append(all, buf[:n]...)
		}
		got <- all
	}()
	if !waitAll(t, &wg, "senders", a, b) {
		<-got
		return
	}
	var all []byte
	select {
	case all = <-got:
	case <-time.After(20 * time.Second):
		b.Release()
		all = <-got
	}
	require.Len(t, all, senders*each*size)
	for off := 0; off < len(all); off += size {
		c := all[off]
		for j := off; j < off+size; j++ {
			if all[j] != c {
				t.Fatalf("byte %d: %d inside the chunk of sender %d starting at %d", j, all[j], c, off)
			}
		}
	}
}
