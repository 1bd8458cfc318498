package sockfd

import (
	"context"
	"net"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// The calls of one direction take turns: the runtime poller parks one
// goroutine per direction of a descriptor, and an op's state serves one
// call at a time. A call waiting for its turn also waits for its own
// timeout, its context, the user's deadline and Close (Python threads
// sharing a socket each keep their own timeout; eight workers in timeout
// mode d on one idle UDP socket must all time out after about d, not one
// after another).

// turn is the token of one direction: a flag taken with compare-and-swap,
// so that the uncontended path is one atomic instruction and the socket
// holds no channel; callers that find it taken wait on a channel made
// only then, which release closes to wake them.
type turn struct {
	held    atomic.Bool
	waiters atomic.Int32
	mu      sync.Mutex
	wake    chan struct{} // made by the first waiter, closed by release
}

// enqueue counts the caller as waiting and tries once more; it returns the
// channel to wait on, or got when the turn was free after all. It counts
// itself before it tries: release stores held before it loads waiters, so
// either this try sees the turn free or release sees a waiter to wake.
func (t *turn) enqueue() (wake <-chan struct{}, got bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.waiters.Add(1)
	if t.held.CompareAndSwap(false, true) {
		t.waiters.Add(-1)
		return nil, true
	}
	if t.wake == nil {
		t.wake = make(chan struct{})
	}
	return t.wake, false
}

// dequeue ends what enqueue began, for a waiter that stops waiting.
func (t *turn) dequeue() { t.waiters.Add(-1) }

// take waits for the op's turn for a call made now in mode m. The
// uncontended path is one compare-and-swap and allocates nothing. It
// returns when the call was made if it had to wait (its timeout runs from
// then), or 0; or the error that ended the wait: the deadline
// (timeout or the user's), the context's, or net.ErrClosed.
func (o *op) take(ctx context.Context, timeout time.Duration) (int64, error) {
	if o.turn.held.CompareAndSwap(false, true) {
		return 0, nil
	}
	if timeout == 0 {
		return o.takeNow()
	}
	return o.takeWaiting(ctx, timeout)
}

// release ends the call's turn, waking the calls waiting for it (they race
// for it again: the turn is not handed over in order).
func (o *op) release() {
	o.turn.held.Store(false)
	if o.turn.waiters.Load() > 0 {
		o.turn.mu.Lock()
		if o.turn.wake != nil {
			close(o.turn.wake)
			o.turn.wake = nil
		}
		o.turn.mu.Unlock()
	}
}

// takeNow is take for a call that must not wait (non-blocking mode): it
// gets the turn if the holder is only busy in a system call, and fails with
// EAGAIN, as the system call would, if the holder is parked waiting for
// the descriptor to be ready.
func (o *op) takeNow() (int64, error) {
	for {
		if o.turn.held.CompareAndSwap(false, true) {
			return 0, nil
		}
		switch {
		case o.fd.closing.Load():
			return 0, net.ErrClosed
		case o.parked.Load():
			return 0, unix.EAGAIN
		}
		runtime.Gosched()
	}
}

// takeWaiting is take when another call has the turn: it waits for the
// turn, the earlier of the call's timeout and the user's deadline, ctx, or
// Close. The user may move the deadline while it waits (net/http sets a
// past one to abort a read): SetUserDeadline wakes it to look again, and
// so does Release. It allocates (a timer, channels): only contended calls
// pay that.
func (o *op) takeWaiting(ctx context.Context, timeout time.Duration) (int64, error) {
	start := now()
	var (
		timer  *time.Timer
		expiry <-chan time.Time
	)
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		limit, changed := o.queueLimit()
		if o.fd.closing.Load() {
			return 0, net.ErrClosed
		}
		if timeout > 0 {
			if t := after(start, timeout); limit == 0 || t < limit {
				limit = t
			}
		}
		if limit != 0 {
			d := time.Duration(limit - now())
			if d <= 0 {
				return 0, os.ErrDeadlineExceeded
			}
			if timer == nil {
				timer = time.NewTimer(d)
				expiry = timer.C
			} else {
				timer.Reset(d)
			}
		}
		wake, got := o.turn.enqueue()
		if got {
			return start, nil
		}
		select {
		case <-wake: // released: race for it again
		case <-expiry: // look again: the limit may have been moved
		case <-changed: // the user's deadline moved, or Close
		case <-ctx.Done():
			o.turn.dequeue()
			return 0, ContextError(ctx.Err())
		}
		o.turn.dequeue()
	}
}
