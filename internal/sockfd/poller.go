package sockfd

import (
	"net"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// registration is what joining the runtime poller gives: an os.File whose
// poll.FD the poller knows, and its RawConn, through which calls wait.
type registration struct {
	file   *os.File
	rc     syscall.RawConn
	errq   atomic.Pointer[errWait]   // made by the first call that waits for the error queue
	events atomic.Pointer[eventWait] // made by the first receive refused after EPOLLERR alone
}

// register joins the descriptor to the runtime poller, once: a call that
// has to wait, a deadline and RawConn need it. Every event of a registered
// socket can wake the thread parked in epoll_wait, so a socket whose calls
// never wait is never registered (docs/design.md, "The design in brief").
// The caller holds the descriptor (enter), so Release cannot close it
// meanwhile.
func (fd *FD) register() (*registration, error) {
	if reg := fd.reg.Load(); reg != nil {
		return reg, nil
	}
	registerMu.Lock()
	defer registerMu.Unlock()
	if reg := fd.reg.Load(); reg != nil {
		return reg, nil
	}
	if fd.closing.Load() {
		return nil, net.ErrClosed
	}
	// os.NewFile joins the poller only a non-blocking descriptor, and a
	// holder of a duplicate may have made it blocking.
	if e := EnsureNonblock(uintptr(fd.Sysfd)); e != 0 {
		return nil, os.NewSyscallError("fcntl", e)
	}
	file := os.NewFile(uintptr(fd.Sysfd), "socket")
	rc, err := file.SyscallConn()
	if err != nil {
		return nil, err
	}
	// From here the os.File owns the descriptor and closes it if leaked.
	fd.leak.Stop()
	reg := &registration{file: file, rc: rc}
	fd.reg.Store(reg)
	return reg, nil
}

// registerMu serialises registering, for all descriptors: a socket
// registers once, so one lock for the process costs less than one per
// socket (8 bytes each).
var registerMu sync.Mutex

// registerAside is register for a call about to park, made on a goroutine
// of its own: os.NewFile and epoll_ctl, made on the caller's stack, would
// grow a goroutine that then parks in Recv from 2 KB to 4 KB for the life
// of the connection. The caller yields until the registration is done
// rather than wait on a channel, whose waiting record, allocated this deep
// in a burst of first waits, grows the stack the same way (docs/design.md,
// "The design in brief").
func (fd *FD) registerAside() (*registration, error) {
	if reg := fd.reg.Load(); reg != nil {
		return reg, nil
	}
	req := &registerRequest{fd: fd}
	go req.run()
	for !req.done.Load() {
		runtime.Gosched()
	}
	return req.reg, req.err
}

// registerRequest is one call's registration, made by its own goroutine.
type registerRequest struct {
	fd   *FD
	reg  *registration
	err  error
	done atomic.Bool // set once reg and err are
}

func (r *registerRequest) run() {
	r.reg, r.err = r.fd.register()
	r.done.Store(true)
}

// RawConn registers the descriptor with the poller and returns its
// syscall.RawConn, or net.ErrClosed.
func (fd *FD) RawConn() (syscall.RawConn, error) {
	if !fd.enter() {
		return nil, net.ErrClosed
	}
	defer fd.exit()
	reg, err := fd.register()
	if err != nil {
		return nil, err
	}
	fd.exposed.Store(true)
	for _, d := range [...]*direction{&fd.recv, &fd.send} {
		if o := d.op.Load(); o != nil {
			o.dropLeftover()
		}
	}
	return reg.rc, nil
}

// setDeadline sets the poller deadline of one direction, registering the
// descriptor first if it must: only a non-zero deadline needs the poller.
func (fd *FD) setDeadline(write bool, t time.Time) {
	reg := fd.reg.Load()
	if reg == nil {
		if t.IsZero() || !fd.enter() {
			return
		}
		reg, _ = fd.register()
		fd.exit()
		if reg == nil {
			return
		}
	}
	if write {
		reg.file.SetWriteDeadline(t)
	} else {
		reg.file.SetReadDeadline(t)
	}
}
