package sockfd

import (
	"os"
	"syscall"
	"time"
)

// eventWait is where a receive waits while the runtime refuses read waits
// after an event that was EPOLLERR alone (op.errorEvent): an epoll
// instance watching the socket for every event (eventWaitFile), joined to
// the poller on its own. The receive parks there as it would on the
// socket: its callback makes the receive's system call, and the instance
// wakes it at the socket's next event, data or not. Its deadline follows
// the receive direction's (applyLocked), so a timeout, a context and a
// moved deadline end the wait on time, and Release closes it. No timer
// polls while the socket stays refused, however long. Made by the first
// refused receive; only the receive direction's turn holder uses it.
// Where it cannot be made (not Linux), the receive sleeps instead, from
// firstErrorPause doubling to lastErrorPause (docs/design.md, "The error
// queue").
type eventWait struct {
	file *os.File
	rc   syscall.RawConn
	run  func(uintptr) bool // try, bound once

	// The waiting receive: its descriptor and its call.
	fd   *FD
	call func(uintptr) bool
}

// try makes the waiting receive's system call on the socket (not on the
// epoll instance, whose descriptor the poller passes).
func (w *eventWait) try(uintptr) bool {
	done, open := w.fd.tryCall(w.call)
	return done || !open // closed: the socket's poller says so next
}

// tryCall makes the call fn on the socket's descriptor, held open; open
// is false, and fn not called, once the socket is closing.
func (fd *FD) tryCall(fn func(uintptr) bool) (done, open bool) {
	if !fd.enter() {
		return false, false
	}
	done = fn(uintptr(fd.Sysfd))
	fd.exit()
	return done, true
}

// The pauses of a receive sleeping out an error event where no eventWait
// can be made: from the first to the longest, doubling.
const (
	firstErrorPause = 20 * time.Microsecond
	lastErrorPause  = 5 * time.Millisecond
)

// eventWaiter returns the socket's eventWait, making it on first use; nil
// where it cannot be made.
func (fd *FD) eventWaiter() *eventWait {
	reg := fd.reg.Load()
	if reg == nil {
		return nil
	}
	if w := reg.events.Load(); w != nil {
		return w
	}
	registerMu.Lock()
	defer registerMu.Unlock()
	if w := reg.events.Load(); w != nil {
		return w
	}
	if !fd.enter() {
		return nil
	}
	defer fd.exit()
	file, err := eventWaitFile(fd.Sysfd)
	if err != nil {
		return nil
	}
	rc, err := file.SyscallConn()
	if err != nil {
		file.Close()
		return nil
	}
	w := &eventWait{file: file, rc: rc, fd: fd}
	w.run = w.try
	reg.events.Store(w)
	return w
}

// pastErrorEvent is how a receive waits while the runtime refuses read
// waits (errorEvent): a queued error must neither fail it nor wake it for
// good, since Linux reports an error-queue entry to every reader and the
// data receive has nothing to do with it. It waits in the socket's
// eventWait until the call is done, or its deadline, context
// or Close ends the wait; the caller then goes back to the socket's
// poller, which reports those before the refusal. Where no eventWait can
// be made it sleeps for pause, doubled, and tries once. It returns the pause
// it keeps and whether the call ended (its result is in the op)
// (docs/design.md, "The error queue").
func (o *op) pastErrorEvent(fn func(uintptr) bool, pause time.Duration) (time.Duration, bool) {
	w := o.fd.eventWaiter()
	if w == nil {
		pause = min(max(2*pause, firstErrorPause), lastErrorPause)
		time.Sleep(pause)
		done, open := o.fd.tryCall(fn)
		return pause, open && done
	}
	o.mu.Lock()
	w.file.SetReadDeadline(timeOf(o.dl.applied)) // applyLocked keeps it so from here
	o.mu.Unlock()
	w.call = fn
	err := w.rc.Read(w.run)
	w.call = nil
	// try ends the wait for a closing socket without making the call:
	// that is not the call done, and the socket's poller reports Close.
	return pause, err == nil && !o.fd.closing.Load()
}

// setEventDeadline gives the eventWait, if the socket has one, the
// receive direction's deadline t.
func (fd *FD) setEventDeadline(t instant) {
	if reg := fd.reg.Load(); reg != nil {
		if w := reg.events.Load(); w != nil {
			w.file.SetReadDeadline(timeOf(t))
		}
	}
}
