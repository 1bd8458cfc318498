//go:build linux || freebsd || netbsd || openbsd

package socket

import (
	"context"
	"strconv"

	"golang.org/x/sys/unix"
)

// Mmsg is one message of a batch for Sendmmsg and Recvmmsg: Python's
// sendmsg/recvmsg_into arguments and results, one slot of the caller's
// vector. The caller owns the vector and every buffer in it, so a batch
// allocates nothing.
//
// Linux, FreeBSD, NetBSD and OpenBSD.
type Mmsg struct {
	// Buffers hold the data: gathered in order on send, scattered in
	// order on receive.
	Buffers [][]byte
	// OOB holds control messages (ancillary data): built with
	// AppendUDPSegment and the like on send, filled on receive (decode
	// OOB[:OOBN] with ParseControl).
	OOB []byte
	// Addr is the destination on send (the zero Addr: none, as for a
	// connected socket), and the sender on receive.
	Addr Addr
	// N is the number of data bytes sent or received. A received
	// datagram longer than Buffers is cut, and then Flags has MSG_TRUNC.
	N int
	// OOBN is the number of control bytes received into OOB.
	OOBN int
	// Flags is msg_flags on receive: MSG_TRUNC, MSG_CTRUNC, ...
	Flags MsgFlag
}

// maxBatch is UIO_MAXIOV, the most messages sendmmsg(2) and recvmmsg(2)
// take in one call (the kernel silently ignores the rest), and the most
// buffers one message may have.
const maxBatch = 1024

// Sendmmsg sends the messages of msgs with one sendmmsg(2) and returns how
// many were sent; msgs[i].N says how many bytes of each. Each message is
// one datagram: its Buffers gathered, its OOB as control messages, to its
// Addr (or with no address when it is the zero Addr), as Sendmsg would
// send it. At most 1024 messages go in one call (UIO_MAXIOV); send the
// rest with another.
//
// Blocking mode waits until at least one message can be sent, then sends
// what fits and returns that count, which may be fewer than len(msgs);
// timeout mode waits at most the timeout for the first; non-blocking mode
// (or MSG_DONTWAIT) sends what fits or fails at once with EAGAIN. An error
// on a later message ends the batch early with the messages sent before
// it; the error comes with the next call. MSG_NOSIGNAL is always added. A
// call allocates nothing once the socket has sent a batch as large (the
// headers live in the socket, allocated on first use), unless another
// goroutine's batch in the same direction is under way.
//
// Linux and NetBSD make it one system call. FreeBSD has sendmmsg(2) and
// recvmmsg(2) in libc only, as a loop of sendmsg(2) or recvmsg(2), and
// here the same loop is made; OpenBSD has the system calls, but a program
// may enter its kernel only through libc, whose sendmmsg x/sys/unix does
// not reach, so it gets the loop too. The loop stops at the first message
// that fails and returns the count before it, as FreeBSD's libc does; an
// error on the first message is the call's.
//
// Python has no sendmmsg. Errors to expect: Sendmsg's, an address of the
// wrong family (EAFNOSUPPORT), a message with more than 1024 buffers
// (EMSGSIZE).
//
// Linux, FreeBSD, NetBSD and OpenBSD.
func (s *Socket) Sendmmsg(msgs []Mmsg, flags MsgFlag) (int, error) {
	return s.sendmmsg(context.Background(), msgs, flags)
}

// SendmmsgContext is Sendmmsg (sendmmsg(2)), interrupted when ctx is done
// (see RecvContext).
//
// Linux, FreeBSD, NetBSD and OpenBSD (see Sendmmsg for how each makes the
// call).
func (s *Socket) SendmmsgContext(ctx context.Context, msgs []Mmsg, flags MsgFlag) (int, error) {
	if err := s.checkContext("sendmmsg", ctx); err != nil {
		return 0, err
	}
	return s.sendmmsg(ctx, msgs, flags)
}

// Recvmmsg receives up to len(msgs) datagrams with one recvmmsg(2) and
// returns how many arrived. For each of the first n messages it fills N,
// OOBN, Flags (MSG_TRUNC when the datagram was longer than its Buffers)
// and Addr, the sender, written by the kernel into the caller's slot with
// no copy; the messages after them are left as they were. At most 1024
// messages are filled in one call (UIO_MAXIOV).
//
// Blocking mode waits for the first datagram and then takes the ones
// already queued, so n may be fewer than len(msgs) (a partial batch);
// timeout mode waits at most the timeout for the first; non-blocking mode
// (or MSG_DONTWAIT) takes what is queued or fails at once with EAGAIN.
// Allocations are Sendmmsg's: none in steady state.
//
// Python has no recvmmsg. Errors to expect: Recvmsg's.
//
// Linux, FreeBSD, NetBSD and OpenBSD (see Sendmmsg for how each makes the
// call).
func (s *Socket) Recvmmsg(msgs []Mmsg, flags MsgFlag) (int, error) {
	return s.recvmmsg(context.Background(), msgs, flags)
}

// RecvmmsgContext is Recvmmsg (recvmmsg(2)), interrupted when ctx is done
// (see RecvContext).
//
// Linux, FreeBSD, NetBSD and OpenBSD (see Sendmmsg for how each makes the
// call).
func (s *Socket) RecvmmsgContext(ctx context.Context, msgs []Mmsg, flags MsgFlag) (int, error) {
	if err := s.checkContext("recvmmsg", ctx); err != nil {
		return 0, err
	}
	return s.recvmmsg(ctx, msgs, flags)
}

func (s *Socket) sendmmsg(ctx context.Context, msgs []Mmsg, flags MsgFlag) (int, error) {
	const op = "sendmmsg"
	if err := s.checkMmsg(op, msgs, flags); err != nil {
		return 0, err
	}
	for i := range msgs[:min(len(msgs), maxBatch)] {
		if a := &msgs[i].Addr; !a.IsZero() {
			if err := s.checkFamily(op, a); err != nil {
				return 0, err
			}
		}
	}
	if len(msgs) == 0 {
		return 0, nil
	}
	c := s.batchState().send.acquire()
	c.set(msgs, flags|MSG_NOSIGNAL|MSG_DONTWAIT)
	err := s.fd.RawWrite(ctx, s.sendMode(flags), c.run)
	n := c.finish(err == nil)
	return n, s.hinted(op, op, nil, err, (*Socket).sendHint)
}

func (s *Socket) recvmmsg(ctx context.Context, msgs []Mmsg, flags MsgFlag) (int, error) {
	const op = "recvmmsg"
	if err := s.checkMmsg(op, msgs, flags); err != nil {
		return 0, err
	}
	if len(msgs) == 0 {
		return 0, nil
	}
	c := s.batchState().recv.acquire()
	c.set(msgs, flags|MSG_DONTWAIT)
	err := s.fd.RawRead(ctx, s.recvMode(flags), c.run)
	n := c.finish(err == nil)
	return n, s.callError(op, op, nil, err)
}

// checkMmsg refuses a call the kernel would refuse for its arguments.
func (s *Socket) checkMmsg(op string, msgs []Mmsg, flags MsgFlag) error {
	if err := s.checkOpen(op); err != nil {
		return err
	}
	if err := s.checkFlags(op, flags); err != nil {
		return err
	}
	for i := range msgs[:min(len(msgs), maxBatch)] {
		if n := len(msgs[i].Buffers); n > maxBatch {
			return s.opError(op, nil, argError("msgs["+strconv.Itoa(i)+"].Buffers",
				strconv.Itoa(n)+" buffers, more than "+strconv.Itoa(maxBatch), unix.EMSGSIZE))
		}
	}
	return nil
}
