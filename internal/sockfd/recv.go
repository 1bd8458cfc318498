package sockfd

import (
	"context"

	"golang.org/x/sys/unix"
)

// The entry points of the receive direction. Each takes the direction's
// turn (turn.go), fills the op with its arguments, waits in the op's mode
// (op.go) and copies the results out; Recvfrom first tries without an op
// (fast.go).

// Recvfrom receives into p with recvfrom(2), or recv(2) when from is nil,
// in mode m, and copies the sender's address to from. err is a unix.Errno
// when the system call failed, else the wait's error (net.ErrClosed,
// os.ErrDeadlineExceeded, the context's). With m.Whole (MSG_WAITALL on a
// blocking stream socket) it receives until p is full, the stream ends or
// an error comes, and then returns what arrived without the error, as
// recv(2) does; the next call reports it.
func (fd *FD) Recvfrom(ctx context.Context, m Mode, p []byte, flags int, from *unix.RawSockaddrAny) (n int, fromLen uint32, err error) {
	// The direct try first, the op only for a call that waits or queues.
	// The frames stay small: a goroutine parked in here keeps its stack,
	// and past about 1 KB of frames it doubles to 4 KB.
	var (
		o        *op
		queuedAt instant
	)
	if fd.recv.state.take() {
		var done bool
		start := wholeStart(m)
		if n, fromLen, err, done = fd.recvfromNow(ctx, m, p, flags, from); done {
			fd.recv.endTurn()
			return n, fromLen, err
		}
		o = fd.op(&fd.recv)
		queuedAt = o.afterDirect(err, start)
	} else {
		o = fd.op(&fd.recv)
		if queuedAt, err = o.take(ctx, m.Timeout); err != nil {
			return 0, 0, err
		}
	}
	if o.pending != 0 {
		err = o.takePending()
		o.dir().endTurn()
		return 0, 0, err
	}
	o.kind, o.buf, o.flags, o.wantAddr = recvfromCall, p, uint32(flags), from != nil
	o.prepare(m, queuedAt, n)
	err = o.finish(o.wait(ctx, o.run))
	n = o.n
	fromLen = 0
	if from != nil && err == nil {
		*from, fromLen = *o.addr, o.addrLen
	}
	o.buf = nil
	o.dir().endTurn()
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
	if flags&msgErrQueue != 0 {
		return fd.RecvErrQueue(ctx, m, bufs, p, oob, flags, from)
	}
	o, queuedAt, err := fd.takeTurn(ctx, &fd.recv, m)
	if err != nil {
		return MsgResult{}, err
	}
	if o.pending != 0 {
		err = o.takePending()
		o.dir().endTurn()
		return MsgResult{}, err
	}
	o.kind, o.flags = recvmsgCall, uint32(flags)
	o.setMsg(bufs, p, oob)
	err = o.do(ctx, m, queuedAt)
	r := MsgResult{N: o.n, OOBN: int(o.oobn), Flags: int(o.rflags)}
	if err == nil {
		*from, r.FromLen = *o.addr, o.addrLen
	}
	o.reset()
	o.dir().endTurn()
	return r, err
}

// Accept accepts a connection with accept4(2) in mode m (which never
// spins), making the new descriptor non-blocking and close-on-exec (with
// paccept(2) on NetBSD, accept_netbsd.go; with accept(2) and fcntl(2) on
// macOS and OpenBSD, accept_cloexec.go), and copies the peer's address to
// from; a nil from asks the kernel for no address (AF_ALG refuses to give
// one). Errors are Recvfrom's.
func (fd *FD) Accept(ctx context.Context, m Mode, from *unix.RawSockaddrAny) (nfd int, fromLen uint32, err error) {
	m.Spin, m.Whole = 0, false
	o, queuedAt, err := fd.takeTurn(ctx, &fd.recv, m)
	if err != nil {
		return -1, 0, err
	}
	o.kind, o.wantAddr = acceptCall, from != nil
	err = o.do(ctx, m, queuedAt)
	nfd = o.n
	if err == nil && from != nil {
		*from, fromLen = *o.addr, o.addrLen
	} else {
		nfd = -1
	}
	o.dir().endTurn()
	return nfd, fromLen, err
}

// WaitReadable waits, in mode m, until a receive (or an accept) would not
// block, without receiving anything: poll(2) checks, the poller waits.
// Errors are Recvfrom's; in non-blocking mode it is EAGAIN when not ready.
func (fd *FD) WaitReadable(ctx context.Context, m Mode) error {
	return fd.once(ctx, &fd.recv, m, readableCall, nil)
}

// RawRead makes the system call of fn on the descriptor in mode m, through
// the receive turn and the poller, for the calls this package has no entry
// point of its own for (recvmmsg, the subpackages' calls). fn returns its
// system call's errno: EINTR makes it run again, EAGAIN parks (or fails, in
// non-blocking mode). fn must not block in the kernel whatever the
// descriptor's O_NONBLOCK says: pass MSG_DONTWAIT where the call takes
// flags, or call EnsureNonblock first. Bind fn once (a method value
// stored in the caller's state, with its arguments in fields), as this
// package does: a closure made per call allocates. Errors are Recvfrom's.
func (fd *FD) RawRead(ctx context.Context, m Mode, fn func(sysfd uintptr) unix.Errno) error {
	return fd.once(ctx, &fd.recv, m, rawCall, fn)
}
