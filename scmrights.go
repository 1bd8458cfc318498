package socket

import (
	"encoding/binary"

	"golang.org/x/sys/unix"
)

// scmMaxFD is SCM_MAX_FD of the kernel's include/net/scm.h: the most
// descriptors one message carries, and so the most one receive returns.
const scmMaxFD = 253

// SendFDs sends the descriptors fds with the data of bufs over an AF_UNIX
// socket, with one sendmsg(2) carrying an SCM_RIGHTS control message, as
// Python's socket.send_fds(sock, buffers, fds, flags, address) does. The
// receiver gets new descriptors for the same open files; fds stay open
// here. It returns the number of data bytes sent. Modes and errors are
// Sendmsg's; it allocates the control message.
//
// Unlike Python 3.11, which ignores them, flags and to (the zero Addr for
// none) are passed on. Send at least one byte of data on a SOCK_STREAM
// socket: with none, Linux sends nothing, descriptors included, and returns
// 0, in Python too. More than 253 descriptors (SCM_MAX_FD) give EINVAL, a
// descriptor that is not open, negative or beyond a C int EBADF, and a socket other than AF_UNIX
// EINVAL or EOPNOTSUPP.
func (s *Socket) SendFDs(bufs [][]byte, fds []int, flags MsgFlag, to Addr) (int, error) {
	// The control message holds C ints: a number beyond one would be
	// truncated to another descriptor, and that file sent instead.
	for _, fd := range fds {
		if err := checkFD(fd); err != nil {
			return 0, s.opError("sendmsg", nil, err)
		}
	}
	return s.SendmsgBuffers(bufs, unix.UnixRights(fds...), flags, to)
}

// RecvFDs receives data into p and up to maxfds descriptors with one
// recvmsg(2), reading the SCM_RIGHTS control messages, as Python's
// socket.recv_fds(sock, bufsize, maxfds, flags) does: m.N data bytes
// arrived, m.Flags and m.From are Recvmsg's (without the MSG_CMSG_CLOEXEC
// added here, which the kernel echoes), and the caller owns the
// returned descriptors (wrap a socket with FromFD, a file with os.NewFile,
// or close them with CloseFD). Modes and errors are Recvmsg's.
//
// It differs from Python in three ways: the received descriptors are
// close-on-exec (MSG_CMSG_CLOEXEC is always added, as every descriptor this
// package makes is; macOS and FreeBSD mark them with fcntl(2) after), flags
// are passed on (Python 3.11 ignores them), and maxfds is capped at 253, the most one message can carry. When more
// descriptors arrived than maxfds, the kernel closes the extra ones and
// m.Flags has MSG_CTRUNC. It allocates the control buffer and the result; a
// negative maxfds is an error wrapping EINVAL.
func (s *Socket) RecvFDs(p []byte, maxfds int, flags MsgFlag) (m Msg, fds []int, err error) {
	if maxfds < 0 {
		return Msg{}, nil, s.opError("recvmsg", nil, argError("maxfds", "negative", unix.EINVAL))
	}
	maxfds = min(maxfds, scmMaxFD)
	// CMSG_LEN, not CMSG_SPACE, as Python: the padding of CMSG_SPACE would
	// make room for one more descriptor than asked for.
	oob := make([]byte, CmsgLen(maxfds*4))
	m, err = s.Recvmsg(p, oob, flags|cmsgCloexec)
	if flags&cmsgCloexec == 0 {
		// The kernel echoes the flag in msg_flags; the caller did not
		// ask for it, and Python's recv_fds reports 0 here.
		m.Flags &^= cmsgCloexec
	}
	if err != nil {
		return m, nil, err
	}
	for b := oob[:m.OOBN]; len(b) > 0; {
		c, rest, cerr := NextCmsg(b)
		if cerr != nil {
			// The kernel never writes a malformed list; should it, give
			// back no descriptor rather than leak the ones read.
			for _, fd := range fds {
				unix.Close(fd)
			}
			return m, nil, s.opError("recvmsg", nil, cerr)
		}
		if c.Level == SOL_SOCKET && c.Type == unix.SCM_RIGHTS {
			for d := c.Data; len(d) >= 4; d = d[4:] {
				fds = append(fds, int(int32(binary.NativeEndian.Uint32(d))))
			}
		}
		b = rest
	}
	closeOnExec(fds) // recvfds_cloexec.go, on the systems without MSG_CMSG_CLOEXEC
	return m, fds, nil
}
