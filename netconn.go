package socket

import (
	"errors"
	"net"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Conn is a connected Socket seen as a net.Conn, for the code that takes
// one: crypto/tls, net/http, gRPC, io.Copy pipelines. NetConn and
// (*Listener).Accept return it.
//
// It shares the Socket, not a copy: the same descriptor and its poller
// registration, the same mode and deadlines, no data copied. Closing the
// Conn closes the Socket, and the other way round. Its calls run in the
// socket's mode like the Socket's own: leave the socket blocking (the
// default) for net.Conn's semantics, where only deadlines (and Close)
// bound a wait; a timeout set with SetTimeout then also limits each Read
// and Write (see SetDeadline); a non-blocking socket makes Read fail with
// EAGAIN, which net.Conn users do not expect.
type Conn struct {
	s *Socket
}

// NetConn returns the socket as a net.Conn (a *Conn) sharing its
// descriptor, after one getpeername(2) checks that it is connected: see
// Conn for who closes what. Connected means a stream socket after Connect
// or Accept, or a datagram or seqpacket socket with a peer set by Connect
// (for an unconnected datagram socket use NetPacketConn); otherwise it
// fails with an error wrapping ENOTCONN.
//
// *Socket itself has the methods of net.Conn; NetConn adds the check, a
// type with only those methods (plus CloseRead, CloseWrite, SyscallConn and
// Socket), and keeps Python's method set out of the way of interface
// assertions.
func (s *Socket) NetConn() (net.Conn, error) {
	const op = "netconn"
	if err := s.checkOpen(op); err != nil {
		return nil, err
	}
	if _, err := s.Getpeername(); err != nil {
		var errno unix.Errno
		if errors.As(err, &errno) && errno == unix.ENOTCONN {
			return nil, s.opError(op, nil, argError("socket", "not connected (NetPacketConn takes an unconnected datagram socket)", unix.ENOTCONN))
		}
		return nil, err
	}
	return &Conn{s: s}, nil
}

// Socket returns the Socket the Conn shares, for the calls net.Conn lacks
// (Recvmsg, socket options, ...).
func (c *Conn) Socket() *Socket { return c.s }

// Read implements net.Conn with recv(2): see (*Socket).Read.
func (c *Conn) Read(p []byte) (int, error) { return c.sock().Read(p) }

// Write implements net.Conn with send(2) until all of b is sent: see
// (*Socket).Write.
func (c *Conn) Write(b []byte) (int, error) { return c.sock().Write(b) }

// Close closes the Conn and its Socket with close(2): see (*Socket).Close.
func (c *Conn) Close() error { return c.sock().Close() }

// CloseRead shuts down the receiving side with shutdown(2) SHUT_RD, as
// (*net.TCPConn).CloseRead does.
func (c *Conn) CloseRead() error { return c.sock().Shutdown(SHUT_RD) }

// CloseWrite shuts down the sending side with shutdown(2) SHUT_WR, so the
// peer reads end of stream, as (*net.TCPConn).CloseWrite does. net/http
// calls it for a graceful close.
func (c *Conn) CloseWrite() error { return c.sock().Shutdown(SHUT_WR) }

// LocalAddr returns the local address as net does (*net.TCPAddr, ...):
// see (*Socket).LocalAddr.
func (c *Conn) LocalAddr() net.Addr { return c.sock().LocalAddr() }

// RemoteAddr returns the peer's address as net does: see
// (*Socket).RemoteAddr.
func (c *Conn) RemoteAddr() net.Addr { return c.sock().RemoteAddr() }

// SetDeadline sets both deadlines: see (*Socket).SetDeadline, which tells
// how they compose with the socket's mode.
func (c *Conn) SetDeadline(t time.Time) error { return c.sock().SetDeadline(t) }

// SetReadDeadline sets the deadline of Read: see (*Socket).SetReadDeadline.
func (c *Conn) SetReadDeadline(t time.Time) error { return c.sock().SetReadDeadline(t) }

// SetWriteDeadline sets the deadline of Write: see
// (*Socket).SetWriteDeadline.
func (c *Conn) SetWriteDeadline(t time.Time) error { return c.sock().SetWriteDeadline(t) }

// SyscallConn returns the socket's syscall.RawConn, as net.TCPConn's does.
func (c *Conn) SyscallConn() (syscall.RawConn, error) { return c.sock().SyscallConn() }

// noSocket stands in for the Socket of a zero Conn, Listener or
// PacketConn: a Socket without a descriptor counts as closed, so their
// methods return net.ErrClosed instead of panicking.
var noSocket Socket

// sock returns the Conn's Socket, or a closed one for a zero Conn.
func (c *Conn) sock() *Socket {
	if c.s == nil {
		return &noSocket
	}
	return c.s
}
