package sockfd

import (
	"context"
	"math"

	"golang.org/x/sys/unix"
)

// The entry points of the send direction, shaped as recv.go's. Every send
// adds MSG_DONTWAIT and MSG_NOSIGNAL (sendFlags; SO_NOSIGPIPE on macOS).

// Sendto sends b with sendto(2) to the address to (send(2) when to is nil)
// in mode m, and returns how many bytes went out. err is a unix.Errno when
// the system call failed, else the wait's error. With m.Whole it sends
// until all of b is queued, and n says how much was sent also on error.
func (fd *FD) Sendto(ctx context.Context, m Mode, b []byte, flags int, to *unix.RawSockaddrAny, toLen uint32) (n int, err error) {
	var (
		o        *op
		queuedAt instant
	)
	if fd.send.state.take() {
		var done bool
		start := wholeStart(m)
		if n, err, done = fd.sendtoNow(ctx, m, b, flags, to, toLen); done {
			fd.send.endTurn()
			return n, err
		}
		o = fd.op(&fd.send)
		queuedAt = o.afterDirect(err, start)
	} else {
		o = fd.op(&fd.send)
		if queuedAt, err = o.take(ctx, m.Timeout); err != nil {
			return 0, err
		}
	}
	o.kind, o.buf, o.flags = sendtoCall, b, uint32(flags)
	o.setAddr(to, toLen)
	o.prepare(m, queuedAt, n)
	err = o.finish(o.wait(ctx, o.run))
	n = o.n
	o.buf = nil
	o.dir().endTurn()
	return n, err
}

// Sendmsg sends bufs (or p alone when bufs is nil) and the control data oob
// with sendmsg(2) to the address to (none when to is nil) in mode m.
// Errors and m.Whole are Sendto's; a whole call sends the control data
// with its first part only.
func (fd *FD) Sendmsg(ctx context.Context, m Mode, bufs [][]byte, p, oob []byte, flags int, to *unix.RawSockaddrAny, toLen uint32) (n int, err error) {
	o, queuedAt, err := fd.takeTurn(ctx, &fd.send, m)
	if err != nil {
		return 0, err
	}
	o.kind, o.flags = sendmsgCall, uint32(flags)
	o.setMsg(bufs, p, oob)
	o.setAddr(to, toLen)
	err = o.do(ctx, m, queuedAt)
	n = o.n
	o.reset()
	o.dir().endTurn()
	return n, err
}

// Connect connects to the address to with connect(2) in mode m, waiting
// for the connection to be made as a blocking connect(2) does, unless m is
// non-blocking (EINPROGRESS). With soError, an attempt that had to wait
// gets its outcome from SO_ERROR, for a family whose connect(2), asked
// again, starts a new attempt rather than report how the last one ended
// (AF_VSOCK); otherwise from connect(2) again (see op.connect). Errors are
// Sendto's.
func (fd *FD) Connect(ctx context.Context, m Mode, to *unix.RawSockaddrAny, toLen uint32, soError bool) error {
	m.Spin, m.Whole = 0, false
	o, queuedAt, err := fd.takeTurn(ctx, &fd.send, m)
	if err != nil {
		return err
	}
	o.kind, o.started, o.soError = connectCall, false, soError
	o.setAddr(to, toLen)
	err = o.do(ctx, m, queuedAt)
	o.dir().endTurn()
	return err
}

// Sendfile sends count bytes (0: up to the end) of the file inFD from
// offset with sendfile(2), in mode m bounded as a whole, and returns how
// many went out, also on error. Errors are Sendto's; ENOSYS with nothing
// sent where this package has no sendfile(2) (sendfile_none.go).
func (fd *FD) Sendfile(ctx context.Context, m Mode, inFD int, offset, count int64) (n int64, err error) {
	m.Spin, m.Whole = 0, true
	o, queuedAt, err := fd.takeTurn(ctx, &fd.send, m)
	if err != nil {
		return 0, err
	}
	if o.file == nil {
		o.file = new(sendfileArgs)
	}
	o.kind = sendfileCall
	*o.file = sendfileArgs{inFD: inFD, offset: offset}
	if count > 0 {
		o.file.end = offset + min(count, math.MaxInt64-offset)
	}
	err = o.do(ctx, m, queuedAt)
	n = o.file.offset - offset
	o.dir().endTurn()
	return n, err
}

// WaitWritable waits, in mode m, until a send would not block (or a
// connection in progress has completed or failed), without sending
// anything. Errors are Sendto's; in non-blocking mode it is EAGAIN when not
// ready.
func (fd *FD) WaitWritable(ctx context.Context, m Mode) error {
	return fd.once(ctx, &fd.send, m, writableCall, nil)
}

// RawWrite is RawRead for the send direction (sendmmsg, the subpackages'
// sending calls). fn never spins.
func (fd *FD) RawWrite(ctx context.Context, m Mode, fn func(sysfd uintptr) unix.Errno) error {
	return fd.once(ctx, &fd.send, m, rawCall, fn)
}

// setAddr puts the destination address, if any, in the op.
func (o *op) setAddr(to *unix.RawSockaddrAny, toLen uint32) {
	o.addrLen = 0
	if to != nil && toLen > 0 {
		if o.addr == nil {
			o.addr = new(unix.RawSockaddrAny)
		}
		*o.addr, o.addrLen = *to, toLen
	}
}
