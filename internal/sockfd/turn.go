package sockfd

import (
	"context"
	"net"
	"os"
	"runtime"
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
// so that the uncontended path is one atomic instruction. It lives in the
// FD (direction) and holds nothing else: a call that finds it taken waits
// through its op (every queued call has one), on the channel the op's
// deadline keeps for queued calls, which release closes to wake them.
type turn struct {
	held    atomic.Bool
	waiters atomic.Int32
}

// enqueue counts the caller as waiting and tries once more; it returns the
// user's deadline and the channel to wait on, or got when the turn was
// free after all, or closed when the descriptor is closing. It counts
// itself before it tries: release stores held before it loads waiters, so
// either this try sees the turn free or release sees a waiter to wake.
// Release sets closing before it wakes the queue under the same lock, so a
// caller that did not see closing here is woken by it.
func (o *op) enqueue() (user int64, wake <-chan struct{}, got, closed bool) {
	o.dl.mu.Lock()
	defer o.dl.mu.Unlock()
	if o.fd.closing.Load() {
		return 0, nil, false, true
	}
	t := &o.dir().turn
	t.waiters.Add(1)
	if t.held.CompareAndSwap(false, true) {
		t.waiters.Add(-1)
		return 0, nil, true, false
	}
	if o.dl.queued == nil {
		o.dl.queued = make(chan struct{})
	}
	return o.dl.user, o.dl.queued, false, false
}

// dequeue ends what enqueue began, for a waiter that stops waiting.
func (o *op) dequeue() { o.dir().turn.waiters.Add(-1) }

// take waits for the op's turn for a call made now in mode m. The
// uncontended path is one compare-and-swap and allocates nothing. It
// returns when the call was made if it had to wait (its timeout runs from
// then), or 0; or the error that ended the wait: the deadline
// (timeout or the user's), the context's, or net.ErrClosed.
func (o *op) take(ctx context.Context, timeout time.Duration) (int64, error) {
	if o.dir().turn.held.CompareAndSwap(false, true) {
		return 0, nil
	}
	if timeout == 0 {
		return o.takeNow()
	}
	return o.takeWaiting(ctx, timeout)
}

// release ends the call's turn, waking the calls waiting for it (they
// race for it again: the turn is not handed over in order).
func (o *op) release() {
	o.dir().turn.held.Store(false)
	if o.dir().turn.waiters.Load() > 0 {
		o.wakeQueued()
	}
}

// releaseRead and releaseWrite end the turn of a call that made no op (the
// direct path of Recvfrom and Sendto). A waiter made its op before it
// counted itself, so there is one to wake through when there are waiters.
func (fd *FD) releaseRead() {
	fd.rd.turn.held.Store(false)
	if fd.rd.turn.waiters.Load() > 0 {
		if o := fd.r.Load(); o != nil {
			o.wakeQueued()
		}
	}
}

func (fd *FD) releaseWrite() {
	fd.wd.turn.held.Store(false)
	if fd.wd.turn.waiters.Load() > 0 {
		if o := fd.w.Load(); o != nil {
			o.wakeQueued()
		}
	}
}

// takeNow is take for a call that must not wait (non-blocking mode): it
// gets the turn if the holder is only busy in a system call, and fails with
// EAGAIN, as the system call would, if the holder is parked waiting for
// the descriptor to be ready.
func (o *op) takeNow() (int64, error) {
	for {
		if o.dir().turn.held.CompareAndSwap(false, true) {
			return 0, nil
		}
		switch {
		case o.fd.closing.Load():
			return 0, net.ErrClosed
		case o.dir().parked.Load():
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
		user, wake, got, closed := o.enqueue()
		switch {
		case closed:
			return 0, net.ErrClosed
		case got:
			return start, nil
		}
		limit := user
		if timeout > 0 {
			if t := after(start, timeout); limit == 0 || t < limit {
				limit = t
			}
		}
		if limit != 0 {
			d := time.Duration(limit - now())
			if d <= 0 {
				o.dequeue()
				return 0, os.ErrDeadlineExceeded
			}
			if timer == nil {
				timer = time.NewTimer(d)
				expiry = timer.C
			} else {
				timer.Reset(d)
			}
		}
		select {
		case <-wake: // released, the user's deadline moved, or Close: look again
		case <-expiry: // look again: the limit may have been moved
		case <-ctx.Done():
			o.dequeue()
			return 0, ContextError(ctx.Err())
		}
		o.dequeue()
	}
}
