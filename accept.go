package socket

import (
	"context"
	"strconv"

	"github.com/bsdsock/socket/internal/sockfd"
	"golang.org/x/sys/unix"
)

// SOMAXCONN is the kernel's cap on a listen backlog, Python's
// socket.SOMAXCONN. Python's listen() without an argument uses
// min(SOMAXCONN, 128).
const SOMAXCONN = unix.SOMAXCONN

// Bind binds the socket to addr with bind(2), as Python's socket.bind does.
// Port 0 asks the kernel for a free port (read it back with Getsockname); an
// empty AF_UNIX path autobinds an abstract name. Errors to expect:
// EADDRINUSE, EACCES (a privileged port), EADDRNOTAVAIL, EAFNOSUPPORT for
// an address of another family, and EINVAL for a socket that already has
// an address (a second Bind, or a Bind after Connect), whose message then
// says where it is bound.
func (s *Socket) Bind(addr Addr) error {
	const op = "bind"
	if err := s.checkOpen(op); err != nil {
		return err
	}
	if err := s.checkFamily(op, &addr); err != nil {
		return err
	}
	return s.hinted(op, "bind", &addr, s.fd.Bind(&addr.raw, addr.len), (*Socket).bindHint)
}

// Listen marks the socket as accepting connections with listen(2), with
// room for backlog pending ones (the kernel caps it at SOMAXCONN). Python's
// socket.listen takes no argument to mean min(SOMAXCONN, 128); here pass it.
// A negative backlog is an error (EINVAL), where Python quietly uses 0.
func (s *Socket) Listen(backlog int) error {
	const op = "listen"
	if err := s.checkOpen(op); err != nil {
		return err
	}
	if backlog < 0 {
		return s.opError(op, nil, argError("backlog", strconv.Itoa(backlog)+" is negative", unix.EINVAL))
	}
	return s.callError(op, "listen", nil, s.fd.Listen(min(backlog, 1<<30)))
}

// Accept waits for a connection with accept4(2) and returns a new Socket for
// it and the peer's address, as Python's socket.accept does. The new socket
// has the listener's family, type and protocol, and starts in the mode
// DefaultTimeout gives, which is Python's rule.
//
// Blocking mode waits for a connection; timeout mode waits at most the
// timeout; non-blocking mode fails at once with EAGAIN when none is pending.
// An AF_ALG socket's Accept gives the operation socket of the transform
// it is bound to, and the zero Addr: the kernel has no peer to name.
// Errors to expect: EINVAL on a socket that is not listening (the message
// then says to call Listen first), EMFILE when out of descriptors,
// ECONNABORTED for a connection reset while queued.
func (s *Socket) Accept() (*Socket, Addr, error) {
	return s.accept(context.Background())
}

// AcceptContext is Accept (accept4(2)), interrupted when ctx is done (see
// ConnectContext).
func (s *Socket) AcceptContext(ctx context.Context) (*Socket, Addr, error) {
	if err := s.checkContext("accept", ctx); err != nil {
		return nil, Addr{}, err
	}
	return s.accept(ctx)
}

func (s *Socket) accept(ctx context.Context) (*Socket, Addr, error) {
	const op = "accept"
	if err := s.checkOpen(op); err != nil {
		return nil, Addr{}, err
	}
	var peer Addr
	from := &peer.raw
	if !acceptHasPeer(s.family) {
		from = nil
	}
	nfd, peerLen, err := s.fd.Accept(ctx, sockfd.Mode{Timeout: s.timeoutValue()}, from)
	if err != nil {
		return nil, Addr{}, s.hinted(op, "accept4", nil, err, (*Socket).acceptHint)
	}
	peer.setLen(peerLen)
	c, err := newSocket(nfd, s.family, s.typ, s.proto)
	if err != nil {
		return nil, Addr{}, s.opError(op, &peer, err)
	}
	return c, peer, nil
}
