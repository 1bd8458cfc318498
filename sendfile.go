package socket

import (
	"context"
	"errors"
	"io"
	"os"
	"strconv"

	"github.com/bsdsock/socket/internal/sockfd"
	"golang.org/x/sys/unix"
)

// Sendfile sends the contents of f, from offset on, with sendfile(2): the
// kernel copies from the file to the socket without the data passing
// through user space. It sends count bytes, or up to the end of the file
// when count is 0, and returns how many were sent, also on error. Like
// Python's socket.sendfile it then moves f's position to just after the last
// byte sent, and where sendfile(2) cannot serve the file (EINVAL, ENOSYS,
// ESPIPE: a pipe, say) before any byte went out, it falls back to reading f
// and calling Sendall. A file that cannot seek is read from where it is,
// so offset must then be 0. sendfile(2) is used on Linux, macOS and
// FreeBSD; OpenBSD and NetBSD have none, and always take the fallback.
//
// Blocking mode waits as long as it takes. In timeout mode the timeout
// bounds the whole call, as for Sendall (Python bounds each wait).
// Non-blocking mode sends what fits and then fails with EAGAIN, where Python
// refuses non-blocking sockets.
func (s *Socket) Sendfile(f *os.File, offset, count int64) (int64, error) {
	const op = "sendfile"
	if err := s.checkOpen(op); err != nil {
		return 0, err
	}
	if offset < 0 || count < 0 {
		return 0, s.opError(op, nil, argError("offset/count", "negative ("+strconv.FormatInt(offset, 10)+", "+strconv.FormatInt(count, 10)+")", unix.EINVAL))
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return 0, s.opError(op, nil, err)
	}
	var sent int64
	// Hold f's descriptor open for the whole call.
	cerr := rc.Control(func(infd uintptr) {
		sent, err = s.fd.Sendfile(context.Background(), sockfd.Mode{Timeout: s.timeoutValue()}, int(infd), offset, count)
	})
	if cerr != nil {
		return 0, s.opError(op, nil, cerr)
	}
	if errno, ok := err.(unix.Errno); ok && sent == 0 && cannotSendfile(errno) {
		return s.sendfileCopy(f, offset, count)
	}
	if sent > 0 {
		f.Seek(offset+sent, io.SeekStart)
	}
	return sent, s.callError(op, "sendfile", nil, err)
}

// sendfileCopy is Sendfile's fallback: read f and Sendall each chunk, as
// Python's _sendfile_use_send does.
func (s *Socket) sendfileCopy(f *os.File, offset, count int64) (int64, error) {
	// Start at offset, as the doc says (Python's fallback seeks only for a
	// non-zero offset); a file that cannot seek, a pipe, is read from
	// where it is, which offset 0 accepts.
	if _, err := f.Seek(offset, io.SeekStart); err != nil && offset > 0 {
		return 0, s.opError("sendfile", nil, err)
	}
	r := io.Reader(f)
	if count > 0 {
		r = io.LimitReader(f, count)
	}
	buf := make([]byte, 64<<10)
	var sent int64
	for {
		n, rerr := r.Read(buf)
		if n > 0 {
			m, err := s.sendallUnchecked(context.Background(), buf[:n], 0)
			sent += int64(m)
			if err != nil {
				f.Seek(offset+sent, io.SeekStart) // just after the last byte sent
				return sent, err
			}
		}
		if errors.Is(rerr, io.EOF) {
			return sent, nil
		}
		if rerr != nil {
			return sent, s.opError("sendfile", nil, rerr)
		}
	}
}

// cannotSendfile reports the errnos with which sendfile(2) refuses a kind of
// file rather than failing the transfer.
func cannotSendfile(errno unix.Errno) bool {
	return errno == unix.EINVAL || errno == unix.ENOSYS || errno == unix.ESPIPE || errno == unix.EOPNOTSUPP
}
