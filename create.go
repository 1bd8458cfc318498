package socket

import (
	"context"
	"errors"
	"math"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// UseDefaultTimeout, passed as CreateConnection's timeout, leaves each
// socket in the mode DefaultTimeout gives, as Python's create_connection
// does when no timeout is passed (its _GLOBAL_DEFAULT_TIMEOUT).
const UseDefaultTimeout time.Duration = math.MinInt64

// CreateConnection connects a TCP socket to address, as Python's
// socket.create_connection(address, timeout, source_address) does. It is
// not one system call: it is Dialer.DialSocket on network "tcp" with
// LocalAddr sourceAddr (the zero Addr binds nothing) and ConnectTimeout
// timeout, so address is read as the Dialer reads it ("host:port", the
// host a name or numeric address, the port a number or a service name, no
// host meaning ::1 then 127.0.0.1) and every address Getaddrinfo gives is
// tried in order until one connects.
//
// timeout is the socket's mode, as SetTimeout takes it: d > 0 bounds each
// address's connect on its own, NoTimeout and 0 let the connect wait, and
// UseDefaultTimeout takes DefaultTimeout's. The returned socket keeps that
// mode. Unlike Python, timeout 0 waits for the connect and then makes the
// socket non-blocking: Python's non-blocking connect fails with
// EINPROGRESS on every address, so create_connection(timeout=0) never
// connects. ctx bounds the lookup and every connect; once it is done no
// further address is tried.
//
// Errors are the Dialer's, with the operation named "create_connection":
// bad address text is an *ArgError (EINVAL) and a failed lookup an
// *AddrInfoError, inside a *net.OpError; when every address fails, a
// *CreateConnectionError holds each attempt's error, as Python 3.11 does
// with all_errors=True, so errors.Is(err, unix.ECONNREFUSED) tells whether
// any was refused.
func CreateConnection(ctx context.Context, address string, timeout time.Duration, sourceAddr Addr) (*Socket, error) {
	mode := timeout
	if mode == UseDefaultTimeout {
		mode = DefaultTimeout()
	}
	d := Dialer{ConnectTimeout: mode, LocalAddr: sourceAddr}
	s, err := d.dial(ctx, "create_connection", "tcp", address)
	if err != nil {
		return nil, err
	}
	s.SetTimeout(mode)
	return s, nil
}

// CreateConnectionError is the error of a Dialer or CreateConnection that
// tried every address and connected to none: Errs holds each attempt's
// error in order, like the ExceptionGroup of Python's create_connection
// with all_errors=True, where Go's net keeps only the first and Python by
// default only the last. errors.Is and errors.As look into all of them. It
// is a net.Error whose Timeout reports the last attempt's, the one that
// ended the dial.
type CreateConnectionError struct {
	Op      string // "dial" or "create_connection"
	Net     string // the network dialed: "tcp", "udp6", ...
	Address string // the address as the caller gave it
	Errs    []error
}

// Error returns "OP NET ADDRESS: " and each attempt's error, separated by
// "; ".
func (e *CreateConnectionError) Error() string {
	s := e.Op + " " + e.Net + " " + e.Address + ": "
	if len(e.Errs) == 0 {
		return s + "getaddrinfo returns an empty list"
	}
	msgs := make([]string, len(e.Errs))
	for i, err := range e.Errs {
		msgs[i] = err.Error()
	}
	return s + strings.Join(msgs, "; ")
}

// Unwrap returns every attempt's error.
func (e *CreateConnectionError) Unwrap() []error { return e.Errs }

// Timeout reports whether the last attempt timed out.
func (e *CreateConnectionError) Timeout() bool {
	var ne net.Error
	return len(e.Errs) > 0 && errors.As(e.Errs[len(e.Errs)-1], &ne) && ne.Timeout()
}

// Temporary reports false, as net.OpError does for a failed connect:
// net.Error still requires it although it is deprecated.
func (e *CreateConnectionError) Temporary() bool { return false }

// CreateServer creates a TCP socket bound to address and listening, as
// Python's socket.create_server(address, *, family, backlog, reuse_port,
// dualstack_ipv6) does, with Python's keyword arguments as options:
//
//	srv, err := socket.CreateServer("127.0.0.1:0")
//	srv, err := socket.CreateServer(":8080", socket.WithFamily(socket.AF_INET6), socket.WithDualstackIPv6())
//
// It is not one system call: it is what ListenConfig.ListenSocket does, so
// the same options are set the same way, on a socket of the family
// WithFamily gives (AF_INET without it, as in Python): socket(2),
// setsockopt(2) SO_REUSEADDR on (as Python does on POSIX, so a restarted
// server can bind at once), SO_REUSEPORT with WithReusePort, for AF_INET6
// IPV6_V6ONLY off with WithDualstackIPv6 (the socket then takes IPv4
// connections too, as IPv4-mapped addresses) and on otherwise, then
// bind(2) and listen(2) with the backlog WithBacklog gives (Python's
// default without it, min(SOMAXCONN, 128)).
//
// address is "host:port", read by the rules every call of this package
// shares (see ParseAddr), except that names are resolved: host "" is the
// wildcard address, a numeric address of the family is taken as it is, any
// other host is resolved as Python's bind does (the first Getaddrinfo
// result of the family), and port is a number or a tcp service name (0:
// any free port, see Getsockname).
//
// Errors: bad address text is an *ArgError wrapping EINVAL (ENXIO for an
// unknown IPv6 zone) inside a *net.OpError "create_server", as is a family
// other than AF_INET and AF_INET6 (EAFNOSUPPORT), a negative backlog
// (EINVAL) and WithDualstackIPv6 without AF_INET6 or where
// HasDualstackIPv6 is false (Python: ValueError); a host name that does
// not resolve in the family gives an *AddrInfoError. Unlike Python, which
// ignores a failure to set SO_REUSEADDR and lets bind(2) fail later, every
// option that cannot be set fails the call with its errno, as ListenConfig
// does. On any failure the socket is closed.
func CreateServer(address string, opts ...ServerOption) (*Socket, error) {
	const op = "create_server"
	o := serverOptions{family: AF_INET, backlog: min(SOMAXCONN, 128)}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if o.dualstack {
		if o.family != AF_INET6 {
			return nil, &net.OpError{Op: op, Err: argError("family", "dualstack_ipv6 requires AF_INET6 family", unix.EAFNOSUPPORT)}
		}
		if !HasDualstackIPv6() {
			return nil, &net.OpError{Op: op, Err: argError("dualstack", "dualstack_ipv6 not supported on this platform", unix.EOPNOTSUPP)}
		}
	}
	if o.backlog < 0 {
		return nil, &net.OpError{Op: op, Err: argError("backlog", strconv.Itoa(o.backlog)+" is negative", unix.EINVAL)}
	}
	addr, err := bindAddress(address, o.family)
	if err != nil {
		return nil, &net.OpError{Op: op, Err: err}
	}
	t := target{family: o.family, typ: SOCK_STREAM, addr: addr, v6Only: !o.dualstack, dualStack: o.dualstack}
	lc := ListenConfig{ReusePort: o.reusePort}
	return lc.listen(op, t, o.backlog)
}

// ServerOption is an option of CreateServer: one of Python's keyword
// arguments of create_server. Options apply in order; a later one of the
// same kind wins.
type ServerOption func(*serverOptions)

// serverOptions is what CreateServer's options set.
type serverOptions struct {
	family               Family
	backlog              int
	reusePort, dualstack bool
}

// WithFamily makes CreateServer create a socket of family, AF_INET (the
// default) or AF_INET6: create_server's family argument. It makes no
// system call.
func WithFamily(family Family) ServerOption {
	return func(o *serverOptions) { o.family = family }
}

// WithBacklog makes CreateServer pass backlog to listen(2):
// create_server's backlog argument (without it, Python's default
// min(SOMAXCONN, 128)). A negative backlog fails CreateServer with EINVAL,
// as Listen does. It makes no system call.
func WithBacklog(backlog int) ServerOption {
	return func(o *serverOptions) { o.backlog = backlog }
}

// WithReusePort makes CreateServer set SO_REUSEPORT with setsockopt(2)
// before bind(2), so that several servers can listen on one port and the
// kernel spreads connections among them: create_server's reuse_port=True.
func WithReusePort() ServerOption {
	return func(o *serverOptions) { o.reusePort = true }
}

// WithDualstackIPv6 makes CreateServer clear IPV6_V6ONLY with
// setsockopt(2), so that its AF_INET6 socket takes IPv4 connections too:
// create_server's dualstack_ipv6=True. It requires WithFamily(AF_INET6)
// and a system where HasDualstackIPv6 is true.
func WithDualstackIPv6() ServerOption {
	return func(o *serverOptions) { o.dualstack = true }
}

// bindAddress reads "host:port" for a socket of family as Python's bind
// reads (host, port): the host through setipaddr, the port a number or a
// tcp service.
func bindAddress(address string, family Family) (Addr, error) {
	if family != AF_INET && family != AF_INET6 {
		return Addr{}, argError("family", family.String()+" is not AF_INET or AF_INET6", unix.EAFNOSUPPORT)
	}
	hp, err := parseHostPort(address, true)
	if err != nil {
		return Addr{}, err
	}
	port := int(hp.port)
	if hp.service != "" {
		if port, err = Getservbyname(hp.service, "tcp"); err != nil {
			return Addr{}, argError("port", strconv.Quote(hp.service)+" is neither a number nor a tcp service", unix.EINVAL)
		}
	}
	if ip := hp.ip; ip.Is4() && family == AF_INET || ip.Is6() && !ip.Is4In6() && family == AF_INET6 {
		// A numeric host was read by the shared rules already; glibc,
		// and so setipaddr, would also refuse a zone name on an
		// address that is not link-local ("::1%lo"), where every
		// other call here takes it.
		return AddrFrom(netip.AddrPortFrom(ip, uint16(port))), nil
	}
	h, err := setIPAddr(context.Background(), hp.host, family)
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
