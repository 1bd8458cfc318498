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
	if errno == unix.EAGAIN {
		// Non-blocking loops see EAGAIN on every empty poll: keep that
		// path free of allocations with one error value per operation
		// and network, shared by every socket (like io.EOF, never to be
		// modified).
		if err, ok := errAgain[againKey{op, s.network()}]; ok {
			return err
		}
	}
	return s.opError(op, addr, os.NewSyscallError(syscall, errno))
}

type againKey struct{ op, network string }

// errAgain holds the EAGAIN error of each data operation on each network.
var errAgain = func() map[againKey]error {
	m := map[againKey]error{}
	for op, sc := range map[string]string{
		"recv": "recvfrom", "recvfrom": "recvfrom", "recvmsg": "recvmsg", "accept": "accept4",
		"send": "sendto", "sendto": "sendto", "sendall": "sendto", "sendmsg": "sendmsg",
	} {
		for _, network := range networks {
			m[againKey{op, network}] = &net.OpError{Op: op, Net: network, Err: os.NewSyscallError(sc, unix.EAGAIN)}
		}
	}
	return m
}()

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
