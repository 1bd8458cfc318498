package socket

import (
	"fmt"
	"net"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// FromNetConn returns a new Socket for the socket under c, which must be a
// syscall.Conn (*net.TCPConn, *net.UDPConn, *net.UnixConn, *Conn, ...). It
// duplicates the descriptor (fcntl(2) F_DUPFD_CLOEXEC, inside c's
// SyscallConn().Control) and makes a Socket of the duplicate with FromFD:
// no data is copied and c is left as it was, registered with the poller and
// non-blocking, unlike c's File method, which switches the descriptor to
// blocking mode.
//
// Ownership: the Socket owns the duplicate and c keeps its own descriptor.
// Both name the same kernel socket, which lives until both are closed, so
// close c when the Socket replaces it. They share the socket's state (its
// buffers, options, O_NONBLOCK) but not their modes, deadlines or
// lifetimes. The Socket starts in the mode DefaultTimeout gives.
//
// A c that is not a syscall.Conn (a *tls.Conn, net.Pipe) is an error
// wrapping EINVAL; one whose descriptor is not a socket, ENOTSOCK.
func FromNetConn(c net.Conn) (*Socket, error) { return fromSyscallConn("fromnetconn", c) }

// FromNetListener returns a new Socket for the listening socket under l
// (*net.TCPListener, *net.UnixListener, *Listener), duplicating its
// descriptor as FromNetConn does, with the same ownership: close l when the
// Socket replaces it, and note that a *net.UnixListener still removes its
// path when closed. The Socket accepts connections from the same queue as
// l.
func FromNetListener(l net.Listener) (*Socket, error) {
	return fromSyscallConn("fromnetlistener", l)
}

// FromNetPacketConn returns a new Socket for the socket under c
// (*net.UDPConn, *net.IPConn, *net.UnixConn, *PacketConn), duplicating its
// descriptor as FromNetConn does, with the same ownership.
func FromNetPacketConn(c net.PacketConn) (*Socket, error) {
	return fromSyscallConn("fromnetpacketconn", c)
}

// fromSyscallConn duplicates the descriptor under v and makes a Socket of
// it.
func fromSyscallConn(op string, v any) (*Socket, error) {
	if isNil(v) {
		return nil, &net.OpError{Op: op, Err: nilArg("conn")}
	}
	sc, ok := v.(syscall.Conn)
	if !ok {
		return nil, &net.OpError{Op: op, Err: argError("conn", fmt.Sprintf("%T has no descriptor (not a syscall.Conn)", v), unix.EINVAL)}
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil, &net.OpError{Op: op, Err: err}
	}
	nfd := -1
	var dupErr error
	err = rc.Control(func(fd uintptr) {
		nfd, dupErr = dupCloexec(int(fd))
	})
	if err == nil {
		err = dupErr
	}
	if err != nil {
		return nil, &net.OpError{Op: op, Err: err}
	}
	// FromFD closes the descriptor only when it fails after taking it over;
	// check here what it would refuse first, so the duplicate is closed
	// exactly once.
	if _, err := unix.GetsockoptInt(nfd, unix.SOL_SOCKET, unix.SO_TYPE); err != nil {
		unix.Close(nfd)
		return nil, &net.OpError{Op: op, Err: os.NewSyscallError("getsockopt", err)}
	}
	s, err := FromFD(nfd)
	if err != nil {
		if oe, ok := err.(*net.OpError); ok {
			oe.Op = op
		}
		return nil, err
	}
	return s, nil
}
