package sockfd

import (
	"context"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// WriteKind selects the system call a WriteOp makes.
type WriteKind uint8

// The sending system calls.
const (
	Sendto   WriteKind = iota // sendto(2); send(2) when ToLen is 0
	Sendall                   // sendto(2) in a loop until Buf is all sent
	Sendmsg                   // sendmsg(2) from Msg
	Connect                   // connect(2), repeated until it completes
	Sendfile                  // sendfile(2) from InFD in a loop until Count or end of file
)

// ReadOp's comment applies: the state of the one sending call in progress.
//
// Hold Mu from setting the arguments until the results are read.
type WriteOp struct {
	Mu sync.Mutex
	op
	run func(uintptr) bool

	// Arguments. MSG_NOSIGNAL is always added to Flags: a closed peer gives
	// EPIPE, never SIGPIPE.
	Kind  WriteKind
	Buf   []byte // Sendto, Sendall
	Msg          // Sendmsg: data and control buffers
	Flags int
	To    unix.RawSockaddrAny // destination, or the address to connect to
	ToLen uint32
	// Sendfile: the file to send from, where to start, how much (0: to its end).
	InFD   int
	Offset int64 // advanced by the kernel as bytes go out
	Count  int64

	// Results.
	N int // bytes sent (Sendall: so far, also on error)

	started bool // Connect: connect(2) has been issued
}

func (o *WriteOp) init(fd *FD) {
	o.fd = fd
	o.write = true
	o.run = o.call
}

// Do is ReadOp.Do for the sending side.
func (o *WriteOp) Do(ctx context.Context) error {
	o.Errno = 0
	o.N = 0
	o.started = false
	o.begin(o.Kind == Sendall || o.Kind == Sendfile)
	return o.wait(ctx, o.run)
}

func (o *WriteOp) call(s uintptr) bool {
	switch o.Kind {
	case Connect:
		return o.connect(s)
	case Sendfile:
		return o.sendfile(s)
	}
	for {
		r, e := o.syscall(s)
		switch e {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			o.Errno = e
			return o.wouldBlock()
		case 0:
			if o.Kind == Sendall {
				o.N += int(r)
				if o.N < len(o.Buf) {
					continue
				}
				o.Errno = 0
				return true
			}
			o.N = int(r)
		}
		o.Errno = e
		return true
	}
}

func (o *WriteOp) syscall(s uintptr) (uintptr, unix.Errno) {
	flags := uintptr(o.Flags | unix.MSG_NOSIGNAL)
	switch o.Kind {
	case Sendmsg:
		var to *unix.RawSockaddrAny
		if o.ToLen > 0 {
			to = &o.To
		}
		total := o.build(to, o.ToLen)
		return dataSyscall(unix.SYS_SENDMSG, total, s, uintptr(unsafe.Pointer(&o.hdr)), flags, 0, 0, 0)
	default:
		b := o.Buf
		if o.Kind == Sendall {
			b = b[o.N:]
		}
		var to uintptr
		if o.ToLen > 0 {
			to = uintptr(unsafe.Pointer(&o.To))
		}
		return dataSyscall(unix.SYS_SENDTO, len(b), s, bufPtr(b), uintptr(len(b)), flags, to, uintptr(o.ToLen))
	}
}

// connect issues connect(2) and, while the connection is in progress,
// issues it again at every wake-up. On Linux the repeated call answers
// EALREADY until the attempt ends, then reports its outcome (0 or EISCONN
// for success, the error otherwise) and leaves the socket as a blocking
// connect(2) would: reading SO_ERROR instead, as net does for portability,
// leaves a refused socket half-failed, so that the next connect(2) gives
// ECONNABORTED where C and Python see ECONNREFUSED again. A spurious wake-up
// just answers EALREADY.
func (o *WriteOp) connect(s uintptr) bool {
	for {
		_, _, e := unix.Syscall(unix.SYS_CONNECT, s, uintptr(unsafe.Pointer(&o.To)), uintptr(o.ToLen))
		switch {
		case e == unix.EINTR && !o.started:
			// An interrupted connect goes on in the background.
			e = unix.EINPROGRESS
		case e == unix.EINTR:
			continue
		case e == unix.EISCONN && o.started:
			e = 0 // the attempt we waited for succeeded
		}
		o.Errno = e
		if e == unix.EINPROGRESS || e == unix.EALREADY {
			// In progress (EALREADY: from an earlier call): wait,
			// as a blocking connect(2) does, unless non-blocking.
			o.started = true
			return o.wouldBlock()
		}
		return true
	}
}

// sendfileChunk is the most one sendfile(2) is asked for: the kernel moves at
// most about 2 GiB per call anyway.
const sendfileChunk = 1 << 30

// sendfile calls sendfile(2) until Count bytes are sent or the file ends.
// It uses Syscall6: the copy can be long.
func (o *WriteOp) sendfile(s uintptr) bool {
	for {
		want := int64(sendfileChunk)
		if o.Count > 0 {
			want = min(want, o.Count-int64(o.N))
		}
		if want == 0 {
			o.Errno = 0
			return true
		}
		r, _, e := unix.Syscall6(unix.SYS_SENDFILE, s, uintptr(o.InFD), uintptr(unsafe.Pointer(&o.Offset)), uintptr(want), 0, 0)
		switch {
		case e == unix.EINTR:
			continue
		case e == unix.EAGAIN:
			o.Errno = e
			return o.wouldBlock()
		case e != 0:
			o.Errno = e
			return true
		case r == 0: // end of file
			o.Errno = 0
			return true
		}
		o.N += int(r)
	}
}
