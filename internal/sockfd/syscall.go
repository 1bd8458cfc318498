package sockfd

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// rawMax is the largest transfer issued with RawSyscall6. The descriptor is
// non-blocking, so a data call never sleeps in the kernel, and skipping the
// scheduler hand-off of Syscall6 measured 5-10% faster on small messages. A
// long copy under RawSyscall6 would hold its P, so larger transfers take the
// ordinary path.
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
