package socket

import (
	"os"

	"golang.org/x/sys/unix"
)

// Control runs f with the socket's descriptor held open, as
// syscall.RawConn's Control does: the descriptor cannot be closed, nor its
// number reused, until f returns. It makes no system call itself; use it
// for the ones this package does not make, such as a setsockopt(2) it has
// no method for, or attaching a BPF program (cilium/ebpf's
// link.AttachSocketFilter takes the fd). f must not keep fd, and must not
// block or switch the descriptor to blocking mode: the runtime poller
// relies on O_NONBLOCK. A closed socket gives net.ErrClosed and f is not
// run. Python has no equivalent (it hands out fileno()).
func (s *Socket) Control(f func(fd uintptr)) error {
	const op = "control"
	if err := s.checkOpen(op); err != nil {
		return err
	}
	err := s.fd.Control(func(fd int) error {
		f(uintptr(fd))
		return nil
	})
	if err != nil {
		return s.opError(op, nil, err)
	}
	return nil
}

// ctlGetsockoptInt reads an int option with getsockopt(2), for this file's
// neighbours that need one or two options off the hot path (NetListener,
// the Dialer). The error is an *os.SyscallError, or net.ErrClosed.
func (s *Socket) ctlGetsockoptInt(level, opt int) (int, error) {
	var v int
	err := s.fd.Control(func(fd int) error {
		var err error
		v, err = unix.GetsockoptInt(fd, level, opt)
		return err
	})
	return v, syscallError("getsockopt", err)
}

// ctlSetsockoptInt sets an int option with setsockopt(2); see
// ctlGetsockoptInt.
func (s *Socket) ctlSetsockoptInt(level, opt, v int) error {
	return syscallError("setsockopt", s.fd.Control(func(fd int) error {
		return unix.SetsockoptInt(fd, level, opt, v)
	}))
}

// ctlSetsockoptString sets a string option with setsockopt(2); see
// ctlGetsockoptInt.
func (s *Socket) ctlSetsockoptString(level, opt int, v string) error {
	return syscallError("setsockopt", s.fd.Control(func(fd int) error {
		return unix.SetsockoptString(fd, level, opt, v)
	}))
}

// syscallError names the system call an errno came from.
func syscallError(name string, err error) error {
	if errno, ok := err.(unix.Errno); ok {
		return os.NewSyscallError(name, errno)
	}
	return err
}
