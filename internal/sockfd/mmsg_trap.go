//go:build linux || netbsd

package sockfd

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// SysMmsg is sendmmsg(2) (send) or recvmmsg(2) of the messages of hdrs, not
// empty, by number as the other socket calls here are (sys_trap.go),
// through RawSyscall6 when raw (the caller's choice, see mmsgcall.go) and
// Syscall6 otherwise; it returns how many messages the kernel handled.
// recvmmsg's fifth argument, the timeout, is NULL: the flags carry
// MSG_DONTWAIT, and the poller waits.
func SysMmsg(send bool, s uintptr, hdrs []Mmsghdr, flags int, raw bool) (int, unix.Errno) {
	trap := uintptr(unix.SYS_RECVMMSG)
	if send {
		trap = unix.SYS_SENDMMSG
	}
	var (
		r uintptr
		e unix.Errno
	)
	if raw {
		r, _, e = unix.RawSyscall6(trap, s, uintptr(unsafe.Pointer(&hdrs[0])), uintptr(len(hdrs)), uintptr(flags), 0, 0)
	} else {
		r, _, e = unix.Syscall6(trap, s, uintptr(unsafe.Pointer(&hdrs[0])), uintptr(len(hdrs)), uintptr(flags), 0, 0)
	}
	return int(r), e
}
