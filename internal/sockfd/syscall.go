package sockfd

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// rawMax is the largest transfer issued with RawSyscall6. The descriptor is
// non-blocking, so a data call never sleeps in the kernel, and skipping the
// scheduler hand-off of Syscall6 measured 5-10% faster on small messages
// (DESIGN §8). A long copy under RawSyscall6 would hold its P, so larger
// transfers take the ordinary path.
const rawMax = 16 << 10

// dataSyscall issues a send or receive system call that moves n bytes.
func dataSyscall(trap uintptr, n int, a1, a2, a3, a4, a5, a6 uintptr) (uintptr, unix.Errno) {
	var (
		r uintptr
		e unix.Errno
	)
	if n <= rawMax {
		r, _, e = unix.RawSyscall6(trap, a1, a2, a3, a4, a5, a6)
	} else {
		r, _, e = unix.Syscall6(trap, a1, a2, a3, a4, a5, a6)
	}
	return r, e
}

// bufPtr returns the address of b's first byte, or 0 for an empty slice
// (the kernel accepts a null buffer of length 0).
func bufPtr(b []byte) uintptr {
	if len(b) == 0 {
		return 0
	}
	return uintptr(unsafe.Pointer(&b[0]))
}

// fillIov points iov at bufs and returns it, reusing its storage; it grows
// only when a call has more buffers than any before it on this op.
func fillIov(iov []unix.Iovec, bufs [][]byte) ([]unix.Iovec, int) {
	iov = iov[:0]
	total := 0
	for _, b := range bufs {
		v := unix.Iovec{}
		if len(b) > 0 {
			v.Base = &b[0]
			v.SetLen(len(b))
		}
		iov = append(iov, v)
		total += len(b)
	}
	return iov, total
}

// setMsgIov points msg at iov.
func setMsgIov(msg *unix.Msghdr, iov []unix.Iovec) {
	msg.Iov = nil
	if len(iov) > 0 {
		msg.Iov = &iov[0]
	}
	msg.SetIovlen(len(iov))
}

// setMsgControl points msg at the control buffer b.
func setMsgControl(msg *unix.Msghdr, b []byte) {
	msg.Control = nil
	if len(b) > 0 {
		msg.Control = &b[0]
	}
	msg.SetControllen(len(b))
}
