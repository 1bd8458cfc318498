package socket

import (
	"strconv"

	"github.com/bsdsock/socket/internal/sockfd"
	"golang.org/x/sys/unix"
)

// Getsockname returns the socket's own address with getsockname(2), as
// Python's socket.getsockname does, without allocating. An unbound socket
// gives its family's wildcard address (port 0), or the unnamed address for
// AF_UNIX.
func (s *Socket) Getsockname() (Addr, error) {
	return s.name("getsockname", sockfd.Getsockname)
}

// Getpeername returns the address of the socket's peer with getpeername(2),
// as Python's socket.getpeername does, without allocating. An unconnected
// socket gives ENOTCONN.
func (s *Socket) Getpeername() (Addr, error) {
	return s.name("getpeername", sockfd.Getpeername)
}

func (s *Socket) name(op string, kind sockfd.ControlKind) (Addr, error) {
	if err := s.checkOpen(op); err != nil {
		return Addr{}, err
	}
	c := &s.fd.C
	c.Mu.Lock()
	c.Kind = kind
	err := c.Do()
	errno := c.Errno
	var a Addr
	if err == nil && errno == 0 {
		a.setRaw(&c.SA, c.SALen)
	}
	c.Mu.Unlock()
	return a, s.result(op, op, nil, err, errno)
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
	return s.control(op, "shutdown", sockfd.Shutdown, int(how))
}
