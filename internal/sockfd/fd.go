// Package sockfd owns a socket's file descriptor: its registration with the
// Go runtime network poller, its lifetime, and the per-direction operation
// state through which every system call on it is made.
//
// The descriptor is non-blocking at the OS level for its whole life; the
// blocking, timeout and non-blocking modes the user sees are kept here, by
// parking in the poller or not (see op.go).
package sockfd

import (
	"errors"
	"net"
	"os"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// FD is a socket descriptor registered with the runtime poller.
type FD struct {
	// Sysfd is the descriptor number. It stays valid until the last
	// reference is released; never use it for a system call without holding
	// the descriptor through R, W or C, which keep it from being closed and
	// reused underneath the call.
	Sysfd int

	file *os.File
	rc   syscall.RawConn

	refs    atomic.Int32  // owners: the Socket, plus each open makefile File
	closing atomic.Bool   // set before the descriptor is closed
	done    chan struct{} // closed with closing: wakes calls waiting for their turn

	// The per-direction state of the calls, used only by the entry points
	// (read.go, write.go, control.go).
	r ReadOp    // recvfrom, recvmsg, accept
	w WriteOp   // sendto, sendmsg, connect, sendfile
	c ControlOp // the calls that never wait: bind, getsockopt, ...
}

// New takes ownership of sysfd, which must already be non-blocking (os.NewFile
// registers only non-blocking descriptors with the poller; a blocking one
// would never support deadlines). On error sysfd is closed.
func New(sysfd int, name string) (*FD, error) {
	file := os.NewFile(uintptr(sysfd), name)
	if file == nil {
		unix.Close(sysfd)
		return nil, unix.EBADF
	}
	rc, err := file.SyscallConn()
	if err != nil {
		file.Close()
		return nil, err
	}
	fd := &FD{Sysfd: sysfd, file: file, rc: rc, done: make(chan struct{})}
	fd.refs.Store(1)
	fd.r.init(fd)
	fd.w.init(fd)
	fd.c.init(fd)
	return fd, nil
}

// Acquire adds an owner, as a makefile File does. It reports false if the
// descriptor is already closed.
func (fd *FD) Acquire() bool {
	for {
		n := fd.refs.Load()
		if n <= 0 {
			return false
		}
		if fd.refs.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// Release drops an owner; the last one closes the descriptor. Closing it
// wakes every goroutine parked on it with net.ErrClosed, and the poller keeps
// the number reserved until they have all left, so it cannot be reused under
// a blocked call.
func (fd *FD) Release() error {
	if fd.refs.Add(-1) != 0 {
		return nil
	}
	fd.closing.Store(true)
	close(fd.done)
	err := fd.file.Close()
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = os.NewSyscallError("close", pe.Err)
	}
	return err
}

// RawConn returns the descriptor's syscall.RawConn.
func (fd *FD) RawConn() syscall.RawConn { return fd.rc }

// Control runs f with the descriptor held open. It allocates (a closure per
// call); the calls on hot paths go through C instead.
func (fd *FD) Control(f func(sysfd int) error) error {
	var ferr error
	err := fd.rc.Control(func(s uintptr) { ferr = f(int(s)) })
	if err != nil {
		return fd.mapErr(err)
	}
	return ferr
}

// SetReadDeadline sets the user's deadline of the receiving calls (see
// SetUserDeadline).
func (fd *FD) SetReadDeadline(t time.Time) { fd.r.SetUserDeadline(t) }

// SetWriteDeadline sets the user's deadline of the sending calls.
func (fd *FD) SetWriteDeadline(t time.Time) { fd.w.SetUserDeadline(t) }

// Parked reports whether the call that has the turn in a direction is
// waiting in the poller: what tests wait for before they queue a call
// behind it.
func (fd *FD) Parked(write bool) bool {
	if write {
		return fd.w.parked.Load()
	}
	return fd.r.parked.Load()
}

// setDeadline sets the poller deadline of one direction.
func (fd *FD) setDeadline(write bool, t time.Time) {
	if write {
		fd.file.SetWriteDeadline(t)
	} else {
		fd.file.SetReadDeadline(t)
	}
}

// mapErr turns what RawConn returned into the errors callers branch on: the
// poller's "use of closed file" becomes net.ErrClosed.
func (fd *FD) mapErr(err error) error {
	if err == nil {
		return nil
	}
	if fd.closing.Load() {
		return net.ErrClosed
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return os.ErrDeadlineExceeded
	}
	return err
}
