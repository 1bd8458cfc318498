package socket

import (
	"net"
	"os"

	"golang.org/x/sys/unix"
)

// ArgError reports an argument rejected before any system call was made: a
// port outside 0..65535, an AF_UNIX path longer than sun_path, an address of
// the wrong family for the socket. It wraps the errno the kernel would have
// given, so errors.Is(err, unix.EINVAL) and the like work as for any other
// failure. Socket methods return it inside a *net.OpError that names the
// operation.
type ArgError struct {
	Arg    string     // the argument's name: "port", "addr", "backlog", ...
	Reason string     // what is wrong with it
	Err    unix.Errno // the matching errno
}

// Error returns "invalid ARG: REASON: ERRNO".
func (e *ArgError) Error() string {
	return "invalid " + e.Arg + ": " + e.Reason + ": " + e.Err.Error()
}

// Unwrap returns the errno.
func (e *ArgError) Unwrap() error { return e.Err }

func argError(arg, reason string, errno unix.Errno) error {
	return &ArgError{Arg: arg, Reason: reason, Err: errno}
}

// opError wraps err in the *net.OpError every Socket method returns: the
// operation (Python's method name), the socket's network ("tcp4",
// "unixgram", ...) and, where there is one, the address the call was given.
// errors.Is sees through it to the errno, net.ErrClosed or
// os.ErrDeadlineExceeded, and Timeout() reports a timeout as Python's
// socket.timeout does.
func (s *Socket) opError(op string, addr *Addr, err error) error {
	e := &net.OpError{Op: op, Net: s.network(), Err: err}
	if addr != nil && !addr.IsZero() {
		e.Addr = *addr
	}
	return e
}

// errnoError is opError for a failed system call.
func (s *Socket) errnoError(op, syscall string, addr *Addr, errno unix.Errno) error {
	if errno == unix.EAGAIN && (addr == nil || addr.IsZero()) {
		// Non-blocking loops see EAGAIN on every empty poll: keep that
		// path free of allocations.
		if i, ok := wouldBlockIndex[wouldBlockCall{op: op, net: s.network()}]; ok {
			return i
		}
	}
	return s.opError(op, addr, os.NewSyscallError(syscall, errno))
}

// wouldBlockError is the error of a data call that would have waited, in
// non-blocking mode (EAGAIN: Python's BlockingIOError), when it names no
// address. It is a small value, not a pointer: every call returns its own
// copy, which no caller can change for another (a shared *net.OpError
// could be), and returning it allocates nothing. It reads, compares and
// unwraps as the *net.OpError the other errors are: errors.Is(err,
// unix.EAGAIN) holds, Timeout() is true as for EAGAIN in net, and
// errors.As gives a fresh *net.OpError, *os.SyscallError or the errno.
type wouldBlockError uint16

// wouldBlockCall names a would-block error: the operation, the network, and
// the system call.
type wouldBlockCall struct{ op, net, syscall string }

// wouldBlockCalls holds every wouldBlockError's names, and wouldBlockIndex
// finds them by operation and network (syscall left empty).
var wouldBlockCalls, wouldBlockIndex = func() ([]wouldBlockCall, map[wouldBlockCall]wouldBlockError) {
	var calls []wouldBlockCall
	index := map[wouldBlockCall]wouldBlockError{}
	for _, c := range [...]struct{ op, syscall string }{
		{"recv", "recvfrom"}, {"recvfrom", "recvfrom"}, {"recvmsg", "recvmsg"}, {"accept", "accept4"},
		{"send", "sendto"}, {"sendto", "sendto"}, {"sendall", "sendto"}, {"sendmsg", "sendmsg"},
		{"sendmmsg", "sendmmsg"}, {"recvmmsg", "recvmmsg"},
	} {
		for _, network := range networks {
			index[wouldBlockCall{op: c.op, net: network}] = wouldBlockError(len(calls))
			calls = append(calls, wouldBlockCall{c.op, network, c.syscall})
		}
	}
	return calls, index
}()

// opError returns the *net.OpError e stands for, made afresh.
func (e wouldBlockError) opError() *net.OpError {
	c := wouldBlockCalls[e]
	return &net.OpError{Op: c.op, Net: c.net, Err: os.NewSyscallError(c.syscall, unix.EAGAIN)}
}

// Error returns the message of the *net.OpError e stands for: "recv udp4:
// recvfrom: resource temporarily unavailable".
func (e wouldBlockError) Error() string { return e.opError().Error() }

// Timeout reports true, as a *net.OpError wrapping EAGAIN does.
func (e wouldBlockError) Timeout() bool { return true }

// Temporary reports true, as a *net.OpError wrapping EAGAIN does.
func (e wouldBlockError) Temporary() bool { return true }

// Is reports whether target is EAGAIN, or an error EAGAIN is (errno's Is),
// without making the *net.OpError.
func (e wouldBlockError) Is(target error) bool {
	return target == unix.EAGAIN || unix.EAGAIN.Is(target)
}

// As sets target, a **net.OpError, **os.SyscallError or *unix.Errno, to a
// fresh copy of what e stands for.
func (e wouldBlockError) As(target any) bool {
	switch t := target.(type) {
	case **net.OpError:
		*t = e.opError()
	case **os.SyscallError:
		*t = os.NewSyscallError(wouldBlockCalls[e].syscall, unix.EAGAIN).(*os.SyscallError)
	case *unix.Errno:
		*t = unix.EAGAIN
	default:
		return false
	}
	return true
}

// network names the socket's kind as net does in its errors.
func (s *Socket) network() string {
	if n, ok := networks[[2]int{int(s.family), int(s.typ)}]; ok {
		return n
	}
	return s.family.String() + "/" + s.typ.String()
}

var networks = map[[2]int]string{
	{int(AF_INET), int(SOCK_STREAM)}: "tcp4", {int(AF_INET6), int(SOCK_STREAM)}: "tcp6",
	{int(AF_INET), int(SOCK_DGRAM)}: "udp4", {int(AF_INET6), int(SOCK_DGRAM)}: "udp6",
	{int(AF_INET), int(SOCK_RAW)}: "ip4", {int(AF_INET6), int(SOCK_RAW)}: "ip6",
	{int(AF_UNIX), int(SOCK_STREAM)}: "unix", {int(AF_UNIX), int(SOCK_DGRAM)}: "unixgram",
	{int(AF_UNIX), int(SOCK_SEQPACKET)}: "unixpacket",
}
