package raw

import (
	"net"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// argError is the error of an argument refused before a socket exists,
// shaped as the socket methods' errors: a *net.OpError naming op and
// network around a *socket.ArgError.
func argError(op, network, arg, reason string, errno unix.Errno) error {
	return &net.OpError{Op: op, Net: network, Err: &socket.ArgError{Arg: arg, Reason: reason, Err: errno}}
}

// sockArgError is argError for a call on s: the *net.OpError names s's
// network, as the root methods' errors do.
func sockArgError(s *socket.Socket, op, arg, reason string, errno unix.Errno) error {
	return boundary.Error(s, op, "", nil, &socket.ArgError{Arg: arg, Reason: reason, Err: errno})
}
