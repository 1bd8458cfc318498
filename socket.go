package socket

import (
	"fmt"
	"math"
	"net"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/bsdsock/socket/internal/sockfd"
	"golang.org/x/sys/unix"
)

// Socket is one end of a network connection, or of a datagram exchange: a
// file descriptor, its family, type and protocol, and the mode its calls
// run in.
//
// A socket's life, in the order of its calls:
//
//   - [New] makes it;
//   - a server gives it its address with [Socket.Bind], makes it listen for
//     connections with [Socket.Listen], and takes each client's connection,
//     a new Socket, with [Socket.Accept];
//   - a client connects it to the server's address with [Socket.Connect];
//   - both ends then exchange data with [Socket.Send] (or [Socket.Sendall],
//     which sends everything) and [Socket.Recv]; a datagram socket can
//     instead address each datagram with [Socket.Sendto] and learn where
//     each came from with [Socket.Recvfrom], without connecting;
//   - [Socket.Close] releases it.
//
// [Socket.Shutdown] ends one direction before that, and [Socket.SetTimeout]
// or [Socket.SetBlocking] chooses how calls that would wait behave.
// [Socketpair] makes two sockets connected to each other, and [FromFD]
// adopts a descriptor made elsewhere.
//
// The other methods are reference material, listed alphabetically by
// pkgsite but grouped by purpose in the source and in the package overview:
// the ...Context variants of the calls above; readiness waits
// ([Socket.WaitReadable], [Socket.WaitWritable]); messages with control data
// ([Socket.Recvmsg], [Socket.Sendmsg], [Socket.SendFDs]); the socket
// options, raw ([Socket.GetsockoptInt], [Socket.SetsockoptInt], ...) and
// typed, one getter/setter pair per option, grouped by level: SOL_SOCKET
// (ReuseAddr, KeepAlive, RecvBuffer, ...), SOL_TCP (NoDelay, KeepIdle,
// TCPInfo, ...), SOL_IP and SOL_IPV6 (TTL, HopLimit, JoinGroup, ...); and
// the adapters to Go's net ([Socket.NetConn], [Socket.NetListener],
// [Socket.NetPacketConn]).
//
// Its methods may be called from several goroutines at once; calls in the
// same direction (two receivers, or two senders) take turns, and a call
// waiting for its turn keeps its own timeout, context and deadline, and
// ends with Close, as Python threads sharing a socket do (a non-blocking
// call does not wait behind one that is waiting for data: it fails with
// EAGAIN).
//
// The zero Socket has no descriptor and behaves as a closed one: its calls
// fail with [net.ErrClosed]. As with most Go types, calling a method on a
// nil *Socket panics.
type Socket struct {
	fd      *sockfd.FD
	family  Family
	typ     Type
	proto   Protocol
	timeout atomic.Int64 // time.Duration: NoTimeout blocks, 0 never waits
	spin    atomic.Int64 // time.Duration: how long a receive spins before parking
	closed  atomic.Bool
	noGSO   atomic.Bool           // a send failed with EIO: UDP segmentation does not work here (gso_linux.go)
	batch   atomic.Pointer[batch] // Sendmmsg and Recvmmsg's state, made on first use (mmsgcall.go)
}

// New creates a socket with socket(2), as Python's socket.socket(family,
// type, proto) does. The descriptor is always created close-on-exec and
// non-blocking at the OS level (the modes are kept by the runtime poller);
// the socket starts in the mode DefaultTimeout gives, or non-blocking when
// typ includes SOCK_NONBLOCK.
//
// Unlike Python, no argument has a default: pass AF_INET, SOCK_STREAM, 0 for
// Python's socket.socket().
func New(family Family, typ Type, proto Protocol) (*Socket, error) {
	if err := checkCInts(family, typ, proto); err != nil {
		return nil, &net.OpError{Op: "socket", Err: err}
	}
	fd, err := sockfd.Socket(int(family), int(typ&^(SOCK_NONBLOCK|SOCK_CLOEXEC)), int(proto))
	if err != nil {
		return nil, &net.OpError{Op: "socket", Net: family.String() + "/" + typ.String(), Err: os.NewSyscallError("socket", err)}
	}
	return newSocket(fd, family, typ, proto)
}

// checkCInts refuses a family, type or protocol that a C int cannot hold:
// the kernel would truncate it to another value, and the Socket would then
// report one it does not have.
func checkCInts(family Family, typ Type, proto Protocol) error {
	for _, a := range [...]struct {
		name string
		v    int
	}{{"family", int(family)}, {"type", int(typ)}, {"proto", int(proto)}} {
		if a.v < math.MinInt32 || a.v > math.MaxInt32 {
			return argError(a.name, strconv.Itoa(a.v)+" does not fit a C int", unix.EINVAL)
		}
	}
	return nil
}

// newSocket wraps a fresh non-blocking descriptor; on error it is closed.
func newSocket(fd int, family Family, typ Type, proto Protocol) (*Socket, error) {
	sfd, err := sockfd.New(fd)
	if err != nil {
		return nil, os.NewSyscallError("socket", err)
	}
	s := &Socket{fd: sfd, family: family, typ: typ &^ (SOCK_NONBLOCK | SOCK_CLOEXEC), proto: proto}
	s.timeout.Store(defaultTimeout.Load())
	if typ&SOCK_NONBLOCK != 0 {
		s.timeout.Store(0)
	}
	return s, nil
}

// FromFD makes a Socket of an existing socket descriptor and takes ownership
// of it, as Python's socket.socket(fileno=fd) does: closing the Socket closes
// fd. The family, type and protocol are read back from the kernel (SO_DOMAIN,
// SO_TYPE, SO_PROTOCOL; on the BSDs the family from getsockname(2) and the
// protocol 0, as CPython does without SO_DOMAIN and SO_PROTOCOL); the descriptor is made non-blocking and
// close-on-exec (fcntl(2)), and the socket starts in the mode DefaultTimeout
// gives. A descriptor that is not a socket gives ENOTSOCK.
//
// Python's socket.fromfd(fd, family, type) differs: it duplicates fd and
// takes the family and type from its caller. Its counterpart is
// FromFD(DupFD(fd)), which keeps fd open.
func FromFD(fd int) (*Socket, error) {
	if err := checkFD(fd); err != nil {
		return nil, &net.OpError{Op: "fromfd", Err: err}
	}
	vals, err := socketKind(fd) // fromfd_linux.go, fromfd_bsd.go
	if err != nil {
		return nil, &net.OpError{Op: "fromfd", Err: err}
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		return nil, &net.OpError{Op: "fromfd", Err: os.NewSyscallError("fcntl", err)}
	}
	unix.CloseOnExec(fd)
	return newSocket(fd, Family(vals[0]), Type(vals[1]), Protocol(vals[2]))
}

// Socketpair creates a pair of connected sockets with socketpair(2), as
// Python's socket.socketpair does. Linux supports it for AF_UNIX only. Both
// sockets start in the mode DefaultTimeout gives (non-blocking with
// SOCK_NONBLOCK).
func Socketpair(family Family, typ Type, proto Protocol) (*Socket, *Socket, error) {
	if err := checkCInts(family, typ, proto); err != nil {
		return nil, nil, &net.OpError{Op: "socketpair", Err: err}
	}
	fds, err := sockfd.Socketpair(int(family), int(typ&^(SOCK_NONBLOCK|SOCK_CLOEXEC)), int(proto))
	if err != nil {
		return nil, nil, &net.OpError{Op: "socketpair", Net: family.String() + "/" + typ.String(), Err: os.NewSyscallError("socketpair", err)}
	}
	a, err := newSocket(fds[0], family, typ, proto)
	if err != nil {
		unix.Close(fds[1])
		return nil, nil, err
	}
	b, err := newSocket(fds[1], family, typ, proto)
	if err != nil {
		a.Close()
		return nil, nil, err
	}
	return a, b, nil
}

// Close closes the socket, as Python's socket.close does: the descriptor is
// closed with close(2) once no File made by Makefile still uses it
// (Python's rule). When the descriptor
// is closed, a call blocked on it in another goroutine returns promptly
// with an error satisfying errors.Is(err, net.ErrClosed), and the
// descriptor number is not reused while it is still inside the call; while
// a File keeps the descriptor open, such a call goes on waiting, as in
// Python. Closing a closed socket does nothing, as in Python.
func (s *Socket) Close() error {
	if s.fd == nil || !s.closed.CompareAndSwap(false, true) {
		return nil
	}
	if err := s.fd.Release(); err != nil {
		return s.opError("close", nil, err)
	}
	return nil
}

// Shutdown shuts down one or both directions of a connection with
// shutdown(2), as Python's socket.shutdown does: SHUT_WR sends end of stream
// to the peer while still receiving. The descriptor stays open; Close it
// after. Errors to expect: ENOTCONN on an unconnected socket; a how other
// than SHUT_RD, SHUT_WR and SHUT_RDWR is an error (EINVAL).
func (s *Socket) Shutdown(how ShutdownHow) error {
	const op = "shutdown"
	if err := s.checkOpen(op); err != nil {
		return err
	}
	if how != SHUT_RD && how != SHUT_WR && how != SHUT_RDWR {
		return s.opError(op, nil, argError("how", strconv.Itoa(int(how))+" is not SHUT_RD, SHUT_WR or SHUT_RDWR", unix.EINVAL))
	}
	return s.callError(op, "shutdown", nil, s.fd.Shutdown(int(how)))
}

// Detach returns a duplicate of the descriptor, made with fcntl(2)
// F_DUPFD_CLOEXEC, and closes the Socket without closing the socket itself,
// like Python's socket.detach. It is not Python's single step because once
// the socket has joined the Go runtime poller, the poller owns the original
// descriptor and always closes it. Unlike Python, the number is therefore
// not Fileno's. The returned descriptor is non-blocking; the caller owns it.
func (s *Socket) Detach() (int, error) {
	nfd, err := s.dupFD("detach")
	if err != nil {
		return -1, err
	}
	// Of two racing Detach (or Close) calls only one may win, or two
	// callers would each own a descriptor for one socket.
	if !s.closed.CompareAndSwap(false, true) {
		unix.Close(nfd)
		return -1, s.opError("detach", nil, net.ErrClosed)
	}
	if err := s.fd.Release(); err != nil {
		unix.Close(nfd)
		return -1, s.opError("detach", nil, err)
	}
	return nfd, nil
}

// Dup returns a new Socket for the same socket, with fcntl(2)
// F_DUPFD_CLOEXEC, as Python's socket.dup does. The duplicate starts in
// the socket's mode, as in Python; afterwards the two share the socket
// (and its O_NONBLOCK flag) but not their modes, deadlines or lifetimes.
func (s *Socket) Dup() (*Socket, error) {
	nfd, err := s.dupFD("dup")
	if err != nil {
		return nil, err
	}
	d, err := newSocket(nfd, s.family, s.typ, s.proto)
	if err != nil {
		return nil, s.opError("dup", nil, err)
	}
	d.timeout.Store(s.timeout.Load())
	return d, nil
}

func (s *Socket) dupFD(op string) (int, error) {
	if s.isClosed() {
		return -1, s.opError(op, nil, net.ErrClosed)
	}
	var nfd int
	err := s.fd.Control(func(fd int) error {
		var err error
		nfd, err = dupCloexec(fd)
		return err
	})
	if err != nil {
		return -1, s.opError(op, nil, err)
	}
	return nfd, nil
}

// Fileno returns the descriptor number, or -1 once the socket is closed,
// without a system call, as Python's socket.fileno does. Unlike
// (*os.File).Fd, it never switches the descriptor to blocking mode. Use it only
// for calls that cannot outlive the socket; SyscallConn gives a safe way.
func (s *Socket) Fileno() int {
	if s.isClosed() {
		return -1
	}
	return s.fd.Sysfd
}

// SyscallConn returns a syscall.RawConn for the descriptor without a system
// call; the RawConn runs functions with the descriptor held open and waits
// in the poller as the socket's own calls do. It makes *Socket a syscall.Conn.
func (s *Socket) SyscallConn() (syscall.RawConn, error) {
	if s.isClosed() {
		return nil, s.opError("syscallconn", nil, net.ErrClosed)
	}
	rc, err := s.fd.RawConn()
	if err != nil {
		return nil, s.opError("syscallconn", nil, err)
	}
	return rc, nil
}

// Family returns the address family the socket was created with, without a
// system call, as Python's socket.family attribute does (Domain asks the
// kernel).
func (s *Socket) Family() Family { return s.family }

// Type returns the socket type, without SOCK_NONBLOCK and SOCK_CLOEXEC and
// without a system call, as Python's socket.type attribute does (SockType
// asks the kernel).
func (s *Socket) Type() Type { return s.typ }

// Proto returns the protocol number the socket was created with (0 if the
// kernel chose), or for FromFD the one the kernel reports, without a system
// call, as Python's socket.proto attribute does (Protocol asks the kernel).
func (s *Socket) Proto() Protocol { return s.proto }

// String describes the socket like Python's repr, with getsockname(2) and
// getpeername(2):
//
//	<socket fd=3, family=AF_INET, type=SOCK_STREAM, proto=0, laddr=127.0.0.1:8080>
//
// with raddr when connected, and "[closed]" once closed.
func (s *Socket) String() string {
	if s.isClosed() {
		return fmt.Sprintf("<socket [closed] fd=-1, family=%v, type=%v, proto=%d>", s.family, s.typ, s.proto)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<socket fd=%d, family=%v, type=%v, proto=%d", s.fd.Sysfd, s.family, s.typ, s.proto)
	if a, err := s.Getsockname(); err == nil && a.String() != "" {
		fmt.Fprintf(&b, ", laddr=%v", a)
	}
	if a, err := s.Getpeername(); err == nil && a.String() != "" {
		fmt.Fprintf(&b, ", raddr=%v", a)
	}
	b.WriteString(">")
	return b.String()
}

// isClosed reports whether the socket has no open descriptor: closed, or the
// zero Socket, which never had one.
func (s *Socket) isClosed() bool { return s.fd == nil || s.closed.Load() }

// timeoutValue is the socket's mode as a time.Duration.
func (s *Socket) timeoutValue() time.Duration { return time.Duration(s.timeout.Load()) }

// Inheritable reports whether the descriptor would be inherited by a child
// program across exec, that is whether FD_CLOEXEC is clear (fcntl(2)
// F_GETFD), as Python's socket.get_inheritable does. Sockets are created
// non-inheritable.
func (s *Socket) Inheritable() (bool, error) {
	const op = "get_inheritable"
	if err := s.checkOpen(op); err != nil {
		return false, err
	}
	var flags int
	err := s.fd.Control(func(fd int) (err error) {
		flags, err = unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
		return err
	})
	if err != nil {
		return false, s.opError(op, nil, wrapSyscall("fcntl", err))
	}
	return flags&unix.FD_CLOEXEC == 0, nil
}

// SetInheritable sets or clears FD_CLOEXEC (fcntl(2) F_SETFD), as Python's
// socket.set_inheritable does. Go's os/exec passes only the descriptors in
// Cmd.ExtraFiles to a child, whatever this flag says; it matters to
// programs that exec by other means.
func (s *Socket) SetInheritable(inheritable bool) error {
	const op = "set_inheritable"
	if err := s.checkOpen(op); err != nil {
		return err
	}
	err := s.fd.Control(func(fd int) error {
		flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
		if err != nil {
			return err
		}
		if inheritable {
			flags &^= unix.FD_CLOEXEC
		} else {
			flags |= unix.FD_CLOEXEC
		}
		_, err = unix.FcntlInt(uintptr(fd), unix.F_SETFD, flags)
		return err
	})
	if err != nil {
		return s.opError(op, nil, wrapSyscall("fcntl", err))
	}
	return nil
}

// wrapSyscall names the system call of a bare errno.
func wrapSyscall(name string, err error) error {
	if errno, ok := err.(unix.Errno); ok {
		return os.NewSyscallError(name, errno)
	}
	return err
}
