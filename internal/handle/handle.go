// Package handle is the boundary between the root package and the module's
// subpackages (unix/, raw/): the root package registers, when it is
// initialised, the functions through which code inside the module reaches
// a *socket.Socket's descriptor, the mode of one call and the root's error
// wrapping, and a *socket.Addr's raw bytes, with no public escape hatch in
// the root API.
//
// The functions are typed by the root's Socket and Addr types, which this
// package cannot name (the root package imports it): Register takes them
// as type parameters, and a subpackage gets them back, typed, once, when it
// is initialised:
//
//	var h = handle.Get[socket.Socket, socket.Addr]()
//
// From then on every call is checked by the compiler; only Get checks, at
// run time and once, that it names the types the root registered. A
// subpackage imports the root package, so the functions are registered
// before it is initialised.
//
// A subpackage's call is the root's shape: check the arguments, one
// sockfd entry point (RawRead, RawWrite, RawControl with a func value bound
// once, or a typed one), then Error.
package handle

import (
	"github.com/bsdsock/socket/internal/sockfd"
	"golang.org/x/sys/unix"
)

// Funcs is the root package's side of the boundary, for its socket type S
// and address type A.
type Funcs[S, A any] struct {
	// FD returns the descriptor of the open socket s, or, when s is
	// closed, the error a method of s named op returns (net.ErrClosed in
	// a *net.OpError).
	FD func(s *S, op string) (*sockfd.FD, error)

	// Mode returns the mode a call on s runs in with the MSG_* flags:
	// the socket's timeout, non-blocking with MSG_DONTWAIT, and for a
	// receive the socket's spin.
	Mode func(s *S, flags int, receive bool) sockfd.Mode

	// Error wraps what a sockfd entry point returned as the methods of s
	// do: nil stays nil; otherwise a *net.OpError naming op, the
	// socket's network and addr (nil for none), with an errno wrapped as
	// the system call syscall's.
	Error func(s *S, op, syscall string, addr *A, err error) error

	// Sockaddr returns the raw sockaddr of addr and its length, without
	// copying: nil and 0 for the zero address.
	Sockaddr func(addr *A) (*unix.RawSockaddrAny, uint32)

	// SetAddr makes addr the address a system call wrote: the first n
	// bytes of raw.
	SetAddr func(addr *A, raw *unix.RawSockaddrAny, n uint32)
}

// registered is what the root package registered: a *Funcs of its types.
var registered any

// Register makes f the boundary. The root package calls it once, when it
// is initialised.
func Register[S, A any](f *Funcs[S, A]) { registered = f }

// Get returns the boundary registered for the socket type S and the
// address type A. It panics if the root registered other types: a
// mistake in this module, which every test of a subpackage would show.
func Get[S, A any]() *Funcs[S, A] {
	f, ok := registered.(*Funcs[S, A])
	if !ok {
		panic("handle: the root package registered no boundary for these types")
	}
	return f
}
