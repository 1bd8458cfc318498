package socket

// Getsockname returns the socket's own address with getsockname(2), as
// Python's socket.getsockname does, without allocating. An unbound socket
// gives its family's wildcard address (port 0), or the unnamed address for
// AF_UNIX.
func (s *Socket) Getsockname() (Addr, error) {
	return s.name("getsockname", false)
}

// Getpeername returns the address of the socket's peer with getpeername(2),
// as Python's socket.getpeername does, without allocating. An unconnected
// socket gives ENOTCONN.
func (s *Socket) Getpeername() (Addr, error) {
	return s.name("getpeername", true)
}

// name is Getsockname, or Getpeername when peer is set. (A direct call:
// through a func value, the compiler would move a to the heap.)
func (s *Socket) name(op string, peer bool) (Addr, error) {
	if err := s.checkOpen(op); err != nil {
		return Addr{}, err
	}
	var (
		a   Addr
		n   uint32
		err error
	)
	if peer {
		n, err = s.fd.Getpeername(&a.raw)
	} else {
		n, err = s.fd.Getsockname(&a.raw)
	}
	a.setLen(n)
	return a, s.callError(op, op, nil, err)
}
