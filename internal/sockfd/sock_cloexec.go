// This file creates descriptors on the systems whose socket(2), socketpair(2)
// and accept4(2) take SOCK_NONBLOCK|SOCK_CLOEXEC, as Go's src/net/sock_cloexec.go
// and src/internal/poll/sock_cloexec.go do: one system call, no window in
// which a fork could inherit the descriptor.

//go:build dragonfly || freebsd || linux || netbsd || openbsd

package sockfd

import "golang.org/x/sys/unix"

// Socket creates a non-blocking, close-on-exec socket with socket(2), ready
// for New. err is the system call's error.
func Socket(family, typ, proto int) (int, error) {
	return unix.Socket(family, typ|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, proto)
}

// Socketpair creates a pair of connected non-blocking, close-on-exec
// sockets with socketpair(2). err is the system call's error.
func Socketpair(family, typ, proto int) ([2]int, error) {
	return unix.Socketpair(family, typ|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, proto)
}
