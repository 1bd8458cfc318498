package socket

import "time"

// SetDeadline sets the deadline of both directions, as net.Conn's
// SetDeadline does, with no system call (it sets the runtime poller's
// timers); it is SetReadDeadline and SetWriteDeadline with the same t.
//
// Python has no deadlines; here they compose with its modes like this. A
// deadline is an absolute time after which every call in its direction
// fails with an error satisfying errors.Is(err, os.ErrDeadlineExceeded)
// whose Timeout method reports true, whatever the mode, until the deadline
// is moved or cleared:
//
//   - blocking mode: a call waits until it can complete or the deadline
//     passes, whichever comes first;
//   - timeout mode: a call waits until the earlier of the deadline and its
//     own timeout (Sendall: the timeout of the whole call). A timeout that
//     expires ends that call only: the deadline stays as set for the next
//     one, and a deadline never lengthens a timeout;
//   - non-blocking mode: a call never waits, but fails once the deadline
//     has passed, as in the other modes.
//
// A context given to a ...Context method adds a third bound, and the
// earliest of the three ends the call. Setting or clearing a deadline takes
// effect at once, also for a call already waiting in another goroutine (a
// past t wakes it with the timeout error). The zero t clears the deadline.
// The deadline is kept by the Socket, not the descriptor: Dup and the
// sockets Accept returns start without one.
//
// The read direction is Recv, Recvfrom, Recvmsg, Read and Accept; the write
// direction is Send, Sendto, Sendall, Sendmsg, Write and Connect. A closed
// socket gives net.ErrClosed.
func (s *Socket) SetDeadline(t time.Time) error {
	if err := s.checkOpen("set"); err != nil {
		return err
	}
	s.fd.SetReadDeadline(t)
	s.fd.SetWriteDeadline(t)
	return nil
}

// SetReadDeadline sets the deadline of the receiving calls (Recv, Recvfrom,
// Recvmsg, Read, Accept) without a system call, as net.Conn's
// SetReadDeadline does. SetDeadline
// tells how deadlines compose with the socket's mode.
func (s *Socket) SetReadDeadline(t time.Time) error {
	if err := s.checkOpen("set"); err != nil {
		return err
	}
	s.fd.SetReadDeadline(t)
	return nil
}

// SetWriteDeadline sets the deadline of the sending calls (Send, Sendto,
// Sendall, Sendmsg, Write, Connect) without a system call, as net.Conn's
// SetWriteDeadline does.
// SetDeadline tells how deadlines compose with the socket's mode. When it
// expires in Sendall or Write, the count returned says what was sent.
func (s *Socket) SetWriteDeadline(t time.Time) error {
	if err := s.checkOpen("set"); err != nil {
		return err
	}
	s.fd.SetWriteDeadline(t)
	return nil
}
