package main

import (
	"github.com/bsdsock/socket"
)

// listen makes a socket of family and typ bound to the loopback address
// with a port the kernel picks, listening if it is a stream, and returns it
// with the address it got: the server's first three calls, socket(2),
// bind(2), listen(2).
func listen(family socket.Family, typ socket.Type) (*socket.Socket, socket.Addr, error) {
	var addr socket.Addr
	var err error
	if family == socket.AF_INET6 {
		addr, err = socket.Inet6Addr("::1", 0, 0, 0)
	} else {
		addr, err = socket.InetAddr("127.0.0.1", 0)
	}
	if err != nil {
		return nil, addr, err
	}
	s, err := socket.New(family, typ, 0)
	if err != nil {
		return nil, addr, err
	}
	if err := s.Bind(addr); err != nil {
		s.Close()
		return nil, addr, err
	}
	if typ == socket.SOCK_STREAM {
		if err := s.Listen(socket.SOMAXCONN); err != nil {
			s.Close()
			return nil, addr, err
		}
	}
	if addr, err = s.Getsockname(); err != nil {
		s.Close()
		return nil, addr, err
	}
	return s, addr, nil
}

// dial makes a socket of addr's family and typ and connects it to addr:
// the client's socket(2) and connect(2).
func dial(addr socket.Addr, typ socket.Type) (*socket.Socket, error) {
	s, err := socket.New(addr.Family(), typ, 0)
	if err != nil {
		return nil, err
	}
	if err := s.Connect(addr); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// udpPair makes the two ends of a datagram exchange on 127.0.0.1: rx bound
// to the address to, and tx, which the kernel binds on its first send.
func udpPair() (rx, tx *socket.Socket, to socket.Addr, err error) {
	rx, to, err = listen(socket.AF_INET, socket.SOCK_DGRAM)
	if err != nil {
		return nil, nil, to, err
	}
	if tx, err = socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0); err != nil {
		rx.Close()
		return nil, nil, to, err
	}
	return rx, tx, to, nil
}
