package socket

import (
	"math"
	"net"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// CloseFD closes the descriptor fd with close(2), as Python's module-level
// socket.close(fd) does: it is for descriptors no Socket owns, such as one
// from DupFD, Detach, RecvFDs or another library. As in Python, ECONNRESET
// (a peer that reset the connection before the close) is not an error, and
// EINTR is returned, not retried: Linux has released the descriptor even
// then, and its number may already belong to another file.
//
// Never pass a Socket's Fileno: the Socket owns that descriptor (the
// runtime poller does, once the socket has joined it) and closes it itself;
// use the Socket's Close. A negative fd, or one a C int
// cannot hold, gives an error wrapping EBADF, as does a descriptor that is
// not open.
func CloseFD(fd int) error {
	const op = "close"
	if err := checkFD(fd); err != nil {
		return &net.OpError{Op: op, Err: err}
	}
	if err := unix.Close(fd); err != nil && err != unix.ECONNRESET {
		return &net.OpError{Op: op, Err: os.NewSyscallError("close", err)}
	}
	return nil
}

// DupFD returns a duplicate of the descriptor fd, made with fcntl(2)
// F_DUPFD_CLOEXEC, as Python's module-level socket.dup(fd) does: the new
// descriptor is close-on-exec (not inheritable) and refers to the same
// socket, O_NONBLOCK flag included. The caller owns it: wrap it with FromFD
// (DupFD then FromFD is Python's socket.fromfd) or close it with CloseFD.
// Like Python, it does not check that fd is a socket. A negative fd, or one
// a C int cannot hold, gives an error wrapping EBADF; EMFILE means the
// process is out of descriptors.
func DupFD(fd int) (int, error) {
	const op = "dup"
	if err := checkFD(fd); err != nil {
		return -1, &net.OpError{Op: op, Err: err}
	}
	nfd, err := dupCloexec(fd)
	if err != nil {
		return -1, &net.OpError{Op: op, Err: err}
	}
	return nfd, nil
}

// dupCloexec duplicates fd with fcntl(2) F_DUPFD_CLOEXEC: the one way this
// package copies a descriptor (Dup, Detach, DupFD, the FromNet* adapters).
func dupCloexec(fd int) (int, error) {
	nfd, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return -1, os.NewSyscallError("fcntl", err)
	}
	return nfd, nil
}

// checkFD refuses a descriptor number the kernel cannot be given: it takes
// a C int, so a larger number would name another descriptor.
func checkFD(fd int) error {
	if fd < 0 || fd > math.MaxInt32 {
		return argError("fd", strconv.Itoa(fd)+" is not a descriptor number (0..MaxInt32)", unix.EBADF)
	}
	return nil
}
