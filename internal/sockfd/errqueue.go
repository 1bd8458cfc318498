package sockfd

import (
	"context"
	"errors"
	"net"
	"os"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// RecvErrQueue receives one message of the socket's error queue with
// recvmsg(2) and MSG_ERRQUEUE (ICMP errors with IP_RECVERR, transmit
// timestamps, zero-copy completions) into bufs (or p alone) and oob, in
// mode m, and copies the original destination to from. flags may add
// others (MSG_ERRQUEUE is implied).
//
// The queue is not the receive queue, and its calls take neither turn: a
// data receive parked on a silent peer may hold the receive turn
// indefinitely, and the send turn must stay free for the sends whose
// errors the caller waits for (a traceroute sends its next probes while it
// waits). The queue is read at once; only an empty one waits, in a place
// of its own in the poller (errWait). The wait is bounded by m, ctx and
// the receive direction's user deadline, which are checked first, as for
// Recv: a done context or a passed deadline fails the call even when a
// message is queued. Errors are Recvfrom's; an empty queue in
// non-blocking mode is EAGAIN.
func (fd *FD) RecvErrQueue(ctx context.Context, m Mode, bufs [][]byte, p, oob []byte, flags int, from *unix.RawSockaddrAny) (MsgResult, error) {
	flags |= msgErrQueue
	if ctx.Done() != nil {
		if err := ctx.Err(); err != nil {
			return MsgResult{}, ContextError(err)
		}
	}
	if o := fd.recv.op.Load(); o != nil && o.dl.hasUser.Load() {
		o.mu.Lock()
		expired := o.dl.user != noInstant && o.dl.user <= now()
		o.mu.Unlock()
		if expired {
			return MsgResult{}, os.ErrDeadlineExceeded
		}
	}
	r, err := fd.recvErrQueueNow(bufs, p, oob, flags, from)
	if err != unix.EAGAIN || m.Timeout == 0 {
		return r, err
	}
	call := noInstant
	if m.Timeout > 0 {
		call = instantAfter(now(), m.Timeout)
	}
	w, err := fd.errWait()
	if err != nil {
		return MsgResult{}, err
	}
	if err := w.take(ctx, call); err != nil {
		return MsgResult{}, err
	}
	w.mm.set(bufs, p, oob)
	w.flags = flags
	err = w.wait(ctx, call)
	if err == nil && w.errno != 0 {
		err = w.errno
	}
	if err == nil {
		*from = w.name
		r = MsgResult{N: w.n, OOBN: int(w.mm.hdr.Controllen), Flags: int(w.mm.hdr.Flags), FromLen: w.mm.hdr.Namelen}
	}
	w.mm.reset()
	<-w.turn
	return r, err
}

// recvErrQueueNow is one recvmsg(2) of the error queue, made at once on
// the descriptor. For a single buffer its message header and iovec live on
// the stack, so the call allocates nothing; several buffers are gathered
// into iovecs made for the call.
func (fd *FD) recvErrQueueNow(bufs [][]byte, p, oob []byte, flags int, from *unix.RawSockaddrAny) (MsgResult, error) {
	if !fd.enter() {
		return MsgResult{}, net.ErrClosed
	}
	defer fd.exit()
	var (
		hdr   *unix.Msghdr
		total int
		one   unix.Iovec
		stack unix.Msghdr
	)
	if bufs != nil {
		// The heap msg gets its own address storage: from, stored in
		// it, would escape, and so would the caller's result.
		mm := new(struct {
			msg
			name unix.RawSockaddrAny
		})
		mm.set(bufs, p, oob)
		total = mm.build(0, &mm.name, unix.SizeofSockaddrAny)
		hdr = &mm.hdr
		defer func() { *from = mm.name }()
	} else {
		// Through stack, not hdr: an iovec stored through a pointer
		// that may be the heap msg's would escape.
		if len(p) > 0 {
			one.Base = &p[0]
			one.SetLen(len(p))
			stack.Iov = &one
			stack.SetIovlen(1)
		}
		if len(oob) > 0 {
			stack.Control = &oob[0]
			stack.SetControllen(len(oob))
		}
		stack.Name = (*byte)(unsafe.Pointer(from))
		stack.Namelen = unix.SizeofSockaddrAny
		hdr, total = &stack, len(p)
	}
	for {
		r, e := sysRecvmsg(uintptr(fd.Sysfd), hdr, flags|recvFlags, total)
		switch e {
		case unix.EINTR:
			continue
		case 0:
			return MsgResult{N: int(r), OOBN: int(hdr.Controllen), Flags: int(hdr.Flags), FromLen: hdr.Namelen}, nil
		}
		return MsgResult{}, e
	}
}

// errWait is where calls wait for the error queue: an epoll instance that
// watches the socket for EPOLLERR alone (errWaitFile), joined to the
// poller on its own, so that its waits use neither direction's slot (the
// runtime keeps one waiter per direction and descriptor), are not failed
// by the runtime's refusal of read waits after an event that was EPOLLERR
// alone on the socket (the instance reports only EPOLLIN), and are not
// woken by the socket's data and send space (docs/design.md, "The error
// queue").
//
// The first call that waits makes it (one descriptor more, for the life
// of the socket); Release closes it, which wakes its waiter. Calls that
// wait take turns through turn, one at a time; the one that holds it owns
// the argument and result fields.
type errWait struct {
	fd     *FD      // the socket, whose descriptor try reads
	file   *os.File // the epoll instance
	rc     syscall.RawConn
	turn   chan struct{} // holds a token while a call waits
	closed chan struct{} // closed by Release: queued calls give up

	mu      sync.Mutex // guards the deadlines: SetReadDeadline and contexts set them from elsewhere
	user    instant    // the receive direction's user deadline
	call    instant    // the waiting call's deadline
	applied instant    // what the instance's poller deadline holds

	run   func(uintptr) bool // try, bound once
	mm    msg
	name  unix.RawSockaddrAny
	flags int
	n     int
	errno unix.Errno
}

// errWait returns the socket's errWait, making it on first use.
func (fd *FD) errWait() (*errWait, error) {
	if !fd.enter() {
		return nil, net.ErrClosed
	}
	defer fd.exit()
	reg, err := fd.register()
	if err != nil {
		return nil, fd.mapErr(err)
	}
	if w := reg.errq.Load(); w != nil {
		return w, nil
	}
	registerMu.Lock()
	defer registerMu.Unlock()
	if w := reg.errq.Load(); w != nil {
		return w, nil
	}
	file, err := errWaitFile(fd.Sysfd)
	if err != nil {
		return nil, err
	}
	rc, err := file.SyscallConn()
	if err != nil {
		file.Close()
		return nil, err
	}
	w := &errWait{fd: fd, file: file, rc: rc, turn: make(chan struct{}, 1), closed: make(chan struct{})}
	w.user, w.applied = noInstant, noInstant
	w.run = w.try
	reg.errq.Store(w)
	// The receive direction's deadline, set before w existed; one set
	// from now on reaches w through SetUserDeadline.
	if o := fd.recv.op.Load(); o != nil {
		o.mu.Lock()
		w.setUser(o.dl.user)
		o.mu.Unlock()
	}
	return w, nil
}

// take waits for the turn, until the call's deadline, ctx or Release.
func (w *errWait) take(ctx context.Context, call instant) error {
	select {
	case w.turn <- struct{}{}:
		return nil
	default:
	}
	var expired <-chan time.Time
	if call != noInstant {
		t := time.NewTimer(timeOf(call).Sub(clockNow()))
		defer t.Stop()
		expired = t.C
	}
	select {
	case w.turn <- struct{}{}:
		return nil
	case <-expired:
		return os.ErrDeadlineExceeded
	case <-ctx.Done():
		return ContextError(ctx.Err())
	case <-w.closed:
		return net.ErrClosed
	}
}

// wait runs try through the epoll instance's poller until it says the
// call is done, under the call's deadline, the user's and ctx's.
func (w *errWait) wait(ctx context.Context, call instant) error {
	w.setCall(call)
	var (
		stop  func() bool
		fired chan struct{}
	)
	if ctx.Done() != nil {
		fired = make(chan struct{})
		stop = context.AfterFunc(ctx, func() {
			w.setCall(past)
			close(fired)
		})
	}
	err := w.rc.Read(w.run)
	if stop != nil && !stop() {
		<-fired // its past deadline has landed: the removal below is the last word
		if err != nil {
			err = ContextError(ctx.Err())
		}
	}
	w.setCall(noInstant)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.Canceled):
		return err
	}
	return net.ErrClosed // the instance is closed only by Release
}

// try is one recvmsg(2) of the queue, the callback of the wait: false
// while the queue is empty. The poller hands it the epoll instance; the
// socket's descriptor is held open for the call (enter). A closing socket
// says false: Release closes the instance next, which ends the wait.
func (w *errWait) try(uintptr) bool {
	if !w.fd.enter() {
		return false
	}
	defer w.fd.exit()
	s := uintptr(w.fd.Sysfd)
	total := w.mm.build(0, &w.name, unix.SizeofSockaddrAny)
	for {
		r, e := sysRecvmsg(s, &w.mm.hdr, w.flags|recvFlags, total)
		switch e {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return false
		}
		w.n, w.errno = int(r), e
		return true
	}
}

// setUser sets the user's deadline (SetReadDeadline), in force at once.
func (w *errWait) setUser(t instant) {
	w.mu.Lock()
	w.user = t
	w.applyLocked()
	w.mu.Unlock()
}

// setCall sets the waiting call's deadline: a past one ends it (its
// context is done), noInstant removes it.
func (w *errWait) setCall(t instant) {
	w.mu.Lock()
	if t == noInstant || w.call == noInstant || t < w.call {
		w.call = t
	}
	w.applyLocked()
	w.mu.Unlock()
}

// applyLocked gives the instance's poller the earlier of the two
// deadlines.
func (w *errWait) applyLocked() {
	t := w.user
	if c := w.call; c != noInstant && (t == noInstant || c < t) {
		t = c
	}
	if t != w.applied {
		w.applied = t
		w.file.SetReadDeadline(timeOf(t))
	}
}

// close ends the waits, for Release.
func (w *errWait) close() {
	close(w.closed)
	w.file.Close()
}

// ErrQueueWaiting reports whether a RecvErrQueue holds the error queue's
// turn (it waits, or is about to): what tests wait for before they queue
// the error it waits for.
func (fd *FD) ErrQueueWaiting() bool {
	if reg := fd.reg.Load(); reg != nil {
		if w := reg.errq.Load(); w != nil {
			return len(w.turn) == 1
		}
	}
	return false
}
