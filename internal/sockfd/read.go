package sockfd

import (
	"context"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ReadKind selects the system call a ReadOp makes.
type ReadKind uint8

// The receiving system calls.
const (
	Recvfrom ReadKind = iota // recvfrom(2); recv(2) when WantFrom is false
	Recvmsg                  // recvmsg(2) into Msg
	Accept                   // accept4(2) with SOCK_NONBLOCK|SOCK_CLOEXEC
)

// ReadOp is the state of the one receiving call in progress on a descriptor.
// Its arguments and results live here, not in a closure, and its callback is
// a method value bound once in init: that is what keeps the receive path
// free of allocations even when the goroutine parks in the poller.
//
// Hold Mu from setting the arguments until the results are read.
type ReadOp struct {
	Mu sync.Mutex
	op
	run func(uintptr) bool

	// Arguments.
	Kind     ReadKind
	Buf      []byte // Recvfrom
	Msg             // Recvmsg: data and control buffers
	Flags    int
	WantFrom bool // Recvfrom: ask for the sender's address

	// Results.
	N       int // bytes received, or the accepted descriptor
	OOBN    int // Recvmsg: control bytes received
	RFlags  int // Recvmsg: msg_flags
	From    unix.RawSockaddrAny
	FromLen uint32
}

func (o *ReadOp) init(fd *FD) {
	o.fd = fd
	o.run = o.call
}

// Do runs the operation in the mode set in o.Timeout, waiting in the poller
// if it must. It returns the poller's error (net.ErrClosed, a deadline, the
// context's); the system call's own errno is in o.Errno.
func (o *ReadOp) Do(ctx context.Context) error {
	o.Errno = 0
	o.N = 0
	o.OOBN = 0
	o.RFlags = 0
	if o.Kind != Recvfrom || o.WantFrom {
		// Addr equality needs the unused tail zeroed; a plain recv
		// reports no address and skips the 112-byte clear.
		o.From = unix.RawSockaddrAny{}
	}
	o.FromLen = 0
	o.begin(false)
	return o.wait(ctx, o.run)
}

// call is the RawConn callback: one attempt, retried on EINTR (PEP 475).
func (o *ReadOp) call(s uintptr) bool {
	for {
		r, e := o.syscall(s)
		switch e {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			o.Errno = e
			if o.spin() {
				continue
			}
			return o.wouldBlock()
		}
		if e != 0 {
			// The kernel's -1: callers report a count with the error,
			// and io.Reader requires 0 <= n.
			r = 0
		}
		o.N, o.Errno = int(r), e
		return true
	}
}

func (o *ReadOp) syscall(s uintptr) (uintptr, unix.Errno) {
	switch o.Kind {
	case Recvmsg:
		total := o.build(&o.From, unix.SizeofSockaddrAny)
		r, e := dataSyscall(unix.SYS_RECVMSG, total, s, uintptr(unsafe.Pointer(&o.hdr)), uintptr(o.Flags), 0, 0, 0)
		if e == 0 {
			o.FromLen = o.hdr.Namelen
			o.OOBN = int(o.hdr.Controllen)
			o.RFlags = int(o.hdr.Flags)
		}
		return r, e
	case Accept:
		o.FromLen = unix.SizeofSockaddrAny
		r, _, e := unix.Syscall6(unix.SYS_ACCEPT4, s, uintptr(unsafe.Pointer(&o.From)),
			uintptr(unsafe.Pointer(&o.FromLen)), unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0, 0)
		return r, e
	default:
		var from, fromLen uintptr
		if o.WantFrom {
			o.FromLen = unix.SizeofSockaddrAny
			from, fromLen = uintptr(unsafe.Pointer(&o.From)), uintptr(unsafe.Pointer(&o.FromLen))
		}
		return dataSyscall(unix.SYS_RECVFROM, len(o.Buf), s, bufPtr(o.Buf), uintptr(len(o.Buf)), uintptr(o.Flags), from, fromLen)
	}
}
