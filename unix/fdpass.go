package unix

import (
	"errors"
	"strconv"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// ErrControlTruncated is wrapped by RecvRights's error when the control
// data did not fit its oob buffer (MSG_CTRUNC): errors.Is(err,
// ErrControlTruncated). The descriptors that did arrive have been closed.
var ErrControlTruncated = errors.New("control data truncated (MSG_CTRUNC)")

// SendRights sends p and the descriptors fds over the AF_UNIX socket s
// with one sendmsg(2) carrying an SCM_RIGHTS control message built in oob
// (its contents are replaced; size it with RightsSpace(len(fds))), and
// returns the number of data bytes sent. With oob large enough it
// allocates nothing, where the root's SendFDs (Python's send_fds) builds
// its control message on the heap. The receiver gets new descriptors for
// the same open files; fds stay open here. Modes are Send's; s must be
// connected (Sendmsg takes an address).
//
// Errors name the operation "sendmsg": before any system call, EINVAL for
// more than MaxRights descriptors or, on a SOCK_STREAM socket, an empty p
// (Linux would send nothing, descriptors included), EBADF for a negative
// descriptor, EOPNOTSUPP for a socket that is not AF_UNIX, net.ErrClosed
// for a closed one; then Sendmsg's (EBADF for a descriptor that is not
// open, EPIPE, EAGAIN in non-blocking mode).
func SendRights(s *socket.Socket, p, oob []byte, fds []int, flags socket.MsgFlag) (int, error) {
	const op = "sendmsg"
	if _, err := boundary.FD(s, op); err != nil {
		return 0, err
	}
	if s.Family() != socket.AF_UNIX {
		return 0, boundary.Error(s, op, op, nil, argError("socket", "descriptors travel only over AF_UNIX, not "+
			s.Family().String(), unix.EOPNOTSUPP))
	}
	if len(p) == 0 && len(fds) > 0 && s.Type() == socket.SOCK_STREAM {
		return 0, boundary.Error(s, op, op, nil, argError("p", "empty: a stream socket sends descriptors only with data", unix.EINVAL))
	}
	oob, err := AppendRights(oob[:0], fds)
	if err != nil {
		return 0, boundary.Error(s, op, op, nil, err)
	}
	return s.Sendmsg(p, oob, flags, socket.Addr{})
}

// RecvRights receives data into p and control messages into oob with one
// recvmsg(2), and appends the descriptors of its SCM_RIGHTS messages to fds
// (ParseRights). With fds's capacity and oob large enough (RightsSpace of
// the most descriptors expected, plus CredentialsSpace with SetPassCred)
// it allocates nothing; the root's RecvFDs (Python's recv_fds) allocates
// both. The descriptors are close-on-exec (MSG_CMSG_CLOEXEC is always
// added, and not reported in m.Flags unless asked for; macOS and FreeBSD
// mark them with fcntl(2) after) and the caller's to
// close. Other control messages stay in oob[:m.OOBN] (ParseCredentials).
// Modes and m are Recvmsg's.
//
// When oob was too small for what was sent (MSG_CTRUNC), every descriptor
// that did arrive is closed, fds is returned as it was given, and the
// error, naming "recvmsg", says how many were closed and wraps
// ErrControlTruncated; the data in p[:m.N] arrived all the same. A
// malformed list is handled the same way (EINVAL). Other errors are
// Recvmsg's.
func RecvRights(s *socket.Socket, p, oob []byte, fds []int, flags socket.MsgFlag) (socket.Msg, []int, error) {
	const op = "recvmsg"
	m, err := s.Recvmsg(p, oob, flags|cmsgCloexec)
	if flags&cmsgCloexec == 0 {
		m.Flags &^= cmsgCloexec // the kernel echoes it
	}
	if err != nil {
		return m, fds, err
	}
	start := len(fds)
	got, err := ParseRights(oob[:m.OOBN], fds)
	closeOnExec(got[start:]) // fdpass_cloexec.go, where recvmsg lacks MSG_CMSG_CLOEXEC
	if err == nil && m.Flags&socket.MSG_CTRUNC == 0 {
		return m, got, nil
	}
	arrived := got[start:]
	for _, fd := range arrived {
		unix.Close(fd)
	}
	if err == nil {
		err = &truncatedError{closed: len(arrived), oob: len(oob)}
	}
	return m, fds[:start], boundary.Error(s, op, op, nil, err)
}

// truncatedError is RecvRights's MSG_CTRUNC.
type truncatedError struct {
	closed int // descriptors that arrived and were closed
	oob    int // the size of the control buffer
}

func (e *truncatedError) Error() string {
	return ErrControlTruncated.Error() + ": the " + strconv.Itoa(e.closed) + " descriptors that fit " +
		strconv.Itoa(e.oob) + " bytes of control buffer were closed, the others never arrived; " +
		"size the buffer with RightsSpace"
}

func (e *truncatedError) Unwrap() error { return ErrControlTruncated }
