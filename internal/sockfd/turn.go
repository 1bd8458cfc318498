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
// goroutine per direction of a descriptor, and an op serves one call at a
// time. A call that finds the turn taken queues for it, and while queued
// it also waits for its own timeout, its context, the user's deadline and
// Close: Python threads sharing a socket each keep their own timeout, so
// eight workers in timeout mode d on one idle UDP socket must all time out
// after about d, not one after another. A release wakes one queued call;
// Close and a moved deadline wake them all (docs/design.md, "The turn").

// direction is one direction of a descriptor: the state word of its turn,
// and its op, made by the first call of the direction that waits or queues
// (a socket whose calls never wait in a direction has none).
type direction struct {
	state turnState
	op    atomic.Pointer[op]
}

// endTurn ends the turn of the call that holds it, waking one queued call
// if there is one. A queued call made its op before it counted itself, so
// there is an op to wake through whenever the count is not zero.
func (d *direction) endTurn() {
	if d.state.release() {
		if o := d.op.Load(); o != nil {
			o.wakeOne()
		}
	}
}

// waiter is one queued call: woken through its own channel, so that a
// release wakes one call, not all of them. Waiters are pooled: a call
// queues again each time the turn it was woken for went to another.
type waiter struct {
	prev, next *waiter
	wake       chan struct{} // one token: the waiter was picked
	timer      *time.Timer   // the call's limit; stopped while none
	queued     bool          // in the queue
	picked     bool          // taken out of the queue and sent a token
}

// newWaiter makes a waiter: out of any queue, unpicked, its timer stopped.
func newWaiter() *waiter {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &waiter{wake: make(chan struct{}, 1), timer: t}
}

// waiters pools the waiters of calls that queued; takeWaiting puts each
// back as newWaiter makes it.
var waiters = sync.Pool{New: func() any { return newWaiter() }}

// waitQueue is a direction's queued calls, first come first woken.
type waitQueue struct {
	head, tail *waiter
}

// push queues w last, or first when it was picked and lost the turn to a
// new call: it keeps its place, as sync.Mutex's woken waiters do, and the
// same few goroutines, their stacks warm in the caches, serve a busy
// socket while the others sleep.
func (q *waitQueue) push(w *waiter) {
	if w.picked && q.head != nil {
		w.prev, w.next = nil, q.head
		q.head.prev = w
		q.head = w
	} else {
		w.prev, w.next = q.tail, nil
		if q.tail != nil {
			q.tail.next = w
		} else {
			q.head = w
		}
		q.tail = w
	}
	w.queued, w.picked = true, false
}

func (q *waitQueue) remove(w *waiter) {
	if w.prev != nil {
		w.prev.next = w.next
	} else {
		q.head = w.next
	}
	if w.next != nil {
		w.next.prev = w.prev
	} else {
		q.tail = w.prev
	}
	w.prev, w.next, w.queued = nil, nil, false
}

// wakeOneLocked picks the first queued call and sends it its token; it
// reports whether there was one. o.mu is held.
func (o *op) wakeOneLocked() bool {
	w := o.queue.head
	if w == nil {
		return false
	}
	o.queue.remove(w)
	o.dir().state.removeWaiter()
	w.picked = true
	w.wake <- struct{}{}
	return true
}

// wakeOne wakes the first queued call, for a release.
func (o *op) wakeOne() {
	o.mu.Lock()
	o.wakeOneLocked()
	o.mu.Unlock()
}

// wakeAllLocked wakes every queued call, to try for the turn and look at
// the deadline and the descriptor again. o.mu is held.
func (o *op) wakeAllLocked() {
	for o.wakeOneLocked() {
	}
}

// wakeAll is wakeAllLocked for Release, when the descriptor is closing.
func (o *op) wakeAll() {
	o.mu.Lock()
	o.wakeAllLocked()
	o.mu.Unlock()
}

// enqueue queues w for the turn, or takes the turn if it is free after
// all, or reports that the descriptor is closing; it returns the user's
// deadline, under which the call waits. It counts w before it tries, and
// release counts and frees the turn in one atomic operation: either this
// try sees the turn free, or release sees a waiter to wake and takes o.mu
// to wake it, after w is in the queue. Release sets closing before it
// wakes the queue under o.mu, so a call that did not see closing here is
// woken by it.
func (o *op) enqueue(w *waiter) (user instant, got, closed bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.fd.closing.Load() {
		return noInstant, false, true
	}
	o.dir().state.addWaiter()
	if o.dir().state.take() {
		o.dir().state.removeWaiter()
		return noInstant, true, false
	}
	o.queue.push(w)
	return o.dl.user, false, false
}

// unqueue takes w out of the queue for a call that stops waiting. A waiter
// that was already picked passes its token on to the next: the release
// that picked it must not be lost on a call that left.
func (o *op) unqueue(w *waiter) {
	o.mu.Lock()
	switch {
	case w.queued:
		o.queue.remove(w)
		o.dir().state.removeWaiter()
	case w.picked:
		<-w.wake
		w.picked = false
		o.wakeOneLocked()
	}
	o.mu.Unlock()
}

// take waits for the turn for a call made now in mode m. The uncontended
// path is one compare-and-swap and allocates nothing. It returns when the
// call was made if it had to wait (its timeout runs from then), or
// noInstant; or the error that ended the wait: the deadline (timeout or
// the user's), the context's, or net.ErrClosed.
func (o *op) take(ctx context.Context, timeout time.Duration) (instant, error) {
	if o.dir().state.take() {
		return noInstant, nil
	}
	if timeout == 0 {
		return noInstant, o.takeNow()
	}
	return o.takeWaiting(ctx, timeout)
}

// takeNow is take for a call that must not wait (non-blocking mode): it
// gets the turn if the holder is only busy in a system call, and fails with
// EAGAIN, as the system call would, if the holder is parked waiting for
// the descriptor to be ready.
func (o *op) takeNow() error {
	for {
		if o.dir().state.take() {
			return nil
		}
		if o.fd.closing.Load() {
			return net.ErrClosed
		}
		if p, _ := o.dir().state.load(); p == parked {
			return unix.EAGAIN
		}
		runtime.Gosched()
	}
}

// takeWaiting is take when another call holds the turn: it queues and
// waits for the turn, the earlier of the call's timeout and the user's
// deadline, ctx, or Close. The user may move the deadline while it waits
// (net/http sets a past one to abort a read): SetUserDeadline wakes every
// queued call to look again, and so does Release. Only contended calls
// come here; their waiters are pooled.
func (o *op) takeWaiting(ctx context.Context, timeout time.Duration) (instant, error) {
	start := now()
	w := waiters.Get().(*waiter)
	defer func() {
		// Out of the queue, no token in its channel: ready for the
		// next call, which must not take it for a picked one (push).
		w.timer.Stop()
		w.picked = false
		waiters.Put(w)
	}()
	for {
		user, got, closed := o.enqueue(w)
		switch {
		case closed:
			return noInstant, net.ErrClosed
		case got:
			return start, nil
		}
		limit := user
		if timeout > 0 {
			if t := instantAfter(start, timeout); limit == noInstant || t < limit {
				limit = t
			}
		}
		if limit == noInstant && ctx.Done() == nil {
			// Nothing but a wake-up can end this wait: a plain
			// receive, cheaper than a select (the herd of blocking
			// receivers on one socket waits here).
			<-w.wake
			continue
		}
		if limit != noInstant {
			d := time.Duration(limit - now())
			if d <= 0 {
				o.unqueue(w)
				return noInstant, os.ErrDeadlineExceeded
			}
			w.timer.Reset(d)
		}
		select {
		case <-w.wake: // picked: released, the deadline moved, or Close
		case <-w.timer.C: // look again: the user's deadline may have moved
			o.unqueue(w)
		case <-ctx.Done():
			o.unqueue(w)
			return noInstant, ContextError(ctx.Err())
		}
		w.timer.Stop()
	}
}
