package sockfd

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// accept accepts a connection with paccept(2) into sa, with no signal mask
// and the new descriptor non-blocking and close-on-exec from the start:
// NetBSD's accept4 is paccept, as Go's src/syscall/syscall_netbsd.go
// (Accept4) and src/internal/poll/sock_cloexec.go use it.
func accept(s uintptr, sa *unix.RawSockaddrAny, salen *uint32) (uintptr, unix.Errno) {
	r, _, e := unix.Syscall6(unix.SYS_PACCEPT, s, uintptr(unsafe.Pointer(sa)),
		uintptr(unsafe.Pointer(salen)), 0, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	return r, e
}
