// Package handle is the boundary between the root package and the module's
// subpackages (unix/, raw/): the root package fills in these functions
// when it is initialised, so that code inside the module reaches a
// *socket.Socket's descriptor, the mode of one call and the root's error
// wrapping, and a *socket.Addr's raw bytes, with no public escape hatch in
// the root API. A subpackage imports the root package, so they are always
// set before it runs.
//
// Each function takes the socket (or address) as an any holding a
// *socket.Socket (or *socket.Addr): a pointer in an interface allocates
// nothing, and the root package's types stay out of this package, which
// the root package imports. Passing anything else panics: only code in
// this module calls these.
//
// A subpackage's call is the root's shape: check the arguments, one
// sockfd entry point (RawRead, RawWrite, RawControl with a func value bound
// once, or a typed one), then Error.
package handle

import (
	"github.com/bsdsock/socket/internal/sockfd"
	"golang.org/x/sys/unix"
)

var (
	// FD returns the descriptor of the open socket s, or, when s is
	// closed, the error a method of s named op returns (net.ErrClosed in
	// a *net.OpError).
	FD func(s any, op string) (*sockfd.FD, error)

	// Mode returns the mode a call on s runs in with the MSG_* flags:
	// the socket's timeout, non-blocking with MSG_DONTWAIT, and for a
	// receive the socket's spin.
	Mode func(s any, flags int, receive bool) sockfd.Mode

	// Error wraps what a sockfd entry point returned as the methods of s
	// do: nil stays nil; otherwise a *net.OpError naming op, the
	// socket's network and addr (a *socket.Addr, or nil), with an errno
	// wrapped as the system call syscall's.
	Error func(s any, op, syscall string, addr any, err error) error

	// Sockaddr returns the raw sockaddr of addr (a *socket.Addr) and its
	// length, without copying: nil and 0 for the zero Addr.
	Sockaddr func(addr any) (*unix.RawSockaddrAny, uint32)

	// SetAddr makes addr (a *socket.Addr) the address a system call
	// wrote: the first n bytes of raw.
	SetAddr func(addr any, raw *unix.RawSockaddrAny, n uint32)
)
