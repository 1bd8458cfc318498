package socket

import (
	"context"

	"github.com/bsdsock/socket/internal/sockfd"
)

// Sendall sends all of b, calling send(2) as often as it takes, as Python's
// socket.sendall does. It returns len(b) and a nil error, or how many bytes
// went out before the error: better than Python, which loses that number.
//
// Blocking mode waits as long as it takes. In timeout mode the timeout
// bounds the whole call, not each send(2) (as in Python 3.5 and later): when
// it expires the error satisfies errors.Is(err, os.ErrDeadlineExceeded) and
// n says what was sent. Non-blocking mode sends what fits and then fails
// with EAGAIN.
func (s *Socket) Sendall(b []byte, flags MsgFlag) (int, error) {
	return s.sendall(context.Background(), b, flags)
}

func (s *Socket) sendall(ctx context.Context, b []byte, flags MsgFlag) (int, error) {
	if err := s.checkOpen("sendall"); err != nil {
		return 0, err
	}
	return s.sendAll(ctx, b, flags)
}

// sendAll is sendall without the check that the Socket is open, for a
// makefile File, which may outlive its Socket's Close.
func (s *Socket) sendAll(ctx context.Context, b []byte, flags MsgFlag) (int, error) {
	const op = "sendall"
	if err := s.checkFlags(op, flags); err != nil {
		return 0, err
	}
	w := &s.fd.W
	w.Mu.Lock()
	w.Kind, w.Buf, w.Flags, w.ToLen = sockfd.Sendall, b, int(flags), 0
	w.Timeout = s.mode(flags) // Do makes it bound the whole call
	err := w.Do(ctx)
	n, errno := w.N, w.Errno
	w.Buf = nil
	w.Mu.Unlock()
	return n, s.result(op, "sendto", nil, err, errno)
}
