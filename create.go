package socket

import (
	"context"
	"errors"
	"math"
	"net"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// UseDefaultTimeout, passed as CreateConnection's timeout, leaves each
// socket in the mode DefaultTimeout gives, as Python's create_connection
// does when no timeout is passed (its _GLOBAL_DEFAULT_TIMEOUT).
const UseDefaultTimeout time.Duration = math.MinInt64

// CreateConnection connects a TCP socket to address ("host:port", host as
// Getaddrinfo takes it, port a number or a service name), as Python's
// socket.create_connection does. It is not one system call: it resolves
// address with Getaddrinfo (SOCK_STREAM) and tries every result in order,
// each with a new socket (socket(2), bind(2) to sourceAddr unless that is
// the zero Addr, connect(2)), and returns the first that connects.
//
// timeout is each socket's mode, for each connect on its own (see
// SetTimeout: NoTimeout blocks, d > 0 waits at most d per address, 0 makes
// the connect non-blocking and so fail with EINPROGRESS); UseDefaultTimeout
// keeps DefaultTimeout's. The returned socket keeps that mode. ctx bounds
// the lookup and every connect; once it is done no further address is
// tried.
//
// When every address fails, the error joins all their errors, in order, as
// Python 3.11 does with all_errors=True: errors.Is(err, unix.ECONNREFUSED)
// tells whether any was refused. A failed lookup gives its
// *AddrInfoError.
func CreateConnection(ctx context.Context, address string, timeout time.Duration, sourceAddr Addr) (*Socket, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, &net.OpError{Op: "create_connection", Err: argError("address", err.Error(), unix.EINVAL)}
	}
	infos, err := GetaddrinfoContext(ctx, host, port, AF_UNSPEC, SOCK_STREAM, 0, 0)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, ai := range infos {
		s, err := connectOne(ctx, ai, timeout, sourceAddr)
		if err == nil {
			return s, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	return nil, &CreateConnectionError{Address: address, Errs: errs}
}

// connectOne is one attempt of CreateConnection.
func connectOne(ctx context.Context, ai AddrInfo, timeout time.Duration, source Addr) (*Socket, error) {
	s, err := New(ai.Family, ai.Type, ai.Proto)
	if err != nil {
		return nil, err
	}
	if timeout != UseDefaultTimeout {
		s.SetTimeout(timeout)
	}
	if !source.IsZero() {
		if err := s.Bind(source); err != nil {
			s.Close()
			return nil, err
		}
	}
	if err := s.ConnectContext(ctx, ai.Addr); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// CreateConnectionError is the error of a CreateConnection that tried
// every address and failed: Errs holds each attempt's error in order, like
// the ExceptionGroup of Python's create_connection with all_errors=True.
// errors.Is and errors.As look into all of them.
type CreateConnectionError struct {
	Address string
	Errs    []error
}

// Error returns "create_connection ADDRESS failed:" and each error.
func (e *CreateConnectionError) Error() string {
	s := "create_connection " + e.Address + " failed"
	if len(e.Errs) == 0 {
		return s + ": getaddrinfo returns an empty list"
	}
	return s + ": " + errors.Join(e.Errs...).Error()
}

// Unwrap returns every attempt's error.
func (e *CreateConnectionError) Unwrap() []error { return e.Errs }

// CreateServer creates a TCP socket bound to address and listening, as
// Python's socket.create_server does. It is not one system call: socket(2)
// of family (AF_INET or AF_INET6), setsockopt(2) SO_REUSEADDR on (as
// Python does on POSIX, so a restarted server can bind at once),
// SO_REUSEPORT when reusePort is set, for AF_INET6 IPV6_V6ONLY off with
// dualstackIPv6 (the socket then takes IPv4 connections too, as
// IPv4-mapped addresses) and on otherwise, then bind(2) and listen(2).
//
// address is "host:port": host "" is the wildcard address, a name is
// resolved as Python's bind does (the first Getaddrinfo result of the
// family), and port is a number or a tcp service name (0: any free port,
// see Getsockname). A negative backlog is Python's default,
// min(SOMAXCONN, 128). dualstackIPv6 without AF_INET6, or where
// HasDualstackIPv6 is false, is an *ArgError (Python: ValueError). On any
// failure the socket is closed.
func CreateServer(address string, family Family, backlog int, reusePort, dualstackIPv6 bool) (*Socket, error) {
	const op = "create_server"
	if dualstackIPv6 {
		if family != AF_INET6 {
			return nil, &net.OpError{Op: op, Err: argError("family", "dualstack_ipv6 requires AF_INET6 family", unix.EAFNOSUPPORT)}
		}
		if !HasDualstackIPv6() {
			return nil, &net.OpError{Op: op, Err: argError("dualstack", "dualstack_ipv6 not supported on this platform", unix.EOPNOTSUPP)}
		}
	}
	addr, err := bindAddress(address, family)
	if err != nil {
		return nil, &net.OpError{Op: op, Err: err}
	}
	s, err := New(family, SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	// Python ignores a failure to set SO_REUSEADDR.
	s.SetReuseAddr(true)
	if reusePort {
		if err := s.SetReusePort(true); err != nil {
			s.Close()
			return nil, err
		}
	}
	if family == AF_INET6 {
		if err := s.SetV6Only(!dualstackIPv6); err != nil {
			s.Close()
			return nil, err
		}
	}
	if backlog < 0 {
		backlog = min(SOMAXCONN, 128)
	}
	if err := s.Bind(addr); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.Listen(backlog); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// bindAddress reads "host:port" for a socket of family as Python's bind
// reads (host, port): the host through setipaddr, the port a number or a
// tcp service.
func bindAddress(address string, family Family) (Addr, error) {
	if family != AF_INET && family != AF_INET6 {
		return Addr{}, argError("family", family.String()+" is not AF_INET or AF_INET6", unix.EAFNOSUPPORT)
	}
	host, portText, err := net.SplitHostPort(address)
	if err != nil {
		return Addr{}, argError("address", err.Error(), unix.EINVAL)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		if port, err = Getservbyname(portText, "tcp"); err != nil {
			return Addr{}, argError("port", strconv.Quote(portText)+" is neither a number nor a tcp service", unix.EINVAL)
		}
	}
	if err := checkPort(port); err != nil {
		return Addr{}, err
	}
	h, err := setIPAddr(context.Background(), host, family)
	if err != nil {
		return Addr{}, err
	}
	return addrFromHost(h, uint16(port)), nil
}

// HasDualstackIPv6 reports whether an AF_INET6 socket can also take IPv4
// connections, as Python's socket.has_dualstack_ipv6 does: it creates one
// and clears IPV6_V6ONLY with setsockopt(2).
func HasDualstackIPv6() bool {
	s, err := New(AF_INET6, SOCK_STREAM, 0)
	if err != nil {
		return false
	}
	defer s.Close()
	return s.SetV6Only(false) == nil
}
