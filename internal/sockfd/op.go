package sockfd

import (
	"context"
	"os"
	"runtime"
	"time"

	"golang.org/x/sys/unix"
)

// op is what ReadOp and WriteOp share: the mode of the call and the poller
// deadline it may arm. One goroutine at a time uses an op (the owner's mutex),
// so its fields need no synchronization of their own.
type op struct {
	fd    *FD
	write bool

	// Timeout is the call's mode: negative blocks, zero never waits,
	// positive waits at most that long.
	Timeout time.Duration
	// Spin is how long a call that would wait first retries instead,
	// yielding the processor between tries (see spin); 0 parks at once.
	Spin time.Duration

	// timedFrom is when the call's timeout began to run: the start of a
	// call the timeout bounds as a whole (Sendall, Sendfile), or the first
	// EAGAIN of a call that spun; zero means "when it first parks".
	timedFrom time.Time
	spinUntil time.Time

	armed bool // the call limited the poller deadline: end it after the call

	dl deadline // the user's deadline and the call's, composed (deadline.go)

	// Errno is the call's system-call result: 0, or the errno that ended it.
	Errno unix.Errno
}

// wouldBlock is called from inside a RawConn callback when the system call
// said EAGAIN (or EINPROGRESS). It returns true to stop without waiting
// (non-blocking mode) and false to park in the poller, arming the deadline on
// the first wait of a timed call: arming only when a wait is really needed
// saves a timer update on every call whose data is already there.
func (o *op) wouldBlock() bool {
	if o.Timeout == 0 {
		return true
	}
	if o.Timeout > 0 && !o.armed {
		o.arm()
	}
	return false
}

func (o *op) arm() {
	from := o.timedFrom
	if from.IsZero() {
		from = time.Now()
	}
	o.limitCall(from.Add(o.Timeout))
	o.armed = true
}

// begin resets the timing state of a new call. whole says the timeout
// bounds the call as a whole, so it runs from now; otherwise it runs from
// the first wait, or from the first EAGAIN of a spin (spin and park
// together must not wait up to twice the timeout).
func (o *op) begin(whole bool) {
	o.timedFrom, o.spinUntil = time.Time{}, time.Time{}
	if whole && o.Timeout > 0 {
		o.timedFrom = time.Now()
	}
}

// spin is called where a system call said EAGAIN, before wouldBlock. It
// reports whether to try again at once: for up to o.Spin after the first
// EAGAIN of a call that may wait, it yields the processor (runtime.Gosched)
// and asks for another try. Parking in the poller costs a thread wake-up
// when the data comes, often microseconds on a virtual machine; a peer that
// answers within the spin saves it, at the price of the CPU the spin burns.
func (o *op) spin() bool {
	if o.Spin <= 0 || o.Timeout == 0 {
		return false
	}
	now := time.Now()
	if o.spinUntil.IsZero() {
		d := o.Spin
		if o.Timeout > 0 {
			d = min(d, o.Timeout) // a spin never outlasts the call's timeout
		}
		o.timedFrom, o.spinUntil = now, now.Add(d)
	} else if !now.Before(o.spinUntil) {
		return false
	}
	runtime.Gosched()
	return true
}

// past is a deadline that has always expired: setting it wakes a parked call.
var past = time.Unix(1, 0)

// wait runs fn through RawConn.Read or Write until fn returns true, in the
// op's mode. A cancellable ctx interrupts the wait by setting a past
// deadline, as net does; a nil or never-done ctx costs nothing. The error is
// RawConn's (closed, deadline, ctx) mapped for callers; fn's own result is
// left in the op.
func (o *op) wait(ctx context.Context, fn func(uintptr) bool) error {
	var (
		stop  func() bool
		fired chan struct{}
	)
	if ctx != nil && ctx.Done() != nil {
		if err := ctx.Err(); err != nil {
			return ContextError(err)
		}
		// limitCall keeps the earlier deadline, so a timeout armed by
		// the callback after the context fired cannot lose the
		// cancellation.
		fired = make(chan struct{})
		stop = context.AfterFunc(ctx, func() {
			o.limitCall(past)
			close(fired)
		})
	}
	var err error
	if o.write {
		err = o.fd.rc.Write(fn)
	} else {
		err = o.fd.rc.Read(fn)
	}
	var ctxErr error
	if stop != nil && !stop() {
		<-fired // the past deadline is set: end it below, after it lands
		o.armed = true
		if err != nil && !o.fd.closing.Load() {
			// Not through mapErr, which would flatten a context
			// deadline to a bare os.ErrDeadlineExceeded.
			ctxErr = ContextError(ctx.Err())
		}
	}
	if o.armed {
		// Back to the user's deadline: a stale one of the call would
		// fail the next call before it even tries.
		o.endCall()
		o.armed = false
	}
	if ctxErr != nil {
		return ctxErr
	}
	if err != nil {
		return o.fd.mapErr(err)
	}
	return nil
}

// ContextError maps a context's error to what callers branch on: a
// cancellation stays context.Canceled; a context deadline is reported as the
// same timeout as a socket timeout, and still matches
// context.DeadlineExceeded.
func ContextError(err error) error {
	if err == context.DeadlineExceeded {
		return deadlineError{}
	}
	return err
}

// deadlineError is os.ErrDeadlineExceeded caused by a context's deadline.
type deadlineError struct{}

func (deadlineError) Error() string   { return "i/o timeout" }
func (deadlineError) Timeout() bool   { return true }
func (deadlineError) Temporary() bool { return true }
func (deadlineError) Is(target error) bool {
	return target == os.ErrDeadlineExceeded || target == context.DeadlineExceeded
}
