//go:build darwin || openbsd

package sockfd

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// accept accepts a connection with accept(2) into sa, then makes the new
// descriptor close-on-exec under syscall.ForkLock and non-blocking, as Go's
// src/internal/poll/sys_cloexec.go does. macOS has no accept4; OpenBSD's
// is in libc, but x/sys/unix has no wrapper for it to reach (sys_libc.go),
// so both take the two-step path, which the lock makes safe against a
// concurrent fork+exec.
func accept(s uintptr, sa *unix.RawSockaddrAny, salen *uint32) (uintptr, unix.Errno) {
	syscall.ForkLock.RLock()
	r, e := sysAccept(s, sa, salen)
	if e == 0 {
		unix.CloseOnExec(int(r))
	}
	syscall.ForkLock.RUnlock()
	if e != 0 {
		return 0, e
	}
	if err := prepareAccepted(int(r)); err != nil {
		unix.Close(int(r))
		return 0, errno(err)
	}
	return r, 0
}
