package sockfd

import (
	"context"
	"math"

	"golang.org/x/sys/unix"
)

// writeKind selects the system call a WriteOp makes.
type writeKind uint8

const (
	sendtoCall   writeKind = iota // sendto(2); send(2) when toLen is 0
	sendmsgCall                   // sendmsg(2) from msg
	connectCall                   // connect(2), repeated until it completes
	sendfileCall                  // sendfile(2) from inFD until count or end of file
	writableCall                  // poll(2): wait until a send would not block
	rawWriteCall                  // the caller's raw function
)

// WriteOp is ReadOp's counterpart: the state of the one sending call that
// has the turn. MSG_NOSIGNAL (noSignal; SO_NOSIGPIPE on macOS) is always
// added to its flags: a closed peer gives EPIPE, never SIGPIPE.
type WriteOp struct {
	op
	run func(uintptr) bool

	// Arguments.
	buf   []byte // sendtoCall
	*msg         // sendmsgCall: data and control buffers, made on the first
	flags int
	raw   func(sysfd uintptr) unix.Errno // rawWriteCall
	to    *unix.RawSockaddrAny           // destination, or the address to connect to; made on the first
	// sendfileCall: the file to send from, where (advanced as bytes go
	// out: the call's progress), and the offset to stop at (0: the end of
	// the file).
	inFD   int
	offset int64
	end    int64

	// Results.
	n int // bytes sent (a whole call: so far, also on error)

	// Small fields last, packed into one word.
	toLen   uint32
	kind    writeKind
	started bool // connectCall: connect(2) has been issued
}

func (o *WriteOp) init(fd *FD) {
	o.op.init(fd, true)
	o.run = o.call
}

// Sendto sends b with sendto(2) to the address to (send(2) when to is nil)
// in mode m, and returns how many bytes went out. err is a unix.Errno when
// the system call failed, else the wait's error. With m.Whole it sends
// until all of b is queued, and n says how much was sent also on error.
func (fd *FD) Sendto(ctx context.Context, m Mode, b []byte, flags int, to *unix.RawSockaddrAny, toLen uint32) (n int, err error) {
	// As Recvfrom: the direct try first, the op only for a call that
	// waits or queues.
	var (
		o        *WriteOp
		queuedAt int64
	)
	if fd.wd.turn.held.CompareAndSwap(false, true) {
		var done bool
		start := wholeStart(m)
		if n, err, done = fd.sendtoNow(ctx, m, b, flags, to, toLen); done {
			fd.releaseWrite()
			return n, err
		}
		o = fd.writer()
		queuedAt = o.afterDirect(err, start)
	} else {
		o = fd.writer()
		if queuedAt, err = o.take(ctx, m.Timeout); err != nil {
			return 0, err
		}
	}
	o.kind, o.buf, o.flags = sendtoCall, b, flags
	o.setTo(to, toLen)
	err = o.do(ctx, m, queuedAt, n)
	n = o.n
	o.buf = nil
	o.release()
	return n, err
}

// Sendmsg sends bufs (or p alone when bufs is nil) and the control data oob
// with sendmsg(2) to the address to (none when to is nil) in mode m.
// Errors and m.Whole are Sendto's; a whole call sends the control data
// with its first part only.
func (fd *FD) Sendmsg(ctx context.Context, m Mode, bufs [][]byte, p, oob []byte, flags int, to *unix.RawSockaddrAny, toLen uint32) (n int, err error) {
	o := fd.writer()
	queuedAt, err := o.take(ctx, m.Timeout)
	if err != nil {
		return 0, err
	}
	o.kind, o.flags = sendmsgCall, flags
	if o.msg == nil {
		o.msg = new(msg)
	}
	o.set(bufs, p, oob)
	o.setTo(to, toLen)
	err = o.do(ctx, m, queuedAt, 0)
	n = o.n
	o.reset()
	o.release()
	return n, err
}

// Connect connects to the address to with connect(2) in mode m, waiting
// for the connection to be made as a blocking connect(2) does, unless m is
// non-blocking (EINPROGRESS). Errors are Sendto's.
func (fd *FD) Connect(ctx context.Context, m Mode, to *unix.RawSockaddrAny, toLen uint32) error {
	o := fd.writer()
	queuedAt, err := o.take(ctx, m.Timeout)
	if err != nil {
		return err
	}
	o.kind, o.started = connectCall, false
	o.setTo(to, toLen)
	m.Spin, m.Whole = 0, false
	err = o.do(ctx, m, queuedAt, 0)
	o.release()
	return err
}

// Sendfile sends count bytes (0: up to the end) of the file inFD from
// offset with sendfile(2), in mode m bounded as a whole, and returns how
// many went out, also on error. Errors are Sendto's; ENOSYS with nothing
// sent where this package has no sendfile(2) (sendfile_none.go).
func (fd *FD) Sendfile(ctx context.Context, m Mode, inFD int, offset, count int64) (n int64, err error) {
	o := fd.writer()
	queuedAt, err := o.take(ctx, m.Timeout)
	if err != nil {
		return 0, err
	}
	o.kind, o.inFD, o.offset, o.end = sendfileCall, inFD, offset, 0
	if count > 0 {
		o.end = offset + min(count, math.MaxInt64-offset)
	}
	m.Spin, m.Whole = 0, true
	err = o.do(ctx, m, queuedAt, 0)
	n = o.offset - offset
	o.release()
	return n, err
}

// WaitWritable waits, in mode m, until a send would not block (or a
// connection in progress has completed or failed), without sending
// anything. Errors are Sendto's; in non-blocking mode it is EAGAIN when not
// ready.
func (fd *FD) WaitWritable(ctx context.Context, m Mode) error {
	return fd.writeOnce(ctx, m, writableCall, nil)
}

// writeOnce makes a sending call that uses none of the op's buffers: a
// readiness wait, or the caller's raw function fn. It never spins.
func (fd *FD) writeOnce(ctx context.Context, m Mode, kind writeKind, fn func(uintptr) unix.Errno) error {
	o := fd.writer()
	queuedAt, err := o.take(ctx, m.Timeout)
	if err != nil {
		return err
	}
	o.kind, o.raw = kind, fn
	m.Spin, m.Whole = 0, false
	err = o.do(ctx, m, queuedAt, 0)
	o.raw = nil
	o.release()
	return err
}

// setTo puts the destination address, if any, in the op.
func (o *WriteOp) setTo(to *unix.RawSockaddrAny, toLen uint32) {
	o.toLen = 0
	if to != nil && toLen > 0 {
		if o.to == nil {
			o.to = new(unix.RawSockaddrAny)
		}
		*o.to, o.toLen = *to, toLen
	}
}

// do runs the call that has the turn and returns its error.
// n is what the entry point's direct tries already sent.
func (o *WriteOp) do(ctx context.Context, m Mode, queuedAt int64, n int) error {
	o.n = n
	o.begin(m, queuedAt)
	return o.result(o.wait(ctx, o.run))
}

func (o *WriteOp) call(s uintptr) bool {
	o.wake()
	switch o.kind {
	case connectCall:
		return o.connect(s)
	case sendfileCall:
		return o.sendfile(s)
	}
	for {
		r, e := o.syscall(s)
		switch e {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			o.errno = e
			return o.wouldBlock()
		case 0:
			o.errno = 0
			if o.kind == writableCall || o.kind == rawWriteCall {
				return true
			}
			if o.mode.Whole {
				o.n += int(r)
				if r > 0 && o.n < o.wanted() {
					continue
				}
				return true
			}
			o.n = int(r)
			return true
		}
		o.errno = e
		return true
	}
}

// wanted is how many bytes a send has to move in all.
func (o *WriteOp) wanted() int {
	if o.kind == sendmsgCall {
		return o.msg.total()
	}
	return len(o.buf)
}

func (o *WriteOp) syscall(s uintptr) (uintptr, unix.Errno) {
	flags := o.flags | noSignal
	switch o.kind {
	case writableCall:
		return pollNow(s, unix.POLLOUT)
	case rawWriteCall:
		return 0, o.raw(s)
	case sendmsgCall:
		var to *unix.RawSockaddrAny
		if o.toLen > 0 {
			to = o.to
		}
		if o.n > 0 {
			o.oob = nil // control data goes with the first part only
		}
		total := o.build(o.n, to, o.toLen)
		return sysSendmsg(s, &o.hdr, flags, total)
	default:
		if o.toLen == 0 {
			return sysSendto(s, o.buf[o.n:], flags, nil, 0)
		}
		return sysSendto(s, o.buf[o.n:], flags, o.to, o.toLen)
	}
}

// connect issues connect(2) and, while the connection is in progress,
// issues it again at every wake-up. On Linux the repeated call answers
// EALREADY until the attempt ends, then reports its outcome (0 or EISCONN
// for success, the error otherwise) and leaves the socket as a blocking
// connect(2) would: reading SO_ERROR instead, as net does for portability,
// leaves a refused socket half-failed, so that the next connect(2) gives
// ECONNABORTED where C and Python see ECONNREFUSED again. A spurious wake-up
// just answers EALREADY.
func (o *WriteOp) connect(s uintptr) bool {
	for {
		e := sysConnect(s, o.to, o.toLen)
		switch {
		case e == unix.EINTR && !o.started:
			// An interrupted connect goes on in the background.
			e = unix.EINPROGRESS
		case e == unix.EINTR:
			continue
		case e == unix.EISCONN && o.started:
			e = 0 // the attempt we waited for succeeded
		}
		o.errno = e
		if e == unix.EINPROGRESS && !o.started && o.mode.Timeout != 0 {
			// Asked once more before waiting: on loopback the
			// handshake has completed by the time connect(2)
			// returns (the SYN-ACK is processed as it releases the
			// socket), and the second call's EISCONN spares the
			// poller registration and the park, about a fifth of
			// a connect+accept (BenchmarkAcceptConnect).
			o.started = true
			continue
		}
		if e == unix.EINPROGRESS || e == unix.EALREADY {
			// In progress (EALREADY: from an earlier call): wait,
			// as a blocking connect(2) does, unless non-blocking.
			o.started = true
			return o.wouldBlock()
		}
		return true
	}
}

// RawWrite is RawRead for the write direction (sendmmsg, the subpackages'
// sending calls). fn never spins.
func (fd *FD) RawWrite(ctx context.Context, m Mode, fn func(sysfd uintptr) unix.Errno) error {
	return fd.writeOnce(ctx, m, rawWriteCall, fn)
}
