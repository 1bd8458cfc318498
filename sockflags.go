//go:build dragonfly || freebsd || linux || netbsd || openbsd

package socket

import "golang.org/x/sys/unix"

// The values of SOCK_NONBLOCK and SOCK_CLOEXEC: the kernel's, on the
// systems whose socket(2) takes them.
const (
	sockNonblock = unix.SOCK_NONBLOCK
	sockCloexec  = unix.SOCK_CLOEXEC
)
