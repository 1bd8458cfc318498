// This file makes received descriptors close-on-exec on macOS and FreeBSD,
// as Go's src/net/unixsock_readmsg_cloexec.go does: recvmsg(2) without
// MSG_CMSG_CLOEXEC (macOS has none; Go does not rely on FreeBSD's), then
// fcntl(2) FD_CLOEXEC on each descriptor. A fork+exec between the two can
// inherit them, as with Go's net.

//go:build darwin || freebsd

package socket

import "golang.org/x/sys/unix"

// cmsgCloexec is 0: see closeOnExec.
const cmsgCloexec = 0

// closeOnExec marks each received descriptor close-on-exec with fcntl(2).
func closeOnExec(fds []int) {
	for _, fd := range fds {
		unix.CloseOnExec(fd)
	}
}
