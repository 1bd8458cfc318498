package socket

import (
	"sync/atomic"
	"time"
)

// NoTimeout is the timeout of a blocking socket: Python's None.
const NoTimeout time.Duration = -1

// defaultTimeout is the mode new sockets start in.
var defaultTimeout atomic.Int64

func init() { defaultTimeout.Store(int64(NoTimeout)) }

// SetDefaultTimeout sets the mode of sockets created from now on (New,
// Socketpair, FromFD, and accepted sockets; Dup copies its socket's
// instead), as Python's socket.setdefaulttimeout does: NoTimeout (or any
// negative duration) for blocking, 0 for non-blocking, d > 0 for timeout
// mode. It makes no system call.
func SetDefaultTimeout(d time.Duration) {
	if d < 0 {
		d = NoTimeout
	}
	defaultTimeout.Store(int64(d))
}

// DefaultTimeout returns the mode new sockets start in, as Python's
// socket.getdefaulttimeout does: NoTimeout unless SetDefaultTimeout changed it.
func DefaultTimeout() time.Duration { return time.Duration(defaultTimeout.Load()) }

// SetTimeout sets the socket's mode without a system call, as Python's
// socket.settimeout does (see below):
//
//   - NoTimeout (or any negative duration): blocking; a call waits until it
//     can complete, the socket is closed, or its context is done.
//   - d > 0: timeout mode; a call waits at most d, then fails with an error
//     satisfying errors.Is(err, os.ErrDeadlineExceeded) whose Timeout method
//     reports true (Python's socket.timeout). The limit applies to each call
//     on its own, except Sendall, which it bounds as a whole.
//   - 0: non-blocking; a call that would wait fails at once with an error
//     satisfying errors.Is(err, unix.EAGAIN) (Python's BlockingIOError), and
//     Connect with EINPROGRESS.
//
// d is a time.Duration, not Python's float of seconds: Python's
// settimeout(2) is SetTimeout(2 * time.Second), and SetTimeout(2) is two
// nanoseconds, a timeout that nearly every call that has to wait runs out
// of at once ("i/o timeout"). A d that small is taken as given, as
// net.Conn's deadlines take it: SetTimeout neither rounds it up nor warns.
//
// It makes no system call: the descriptor is always non-blocking at the OS
// level and the mode is kept by how the socket uses the runtime poller. It
// takes effect from the next call; a call already waiting keeps its mode.
func (s *Socket) SetTimeout(d time.Duration) {
	if d < 0 {
		d = NoTimeout
	}
	s.timeout.Store(int64(d))
}

// Timeout returns the socket's mode as SetTimeout takes it, without a
// system call: NoTimeout when blocking, 0 when non-blocking, the limit in
// timeout mode. It mirrors Python's socket.gettimeout (and the
// socket.timeout attribute), with NoTimeout for None.
func (s *Socket) Timeout() time.Duration { return s.timeoutValue() }

// SetBlocking switches the socket to blocking mode (SetTimeout(NoTimeout))
// or non-blocking mode (SetTimeout(0)) without a system call, as Python's
// socket.setblocking does, except that Python makes an fcntl(2) call (see
// SetTimeout).
func (s *Socket) SetBlocking(blocking bool) {
	if blocking {
		s.SetTimeout(NoTimeout)
	} else {
		s.SetTimeout(0)
	}
}

// Blocking reports whether the socket's calls may wait, without a system
// call, as Python's socket.getblocking does: it is Timeout() != 0, so it is
// true in blocking mode and in timeout mode, and false only in non-blocking
// mode.
func (s *Socket) Blocking() bool { return s.timeoutValue() != 0 }

// MaxSpinWait bounds SetSpinWait: a spinning call notices Close, a deadline
// or a context only when it stops spinning.
const MaxSpinWait = time.Millisecond

// SetSpinWait, without a system call, makes receives that would wait
// (Recv, Recvfrom, Recvmsg and their variants, in blocking and timeout
// modes) first retry their recvfrom(2) or recvmsg(2) for up to d, yielding
// the processor between tries, before they park in the poller.
// Parking costs a thread wake-up when the data arrives, which on a virtual
// machine takes microseconds; a peer that answers within d saves it. It
// trades CPU for latency, so it is off (0) by default and suits
// request/response traffic where the answer comes quickly: with 50 us, a
// 1-byte ping-pong on loopback took 0.5x (AF_UNIX) to 0.8x (TCP) of net's
// time on this project's 2-CPU machines.
// d is capped at MaxSpinWait; negative means 0.
// Python has no equivalent; Linux's SO_BUSY_POLL is the kernel's
// counterpart for network devices, and does nothing on loopback.
func (s *Socket) SetSpinWait(d time.Duration) {
	s.spin.Store(int64(min(max(d, 0), MaxSpinWait)))
}

// SpinWait returns what SetSpinWait set, without a system call.
func (s *Socket) SpinWait() time.Duration { return time.Duration(s.spin.Load()) }
