package socket

import "golang.org/x/sys/unix"

// IP_BOUND_IF and IPV6_BOUND_IF, of levels SOL_IP and SOL_IPV6, bind a
// socket to the interface with the index they are given, as Linux's
// SO_BINDTOIFINDEX does (netinet/in.h, netinet6/in6.h). macOS only.
const (
	IP_BOUND_IF   = unix.IP_BOUND_IF
	IPV6_BOUND_IF = unix.IPV6_BOUND_IF
)

var (
	ipBoundIf  = sockopt{SOL_IP, IP_BOUND_IF, "IP_BOUND_IF"}
	ip6BoundIf = sockopt{SOL_IPV6, IPV6_BOUND_IF, "IPV6_BOUND_IF"}
)

// SetBindToIfindex binds the socket to the network interface with index
// ifindex with IP_BOUND_IF (SOL_IP) or, on an AF_INET6 socket,
// IPV6_BOUND_IF (SOL_IPV6), and setsockopt(2); macOS's ip(4) does not
// list them, netinet/in.h and netinet6/in6.h define them. The socket then
// sends and receives only through that interface; 0 removes the binding. An index no
// interface has gives ENXIO.
//
// Linux (SO_BINDTOIFINDEX) and macOS only.
func (s *Socket) SetBindToIfindex(ifindex int) error { return s.setInt(s.boundIf(), ifindex) }

// BindToIfindex returns the index of the interface the socket is bound to
// with IP_BOUND_IF (SOL_IP) or IPV6_BOUND_IF (SOL_IPV6) and getsockopt(2),
// or 0 for none.
//
// Linux (SO_BINDTOIFINDEX) and macOS only.
func (s *Socket) BindToIfindex() (int, error) { return s.getInt(s.boundIf()) }

// boundIf is the option of the socket's family: macOS keeps the binding
// per protocol level, so an AF_INET6 socket has only IPV6_BOUND_IF.
func (s *Socket) boundIf() sockopt {
	if s.family == AF_INET6 {
		return ip6BoundIf
	}
	return ipBoundIf
}
