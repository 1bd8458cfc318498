package sockfd

import (
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ControlKind selects the system call a ControlOp makes.
type ControlKind uint8

// The system calls that never wait.
const (
	Getsockname ControlKind = iota // getsockname(2) into SA
	Getpeername                    // getpeername(2) into SA
	Bind                           // bind(2) to SA
	Listen                         // listen(2) with Arg as backlog
	Shutdown                       // shutdown(2) with Arg as how
	Getsockopt                     // getsockopt(2) of Level/Opt into Val
	Setsockopt                     // setsockopt(2) of Level/Opt from Val
)

// ControlOp is the state of a call that never waits, made with the
// descriptor held open by RawConn.Control. Like ReadOp it keeps arguments
// and results in fields and its callback bound once, so that getsockname,
// getpeername and getsockopt into a caller's buffer allocate nothing.
//
// Hold Mu from setting the arguments until the results are read.
type ControlOp struct {
	Mu  sync.Mutex
	fd  *FD
	run func(uintptr)

	Kind  ControlKind
	SA    unix.RawSockaddrAny
	SALen uint32
	Arg   int
	Level int
	Opt   int
	Val   []byte // option value; nil means Int
	Int   int32  // an int option's value, in and out
	// ValLen is the option length the kernel reported (Getsockopt).
	ValLen uint32

	Errno unix.Errno
}

func (o *ControlOp) init(fd *FD) {
	o.fd = fd
	o.run = o.call
}

// Do makes the call with the descriptor held open. It returns net.ErrClosed
// if the descriptor is closed; the system call's errno is in o.Errno.
func (o *ControlOp) Do() error {
	o.Errno = 0
	return o.fd.mapErr(o.fd.rc.Control(o.run))
}

func (o *ControlOp) call(s uintptr) {
	sa := uintptr(unsafe.Pointer(&o.SA))
	salen := uintptr(unsafe.Pointer(&o.SALen))
	for {
		var e unix.Errno
		switch o.Kind {
		case Getsockname, Getpeername:
			trap := uintptr(unix.SYS_GETSOCKNAME)
			if o.Kind == Getpeername {
				trap = unix.SYS_GETPEERNAME
			}
			o.SA = unix.RawSockaddrAny{}
			o.SALen = unix.SizeofSockaddrAny
			_, _, e = unix.RawSyscall(trap, s, sa, salen)
		case Bind:
			// Binding a filesystem path creates an inode: it may sleep.
			_, _, e = unix.Syscall(unix.SYS_BIND, s, sa, uintptr(o.SALen))
		case Listen:
			_, _, e = unix.RawSyscall(unix.SYS_LISTEN, s, uintptr(o.Arg), 0)
		case Shutdown:
			_, _, e = unix.RawSyscall(unix.SYS_SHUTDOWN, s, uintptr(o.Arg), 0)
		case Getsockopt, Setsockopt:
			e = o.sockopt(s)
		}
		if e == unix.EINTR {
			continue
		}
		o.Errno = e
		return
	}
}

func (o *ControlOp) sockopt(s uintptr) unix.Errno {
	val := unsafe.Pointer(&o.Int)
	o.ValLen = 4
	if o.Val != nil {
		val = nil
		if len(o.Val) > 0 {
			val = unsafe.Pointer(&o.Val[0])
		}
		o.ValLen = uint32(len(o.Val))
	}
	var e unix.Errno
	if o.Kind == Getsockopt {
		// Some options take the socket lock and may sleep
		// (TCP_ZEROCOPY_RECEIVE): not RawSyscall6.
		_, _, e = unix.Syscall6(unix.SYS_GETSOCKOPT, s, uintptr(o.Level), uintptr(o.Opt),
			uintptr(val), uintptr(unsafe.Pointer(&o.ValLen)), 0)
	} else {
		// Some options sleep (TCP_CONGESTION may load a module).
		_, _, e = unix.Syscall6(unix.SYS_SETSOCKOPT, s, uintptr(o.Level), uintptr(o.Opt),
			uintptr(val), uintptr(o.ValLen), 0)
	}
	return e
}
