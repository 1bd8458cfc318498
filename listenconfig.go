package socket

import (
	"context"
	"net"
	"strconv"

	"golang.org/x/sys/unix"
)

// ListenConfig creates a socket, sets it up, binds it and listens, like
// net.ListenConfig but with the socket options set before bind(2) named as
// fields, and a Socket to hand back when a net.Listener is not wanted. The
// zero ListenConfig listens as net.Listen does. Its methods may be called
// from several goroutines at once.
//
// Addresses are numeric ("127.0.0.1:80", ":80", "[::1]:0", a path or
// "@name" for AF_UNIX); names are not resolved. It mirrors Python's
// socket.create_server, without the name lookup.
type ListenConfig struct {
	// Backlog is listen(2)'s; 0 means SOMAXCONN.
	Backlog int
	// ReusePort sets SO_REUSEPORT: several sockets may bind the same
	// address and port, and the kernel spreads connections over them.
	// SO_REUSEADDR is always set on TCP listeners, as net does.
	ReusePort bool
	// FreeBind sets IP_FREEBIND, to bind an address the host does not
	// (yet) have.
	FreeBind bool
	// BindToDevice sets SO_BINDTODEVICE: the socket serves only the
	// interface of that name ("" leaves it unset).
	BindToDevice string
	// FastOpen, when positive, sets TCP_FASTOPEN with that queue length,
	// so clients may send data in their SYN.
	FastOpen int
	// Control, when not nil, runs after the options are set and before
	// bind, for any other setup. An error from it fails the call and
	// closes the socket.
	Control func(s *Socket) error
}

// Listen listens on address on a stream network ("tcp", "tcp4", "tcp6",
// "unix", "unixpacket") and returns a net.Listener (a *Listener that owns
// the socket). An AF_UNIX path it binds is removed when the Listener is
// closed, as net.UnixListener does. See ListenSocket for what it does.
func (lc *ListenConfig) Listen(ctx context.Context, network, address string) (net.Listener, error) {
	if networkTypes[network].typ == SOCK_DGRAM {
		return nil, &net.OpError{Op: "listen", Net: network, Err: argError("network", strconv.Quote(network)+" is a datagram network (use ListenPacket)", unix.EPROTOTYPE)}
	}
	s, err := lc.ListenSocket(ctx, network, address)
	if err != nil {
		return nil, err
	}
	l := &Listener{s: s}
	if path, _ := s.boundPath(); path != "" {
		l.unlink = path
	}
	return l, nil
}

// ListenPacket binds a socket on address on a datagram network ("udp",
// "udp4", "udp6", "unixgram") and returns a net.PacketConn (a *PacketConn
// that owns the socket). See ListenSocket for what it does.
func (lc *ListenConfig) ListenPacket(ctx context.Context, network, address string) (net.PacketConn, error) {
	if nt, ok := networkTypes[network]; ok && nt.typ != SOCK_DGRAM {
		return nil, &net.OpError{Op: "listen", Net: network, Err: argError("network", strconv.Quote(network)+" is not a datagram network (use Listen)", unix.EPROTOTYPE)}
	}
	s, err := lc.ListenSocket(ctx, network, address)
	if err != nil {
		return nil, err
	}
	return &PacketConn{s: s}, nil
}

// ListenSocket is Listen or ListenPacket returning the Socket, for any of
// their networks. It is not one system call: socket(2), setsockopt(2) for
// SO_REUSEADDR (TCP), IPV6_V6ONLY (on for "tcp6" and "udp6", as in net;
// off for "tcp" or "udp" with no host: one AF_INET6 socket serves IPv4
// too, as in net) and each option set, Control, bind(2), and listen(2) for
// stream and seqpacket networks. None of them waits: ctx is only checked
// first. The socket is in the mode DefaultTimeout gives; ListenSocket
// never removes an AF_UNIX path. On error the socket is closed.
//
// Errors: text that is not a numeric host and port (see ParseAddr for the
// rules every call shares) is an *ArgError wrapping EINVAL (ENXIO for an
// unknown IPv6 zone) inside a *net.OpError "listen"; an option that cannot
// be set fails the call with its errno, and bind(2) and listen(2) fail with
// theirs (EADDRINUSE, EACCES, ...).
func (lc *ListenConfig) ListenSocket(ctx context.Context, network, address string) (*Socket, error) {
	t, backlog, err := lc.prepare(ctx, network, address)
	if err != nil {
		return nil, err
	}
	return lc.listen("listen", t, backlog)
}

// prepare checks ctx and reads network and address into the target every
// socket of ListenSocket or ListenGroup binds, and the backlog listen(2)
// is given. The error is a *net.OpError "listen".
func (lc *ListenConfig) prepare(ctx context.Context, network, address string) (target, int, error) {
	const op = "listen"
	if err := nilContext(ctx); err != nil {
		return target{}, 0, &net.OpError{Op: op, Net: network, Err: err}
	}
	if err := ctx.Err(); err != nil {
		return target{}, 0, &net.OpError{Op: op, Net: network, Err: err}
	}
	t, err := listenTarget(network, address)
	if err != nil {
		return target{}, 0, &net.OpError{Op: op, Net: network, Err: err}
	}
	backlog := lc.Backlog
	if backlog <= 0 {
		backlog = SOMAXCONN
	}
	return t, backlog, nil
}

// listen makes, sets up, binds and (for stream and seqpacket types) puts
// into listening state a socket for t: the part ListenSocket and
// CreateServer share, so both set the same options and fail alike when
// one cannot be set.
func (lc *ListenConfig) listen(op string, t target, backlog int) (*Socket, error) {
	s, err := New(t.family, t.typ, 0)
	if err != nil {
		return nil, err
	}
	o := setup{reuseAddr: t.typ == SOCK_STREAM && t.family != AF_UNIX, reusePort: lc.ReusePort,
		freeBind: lc.FreeBind, device: lc.BindToDevice, fastOpen: lc.FastOpen,
		v6Only: t.v6Only, dualStack: t.dualStack, control: lc.Control}
	if err := o.apply(s, op); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.Bind(t.addr); err != nil {
		s.Close()
		return nil, err
	}
	if t.typ == SOCK_STREAM || t.typ == SOCK_SEQPACKET {
		if err := s.Listen(backlog); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// boundPath returns the filesystem path an AF_UNIX socket is bound to, or
// "" for other sockets and for abstract or unnamed ones.
func (s *Socket) boundPath() (string, error) {
	if s.family != AF_UNIX {
		return "", nil
	}
	a, err := s.Getsockname()
	if err != nil {
		return "", err
	}
	p, _ := a.UnixPath()
	if p == "" || p[0] == 0 {
		return "", nil
	}
	return p, nil
}
