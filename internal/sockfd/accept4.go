//go:build dragonfly || freebsd || linux

package sockfd

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// accept accepts a connection with accept4(2) into sa, the new descriptor
// non-blocking and close-on-exec from the start, as Go's
// src/internal/poll/sock_cloexec.go does.
func accept(s uintptr, sa *unix.RawSockaddrAny, salen *uint32) (uintptr, unix.Errno) {
	r, _, e := unix.Syscall6(unix.SYS_ACCEPT4, s, uintptr(unsafe.Pointer(sa)),
		uintptr(unsafe.Pointer(salen)), unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0, 0)
	return r, e
}
