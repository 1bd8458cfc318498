package socket

import "context"

// RecvContext is Recv (recv(2)), interrupted when ctx is done. It and the
// other ...Context methods take the same path as the plain calls (the
// context is threaded through to the poller wait), so they make the same
// system call and keep the socket's mode, timeout and deadlines; ctx adds
// one more bound, and the earliest ends the call:
//
//   - when ctx is cancelled, a waiting call returns promptly with an error
//     satisfying errors.Is(err, context.Canceled);
//   - when ctx's deadline passes, the error satisfies both
//     errors.Is(err, os.ErrDeadlineExceeded) (Python's socket.timeout, as
//     for a socket timeout) and errors.Is(err, context.DeadlineExceeded);
//   - a ctx already done fails the call before any system call, and so
//     does a nil ctx, with an *ArgError wrapping EINVAL (net's calls
//     panic on a nil Context);
//   - a call that completes without waiting is not affected by ctx.
//
// No goroutine is started: a done ctx sets a past poller deadline through
// context.AfterFunc, as net does. A ctx that can never be done
// (context.Background, context.TODO) costs nothing and allocates nothing.
// Python has no equivalent.
func (s *Socket) RecvContext(ctx context.Context, p []byte, flags MsgFlag) (int, error) {
	if err := s.checkContext("recv", ctx); err != nil {
		return 0, err
	}
	return s.recv(ctx, "recv", p, flags, true)
}

// RecvfromContext is Recvfrom (recvfrom(2)), interrupted when ctx is done:
// a cancelled ctx gives an error matching context.Canceled, a passed
// deadline one matching os.ErrDeadlineExceeded (see RecvContext). It
// allocates nothing for a ctx that is never done.
func (s *Socket) RecvfromContext(ctx context.Context, p []byte, flags MsgFlag) (int, Addr, error) {
	if err := s.checkContext("recvfrom", ctx); err != nil {
		return 0, Addr{}, err
	}
	return s.recvfrom(ctx, "recvfrom", p, flags)
}

// RecvmsgContext is Recvmsg (recvmsg(2)), interrupted when ctx is done (see
// RecvContext).
func (s *Socket) RecvmsgContext(ctx context.Context, p, oob []byte, flags MsgFlag) (Msg, error) {
	if err := s.checkContext("recvmsg", ctx); err != nil {
		return Msg{}, err
	}
	return s.recvmsg(ctx, nil, p, oob, flags)
}

// SendContext is Send (send(2)), interrupted when ctx is done (see
// RecvContext).
func (s *Socket) SendContext(ctx context.Context, b []byte, flags MsgFlag) (int, error) {
	if err := s.checkContext("send", ctx); err != nil {
		return 0, err
	}
	return s.sendto(ctx, "send", b, flags, nil)
}

// SendtoContext is Sendto (sendto(2)), interrupted when ctx is done (see
// RecvContext).
func (s *Socket) SendtoContext(ctx context.Context, b []byte, flags MsgFlag, to Addr) (int, error) {
	if err := s.checkContext("sendto", ctx); err != nil {
		return 0, err
	}
	return s.sendto(ctx, "sendto", b, flags, &to)
}

// SendallContext is Sendall (send(2) until all of b is sent), interrupted
// when ctx is done (see RecvContext). The count says what went out
// before ctx was done; in timeout mode the earlier of the socket's timeout
// (for the whole call) and ctx's deadline ends it.
func (s *Socket) SendallContext(ctx context.Context, b []byte, flags MsgFlag) (int, error) {
	if err := s.checkContext("sendall", ctx); err != nil {
		return 0, err
	}
	return s.sendall(ctx, b, flags)
}

// SendmsgContext is Sendmsg (sendmsg(2)), interrupted when ctx is done (see
// RecvContext).
func (s *Socket) SendmsgContext(ctx context.Context, p, oob []byte, flags MsgFlag, to Addr) (int, error) {
	if err := s.checkContext("sendmsg", ctx); err != nil {
		return 0, err
	}
	return s.sendmsg(ctx, nil, p, oob, flags, &to)
}
