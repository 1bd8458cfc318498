package sockfd

import (
	"context"
	"sync/atomic"
	"time"
)

// deadline is the poller deadline of one direction and the two things it is
// made of: the deadline the user set (net.Conn's SetReadDeadline and
// SetWriteDeadline), and the one the call in progress needs (its timeout, or
// a past deadline once its context is done). The poller gets the earlier of
// the two, so that a timed call cannot outlive the user's deadline and a
// user's deadline cannot lift a call's timeout.
//
// The call owns its op, but the user may set a deadline from another
// goroutine at any time, even while the call is parked in the poller (as
// net.Conn requires, and as net/http does to abort a background read), and
// a context fires from yet another one: all of them update the poller under
// the op's mu. None of this runs on a call that does not wait: the user's
// deadline stays in the poller between calls, where RawConn checks it for
// free.
type deadline struct {
	user    instant // set by SetUserDeadline
	call    instant // the call in progress's
	applied instant // what the poller holds, to skip redundant timer updates

	// hasUser is set while a user deadline is: calls then go through
	// the poller at once, which checks it before the first try.
	hasUser atomic.Bool

	// leftover says call is a finished call's deadline, left in the
	// poller for the next timed call to replace (see leaveArmed). Set and
	// cleared under the op's mu; the call that holds the turn reads it
	// without.
	leftover atomic.Bool
}

// SetUserDeadline sets the deadline of the op's direction, after which
// every call in that direction fails with os.ErrDeadlineExceeded until it
// is moved; the zero time removes it. It takes effect at once, also for a
// call already parked. It is safe to call from any goroutine.
func (o *op) SetUserDeadline(t time.Time) {
	o.mu.Lock()
	o.dropLeftoverLocked()
	o.dl.user = instantOf(t)
	o.applyLocked() // registers the descriptor for a non-zero t
	if reg := o.fd.reg.Load(); reg != nil && !o.send {
		if w := reg.errq.Load(); w != nil {
			w.setUser(o.dl.user) // the error queue's waits keep the receive deadline
		}
	}
	o.dl.hasUser.Store(o.dl.user != noInstant)
	o.wakeAllLocked()
	o.mu.Unlock()
}

// limitCall lowers the deadline of the call in progress to t, if t is
// earlier. The call's timeout and its context both come through here, in
// either order, and the earlier wins: a context that fired is never undone
// by a timeout armed after it.
func (o *op) limitCall(t instant) {
	o.mu.Lock()
	if o.dl.call == noInstant || t < o.dl.call {
		o.dl.call = t
	}
	o.applyLocked()
	o.mu.Unlock()
}

// endCall removes the call's deadline, leaving the user's (not none) in the
// poller: a stale call deadline would fail the next call before it even
// tries, and clearing to zero would wipe the user's.
func (o *op) endCall() {
	o.mu.Lock()
	o.dl.call = noInstant
	o.applyLocked()
	o.mu.Unlock()
}

// applyLocked gives the poller the earlier of the user's and the call's
// deadlines. It skips the update when the poller already holds that time:
// a call under an earlier user deadline then costs no timer update at all.
func (o *op) applyLocked() {
	t := o.dl.user
	if c := o.dl.call; c != noInstant && (t == noInstant || c < t) {
		t = c
	}
	if t == o.dl.applied {
		return
	}
	o.dl.applied = t
	o.fd.setDeadline(o.send, timeOf(t))
	if !o.send {
		o.fd.setEventDeadline(t) // a receive parked in eventWait
	}
}

// armCall arms the deadline of a timed call about to park. It replaces one
// a finished call left, but keeps one of this call's that is earlier (its
// context fired: limitCall set a past deadline).
//
// Without a user deadline the poller gets the deadline rounded down to an
// eighth of the timeout (quantum): consecutive waits then give it the same
// time, and applyLocked skips the timer update (docs/design.md,
// "Deadlines").
// Rounded down, it never fires late; when it fires early, wait re-arms the
// exact deadline (o.exact) and waits the rest, so no call gives up early.
func (o *op) armCall() {
	from := o.timedFrom
	if from == noInstant {
		from = now()
	}
	t := instantAfter(from, o.timeout)
	o.mu.Lock()
	poll := t
	if q := instant(o.timeout / quantum); q > 0 && o.dl.user == noInstant {
		// t - q < poll <= t, and t - q is now + 7/8 of the timeout:
		// always in the future.
		poll = t - t%q
	}
	if o.dl.leftover.Load() || o.dl.call == noInstant || poll < o.dl.call {
		o.dl.call = poll
	}
	o.exact = noInstant
	if poll != t {
		o.exact = t
	}
	o.dl.leftover.Store(false)
	o.applyLocked()
	o.mu.Unlock()
	o.armed = true
}

// quantum is how many steps of a timeout the poller's deadline is rounded
// down to (armCall).
const quantum = 8

// firedEarly reports whether the deadline that ended a wait was armCall's
// rounded-down one, before the call's own timeout, with no user deadline
// that has passed nor a context that ended it: then the call re-arms
// exactly and waits on.
func (o *op) firedEarly(ctx context.Context) bool {
	t := now()
	if o.exact == noInstant || t >= o.exact {
		return false
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	// Under the lock: a context cancelled from here on sets its past
	// deadline after this one (limitCall keeps the earlier), and a user
	// deadline set while the call was parked ended it only if it passed.
	if ctx.Err() != nil || (o.dl.user != noInstant && o.dl.user <= t) {
		return false
	}
	o.dl.call, o.exact = o.exact, noInstant
	o.applyLocked()
	return true
}

// leaveArmed keeps the finished call's deadline in the poller, if nothing but
// the op's own calls can park there (no user deadline, no RawConn handed
// out), and reports whether it did. Every call that parks later replaces
// it (armCall) or clears it (dropLeftover) first; SetUserDeadline and RawConn
// drop it.
func (o *op) leaveArmed() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dl.user != noInstant || o.fd.exposed.Load() {
		return false
	}
	o.dl.leftover.Store(true)
	return true
}

// dropLeftover clears a deadline a finished call left: before a call
// without a timeout parks, and for a RawConn handed out, whose calls
// would otherwise fail at once.
func (o *op) dropLeftover() {
	o.mu.Lock()
	o.dropLeftoverLocked()
	o.mu.Unlock()
}

func (o *op) dropLeftoverLocked() {
	if o.dl.leftover.Load() {
		o.dl.call = noInstant
		o.dl.leftover.Store(false)
		o.applyLocked()
	}
}
