package socket

import (
	"math"
	"net"
	"os"
	"sync"
	"sync/atomic"

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
		if e, ok := s.wouldBlock(op); ok {
			return e
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

// wouldBlockKey finds a wouldBlockError: the operation and the socket's
// kind.
type wouldBlockKey struct {
	op  string
	fam Family
	typ Type
}

// wouldBlockSyscalls are the operations with a wouldBlockError, and the
// system call each names.
var wouldBlockSyscalls = map[string]string{
	"recv": "recvfrom", "recvfrom": "recvfrom", "recvmsg": "recvmsg", "accept": "accept4",
	"send": "sendto", "sendto": "sendto", "sendall": "sendto", "sendmsg": "sendmsg",
	"sendmmsg": "sendmmsg", "recvmmsg": "recvmmsg", "recverrqueue": "recvmsg",
}

// wouldBlocks holds the wouldBlockErrors made so far, one per operation
// and kind of socket, made by the first EAGAIN of each (wouldBlock). calls
// is replaced, never changed, so that errors read it without the lock.
var wouldBlocks struct {
	mu    sync.RWMutex
	index map[wouldBlockKey]wouldBlockError
	calls atomic.Pointer[[]wouldBlockCall]
}

// wouldBlock returns the wouldBlockError of op on this socket, making it
// the first time; false for an operation that has none.
func (s *Socket) wouldBlock(op string) (wouldBlockError, bool) {
	k := wouldBlockKey{op: op, fam: s.family, typ: s.typ}
	wouldBlocks.mu.RLock()
	e, ok := wouldBlocks.index[k]
	wouldBlocks.mu.RUnlock()
	if ok {
		return e, true
	}
	syscall, ok := wouldBlockSyscalls[op]
	if !ok {
		return 0, false
	}
	wouldBlocks.mu.Lock()
	defer wouldBlocks.mu.Unlock()
	if e, ok := wouldBlocks.index[k]; ok {
		return e, true
	}
	var calls []wouldBlockCall
	if p := wouldBlocks.calls.Load(); p != nil {
		calls = *p
	}
	if len(calls) > math.MaxUint16 {
		return 0, false
	}
	e = wouldBlockError(len(calls))
	calls = append(calls[:len(calls):len(calls)], wouldBlockCall{op, s.network(), syscall})
	wouldBlocks.calls.Store(&calls)
	if wouldBlocks.index == nil {
		wouldBlocks.index = map[wouldBlockKey]wouldBlockError{}
	}
	wouldBlocks.index[k] = e
	return e, true
}

// call returns the names e stands for.
func (e wouldBlockError) call() wouldBlockCall { return (*wouldBlocks.calls.Load())[e] }

// opError returns the *net.OpError e stands for, made afresh.
func (e wouldBlockError) opError() *net.OpError {
	c := e.call()
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
		*t = os.NewSyscallError(e.call().syscall, unix.EAGAIN).(*os.SyscallError)
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
