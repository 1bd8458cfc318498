package socket

import (
	"context"
	"net"
	"time"
)

// Dialer creates a socket, sets it up and connects it, like net.Dialer but
// with the socket options set before bind(2) and connect(2) named as
// fields, and a Socket to hand back when a net.Conn is not wanted. The zero
// Dialer connects with no options. Its methods may be called from several
// goroutines at once.
//
// Addresses are "host:port" ("127.0.0.1:80", "[::1]:80", "localhost:http")
// or, for AF_UNIX, a path or "@name". A host or service name is resolved
// with GetaddrinfoContext (the hosts file, then DNS) and every address it
// gives is tried in order until one connects, as Python's
// socket.create_connection does; when all fail, the error is a
// *CreateConnectionError holding each attempt's.
type Dialer struct {
	// Timeout bounds the whole dial: the name lookup and every address
	// tried, together (see DialSocket); 0 leaves only ctx's bound.
	Timeout time.Duration
	// ConnectTimeout, when positive, bounds each address's connect(2) on
	// its own, as the timeout of Python's socket.create_connection does,
	// so that an address that does not answer leaves time for the next
	// (Timeout, if set, still bounds them all); 0 or less sets no bound
	// of its own. A connect that runs out of it fails with an error
	// satisfying errors.Is(err, os.ErrDeadlineExceeded).
	ConnectTimeout time.Duration
	// LocalAddr, when not the zero Addr, is bound before connecting. An
	// IPv4 address is bound IPv4-mapped on an AF_INET6 socket.
	LocalAddr Addr
	// ReuseAddr sets SO_REUSEADDR, ReusePort SO_REUSEPORT, before bind.
	ReuseAddr, ReusePort bool
	// FreeBind sets IP_FREEBIND, so LocalAddr may be an address the host
	// does not (yet) have.
	FreeBind bool
	// BindToDevice sets SO_BINDTODEVICE: the socket uses only the
	// interface of that name ("" leaves it unset).
	BindToDevice string
	// FastOpen sets TCP_FASTOPEN_CONNECT: a TCP connect returns at once
	// and the first data goes out in the SYN when the server allows.
	FastOpen bool
	// Control, when not nil, runs after the options are set and before
	// bind and connect, for any other setup (s.Control gives the fd). An
	// error from it fails the dial and closes the socket.
	Control func(s *Socket) error
}

// Dial is DialContext with context.Background().
func (d *Dialer) Dial(network, address string) (net.Conn, error) {
	return d.DialContext(context.Background(), network, address)
}

// DialContext connects to address on network ("tcp", "tcp4", "tcp6",
// "udp", "udp4", "udp6", "unix", "unixgram", "unixpacket") and returns the
// connection as a net.Conn (a *Conn that owns the socket: closing it closes
// the socket). Its signature is net.Dialer's, so it fits
// http.Transport.DialContext. See DialSocket for what it does.
func (d *Dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	s, err := d.DialSocket(ctx, network, address)
	if err != nil {
		return nil, err
	}
	return &Conn{s: s}, nil
}

// DialSocket is DialContext returning the Socket. It is not one system
// call: Getaddrinfo for a host or service name, or for no host (which
// means this machine: ::1 then 127.0.0.1, where net dials 127.0.0.1
// only), then for each address in turn socket(2), setsockopt(2) for each
// option set, Control, bind(2) when LocalAddr is set, and connect(2),
// waiting for it in the poller until it completes, ConnectTimeout passes,
// Timeout (which bounds the whole dial, lookup included) passes or ctx is
// done. The connect waits whatever DefaultTimeout says; the socket
// returned is in the mode DefaultTimeout gives, as a new socket is. On
// error the socket is closed.
//
// Errors: address text that no call of this package takes (see ParseAddr
// for the rules they share) is an *ArgError wrapping EINVAL (EAFNOSUPPORT
// for an address of the other family than network's, ENXIO for an unknown
// IPv6 zone), and a failed lookup an *AddrInfoError, each inside a
// *net.OpError "dial". Once addresses were tried, the error is a
// *CreateConnectionError holding every attempt's error (each the
// *net.OpError of the call that failed: "connect", "bind", ...), so
// errors.Is(err, unix.ECONNREFUSED) tells whether any was refused and
// net.Error's Timeout whether the last one timed out.
func (d *Dialer) DialSocket(ctx context.Context, network, address string) (*Socket, error) {
	return d.dial(ctx, "dial", network, address)
}

// dial is DialSocket with op naming the call in its errors, so that
// CreateConnection runs the same loop and fails the same way.
func (d *Dialer) dial(ctx context.Context, op, network, address string) (*Socket, error) {
	if err := nilContext(ctx); err != nil {
		return nil, &net.OpError{Op: op, Net: network, Err: err}
	}
	if d.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d.Timeout)
		defer cancel()
	}
	targets, err := dialTargets(ctx, network, address)
	if err != nil {
		return nil, &net.OpError{Op: op, Net: network, Err: err}
	}
	var errs []error
	for _, t := range targets {
		s, err := d.dialTarget(ctx, op, t)
		if err == nil {
			return s, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	return nil, &CreateConnectionError{Op: op, Net: network, Address: address, Errs: errs}
}

// dialTarget makes one attempt of dial.
func (d *Dialer) dialTarget(ctx context.Context, op string, t target) (*Socket, error) {
	s, err := New(t.family, t.typ, 0)
	if err != nil {
		return nil, err
	}
	o := setup{reuseAddr: d.ReuseAddr, reusePort: d.ReusePort, freeBind: d.FreeBind,
		device: d.BindToDevice, fastOpenConnect: d.FastOpen, control: d.Control}
	if err := o.apply(s, op); err != nil {
		s.Close()
		return nil, err
	}
	if !d.LocalAddr.IsZero() {
		if err := s.Bind(toFamily(d.LocalAddr, s.family)); err != nil {
			s.Close()
			return nil, err
		}
	}
	// The socket's own timeout mode bounds this connect alone, and
	// reports running out as every timeout of the package does.
	s.SetTimeout(NoTimeout)
	if d.ConnectTimeout > 0 {
		s.SetTimeout(d.ConnectTimeout)
	}
	if err := s.ConnectContext(ctx, t.addr); err != nil {
		s.Close()
		return nil, err
	}
	s.SetTimeout(DefaultTimeout())
	return s, nil
}
