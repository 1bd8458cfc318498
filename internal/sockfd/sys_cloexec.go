// This file creates descriptors on macOS, whose socket(2), socketpair(2)
// and accept(2) (accept_cloexec.go) take no SOCK_NONBLOCK|SOCK_CLOEXEC:
// the descriptor is made and marked close-on-exec under syscall.ForkLock, so that no fork+exec of
// os/exec inherits it in between, then made non-blocking, as Go's
// src/net/sys_cloexec.go and src/internal/poll/sys_cloexec.go do (the lock's
// reason is in src/syscall/exec_unix.go). SO_NOSIGPIPE is set at once:
// macOS has no usable MSG_NOSIGNAL, and without it a send to a closed peer
// raises SIGPIPE (setsockopt(2) of macOS, SO_NOSIGPIPE).

//go:build darwin

package sockfd

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// Socket creates a non-blocking, close-on-exec socket with socket(2) and
// fcntl(2), with SO_NOSIGPIPE set, ready for New. err is the failing system
// call's error; the descriptor is closed then.
func Socket(family, typ, proto int) (int, error) {
	syscall.ForkLock.RLock()
	s, err := unix.Socket(family, typ, proto)
	if err == nil {
		unix.CloseOnExec(s)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, err
	}
	if err := prepare(s); err != nil {
		unix.Close(s)
		return -1, err
	}
	return s, nil
}

// Socketpair creates a pair of connected sockets with socketpair(2), made
// as Socket makes one.
func Socketpair(family, typ, proto int) ([2]int, error) {
	syscall.ForkLock.RLock()
	fds, err := unix.Socketpair(family, typ, proto)
	if err == nil {
		unix.CloseOnExec(fds[0])
		unix.CloseOnExec(fds[1])
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return [2]int{-1, -1}, err
	}
	for _, s := range fds {
		if err := prepare(s); err != nil {
			unix.Close(fds[0])
			unix.Close(fds[1])
			return [2]int{-1, -1}, err
		}
	}
	return fds, nil
}

// prepare makes a fresh descriptor non-blocking (fcntl(2) F_SETFL) and sets
// SO_NOSIGPIPE on it.
func prepare(s int) error {
	if err := unix.SetNonblock(s, true); err != nil {
		return err
	}
	return unix.SetsockoptInt(s, unix.SOL_SOCKET, unix.SO_NOSIGPIPE, 1)
}

// prepareAccepted readies an accepted descriptor as prepare does: macOS's
// accept(2) passes on neither O_NONBLOCK nor SO_NOSIGPIPE.
func prepareAccepted(s int) error { return prepare(s) }
