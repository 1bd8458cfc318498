package sockfd

import (
	"net"
	"os"
	"syscall"
	"time"
)

// registration is what joining the runtime poller gives: an os.File whose
// poll.FD the poller knows, and its RawConn, through which calls wait.
type registration struct {
	file *os.File
	rc   syscall.RawConn
}

// register joins the descriptor to the runtime poller, once: a call that
// has to wait, a deadline and RawConn need it. Registration measured as the
// dominant cost of small datagrams on an idle multi-P machine (every event
// of a registered socket can wake the thread parked in epoll_wait), so a
// socket whose calls never wait is never registered. The caller holds the
// descriptor (enter), so Release cannot close it meanwhile.
func (fd *FD) register() (*registration, error) {
	if reg := fd.reg.Load(); reg != nil {
		return reg, nil
	}
	fd.regMu.Lock()
	defer fd.regMu.Unlock()
	if reg := fd.reg.Load(); reg != nil {
		return reg, nil
	}
	if fd.closing.Load() {
		return nil, net.ErrClosed
	}
	file := os.NewFile(uintptr(fd.Sysfd), fd.name)
	rc, err := file.SyscallConn()
	if err != nil {
		return nil, err
	}
	// From here the os.File owns the descriptor and closes it if leaked.
	fd.guard.released.Store(true)
	reg := &registration{file: file, rc: rc}
	fd.reg.Store(reg)
	return reg, nil
}

// registerAside is register for a call about to park: the first time, it
// registers on a goroutine of its own. os.NewFile and the poller's
// epoll_ctl are a deep call chain; made on the caller's stack, they would
// grow a goroutine that then parks in Recv from 2 KB to 4 KB, and the
// collector shrinks a stack only when less than a quarter of it is in use,
// so it would stay at 4 KB for the life of the connection (measured: 2 KB
// more per blocked connection than net, which registers in the goroutine
// that makes the socket). It costs a goroutine once per socket, on a call
// that is about to wait anyway.
func (fd *FD) registerAside() (*registration, error) {
	if reg := fd.reg.Load(); reg != nil {
		return reg, nil
	}
	var (
		reg  *registration
		err  error
		done = make(chan struct{})
	)
	go func() {
		reg, err = fd.register()
		close(done)
	}()
	<-done
	return reg, err
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
	if o := fd.r.Load(); o != nil {
		o.dropStale()
	}
	if o := fd.w.Load(); o != nil {
		o.dropStale()
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
