package sockfd

import (
	"net"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// controlKind selects the system call a ControlOp makes.
type controlKind uint8

const (
	getsocknameCall controlKind = iota // getsockname(2) into sa
	getpeernameCall                    // getpeername(2) into sa
	bindCall                           // bind(2) to sa
	listenCall                         // listen(2) with arg as backlog
	shutdownCall                       // shutdown(2) with arg as how
	getsockoptCall                     // getsockopt(2) of level/opt into val
	setsockoptCall                     // setsockopt(2) of level/opt from val
	pollCall                           // poll(2) for arg's events, without waiting
	rawControlCall                     // the caller's raw function
)

// ControlOp is the state of a call that never waits, made with the
// descriptor held open by RawConn.Control. Like ReadOp it keeps arguments
// and results in fields and its callback bound once, so that getsockname,
// getpeername and getsockopt into a caller's buffer allocate nothing. Such
// calls are short, so they simply take turns on a mutex.
type ControlOp struct {
	mu  sync.Mutex
	fd  *FD
	run func(uintptr)

	kind  controlKind
	raw   func(sysfd uintptr) unix.Errno // rawControlCall
	sa    unix.RawSockaddrAny
	saLen uint32
	arg   int
	level int
	opt   int
	val   []byte // option value; nil means ival
	ival  int32  // an int option's value, in and out
	// valLen is the option length the kernel reported (getsockopt).
	valLen uint32

	errno unix.Errno
}

func (o *ControlOp) init(fd *FD) {
	o.fd = fd
	o.run = o.call
}

// Bind binds to the address sa with bind(2). err is a unix.Errno when the
// system call failed, or net.ErrClosed.
func (fd *FD) Bind(sa *unix.RawSockaddrAny, saLen uint32) error {
	o := fd.c.lock(bindCall)
	o.sa, o.saLen = *sa, saLen
	return o.unlock(o.do())
}

// Listen marks the socket as listening with listen(2). Errors are Bind's.
func (fd *FD) Listen(backlog int) error {
	o := fd.c.lock(listenCall)
	o.arg = backlog
	return o.unlock(o.do())
}

// Shutdown shuts down one or both directions with shutdown(2). Errors are
// Bind's.
func (fd *FD) Shutdown(how int) error {
	o := fd.c.lock(shutdownCall)
	o.arg = how
	return o.unlock(o.do())
}

// Getsockname copies the socket's own address to sa with getsockname(2)
// and returns its length. Errors are Bind's.
func (fd *FD) Getsockname(sa *unix.RawSockaddrAny) (uint32, error) {
	return fd.c.name(getsocknameCall, sa)
}

// Getpeername copies the peer's address to sa with getpeername(2) and
// returns its length. Errors are Bind's.
func (fd *FD) Getpeername(sa *unix.RawSockaddrAny) (uint32, error) {
	return fd.c.name(getpeernameCall, sa)
}

// Getsockopt reads the option level/opt with getsockopt(2): into val, and
// returns the length the kernel reported, or, when val is nil, as a C int
// returned as v. Errors are Bind's.
func (fd *FD) Getsockopt(level, opt int, val []byte) (v int, n int, err error) {
	o := fd.c.lock(getsockoptCall)
	o.level, o.opt, o.val, o.ival = level, opt, val, 0
	err = o.do()
	v, n = int(o.ival), int(o.valLen)
	o.val = nil
	return v, n, o.unlock(err)
}

// Setsockopt sets the option level/opt with setsockopt(2) to val, or to the
// C int v when val is nil. Errors are Bind's.
func (fd *FD) Setsockopt(level, opt int, val []byte, v int32) error {
	o := fd.c.lock(setsockoptCall)
	o.level, o.opt, o.val, o.ival = level, opt, val, v
	err := o.do()
	o.val = nil
	return o.unlock(err)
}

// Poll asks poll(2), without waiting, which of events the descriptor is
// ready for. Errors are Bind's.
func (fd *FD) Poll(events int16) (int16, error) {
	o := fd.c.lock(pollCall)
	o.arg = int(events)
	err := o.do()
	revents := int16(o.ival)
	return revents, o.unlock(err)
}

func (o *ControlOp) lock(kind controlKind) *ControlOp {
	o.mu.Lock()
	o.kind = kind
	return o
}

func (o *ControlOp) unlock(err error) error {
	o.mu.Unlock()
	return err
}

func (o *ControlOp) name(kind controlKind, sa *unix.RawSockaddrAny) (uint32, error) {
	o.lock(kind)
	err := o.do()
	n := uint32(0)
	if err == nil {
		*sa, n = o.sa, o.saLen
	}
	return n, o.unlock(err)
}

// do makes the call with the descriptor held open: net.ErrClosed if it is
// closed, else the system call's errno, or nil.
func (o *ControlOp) do() error {
	o.errno = 0
	if !o.fd.enter() {
		return net.ErrClosed
	}
	o.run(uintptr(o.fd.Sysfd))
	o.fd.exit()
	if o.errno != 0 {
		return o.errno
	}
	return nil
}

func (o *ControlOp) call(s uintptr) {
	sa := uintptr(unsafe.Pointer(&o.sa))
	salen := uintptr(unsafe.Pointer(&o.saLen))
	for {
		var e unix.Errno
		switch o.kind {
		case getsocknameCall, getpeernameCall:
			trap := uintptr(unix.SYS_GETSOCKNAME)
			if o.kind == getpeernameCall {
				trap = unix.SYS_GETPEERNAME
			}
			o.sa = unix.RawSockaddrAny{}
			o.saLen = unix.SizeofSockaddrAny
			_, _, e = unix.RawSyscall(trap, s, sa, salen)
		case bindCall:
			// Binding a filesystem path creates an inode: it may sleep.
			_, _, e = unix.Syscall(unix.SYS_BIND, s, sa, uintptr(o.saLen))
		case listenCall:
			_, _, e = unix.RawSyscall(unix.SYS_LISTEN, s, uintptr(o.arg), 0)
		case shutdownCall:
			_, _, e = unix.RawSyscall(unix.SYS_SHUTDOWN, s, uintptr(o.arg), 0)
		case getsockoptCall, setsockoptCall:
			e = o.sockopt(s)
		case pollCall:
			fds := [1]unix.PollFd{{Fd: int32(s), Events: int16(o.arg)}}
			_, err := unix.Poll(fds[:], 0)
			e, _ = err.(unix.Errno)
			o.ival = int32(fds[0].Revents)
		case rawControlCall:
			e = o.raw(s)
		}
		if e == unix.EINTR {
			continue
		}
		o.errno = e
		return
	}
}

func (o *ControlOp) sockopt(s uintptr) unix.Errno {
	val := unsafe.Pointer(&o.ival)
	o.valLen = 4
	if o.val != nil {
		val = nil
		if len(o.val) > 0 {
			val = unsafe.Pointer(&o.val[0])
		}
		o.valLen = uint32(len(o.val))
	}
	var e unix.Errno
	if o.kind == getsockoptCall {
		// Some options take the socket lock and may sleep
		// (TCP_ZEROCOPY_RECEIVE): not RawSyscall6.
		_, _, e = unix.Syscall6(unix.SYS_GETSOCKOPT, s, uintptr(o.level), uintptr(o.opt),
			uintptr(val), uintptr(unsafe.Pointer(&o.valLen)), 0)
	} else {
		// Some options sleep (TCP_CONGESTION may load a module).
		_, _, e = unix.Syscall6(unix.SYS_SETSOCKOPT, s, uintptr(o.level), uintptr(o.opt),
			uintptr(val), uintptr(o.valLen), 0)
	}
	return e
}

// RawControl makes the system call of fn on the descriptor held open, for
// calls that never wait and that this package has no entry point for (the
// subpackages' getsockopt layouts, ioctls). EINTR makes fn run again.
// Bind fn once, as for RawRead. err is a unix.Errno, or net.ErrClosed.
func (fd *FD) RawControl(fn func(sysfd uintptr) unix.Errno) error {
	o := fd.c.lock(rawControlCall)
	o.raw = fn
	err := o.do()
	o.raw = nil
	return o.unlock(err)
}
