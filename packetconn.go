package socket

import (
	"net"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// PacketConn is a datagram Socket seen as a net.PacketConn. NetPacketConn
// returns it. Like Conn it shares the Socket: the same descriptor, poller
// registration, mode and deadlines; closing either closes both. ReadFrom
// and WriteTo allocate for the net.Addr they take and give (net's
// interface wants one); Recvfrom and Sendto on the Socket do not.
type PacketConn struct {
	s *Socket
}

// NetPacketConn returns the socket as a net.PacketConn (a *PacketConn)
// sharing its descriptor, without a system call: see PacketConn for who
// closes what. It takes a SOCK_DGRAM, SOCK_RAW or SOCK_SEQPACKET socket,
// bound or not, connected or not; a SOCK_STREAM socket is an error wrapping
// EPROTOTYPE.
func (s *Socket) NetPacketConn() (net.PacketConn, error) {
	const op = "netpacketconn"
	if err := s.checkOpen(op); err != nil {
		return nil, err
	}
	if s.typ == SOCK_STREAM {
		return nil, s.opError(op, nil, argError("socket", "SOCK_STREAM sockets carry no packets (use NetConn)", unix.EPROTOTYPE))
	}
	return &PacketConn{s: s}, nil
}

// Socket returns the Socket the PacketConn shares.
func (c *PacketConn) Socket() *Socket { return c.s }

// ReadFrom implements net.PacketConn with recvfrom(2): it receives one
// datagram into p (truncated if longer) and returns its sender as net's
// address type for the socket (*net.UDPAddr for UDP, ...). Modes and errors
// are (*Socket).Recvfrom's.
func (c *PacketConn) ReadFrom(p []byte) (int, net.Addr, error) {
	n, from, err := c.sock().Recvfrom(p, 0)
	if err != nil {
		return n, nil, err
	}
	return n, from.NetAddr(c.sock().network()), nil
}

// WriteTo implements net.PacketConn with sendto(2): it sends p as one
// datagram to addr, which may be any net.Addr AddrFromNet takes; an IPv4
// address is sent IPv4-mapped from an AF_INET6 socket, as net does. Modes
// and errors are (*Socket).Sendto's.
func (c *PacketConn) WriteTo(p []byte, addr net.Addr) (int, error) {
	a, err := AddrFromNet(addr)
	if err != nil {
		return 0, c.sock().opError("sendto", nil, err)
	}
	return c.sock().Sendto(p, 0, toFamily(a, c.sock().family))
}

// Close closes the PacketConn and its Socket: see (*Socket).Close.
func (c *PacketConn) Close() error { return c.sock().Close() }

// LocalAddr returns the local address as net does: see
// (*Socket).LocalAddr.
func (c *PacketConn) LocalAddr() net.Addr { return c.sock().LocalAddr() }

// SetDeadline sets both deadlines: see (*Socket).SetDeadline.
func (c *PacketConn) SetDeadline(t time.Time) error { return c.sock().SetDeadline(t) }

// SetReadDeadline sets the deadline of ReadFrom: see
// (*Socket).SetReadDeadline.
func (c *PacketConn) SetReadDeadline(t time.Time) error { return c.sock().SetReadDeadline(t) }

// SetWriteDeadline sets the deadline of WriteTo: see
// (*Socket).SetWriteDeadline.
func (c *PacketConn) SetWriteDeadline(t time.Time) error { return c.sock().SetWriteDeadline(t) }

// SyscallConn returns the socket's syscall.RawConn, as net.UDPConn's does.
func (c *PacketConn) SyscallConn() (syscall.RawConn, error) { return c.sock().SyscallConn() }

// sock returns the PacketConn's Socket, or a closed one for a zero
// PacketConn.
func (c *PacketConn) sock() *Socket {
	if c.s == nil {
		return &noSocket
	}
	return c.s
}
