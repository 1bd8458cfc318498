package sockfd

import (
	"context"
	"errors"
	"net"
	"os"
	"runtime"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Mode is how one call that may wait runs: the socket's mode when the call
// is made, and what the call asks of it.
type Mode struct {
	// Timeout: negative blocks, zero never waits, positive waits at most
	// that long.
	Timeout time.Duration
	// Spin is how long a receive that would wait first retries instead,
	// yielding the processor between tries (see spin); 0 parks at once.
	Spin time.Duration
	// Whole makes the call go on until all its data is moved, as a
	// blocking send(2) on a stream socket, sendall and a blocking
	// MSG_WAITALL receive do, and makes the timeout bound the call as a
	// whole rather than each wait.
	Whole bool
}

// op is the state of the one call of a direction that holds the turn and
// waits (or queues, or keeps arguments here): its mode, its arguments and
// results, and the direction's queue and poller deadline. Its arguments
// and results live here, not in a closure, and its callback is a method
// value bound once (run): that keeps every path free of allocations even
// when the goroutine parks in the poller. Only the call that holds the
// turn touches the call's fields; mu guards the queue and the deadline,
// which other goroutines touch too (SetUserDeadline, Close, a context).
type op struct {
	fd  *FD
	run func(uintptr) bool // o.call, bound once

	// The call's mode (see Mode).
	timeout, spinFor time.Duration

	// timedFrom is when the call's timeout began to run: when the call was
	// made, for a call bounded as a whole or one that queued for its
	// turn; the first EAGAIN of a call that spun; noInstant means "when
	// it first parks".
	timedFrom instant
	spinUntil instant
	exact     instant // the call's deadline when the poller has it rounded down (armCall)

	mu    sync.Mutex
	queue waitQueue // the calls queued for the turn (turn.go)
	dl    deadline  // the user's deadline and the call's, composed (deadline.go)

	// The call's arguments and results (call.go).
	buf  []byte                         // recvfrom, sendto
	*msg                                // recvmsg, sendmsg: made on the first
	raw  func(sysfd uintptr) unix.Errno // rawCall
	// addr is the sender's address a receive reports (made on the first
	// that asks), or the destination of a send and the address to
	// connect to.
	addr    *unix.RawSockaddrAny
	n       int // bytes moved, or the accepted descriptor
	file    *sendfileArgs
	flags   uint32 // the caller's MSG_* flags (the kernel's unsigned int)
	addrLen uint32
	oobn    int32 // recvmsg: control bytes received
	rflags  int32 // recvmsg: msg_flags

	// errno is the call's system-call result: 0, or the errno that ended
	// it (errno values fit 16 bits; the op stays in a smaller size class).
	errno uint16
	// pending is the errno that ended a whole receive after it had data:
	// that call returned the data, and the next receive returns the
	// error, as the kernel's blocking recv(2) leaves it for the next
	// call; here the call that saw it consumed it (a reset is reported
	// once).
	pending uint16

	kind callKind
	send bool // the op is the send direction's

	// The call protocol's flags.
	whole      bool // the call moves all its data (Mode.Whole)
	wantAddr   bool // recvfrom: ask for the sender's address; accept: for the peer's
	started    bool // connect: connect(2) has been issued
	soError    bool // connect: a resumed attempt's outcome is SO_ERROR's (Connect)
	tried      bool // the entry point's direct try said EAGAIN: wait at once
	armed      bool // the call limited the poller deadline: end it after the call
	parkedNow  bool // the call in progress parked
	parkedLast bool // the last call parked: the next goes to the poller at once
}

// dir is the direction the op serves.
func (o *op) dir() *direction {
	if o.send {
		return &o.fd.send
	}
	return &o.fd.recv
}

// setErrno records the call's system-call result.
func (o *op) setErrno(e unix.Errno) { o.errno = uint16(e) }

// takePending returns the error a whole receive left for this call, and
// clears it; a closed descriptor's calls report that instead.
func (o *op) takePending() error {
	e := unix.Errno(o.pending)
	o.pending = 0
	if o.fd.closing.Load() {
		return net.ErrClosed
	}
	return e
}

func (o *op) init(fd *FD, d *direction) {
	o.fd, o.send = fd, d == &fd.send
	o.run = o.call
}

// op returns the op of direction d, making it on the direction's first
// call that needs one.
func (fd *FD) op(d *direction) *op {
	if o := d.op.Load(); o != nil {
		return o
	}
	o := &op{}
	o.init(fd, d)
	if !d.op.CompareAndSwap(nil, o) {
		return d.op.Load()
	}
	return o
}

// takeTurn takes direction d's turn for a call in mode m, through its op
// (every entry point but the direct tries of Recvfrom and Sendto).
func (fd *FD) takeTurn(ctx context.Context, d *direction, m Mode) (*op, instant, error) {
	o := fd.op(d)
	queuedAt, err := o.take(ctx, m.Timeout)
	return o, queuedAt, err
}

// once makes a call in direction d that uses none of the op's buffers: a
// readiness wait, or the caller's raw function fn. Only a raw receive
// spins.
func (fd *FD) once(ctx context.Context, d *direction, m Mode, kind callKind, fn func(uintptr) unix.Errno) error {
	if kind != rawCall || d == &fd.send {
		m.Spin = 0
	}
	m.Whole = false
	o, queuedAt, err := fd.takeTurn(ctx, d, m)
	if err != nil {
		return err
	}
	o.kind, o.raw = kind, fn
	err = o.do(ctx, m, queuedAt)
	o.raw = nil
	o.dir().endTurn()
	return err
}

// setMsg makes the op's msg, on its first recvmsg or sendmsg, with the
// call's buffers.
func (o *op) setMsg(bufs [][]byte, p, oob []byte) {
	if o.msg == nil {
		o.msg = new(msg)
	}
	o.set(bufs, p, oob)
}

// do runs the call that holds the turn and returns its error.
func (o *op) do(ctx context.Context, m Mode, queuedAt instant) error {
	o.prepare(m, queuedAt, 0)
	return o.finish(o.wait(ctx, o.run))
}

// prepare begins the call in mode m: its results reset to n bytes moved
// (what the entry point's direct tries moved), and the sender's address
// storage cleared where a receive reports one. queuedAt is when the call
// was made if it queued for its turn. Its timeout runs from the first
// wait, or from the first EAGAIN of a spin (spin and park together must
// not wait up to twice the timeout), except for a call bounded as a whole
// or one that queued, whose timeout runs from when it was made. Recvfrom
// and Sendto call prepare, wait and finish themselves, so that a goroutine
// parked there has one frame less on its stack.
func (o *op) prepare(m Mode, queuedAt instant, n int) {
	o.n, o.oobn, o.rflags = n, 0, 0
	o.timeout, o.spinFor, o.whole, o.errno = m.Timeout, m.Spin, m.Whole, 0
	o.timedFrom, o.spinUntil, o.exact = noInstant, noInstant, noInstant
	if m.Timeout > 0 {
		switch {
		case queuedAt != noInstant:
			o.timedFrom = queuedAt
		case m.Whole:
			o.timedFrom = now()
		}
	}
	switch {
	case o.kind == recvmsgCall || ((o.kind == acceptCall || o.kind == recvfromCall) && o.wantAddr):
		// Addr equality needs the unused tail zeroed; a plain recv
		// reports no address and skips the 112-byte clear (and a
		// socket that only ever receives that way never holds the
		// storage).
		if o.addr == nil {
			o.addr = new(unix.RawSockaddrAny)
		} else {
			*o.addr = unix.RawSockaddrAny{}
		}
		o.addrLen = 0
	}
}

// finish is the call's error once its wait returned waitErr: the wait's
// (closed, deadline, context) if it failed, else the system call's errno,
// else nil. A whole receive that got data returns it without the error
// that ended it: that comes with the next receive, as with recv(2) and
// MSG_WAITALL.
func (o *op) finish(waitErr error) error {
	if o.whole && o.n > 0 && (o.kind == recvfromCall || o.kind == recvmsgCall) {
		if waitErr == nil && o.errno != 0 && unix.Errno(o.errno) != unix.EAGAIN {
			o.pending = o.errno
		}
		return nil
	}
	if waitErr != nil {
		return waitErr
	}
	if o.errno != 0 {
		return unix.Errno(o.errno)
	}
	return nil
}

// wouldBlock is called from inside a RawConn callback when the system call
// said EAGAIN (or EINPROGRESS). It returns true to stop without waiting
// (non-blocking mode) and false to park in the poller, arming the deadline on
// the first wait of a timed call: arming only when a wait is really needed
// saves a timer update on every call whose data is already there.
func (o *op) wouldBlock() bool {
	if o.timeout == 0 {
		return true
	}
	if o.timeout > 0 && !o.armed && o.fd.reg.Load() != nil {
		// In the poller (a call under a user deadline, or one that
		// expected to park, goes there at once); a direct try arms in
		// wait, after registering.
		o.armCall()
	}
	o.dir().state.park()
	o.parkedNow = true
	return false
}

// resumed is called on entering a RawConn callback: a call that parked is
// running again.
func (o *op) resumed() { o.dir().state.resume() }

// spin is called where a system call said EAGAIN, before wouldBlock. It
// reports whether to try again at once: for up to the mode's Spin after
// the first EAGAIN of a call that may wait, it yields the processor
// (runtime.Gosched) and asks for another try. Parking in the poller costs a
// thread wake-up when the data comes, often microseconds on a virtual
// machine; a peer that answers within the spin saves it, at the price of
// the CPU the spin burns.
func (o *op) spin() bool {
	if o.spinFor <= 0 || o.timeout == 0 {
		return false
	}
	t := now()
	if o.spinUntil == noInstant {
		d := o.spinFor
		if o.timeout > 0 {
			d = min(d, o.timeout) // a spin never outlasts the call's timeout
		}
		if o.timedFrom == noInstant {
			o.timedFrom = t
		}
		o.spinUntil = instantAfter(t, d)
	} else if t >= o.spinUntil {
		return false
	}
	runtime.Gosched()
	return true
}

// past is a deadline that has always expired: setting it wakes a parked call.
const past instant = 1

// wait runs fn until it returns true, in the op's mode: first directly on
// the descriptor, then, if fn said it must wait, through the poller
// (RawConn.Read or Write), which calls fn again before it parks (an event
// that came between the two tries would otherwise be lost). A call under a
// user deadline goes to the poller at once, which fails it if the deadline
// has passed. A cancellable ctx interrupts the wait by setting a past
// deadline, as net does; a never-done ctx costs nothing. The error is the
// wait's (closed, deadline, ctx) mapped for callers; fn's own result is
// left in the op.
func (o *op) wait(ctx context.Context, fn func(uintptr) bool) error {
	// The work before and after the poller is in functions of its own, so
	// that this frame, which stays on the stack of a parked goroutine, is
	// small (past about 1 KB of frames a parked goroutine's stack doubles).
	reg, err, done := o.beforePoller(ctx, fn)
	if done {
		return err
	}
	w := o.watch(ctx)
	var pause time.Duration
	for {
		if o.send {
			err = reg.rc.Write(fn)
		} else {
			err = reg.rc.Read(fn)
		}
		if err == nil {
			break
		}
		if o.errorEvent(err) {
			var done bool
			if pause, done = o.pastErrorEvent(fn, pause); done {
				err = nil
				break
			}
			continue
		}
		if !o.retryDeadline(ctx, err) {
			break
		}
	}
	return o.afterPoller(ctx, err, w)
}

// errorEvent reports whether err, from the poller's read wait, is the
// runtime's refusal after an event that was EPOLLERR alone: a socket
// neither readable nor writable with something on its error queue (a
// zero-copy completion while the send buffer is full) or a pending error.
// The runtime then fails every read wait, before it tries the call, until
// the next event (netpollcheckerr's eventErr); closing and deadlines are
// reported before it, so any other error of RawConn.Read is this one.
func (o *op) errorEvent(err error) bool {
	return !o.send && !o.fd.closing.Load() && !errors.Is(err, os.ErrDeadlineExceeded)
}

// beforePoller is wait up to the poller: the direct try, registration and
// arming. done reports that the call ended (err is its wait error) or, for
// false, that it goes to the poller reg.
func (o *op) beforePoller(ctx context.Context, fn func(uintptr) bool) (reg *registration, err error, done bool) {
	if ctx.Done() != nil {
		if err := ctx.Err(); err != nil {
			return nil, ContextError(err), true
		}
	}
	fd := o.fd
	// hasUser first: SetUserDeadline registers before it sets hasUser, so
	// a call that sees a user deadline also sees the registration.
	hasUser := o.dl.hasUser.Load()
	reg = fd.reg.Load()
	o.parkedNow = false
	// A direct try saves the poller's lock, reset and defer when the call
	// need not wait; when it must, the try is wasted (the poller's reset
	// makes RawConn try again before parking). So try directly unless
	// this direction's last call parked (a ping-pong parks every time).
	if !hasUser && (reg == nil || !o.parkedLast) {
		if !fd.enter() {
			return nil, net.ErrClosed, true
		}
		if o.tried {
			// The entry point tried and was told EAGAIN: go on as fn
			// would have, to the poller.
			o.tried = false
			o.dir().state.park()
			o.parkedNow = true
		} else if fn(uintptr(fd.Sysfd)) {
			fd.exit()
			o.parkedLast = false
			return nil, nil, true
		}
		reg, err = fd.registerAside()
		fd.exit()
		if err != nil {
			return nil, fd.mapErr(err), true
		}
		if o.timeout > 0 {
			o.armCall()
		}
	} else {
		o.tried = false // the poller tries first anyway
		if reg == nil {
			// SetUserDeadline registers before it sets hasUser; only
			// a closing descriptor can lack a registration here.
			return nil, net.ErrClosed, true
		}
	}
	switch {
	case o.timeout > 0 && !o.armed && !hasUser:
		// Straight to the poller: arm now, for RawConn checks the
		// deadline before it calls fn, and a finished call's, expired,
		// would fail this one before it tries.
		o.armCall()
	case o.dl.leftover.Load() && o.timeout <= 0:
		o.dropLeftover() // a call without a timeout must not park under it
	}
	return reg, nil, false
}

// contextWatch is a cancellable context's hold on a waiting call: when the
// context ends, a past deadline wakes the call.
type contextWatch struct {
	stop  func() bool
	fired chan struct{}
}

// watch makes the contextWatch of a context that can end; nil otherwise.
func (o *op) watch(ctx context.Context) *contextWatch {
	if ctx.Done() == nil {
		return nil
	}
	// limitCall keeps the earlier deadline, so a timeout armed by the
	// callback after the context fired cannot lose the cancellation.
	w := &contextWatch{fired: make(chan struct{})}
	w.stop = context.AfterFunc(ctx, func() {
		o.limitCall(past)
		close(w.fired)
	})
	return w
}

// retryDeadline reports whether the poller's deadline error err fired
// before the call's own deadline (armCall rounds it down), which makes the
// call wait again.
func (o *op) retryDeadline(ctx context.Context, err error) bool {
	return errors.Is(err, os.ErrDeadlineExceeded) && o.firedEarly(ctx)
}

// afterPoller is wait after the poller returned err: it ends the context
// watch w and the call's deadline, and maps the error for callers.
func (o *op) afterPoller(ctx context.Context, err error, w *contextWatch) error {
	o.resumed()
	o.parkedLast = o.parkedNow
	var ctxErr error
	if w != nil && !w.stop() {
		<-w.fired // the past deadline is set: end it below, after it lands
		o.armed = true
		if err != nil && !o.fd.closing.Load() {
			// Not through mapErr, which would flatten a context
			// deadline to a bare os.ErrDeadlineExceeded.
			ctxErr = ContextError(ctx.Err())
		}
	}
	if o.armed {
		// The poller's deadline is the call's. Left armed, the next call
		// that waits replaces it (or clears it) before it parks: one
		// timer update per timed wait instead of two. Back
		// to the user's deadline where it could matter: a user deadline,
		// a RawConn handed out, a context that fired.
		if ctxErr != nil || (w != nil && !o.fd.closing.Load() && ctx.Err() != nil) || !o.leaveArmed() {
			o.endCall()
		}
		o.armed = false
	}
	if ctxErr != nil {
		return ctxErr
	}
	return o.fd.mapErr(err)
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
