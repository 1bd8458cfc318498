package socket

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// Some errnos say little to someone new to sockets: accept(2) before
// listen(2) is EINVAL, a second bind(2) is EINVAL, a send on a TCP socket
// that never connected is EPIPE. Where one more system call on the error
// path tells for certain what went wrong, the error says what to do after
// the errno's text; errors.Is still finds the errno. The checks run only
// after a call failed with the errno they explain: never on the hot path,
// and never for EAGAIN.

// hintError is a failed system call's error with a hint for the reader.
type hintError struct {
	err  *os.SyscallError
	hint string
}

// Error returns "SYSCALL: ERRNO: HINT".
func (e *hintError) Error() string { return e.err.Error() + ": " + e.hint }

// Unwrap returns the *os.SyscallError, which unwraps to the errno.
func (e *hintError) Unwrap() error { return e.err }

// hinted is callError for a call whose errno alone may mislead: hint,
// asked only when the call failed with an errno other than EAGAIN, returns
// what to do, or "" when it cannot tell for certain.
func (s *Socket) hinted(op, syscall string, addr *Addr, err error, hint func(*Socket, unix.Errno) string) error {
	if err == nil {
		return nil
	}
	if errno, ok := err.(unix.Errno); ok && errno != unix.EAGAIN {
		if h := hint(s, errno); h != "" {
			return s.opError(op, addr, &hintError{err: &os.SyscallError{Syscall: syscall, Err: errno}, hint: h})
		}
	}
	return s.callError(op, syscall, addr, err)
}

// acceptHint explains accept(2)'s EINVAL on a socket that is not
// listening (SO_ACCEPTCONN, read with getsockopt(2), is off).
func (s *Socket) acceptHint(errno unix.Errno) string {
	if errno != unix.EINVAL {
		return ""
	}
	if listening, err := s.AcceptConn(); err == nil && !listening {
		return "socket is not listening: call Listen first"
	}
	return ""
}

// bindHint explains bind(2)'s EINVAL on a socket that already has an
// address (getsockname(2) shows a port, or an AF_UNIX name).
func (s *Socket) bindHint(errno unix.Errno) string {
	if errno != unix.EINVAL {
		return ""
	}
	if a, err := s.Getsockname(); err == nil && !unnamed(a) {
		return "socket is already bound to " + a.String() + ": a socket binds once (make a new socket for another address)"
	}
	return ""
}

// sendHint explains a UDP send's EIO (gsoFailed), and a stream send's
// EPIPE or ENOTCONN on a socket that has
// no peer (getpeername(2) gives ENOTCONN): a listening socket, one that
// never connected (no local address either), or one whose connection is
// over (a reset or refused connect leaves the local address behind).
func (s *Socket) sendHint(errno unix.Errno) string {
	if errno == unix.EIO {
		return s.gsoFailed()
	}
	if errno != unix.EPIPE && errno != unix.ENOTCONN || s.typ != SOCK_STREAM && s.typ != SOCK_SEQPACKET {
		return ""
	}
	if _, err := s.Getpeername(); !errors.Is(err, unix.ENOTCONN) {
		return ""
	}
	if listening, err := s.AcceptConn(); err == nil && listening {
		return "socket is listening: send on a socket Accept returns"
	}
	if a, err := s.Getsockname(); err == nil && unnamed(a) {
		return "socket is not connected: call Connect first"
	}
	return "socket is not connected: its connection has ended, or was never made"
}

// unnamed reports whether a is a socket's address before bind(2) or
// connect(2) gave it one: port 0, or AF_UNIX's unnamed address.
func unnamed(a Addr) bool {
	if path, ok := a.UnixPath(); ok {
		return path == ""
	}
	return a.Port() == 0
}
