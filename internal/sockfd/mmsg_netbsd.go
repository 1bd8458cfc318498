package sockfd

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Mmsghdr is NetBSD's struct mmsghdr (sys/socket.h): a message header and
// the bytes the kernel moved for it, an unsigned int.
type Mmsghdr struct {
	Hdr unix.Msghdr
	Len uint32
}

// SysMmsg is sendmmsg(2) (send) or recvmmsg(2) of the messages of hdrs, not
// empty, by number as the other socket calls here are (sys_trap.go),
// through RawSyscall6 when raw and Syscall6 otherwise; it returns how many
// messages the kernel handled. recvmmsg's timeout is NULL: the flags carry
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
