package unix

import (
	"errors"
	"net"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// The errors of this package have the root package's shape: a *net.OpError
// naming the operation and the network, around an errno, a
// *socket.ArgError or net.ErrClosed.

// network names an AF_UNIX socket type as Go's net does.
func network(typ socket.Type) string {
	switch typ {
	case socket.SOCK_STREAM:
		return "unix"
	case socket.SOCK_SEQPACKET:
		return "unixpacket"
	case socket.SOCK_DGRAM:
		return "unixgram"
	}
	return "unix/" + typ.String()
}

// opError is the error of a call that failed before it had a socket.
func opError(op string, typ socket.Type, addr net.Addr, err error) error {
	return &net.OpError{Op: op, Net: network(typ), Addr: addr, Err: err}
}

// argError is the *socket.ArgError of an argument refused before any
// system call.
func argError(arg, reason string, errno unix.Errno) error {
	return &socket.ArgError{Arg: arg, Reason: reason, Err: errno}
}

// renamed returns err, a root method's *net.OpError, under the name of the
// operation of this package that made the call (a Listen's bind reads
// "listen unix /run/app.sock: bind: ..."), as a copy: the root's error is
// left as it was.
func renamed(op string, err error) error {
	var e *net.OpError
	if errors.As(err, &e) && e.Op != op {
		c := *e
		c.Op = op
		return &c
	}
	return err
}
