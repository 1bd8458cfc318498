package socket

import (
	"context"
	"io"

	"golang.org/x/sys/unix"
)

// Send sends b with send(2) and returns how many bytes went out. It mirrors
// Python's socket.send.
//
// Blocking mode on a stream socket waits until all of b is queued, as the
// kernel's blocking send(2) does (the descriptor is non-blocking
// underneath, so Send calls send(2) again after a partial write); on error
// it returns how many bytes went out with the error. Timeout mode waits at
// most the timeout for room and then sends what fits, which may be fewer
// than len(b) (use Sendall for all of them); non-blocking mode sends what
// fits or fails at once with EAGAIN. A datagram or seqpacket socket sends
// one record with one call in every mode. MSG_NOSIGNAL is always added: a
// peer that has gone gives EPIPE, never SIGPIPE. MSG_DONTWAIT makes this
// one call non-blocking.
//
// Errors to expect: EPIPE and ECONNRESET from a gone peer, EDESTADDRREQ on
// an unconnected datagram socket, EMSGSIZE for a datagram too large. A
// stream socket with no peer gives EPIPE (TCP) or ENOTCONN (AF_UNIX), and
// the message then says why: not connected yet (call Connect first),
// listening (send on a socket Accept returns), or its connection over.
func (s *Socket) Send(b []byte, flags MsgFlag) (int, error) {
	return s.sendto(context.Background(), "send", b, flags, nil)
}

// Sendto sends b to the address to with sendto(2), as Python's
// socket.sendto does; it returns the number of bytes sent. The zero Addr
// sends with no address, like Send. Modes and errors are Send's; an address
// of another family than the socket's is an error wrapping EAFNOSUPPORT.
func (s *Socket) Sendto(b []byte, flags MsgFlag, to Addr) (int, error) {
	return s.sendto(context.Background(), "sendto", b, flags, &to)
}

// Recv receives into p with recv(2) and returns how many bytes arrived. It
// is Python's socket.recv_into: the caller owns the buffer, so nothing is
// allocated. Python's data = s.recv(1024) is written
//
//	buf := make([]byte, 1024) // once, reused by every call
//	n, err := s.Recv(buf, 0)
//	data := buf[:n]
//
// and data is valid until the next Recv into buf. On a stream socket 0 bytes and a nil error mean the peer shut
// down its side (end of stream); an empty p is therefore refused there with
// EINVAL, where it would look the same. On a datagram socket a datagram
// longer than p is truncated (MSG_TRUNC makes n its real length).
//
// Blocking mode waits for data; timeout mode waits at most the timeout;
// non-blocking mode fails at once with EAGAIN. MSG_DONTWAIT makes this one
// call non-blocking. MSG_WAITALL in blocking mode on a stream socket waits
// until p is full, the stream ends or an error comes, and then returns what
// arrived (the error comes with the next call), as the kernel's blocking
// recv(2) does; in timeout mode it returns what is there, as in Python.
func (s *Socket) Recv(p []byte, flags MsgFlag) (int, error) {
	// recv's body, not a call to it: one frame less on the stack of a
	// goroutine parked here (see recv).
	if err := s.checkRecv("recv", p, flags, true); err != nil {
		return 0, err
	}
	n, _, err := s.fd.Recvfrom(context.Background(), s.recvMode(flags), p, int(flags), nil)
	return n, s.callError("recv", "recvfrom", nil, err)
}

// Recvfrom receives into p with recvfrom(2) and returns the byte count and
// the sender's address, without allocating. It is Python's
// socket.recvfrom_into. The address is the zero Addr when the kernel reports
// none (a connected stream socket). Modes and errors are Recv's.
func (s *Socket) Recvfrom(p []byte, flags MsgFlag) (int, Addr, error) {
	return s.recvfrom(context.Background(), "recvfrom", p, flags)
}

// Read implements io.Reader with Recv (recv(2)): it returns io.EOF at the
// end of a stream, and 0, nil for an empty p. On a SOCK_SEQPACKET socket,
// too, 0 bytes read as io.EOF, as in net; on a datagram socket they are an
// empty datagram.
func (s *Socket) Read(p []byte) (int, error) {
	if len(p) == 0 {
		// No call to make, but a closed socket says so, as net's do.
		return 0, s.checkOpen("read")
	}
	n, err := s.Recv(p, 0)
	return s.eof(n, err)
}

// eof turns the 0 bytes that end a connection into io.EOF for the io.Reader
// views, as net's ZeroReadIsEOF does: on stream and seqpacket sockets, not
// on datagram and raw ones, where an empty message is real.
func (s *Socket) eof(n int, err error) (int, error) {
	if n == 0 && err == nil && (s.typ == SOCK_STREAM || s.typ == SOCK_SEQPACKET) {
		return 0, io.EOF
	}
	return n, err
}

// Write implements io.Writer with Sendall (send(2) until all of b is sent):
// it returns an error if and only if it could not send all of b.
func (s *Socket) Write(b []byte) (int, error) { return s.Sendall(b, 0) }

// recv is the receive path of Recv, Read and their variants: no sender's
// address, so the frames of a blocked receive stay small (a goroutine
// blocked in Recv keeps a 2 KB stack). A makefile File passes checkOpen
// false: it may outlive its Socket's Close.
func (s *Socket) recv(ctx context.Context, op string, p []byte, flags MsgFlag, checkOpen bool) (int, error) {
	if err := s.checkRecv(op, p, flags, checkOpen); err != nil {
		return 0, err
	}
	n, _, err := s.fd.Recvfrom(ctx, s.recvMode(flags), p, int(flags), nil)
	return n, s.callError(op, "recvfrom", nil, err)
}

// recvfrom is the receive path of Recvfrom and its variants.
func (s *Socket) recvfrom(ctx context.Context, op string, p []byte, flags MsgFlag) (int, Addr, error) {
	if err := s.checkRecv(op, p, flags, true); err != nil {
		return 0, Addr{}, err
	}
	var from Addr
	n, fromLen, err := s.fd.Recvfrom(ctx, s.recvMode(flags), p, int(flags), &from.raw)
	from.setLen(fromLen)
	return n, from, s.callError(op, "recvfrom", nil, err)
}

// checkRecv checks the arguments of a receive.
func (s *Socket) checkRecv(op string, p []byte, flags MsgFlag, checkOpen bool) error {
	if checkOpen {
		if err := s.checkOpen(op); err != nil {
			return err
		}
	}
	if err := s.checkFlags(op, flags); err != nil {
		return err
	}
	if len(p) == 0 && s.typ == SOCK_STREAM {
		return s.opError(op, nil, argError("buffer", "empty buffer on a stream socket: 0 would read as end of stream", unix.EINVAL))
	}
	return nil
}

// sendto is the send path of Send, Sendto and their variants.
func (s *Socket) sendto(ctx context.Context, op string, b []byte, flags MsgFlag, to *Addr) (int, error) {
	if err := s.checkOpen(op); err != nil {
		return 0, err
	}
	if err := s.checkFlags(op, flags); err != nil {
		return 0, err
	}
	if to != nil && !to.IsZero() {
		if err := s.checkFamily(op, to); err != nil {
			return 0, err
		}
	}
	raw, rawLen := to.sockaddr()
	n, err := s.fd.Sendto(ctx, s.sendMode(flags), b, int(flags), raw, rawLen)
	return n, s.hinted(op, "sendto", to, err, (*Socket).sendHint)
}
