package sockfd

import (
	"context"
	"net"
	"os"
	"runtime"
	"time"

	"golang.org/x/sys/unix"
)

// The calls of one direction take turns: the runtime poller parks one
// goroutine per direction of a descriptor, and an op's state serves one
// call at a time. A turn is a one-slot channel holding a token while a call
// has it, so that a call waiting for its turn can also wait for its own
// timeout, its context, the user's deadline and Close (Python threads
// sharing a socket each keep their own timeout; eight workers in timeout
// mode d on one idle UDP socket must all time out after about d, not one
// after another).

// take waits for the op's turn for a call made now in mode m. The
// uncontended path is one channel send and allocates nothing. It returns
// when the call was made if it had to wait (its timeout runs from then), or
// the zero time; or the error that ended the wait: the deadline (timeout or
// the user's), the context's, or net.ErrClosed.
func (o *op) take(ctx context.Context, timeout time.Duration) (time.Time, error) {
	select {
	case o.turn <- struct{}{}:
		return time.Time{}, nil
	default:
	}
	if timeout == 0 {
		return o.takeNow()
	}
	return o.takeWaiting(ctx, timeout)
}

// release ends the call's turn.
func (o *op) release() { <-o.turn }

// takeNow is take for a call that must not wait (non-blocking mode): it
// gets the turn if the holder is only busy in a system call, and fails with
// EAGAIN, as the system call would, if the holder is parked waiting for
// the descriptor to be ready.
func (o *op) takeNow() (time.Time, error) {
	for {
		select {
		case o.turn <- struct{}{}:
			return time.Time{}, nil
		default:
		}
		switch {
		case o.fd.closing.Load():
			return time.Time{}, net.ErrClosed
		case o.parked.Load():
			return time.Time{}, unix.EAGAIN
		}
		runtime.Gosched()
	}
}

// takeWaiting is take when another call has the turn: it waits for the
// turn, the earlier of the call's timeout and the user's deadline, ctx, or
// Close. The user may move the deadline while it waits (net/http sets a
// past one to abort a read): SetUserDeadline wakes it to look again. It
// allocates (a timer, a channel): only contended calls pay that.
func (o *op) takeWaiting(ctx context.Context, timeout time.Duration) (time.Time, error) {
	start := time.Now()
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
		if timeout > 0 {
			if t := start.Add(timeout); limit.IsZero() || t.Before(limit) {
				limit = t
			}
		}
		if !limit.IsZero() {
			d := time.Until(limit)
			if d <= 0 {
				return time.Time{}, os.ErrDeadlineExceeded
			}
			if timer == nil {
				timer = time.NewTimer(d)
				expiry = timer.C
			} else {
				timer.Reset(d)
			}
		}
		select {
		case o.turn <- struct{}{}:
			return start, nil
		case <-expiry: // look again: the limit may have been moved
		case <-changed:
		case <-ctx.Done():
			return time.Time{}, ContextError(ctx.Err())
		case <-o.fd.done:
			return time.Time{}, net.ErrClosed
		}
	}
}
