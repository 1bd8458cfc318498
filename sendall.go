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
	return s.sendallUnchecked(ctx, b, flags)
}

// sendallUnchecked is sendall without the check that the Socket is open, for a
// makefile File, which may outlive its Socket's Close.
func (s *Socket) sendallUnchecked(ctx context.Context, b []byte, flags MsgFlag) (int, error) {
	const op = "sendall"
	if err := s.checkFlags(op, flags); err != nil {
		return 0, err
	}
	// Whole: send it all, with the timeout bounding the whole call.
	n, err := s.fd.Sendto(ctx, sockfd.Mode{Timeout: s.timeoutFor(flags), Whole: true}, b, int(flags), nil, 0)
	return n, s.hinted(op, "sendto", nil, err, (*Socket).sendHint)
}
