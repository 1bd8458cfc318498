package socket

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Listener is a listening Socket seen as a net.Listener, for http.Server,
// grpc.Server and the like. NetListener and ListenConfig.Listen return it.
//
// It shares the Socket: the same descriptor, poller registration, mode and
// deadline; closing either closes both, and a blocked Accept then returns
// an error satisfying errors.Is(err, net.ErrClosed), which is how
// http.Server's Shutdown stops its Serve loop. The Conns that Accept
// returns are independent sockets: closing the Listener leaves them open.
type Listener struct {
	s *Socket
	// unlink is the AF_UNIX path to remove on Close, when ListenConfig
	// created it (net.UnixListener's rule); empty for NetListener.
	unlink string
	once   sync.Once
}

// NetListener returns the socket as a net.Listener (a *Listener) sharing
// its descriptor, after one getsockopt(2) of SO_ACCEPTCONN checks that it
// is listening: see Listener for who closes what. A socket that is not
// (Listen not called) gives an error wrapping EINVAL, as accept(2) would.
func (s *Socket) NetListener() (net.Listener, error) {
	const op = "netlistener"
	if err := s.checkOpen(op); err != nil {
		return nil, err
	}
	listening, err := s.AcceptConn()
	if err != nil {
		return nil, err
	}
	if !listening {
		return nil, s.opError(op, nil, argError("socket", "not listening (call Listen first)", unix.EINVAL))
	}
	return &Listener{s: s}, nil
}

// Socket returns the listening Socket the Listener shares.
func (l *Listener) Socket() *Socket { return l.s }

// Accept implements net.Listener with accept4(2): it waits for a
// connection and returns it as a *Conn over a new Socket, which the caller
// owns. Modes and errors are (*Socket).Accept's; the listener's deadline
// (SetDeadline) bounds the wait.
func (l *Listener) Accept() (net.Conn, error) {
	c, _, err := l.sock().Accept()
	if err != nil {
		return nil, err
	}
	return &Conn{s: c}, nil
}

// Close closes the listening socket: see (*Socket).Close. If ListenConfig
// created an AF_UNIX path for it, the path is removed too, as
// net.UnixListener does.
func (l *Listener) Close() error {
	err := l.sock().Close()
	l.once.Do(func() {
		if l.unlink == "" {
			return
		}
		if rerr := os.Remove(l.unlink); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) && err == nil {
			err = rerr
		}
	})
	return err
}

// Addr returns the address the socket listens on, as net does
// (*net.TCPAddr, *net.UnixAddr): see (*Socket).LocalAddr.
func (l *Listener) Addr() net.Addr { return l.sock().LocalAddr() }

// SetDeadline sets the deadline of Accept, as (*net.TCPListener).SetDeadline
// does: see (*Socket).SetReadDeadline.
func (l *Listener) SetDeadline(t time.Time) error { return l.sock().SetReadDeadline(t) }

// SyscallConn returns the socket's syscall.RawConn, as net.TCPListener's
// does.
func (l *Listener) SyscallConn() (syscall.RawConn, error) { return l.sock().SyscallConn() }

// sock returns the Listener's Socket, or a closed one for a zero Listener.
func (l *Listener) sock() *Socket {
	if l.s == nil {
		return &noSocket
	}
	return l.s
}
