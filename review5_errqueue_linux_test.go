package socket

import (
	"context"
	"errors"
	"net"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/bsdsock/socket/internal/sockfd"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// Review 5 of the error-queue engine (issue 23): what a program could do
// to RecvErrQueue and to a Recv beside it.

// queueICMPError sends a datagram from s to a closed port and waits until
// its port unreachable is on s's error queue (poll(2) on the descriptor
// itself, outside the engine).
func queueICMPError(t *testing.T, s *Socket, to Addr) {
	t.Helper()
	_, err := s.Sendto([]byte("probe"), 0, to)
	require.NoError(t, err)
	waitPOLLERR(t, s)
}

// waitPOLLERR waits until s reports POLLERR.
func waitPOLLERR(t *testing.T, s *Socket) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); ; {
		fds := []unix.PollFd{{Fd: int32(s.Fileno())}}
		if n, _ := unix.Poll(fds, 100); n == 1 && fds[0].Revents&unix.POLLERR != 0 {
			return
		}
		require.True(t, time.Now().Before(end), "no error queued")
	}
}

// A read deadline that has passed fails a Recv even when data is queued
// (net.Conn's rule, which the engine keeps by going to the poller first
// under a user deadline); the doc of RecvErrQueue promises the read
// deadline bounds it "as it bounds Recv". A queued message must not get
// past an expired deadline either.
func TestReview5RecvErrQueuePastDeadlineWithMessageQueued(t *testing.T) {
	// The reference: Recv with data queued and a past read deadline.
	a, b := udpPair(t, AF_INET)
	_, err := b.Send([]byte("data"), 0)
	require.NoError(t, err)
	time.Sleep(10 * time.Millisecond)
	require.NoError(t, a.SetReadDeadline(time.Now().Add(-time.Second)))
	_, err = a.Recv(make([]byte, 8), 0)
	require.ErrorIs(t, err, os.ErrDeadlineExceeded, "Recv: the reference behaviour")

	for _, timeout := range []time.Duration{-1, time.Second, 0} {
		s := recvErrSocket(t, AF_INET, timeout)
		queueICMPError(t, s, closedUDPPort(t, AF_INET))
		require.NoError(t, s.SetReadDeadline(time.Now().Add(-time.Second)))
		_, err = s.RecvErrQueue(nil, make([]byte, errOOB), 0)
		assert.ErrorIs(t, err, os.ErrDeadlineExceeded, "timeout %v: a past read deadline let a queued message through", timeout)
	}
}

// A context that is already done fails RecvContext before it tries (the
// op checks ctx first); RecvErrQueueContext returned a queued message.
func TestReview5RecvErrQueueDoneContextWithMessageQueued(t *testing.T) {
	a, b := udpPair(t, AF_INET)
	_, err := b.Send([]byte("data"), 0)
	require.NoError(t, err)
	time.Sleep(10 * time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = a.RecvContext(ctx, make([]byte, 8), 0)
	require.ErrorIs(t, err, context.Canceled, "RecvContext: the reference behaviour")

	for _, timeout := range []time.Duration{-1, time.Second, 0} {
		s := recvErrSocket(t, AF_INET, timeout)
		queueICMPError(t, s, closedUDPPort(t, AF_INET))
		_, err = s.RecvErrQueueContext(ctx, nil, make([]byte, errOOB), 0)
		assert.ErrorIs(t, err, context.Canceled, "timeout %v: a done context let a queued message through", timeout)
	}
}

// Close ends every RecvErrQueue, waiting or queued behind the one that
// waits, with net.ErrClosed, promptly; no descriptor (the duplicate) nor
// goroutine stays behind.
func TestReview5CloseRacesRecvErrQueue(t *testing.T) {
	fds, goroutines := r5Baseline()
	for i := range 200 {
		s, err := New(AF_INET, SOCK_DGRAM, 0)
		require.NoError(t, err)
		require.NoError(t, s.SetRecvErr(true))
		timeouts := []time.Duration{-1, -1, time.Minute, 50 * time.Millisecond}
		var wg sync.WaitGroup
		errs := make(chan error, len(timeouts)+1)
		for j, d := range timeouts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var err error
				if j == 1 {
					ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
					defer cancel()
					_, err = s.RecvErrQueueContext(ctx, nil, make([]byte, errOOB), 0)
				} else {
					_, err = s.recvErrQueueIn(d)
				}
				errs <- err
			}()
		}
		// Close at a varying moment: before, during and after the
		// first wait.
		if i%3 != 0 {
			time.Sleep(time.Duration(i%7) * 100 * time.Microsecond)
		}
		start := time.Now()
		require.NoError(t, s.Close())
		wg.Wait()
		require.Less(t, time.Since(start), 2*time.Second, "Close did not end the RecvErrQueues")
		close(errs)
		for err := range errs {
			if !errors.Is(err, net.ErrClosed) {
				assert.ErrorIs(t, err, os.ErrDeadlineExceeded, "iteration %d", i)
			}
		}
	}
	r5NoLeaks(t, fds, goroutines)
}

// recvErrQueueIn is RecvErrQueue with the mode timeout selects for this
// call only (a test helper: the socket's mode is shared).
func (s *Socket) recvErrQueueIn(timeout time.Duration) (ErrMsg, error) {
	var m ErrMsg
	oob := make([]byte, errOOB)
	r, err := s.fd.RecvErrQueue(context.Background(), sockfd.Mode{Timeout: timeout}, nil, nil, oob, 0, &m.From.raw)
	if err != nil {
		return m, s.callError("recverrqueue", "recvmsg", nil, err)
	}
	m.N, m.OOBN = r.N, r.OOBN
	return m, nil
}

// A socket that waited for its error queue leaves no descriptor behind
// whichever way it ends: Close, Detach (and the detached descriptor
// closed), Dup (both closed), FromFD of a detached one, Makefile (the file
// closed after the socket).
func TestReview5NoDupLeftBehind(t *testing.T) {
	waited := func(t *testing.T) *Socket {
		s, err := New(AF_INET, SOCK_DGRAM, 0)
		require.NoError(t, err)
		require.NoError(t, s.SetRecvErr(true))
		s.SetTimeout(time.Millisecond)
		_, err = s.RecvErrQueue(nil, make([]byte, errOOB), 0)
		require.ErrorIs(t, err, os.ErrDeadlineExceeded)
		return s
	}
	for _, c := range []struct {
		name string
		end  func(t *testing.T, s *Socket)
	}{
		{"close", func(t *testing.T, s *Socket) { require.NoError(t, s.Close()) }},
		{"detach", func(t *testing.T, s *Socket) {
			fd, err := s.Detach()
			require.NoError(t, err)
			require.NoError(t, unix.Close(fd))
		}},
		{"dup", func(t *testing.T, s *Socket) {
			d, err := s.Dup()
			require.NoError(t, err)
			d.SetTimeout(time.Millisecond)
			_, err = d.RecvErrQueue(nil, make([]byte, errOOB), 0)
			require.ErrorIs(t, err, os.ErrDeadlineExceeded)
			require.NoError(t, s.Close())
			require.NoError(t, d.Close())
		}},
		{"fromfd", func(t *testing.T, s *Socket) {
			fd, err := s.Detach()
			require.NoError(t, err)
			f, err := FromFD(fd)
			require.NoError(t, err)
			f.SetTimeout(time.Millisecond)
			_, err = f.RecvErrQueue(nil, make([]byte, errOOB), 0)
			require.ErrorIs(t, err, os.ErrDeadlineExceeded)
			require.NoError(t, f.Close())
		}},
		{"makefile", func(t *testing.T, s *Socket) {
			f, err := s.Makefile("rb", 0)
			require.NoError(t, err)
			require.NoError(t, s.Close())
			require.NoError(t, f.Close())
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			fds, goroutines := r5Baseline()
			for range 20 {
				c.end(t, waited(t))
			}
			r5NoLeaks(t, fds, goroutines)
		})
	}
}

// Callers that wait together keep their own bounds: a timed one behind a
// blocking one times out on time, a cancelled one ends at once, and the
// message goes to a caller that still waits.
func TestReview5ConcurrentRecvErrQueueBounds(t *testing.T) {
	s := recvErrSocket(t, AF_INET, -1)
	got := waitingRecvErrQueue(t, s)

	start := time.Now()
	_, err := s.recvErrQueueIn(100 * time.Millisecond)
	took := time.Since(start)
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	assert.GreaterOrEqual(t, took, 100*time.Millisecond)
	assert.Less(t, took, time.Second)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := s.RecvErrQueueContext(ctx, nil, make([]byte, errOOB), 0)
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	assert.ErrorIs(t, awaitErr(t, done, "a cancelled queued RecvErrQueue went on waiting"), context.Canceled)

	_, err = s.Sendto([]byte("x"), 0, closedUDPPort(t, AF_INET))
	require.NoError(t, err)
	assert.ErrorIs(t, awaitErr(t, got, "the waiting RecvErrQueue missed the error"), unix.ECONNREFUSED)
}

// A read deadline moved to the past and back to zero while a caller waits
// and another is queued: both end with a timeout, and the next call waits
// as if nothing happened (no past deadline left on the duplicate).
func TestReview5DeadlineMovedWhileWaiting(t *testing.T) {
	s := recvErrSocket(t, AF_INET, -1)
	first := waitingRecvErrQueue(t, s)
	second := make(chan error, 1)
	go func() {
		_, err := s.RecvErrQueue(nil, make([]byte, errOOB), 0)
		second <- err
	}()
	time.Sleep(20 * time.Millisecond)
	require.NoError(t, s.SetReadDeadline(time.Now().Add(-time.Second)))
	assert.ErrorIs(t, awaitErr(t, first, "a past deadline did not end the wait"), os.ErrDeadlineExceeded)
	assert.ErrorIs(t, awaitErr(t, second, "a past deadline did not end the queued call"), os.ErrDeadlineExceeded)
	require.NoError(t, s.SetReadDeadline(time.Time{}))

	s.SetTimeout(100 * time.Millisecond)
	start := time.Now()
	_, err := s.RecvErrQueue(nil, make([]byte, errOOB), 0)
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	assert.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond, "a deadline was left behind")
}

// A context cancelled just as the error arrives, many times over: each
// call gets the message or the cancellation, never anything else, and a
// call after it waits its full timeout (no past deadline left behind) or
// gets the message.
func TestReview5ContextCancelledAsErrorArrives(t *testing.T) {
	s := recvErrSocket(t, AF_INET, -1)
	to := closedUDPPort(t, AF_INET)
	oob := make([]byte, errOOB)
	for i := range 300 {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := s.RecvErrQueueContext(ctx, nil, oob, 0)
			done <- err
		}()
		for !s.fd.ErrQueueWaiting() {
			runtime.Gosched()
		}
		_, err := s.Sendto([]byte("x"), 0, to)
		require.NoError(t, err)
		if i%2 == 0 {
			time.Sleep(time.Duration(i%20) * 5 * time.Microsecond)
		}
		cancel()
		err = awaitErr(t, done, "neither the message nor the cancellation ended the call")
		if err != nil {
			require.ErrorIs(t, err, context.Canceled, "iteration %d", i)
		}
		// Empty the queue and the pending error.
		s.GetsockoptInt(SOL_SOCKET, SO_ERROR)
		for {
			if _, err := s.RecvErrQueue(nil, oob, MSG_DONTWAIT); err != nil {
				break
			}
		}
		if i%30 == 0 {
			s.SetTimeout(20 * time.Millisecond)
			start := time.Now()
			_, err = s.RecvErrQueue(nil, oob, 0)
			require.ErrorIs(t, err, os.ErrDeadlineExceeded)
			require.GreaterOrEqual(t, time.Since(start), 20*time.Millisecond, "iteration %d: a past deadline was left behind", i)
			s.SetTimeout(-1)
		}
	}
}

// r5Baseline is the descriptors and goroutines the process has now.
func r5Baseline() (fds, goroutines int) {
	runtime.GC()
	return countFDs(), runtime.NumGoroutine()
}

// r5NoLeaks waits a little for closing goroutines, then requires the
// counts of r5Baseline.
func r5NoLeaks(t *testing.T, fds, goroutines int) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if countFDs() <= fds && runtime.NumGoroutine() <= goroutines {
			return
		}
	}
	assert.LessOrEqual(t, countFDs(), fds, "descriptors leaked:\n%s", listFDs())
	assert.LessOrEqual(t, runtime.NumGoroutine(), goroutines, "goroutines leaked")
}

// RecvErrQueue allocates nothing in steady state when it has to wait, in
// every mode that waits: blocking, timeout, under a read deadline. A
// helper sends once the call waits, and the send's transmit timestamp
// wakes it.
func TestReview5RecvErrQueueWaitAllocs(t *testing.T) {
	for _, c := range []struct {
		name     string
		timeout  time.Duration
		deadline bool
	}{
		{"blocking", -1, false},
		{"timeout", 5 * time.Second, false},
		{"read deadline", -1, true},
		{"timeout and read deadline", 5 * time.Second, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, b := udpPair(t, AF_INET)
			require.NoError(t, a.SetTimestamping(txStampFlags))
			a.SetTimeout(c.timeout)
			if c.deadline {
				require.NoError(t, a.SetReadDeadline(time.Now().Add(time.Hour)))
			}
			req, quit := make(chan struct{}), make(chan struct{})
			helperDone := make(chan struct{})
			go func() {
				defer close(helperDone)
				msg, p := []byte("stamp me"), make([]byte, 64)
				for {
					select {
					case <-req:
					case <-quit:
						return
					}
					for !a.fd.ErrQueueWaiting() {
						runtime.Gosched()
					}
					time.Sleep(200 * time.Microsecond)
					if _, err := a.Send(msg, 0); err != nil {
						panic(err)
					}
					if _, err := b.Recv(p, 0); err != nil {
						panic(err)
					}
				}
			}()
			oob := make([]byte, 256)
			call := func() {
				req <- struct{}{}
				if _, err := a.RecvErrQueue(nil, oob, 0); err != nil {
					panic(err)
				}
			}
			for range 20 {
				call()
			}
			allocs := testing.AllocsPerRun(200, call)
			close(quit)
			<-helperDone
			assert.Zero(t, allocs, "allocations per RecvErrQueue that waited")
		})
	}
}
