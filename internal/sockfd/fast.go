package sockfd

import (
	"context"
	"errors"
	"net"

	"golang.org/x/sys/unix"
)

// The direct path of Recvfrom and Sendto, the calls of every data socket:
// with the direction's turn taken and nothing to wait for, the system call
// runs on the descriptor with the caller's arguments where they are (the
// sender's address is written straight into the caller's storage) and no
// op is touched or made. A socket whose calls never wait in a direction
// has no state for it, and a call skips the op's bookkeeping. When the
// call must wait, the entry point hands its progress to the op
// (afterDirect), which goes to the poller and waits before it tries again.

// mayTryDirect reports whether a call in mode m may try the descriptor
// before any op: not under a user deadline (the poller checks it first),
// not with an error a whole receive left for the next call (the op
// returns it), not when the direction's last call parked (its next will
// too, and the poller's reset makes RawConn try again anyway), not with a
// context that can end (checked by the op's wait), and not in a spinning
// mode (the op spins before it registers).
func (fd *FD) mayTryDirect(ctx context.Context, m Mode, d *direction) bool {
	if ctx.Done() != nil || (m.Spin > 0 && m.Timeout != 0) {
		return false
	}
	o := d.op.Load()
	return o == nil || (o.pending == 0 && !o.dl.hasUser.Load() && !(o.parkedLast && fd.reg.Load() != nil))
}

// wholeStart is when a call bounded as a whole by a timeout starts, read
// before its direct try: a direct loop that keeps making progress counts
// against the timeout. 0 for other calls, which read no clock.
func wholeStart(m Mode) instant {
	if m.Whole && m.Timeout > 0 {
		return now()
	}
	return noInstant
}

// afterDirect readies the op for a call whose direct try ended with err
// without finishing (errTried: it said EAGAIN), and returns when the
// call's timeout runs from: start, for a call bounded as a whole.
func (o *op) afterDirect(err error, start instant) (queuedAt instant) {
	o.tried = err == errTried
	if o.tried {
		return start
	}
	return noInstant
}

// errTried is the error of a direct try that was told EAGAIN in a mode
// that waits: the call goes on to the poller without trying again first.
var errTried = errors.New("sockfd: direct try would block")

// recvfromNow is Recvfrom's direct try, when the call may make one
// (mayTryDirect). done is false when the call goes on through its op: err
// is then errTried if the try was made and said EAGAIN (n being what a
// whole call has received so far), nil if none was made.
func (fd *FD) recvfromNow(ctx context.Context, m Mode, p []byte, flags int, from *unix.RawSockaddrAny) (n int, fromLen uint32, err error, done bool) {
	if !fd.mayTryDirect(ctx, m, &fd.recv) {
		return 0, 0, nil, false
	}
	if !fd.enter() {
		return 0, 0, net.ErrClosed, true
	}
	defer fd.exit()
	if from != nil {
		*from = unix.RawSockaddrAny{} // Addr equality needs the unused tail zeroed
	}
	for {
		var (
			r uintptr
			e unix.Errno
			l uint32 // this call's; fromLen keeps the last call that received
		)
		if from == nil {
			r, e = sysRecvfrom(uintptr(fd.Sysfd), p[n:], flags|recvFlags, nil, nil)
		} else {
			l = unix.SizeofSockaddrAny
			r, e = sysRecvfrom(uintptr(fd.Sysfd), p[n:], flags|recvFlags, from, &l)
		}
		switch {
		case e == unix.EINTR:
			continue
		case e == 0 && m.Whole:
			n += int(r)
			fromLen = l
			if r > 0 && n < len(p) {
				continue
			}
			return n, fromLen, nil, true
		case e == 0:
			return int(r), l, nil, true
		case m.Whole && n > 0:
			if e == unix.EAGAIN {
				return n, 0, errTried, false
			}
			// What arrived is returned; the error comes with the
			// next call, as recv(2) with MSG_WAITALL does.
			fd.op(&fd.recv).pending = uint16(e)
			return n, fromLen, nil, true
		case e == unix.EAGAIN && m.Timeout != 0:
			return 0, 0, errTried, false
		}
		return 0, 0, e, true
	}
}

// sendtoNow is Sendto's direct try; its results are recvfromNow's.
func (fd *FD) sendtoNow(ctx context.Context, m Mode, b []byte, flags int, to *unix.RawSockaddrAny, toLen uint32) (n int, err error, done bool) {
	if !fd.mayTryDirect(ctx, m, &fd.send) {
		return 0, nil, false
	}
	if !fd.enter() {
		return 0, net.ErrClosed, true
	}
	defer fd.exit()
	if toLen == 0 {
		to = nil
	}
	for {
		r, e := sysSendto(uintptr(fd.Sysfd), b[n:], flags|sendFlags, to, toLen)
		switch {
		case e == unix.EINTR:
			continue
		case e == 0 && m.Whole:
			n += int(r)
			if r > 0 && n < len(b) {
				continue
			}
			return n, nil, true
		case e == 0:
			return int(r), nil, true
		case e == unix.EAGAIN && m.Timeout != 0:
			return n, errTried, false
		}
		// A whole call reports what it sent with the error.
		return n, e, true
	}
}
