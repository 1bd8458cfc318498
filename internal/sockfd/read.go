package sockfd

import (
	"context"

	"golang.org/x/sys/unix"
)

// readKind selects the system call a ReadOp makes.
type readKind uint8

const (
	recvfromCall readKind = iota // recvfrom(2); recv(2) without wantFrom
	recvmsgCall                  // recvmsg(2) into msg
	acceptCall                   // accept4(2) with SOCK_NONBLOCK|SOCK_CLOEXEC, or its emulation (accept)
	readableCall                 // poll(2): wait until a receive would not block
	rawReadCall                  // the caller's raw function
)

// ReadOp is the state of the one receiving call that has the turn on a
// descriptor. Its arguments and results live here, not in a closure, and
// its callback is a method value bound once in init: that is what keeps the
// receive path free of allocations even when the goroutine parks in the
// poller. Only the entry points below touch it.
type ReadOp struct {
	op
	run func(uintptr) bool

	// Arguments.
	buf   []byte // recvfromCall
	*msg         // recvmsgCall: data and control buffers, made on the first
	flags int
	raw   func(sysfd uintptr) unix.Errno // rawReadCall

	// Results.
	n      int                  // bytes received, or the accepted descriptor
	oobn   int32                // recvmsgCall: control bytes received
	rflags int32                // recvmsgCall: msg_flags
	from   *unix.RawSockaddrAny // made on the first call that asks for an address

	// Small fields last, packed into one word.
	fromLen  uint32
	kind     readKind
	wantFrom bool // recvfromCall: ask for the sender's address
}

func (o *ReadOp) init(fd *FD) {
	o.op.init(fd, false)
	o.run = o.call
}

// Recvfrom receives into p with recvfrom(2), or recv(2) when from is nil,
// in mode m, and copies the sender's address to from. err is a unix.Errno
// when the system call failed, else the wait's error (net.ErrClosed,
// os.ErrDeadlineExceeded, the context's). With m.Whole (MSG_WAITALL on a
// blocking stream socket) it receives until p is full, the stream ends or
// an error comes, and then returns what arrived without the error, as
// recv(2) does; the next call reports it.
func (fd *FD) Recvfrom(ctx context.Context, m Mode, p []byte, flags int, from *unix.RawSockaddrAny) (n int, fromLen uint32, err error) {
	// The direct try first (fast.go); the op only for a call that waits
	// or queues. The frames stay small: a goroutine parked in here keeps
	// its stack, and past about 1 KB of frames it doubles to 4 KB.
	var (
		o        *ReadOp
		queuedAt int64
	)
	if fd.rd.turn.held.CompareAndSwap(false, true) {
		var done bool
		start := wholeStart(m)
		if n, fromLen, err, done = fd.recvfromNow(ctx, m, p, flags, from); done {
			fd.releaseRead()
			return n, fromLen, err
		}
		o = fd.reader()
		queuedAt = o.afterDirect(err, start)
	} else {
		o = fd.reader()
		if queuedAt, err = o.take(ctx, m.Timeout); err != nil {
			return 0, 0, err
		}
	}
	if o.pending != 0 {
		err = o.takePending()
		o.release()
		return 0, 0, err
	}
	o.kind, o.buf, o.flags, o.wantFrom = recvfromCall, p, flags, from != nil
	o.prepare(m, queuedAt, n)
	err = o.finish(m, o.wait(ctx, o.run))
	n = o.n
	fromLen = 0
	if from != nil && err == nil {
		*from, fromLen = *o.from, o.fromLen
	}
	o.buf = nil
	o.release()
	return n, fromLen, err
}

// MsgResult is what a recvmsg(2) call received besides the data.
type MsgResult struct {
	N       int    // data bytes
	OOBN    int    // control bytes
	Flags   int    // msg_flags
	FromLen uint32 // the length of the sender's address
}

// Recvmsg receives into bufs (or p alone when bufs is nil) and oob with
// recvmsg(2) in mode m, and copies the sender's address to from. Errors
// and m.Whole are Recvfrom's; a whole call receives control data with its
// first part only.
func (fd *FD) Recvmsg(ctx context.Context, m Mode, bufs [][]byte, p, oob []byte, flags int, from *unix.RawSockaddrAny) (MsgResult, error) {
	o := fd.reader()
	queuedAt, err := o.take(ctx, m.Timeout)
	if err != nil {
		return MsgResult{}, err
	}
	if o.pending != 0 {
		err = o.takePending()
		o.release()
		return MsgResult{}, err
	}
	o.kind, o.flags = recvmsgCall, flags
	if o.msg == nil {
		o.msg = new(msg)
	}
	o.set(bufs, p, oob)
	err = o.do(ctx, m, queuedAt, 0)
	r := MsgResult{N: o.n, OOBN: int(o.oobn), Flags: int(o.rflags)}
	if err == nil {
		*from, r.FromLen = *o.from, o.fromLen
	}
	o.reset()
	o.release()
	return r, err
}

// Accept accepts a connection with accept4(2) in mode m (which never
// spins), making the new descriptor non-blocking and close-on-exec (with
// paccept(2) on NetBSD, accept_netbsd.go; with accept(2) and fcntl(2) on
// macOS and OpenBSD, accept_cloexec.go), and copies the peer's address to
// from. Errors are Recvfrom's.
func (fd *FD) Accept(ctx context.Context, m Mode, from *unix.RawSockaddrAny) (nfd int, fromLen uint32, err error) {
	o := fd.reader()
	queuedAt, err := o.take(ctx, m.Timeout)
	if err != nil {
		return -1, 0, err
	}
	o.kind = acceptCall
	m.Spin, m.Whole = 0, false
	err = o.do(ctx, m, queuedAt, 0)
	nfd = o.n
	if err == nil {
		*from, fromLen = *o.from, o.fromLen
	} else {
		nfd = -1
	}
	o.release()
	return nfd, fromLen, err
}

// WaitReadable waits, in mode m, until a receive (or an accept) would not
// block, without receiving anything: poll(2) checks, the poller waits.
// Errors are Recvfrom's; in non-blocking mode it is EAGAIN when not ready.
func (fd *FD) WaitReadable(ctx context.Context, m Mode) error {
	m.Spin = 0
	return fd.readOnce(ctx, m, readableCall, nil)
}

// readOnce makes a receiving call that uses none of the op's buffers: a
// readiness wait, or the caller's raw function fn.
func (fd *FD) readOnce(ctx context.Context, m Mode, kind readKind, fn func(uintptr) unix.Errno) error {
	o := fd.reader()
	queuedAt, err := o.take(ctx, m.Timeout)
	if err != nil {
		return err
	}
	o.kind, o.raw = kind, fn
	m.Whole = false
	err = o.do(ctx, m, queuedAt, 0)
	o.raw = nil
	o.release()
	return err
}

// do runs the call that has the turn and returns its error. n is what
// the entry point's direct tries already received.
func (o *ReadOp) do(ctx context.Context, m Mode, queuedAt int64, n int) error {
	o.prepare(m, queuedAt, n)
	return o.finish(m, o.wait(ctx, o.run))
}

// prepare begins the call in mode m: its results reset to n bytes
// received, and the sender's address storage cleared where the call
// reports one. Recvfrom calls prepare, wait and finish itself, so that a
// goroutine parked in it has one frame less on its stack.
func (o *ReadOp) prepare(m Mode, queuedAt int64, n int) {
	o.n, o.oobn, o.rflags, o.fromLen = n, 0, 0, 0
	if o.kind != recvfromCall || o.wantFrom {
		// Addr equality needs the unused tail zeroed; a plain recv
		// reports no address and skips the 112-byte clear (and a socket
		// that only ever receives that way never holds the storage).
		if o.from == nil {
			o.from = new(unix.RawSockaddrAny)
		} else {
			*o.from = unix.RawSockaddrAny{}
		}
	}
	o.begin(m, queuedAt)
}

// finish is the call's error once its wait returned waitErr.
func (o *ReadOp) finish(m Mode, waitErr error) error {
	if m.Whole && o.n > 0 {
		// What arrived is returned; the error comes with the next call,
		// as recv(2) with MSG_WAITALL does.
		if waitErr == nil && o.errno != 0 && o.errno != unix.EAGAIN {
			o.pending = uint16(o.errno)
		}
		return nil
	}
	return o.result(waitErr)
}

// call is the RawConn callback: one attempt, retried on EINTR (PEP 475),
// and for a whole call repeated until its buffers are full.
func (o *ReadOp) call(s uintptr) bool {
	o.wake()
	for {
		r, e := o.syscall(s)
		switch e {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			o.errno = e
			if o.spin() {
				continue
			}
			return o.wouldBlock()
		case 0:
			o.errno = 0
			if o.mode.Whole && o.kind != acceptCall {
				o.n += int(r)
				if r > 0 && o.n < o.wanted() {
					continue
				}
				return true
			}
			o.n = int(r)
			return true
		}
		// The kernel's -1 is not a count: n stays what arrived before.
		o.errno = e
		return true
	}
}

// wanted is how many bytes a receive asks for in all.
func (o *ReadOp) wanted() int {
	if o.kind == recvmsgCall {
		return o.msg.total()
	}
	return len(o.buf)
}

func (o *ReadOp) syscall(s uintptr) (uintptr, unix.Errno) {
	switch o.kind {
	case recvmsgCall:
		if o.n > 0 {
			o.oob = nil // control data comes with the first part only
		}
		total := o.build(o.n, o.from, unix.SizeofSockaddrAny)
		r, e := sysRecvmsg(s, &o.hdr, o.flags, total)
		if e == 0 {
			o.fromLen = o.hdr.Namelen
			if o.oob != nil {
				o.oobn = int32(o.hdr.Controllen)
			}
			o.rflags |= int32(o.hdr.Flags)
		}
		return r, e
	case acceptCall:
		o.fromLen = unix.SizeofSockaddrAny
		return accept(s, o.from, &o.fromLen) // accept4.go, accept_netbsd.go, accept_cloexec.go
	case readableCall:
		return pollNow(s, unix.POLLIN)
	case rawReadCall:
		return 0, o.raw(s)
	default:
		if !o.wantFrom {
			return sysRecvfrom(s, o.buf[o.n:], o.flags, nil, nil)
		}
		// A failed call leaves its length in l, not in fromLen: a whole
		// receive returns the address of the call that got its data.
		l := uint32(unix.SizeofSockaddrAny)
		r, e := sysRecvfrom(s, o.buf[o.n:], o.flags, o.from, &l)
		if e == 0 {
			o.fromLen = l
		}
		return r, e
	}
}

// pollNow asks poll(2), without waiting, whether the descriptor is ready for
// events, and answers as a non-blocking call would: 0 when it is (an error
// or hang-up counts, as select(2) counts them), EAGAIN when not.
func pollNow(s uintptr, events int16) (uintptr, unix.Errno) {
	fds := [1]unix.PollFd{{Fd: int32(s), Events: events}}
	n, err := unix.Poll(fds[:], 0)
	switch e, _ := err.(unix.Errno); {
	case err != nil && e != 0:
		return 0, e
	case err != nil:
		return 0, unix.EINVAL
	case n == 0:
		return 0, unix.EAGAIN
	}
	return 0, 0
}

// RawRead makes the system call of fn on the descriptor in mode m, through
// the read turn and the poller, for the calls this package has no entry
// point of its own for (recvmmsg, the subpackages' calls). fn returns its
// system call's errno: EINTR makes it run again, EAGAIN parks (or fails, in
// non-blocking mode). Bind fn once (a method value stored in the caller's
// state, with its arguments in fields), as this package does: a closure
// made per call allocates. Errors are Recvfrom's.
func (fd *FD) RawRead(ctx context.Context, m Mode, fn func(sysfd uintptr) unix.Errno) error {
	return fd.readOnce(ctx, m, rawReadCall, fn)
}
