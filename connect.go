package socket

import (
	"context"
	"errors"
	"net"
	"os"
	"time"

	"github.com/bsdsock/socket/internal/sockfd"
	"golang.org/x/sys/unix"
)

// Connect connects the socket to addr with connect(2), as Python's
// socket.connect does.
//
// Blocking mode waits until the connection is made or refused. Timeout mode
// waits at most the timeout, then fails with an error satisfying
// errors.Is(err, os.ErrDeadlineExceeded); the connection attempt may still
// complete later. Non-blocking mode fails at once with EINPROGRESS when the
// connection cannot be made at once (TCP): wait for writability, then read
// the outcome from SO_ERROR, or call Connect again in blocking mode, which
// waits for the attempt in progress.
//
// On a datagram socket it sets the default destination; an AF_UNSPEC
// address dissolves it. Errors to expect: ECONNREFUSED, ETIMEDOUT,
// ENETUNREACH, EISCONN, and EAFNOSUPPORT for an address of another family.
//
// An AF_UNIX stream listener with a full backlog makes connect(2) answer
// EAGAIN, and nothing wakes the poller when room frees up. Blocking mode
// then waits as C and Python do, by retrying with a backoff of up to 20 ms
// (so Close and ctx are noticed that late at worst); timeout and
// non-blocking modes fail at once with EAGAIN, as in Python and Go's net.
func (s *Socket) Connect(addr Addr) error {
	return s.connect(context.Background(), addr)
}

// ConnectContext is Connect (connect(2)), interrupted when ctx is done: it
// then fails with ctx's error (a context deadline matches
// os.ErrDeadlineExceeded and context.DeadlineExceeded). The socket's own
// timeout still applies. Nothing extra is done for a context that is never
// done.
func (s *Socket) ConnectContext(ctx context.Context, addr Addr) error {
	if err := s.checkContext("connect", ctx); err != nil {
		return err
	}
	return s.connect(ctx, addr)
}

// ConnectEx is Connect (connect(2)) returning the errno instead of an error,
// as Python's socket.connect_ex does: 0 on success, EINPROGRESS in
// non-blocking mode for a connection under way, ECONNREFUSED and the like on
// failure, and, as in Python, EAGAIN (EWOULDBLOCK) when the timeout expires.
// A closed socket gives EBADF; an address the socket cannot use, the errno
// of its error.
func (s *Socket) ConnectEx(addr Addr) unix.Errno {
	err := s.connect(context.Background(), addr)
	if err == nil {
		return 0
	}
	var errno unix.Errno
	switch {
	case errors.As(err, &errno):
		return errno
	case errors.Is(err, net.ErrClosed):
		return unix.EBADF
	case errors.Is(err, os.ErrDeadlineExceeded):
		return unix.EAGAIN
	}
	return unix.EIO
}

func (s *Socket) connect(ctx context.Context, addr Addr) error {
	const op = "connect"
	if err := s.checkOpen(op); err != nil {
		return err
	}
	if err := s.checkFamily(op, &addr); err != nil {
		return err
	}
	for pause := time.Millisecond; ; pause = min(2*pause, maxUnixConnectPause) {
		timeout := s.timeoutValue()
		err := s.fd.Connect(ctx, sockfd.Mode{Timeout: timeout}, &addr.raw, addr.len, connectOutcomeInSOError(s.family))
		if err != unix.EAGAIN || s.family != AF_UNIX || timeout >= 0 {
			return s.callError(op, "connect", &addr, err)
		}
		// A full AF_UNIX backlog: a blocking connect(2) sleeps in the
		// kernel until there is room, but nothing wakes the poller for
		// it, so poll with backoff until then, the socket is closed or
		// ctx is done.
		if err := sleepContext(ctx, pause); err != nil {
			return s.opError(op, &addr, err)
		}
		if s.isClosed() {
			return s.opError(op, &addr, net.ErrClosed)
		}
	}
}

// maxUnixConnectPause bounds the wait between two connect(2) attempts to a
// full AF_UNIX backlog, and so how late a blocking Connect notices Close.
const maxUnixConnectPause = 20 * time.Millisecond

// sleepContext waits for d, or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	if ctx.Done() == nil {
		time.Sleep(d)
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return sockfd.ContextError(ctx.Err())
	}
}
