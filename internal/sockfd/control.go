package sockfd

import (
	"net"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The calls that never wait. They run on the descriptor held by enter, with
// their arguments where the caller has them: no state of their own, no
// turn (the kernel serialises what needs it), and the caller's sockaddr or
// option buffer stays on its stack, since a pointer converted to uintptr in
// a system call's arguments does not escape.

// result is the error of a call that never waits: its errno, or nil.
func result(e unix.Errno) error {
	if e != 0 {
		return e
	}
	return nil
}

// Bind binds to the address sa with bind(2). err is a unix.Errno when the
// system call failed, or net.ErrClosed.
func (fd *FD) Bind(sa *unix.RawSockaddrAny, saLen uint32) error {
	if !fd.enter() {
		return net.ErrClosed
	}
	defer fd.exit()
	for {
		if e := sysBind(uintptr(fd.Sysfd), sa, saLen); e != unix.EINTR {
			return result(e)
		}
	}
}

// Listen marks the socket as listening with listen(2). Errors are Bind's.
func (fd *FD) Listen(backlog int) error {
	return fd.intCall(sysListen, backlog)
}

// Shutdown shuts down one or both directions with shutdown(2). Errors are
// Bind's.
func (fd *FD) Shutdown(how int) error {
	return fd.intCall(sysShutdown, how)
}

// intCall makes a system call whose only argument besides the descriptor
// is an integer.
func (fd *FD) intCall(call func(s uintptr, arg int) unix.Errno, arg int) error {
	if !fd.enter() {
		return net.ErrClosed
	}
	defer fd.exit()
	for {
		if e := call(uintptr(fd.Sysfd), arg); e != unix.EINTR {
			return result(e)
		}
	}
}

// Getsockname writes the socket's own address to sa with getsockname(2)
// and returns its length. Errors are Bind's.
func (fd *FD) Getsockname(sa *unix.RawSockaddrAny) (uint32, error) {
	return fd.sockname(false, sa)
}

// Getpeername writes the peer's address to sa with getpeername(2) and
// returns its length. Errors are Bind's.
func (fd *FD) Getpeername(sa *unix.RawSockaddrAny) (uint32, error) {
	return fd.sockname(true, sa)
}

// sockname is Getsockname, or Getpeername when peer is set. It calls the
// system call by name, not through a func value, so that sa and n do not
// escape to the heap.
func (fd *FD) sockname(peer bool, sa *unix.RawSockaddrAny) (uint32, error) {
	if !fd.enter() {
		return 0, net.ErrClosed
	}
	defer fd.exit()
	*sa = unix.RawSockaddrAny{} // Addr equality needs the unused tail zeroed
	n := uint32(unix.SizeofSockaddrAny)
	for {
		var e unix.Errno
		if peer {
			e = sysGetpeername(uintptr(fd.Sysfd), sa, &n)
		} else {
			e = sysGetsockname(uintptr(fd.Sysfd), sa, &n)
		}
		if e == 0 {
			return n, nil
		}
		if e != unix.EINTR {
			return 0, e
		}
	}
}

// Sockname writes the address of the socket s, which has no FD yet, to sa
// with getsockname(2) and returns its length. err is a unix.Errno.
func Sockname(s int, sa *unix.RawSockaddrAny) (uint32, error) {
	n := uint32(unix.SizeofSockaddrAny)
	if e := sysGetsockname(uintptr(s), sa, &n); e != 0 {
		return 0, e
	}
	return n, nil
}

// Getsockopt reads the option level/opt with getsockopt(2): into val, and
// returns the length the kernel reported as n, or, when val is nil, as a C
// int returned as v. Errors are Bind's.
func (fd *FD) Getsockopt(level, opt int, val []byte) (v int, n int, err error) {
	if !fd.enter() {
		return 0, 0, net.ErrClosed
	}
	defer fd.exit()
	var (
		iv   int32
		p    = unsafe.Pointer(&iv)
		vlen = uint32(4)
	)
	if val != nil {
		p, vlen = nil, uint32(len(val))
		if vlen > 0 {
			p = unsafe.Pointer(&val[0])
		}
	}
	for {
		e := sysGetsockopt(uintptr(fd.Sysfd), level, opt, p, &vlen)
		if e == 0 {
			return int(iv), int(vlen), nil
		}
		if e != unix.EINTR {
			return 0, 0, e
		}
	}
}

// Setsockopt sets the option level/opt with setsockopt(2) to val, or to the
// C int v when val is nil. Errors are Bind's.
func (fd *FD) Setsockopt(level, opt int, val []byte, v int32) error {
	if !fd.enter() {
		return net.ErrClosed
	}
	defer fd.exit()
	p, n := unsafe.Pointer(&v), uintptr(4)
	if val != nil {
		p, n = nil, uintptr(len(val))
		if n > 0 {
			p = unsafe.Pointer(&val[0])
		}
	}
	for {
		if e := sysSetsockopt(uintptr(fd.Sysfd), level, opt, p, n); e != unix.EINTR {
			return result(e)
		}
	}
}

// Poll asks poll(2), without waiting, which of events the descriptor is
// ready for. Errors are Bind's.
func (fd *FD) Poll(events int16) (int16, error) {
	if !fd.enter() {
		return 0, net.ErrClosed
	}
	defer fd.exit()
	for {
		fds := [1]unix.PollFd{{Fd: int32(fd.Sysfd), Events: events}}
		_, err := unix.Poll(fds[:], 0)
		if err == nil {
			return fds[0].Revents, nil
		}
		if err != unix.EINTR {
			return 0, err
		}
	}
}

// RawControl makes the system call of fn on the descriptor held open, for
// calls that never wait and that this package has no entry point for (the
// subpackages' getsockopt layouts, ioctls). EINTR makes fn run again. err
// is a unix.Errno, or net.ErrClosed.
func (fd *FD) RawControl(fn func(sysfd uintptr) unix.Errno) error {
	if !fd.enter() {
		return net.ErrClosed
	}
	defer fd.exit()
	for {
		if e := fn(uintptr(fd.Sysfd)); e != unix.EINTR {
			return result(e)
		}
	}
}
