package socket

import (
	"net/netip"

	"golang.org/x/sys/unix"
)

// The options of levels SOL_IP and SOL_IPV6 that this file's typed methods
// read and set; the package overview's "Socket options" says how they are
// named.
var (
	ipMulticastIf    = sockopt{SOL_IP, IP_MULTICAST_IF, "IP_MULTICAST_IF"}
	ipMulticastLoop  = sockopt{SOL_IP, IP_MULTICAST_LOOP, "IP_MULTICAST_LOOP"}
	ipMulticastTTL   = sockopt{SOL_IP, IP_MULTICAST_TTL, "IP_MULTICAST_TTL"}
	ipRecvTTL        = sockopt{SOL_IP, IP_RECVTTL, "IP_RECVTTL"}
	ipTOS            = sockopt{SOL_IP, IP_TOS, "IP_TOS"}
	ipTTL            = sockopt{SOL_IP, IP_TTL, "IP_TTL"}
	ip6DontFrag      = sockopt{SOL_IPV6, IPV6_DONTFRAG, "IPV6_DONTFRAG"}
	ip6MulticastHops = sockopt{SOL_IPV6, IPV6_MULTICAST_HOPS, "IPV6_MULTICAST_HOPS"}
	ip6MulticastIf   = sockopt{SOL_IPV6, IPV6_MULTICAST_IF, "IPV6_MULTICAST_IF"}
	ip6MulticastLoop = sockopt{SOL_IPV6, IPV6_MULTICAST_LOOP, "IPV6_MULTICAST_LOOP"}
	ip6RecvHopLimit  = sockopt{SOL_IPV6, IPV6_RECVHOPLIMIT, "IPV6_RECVHOPLIMIT"}
	ip6RecvPktInfo   = sockopt{SOL_IPV6, IPV6_RECVPKTINFO, "IPV6_RECVPKTINFO"}
	ip6RecvTClass    = sockopt{SOL_IPV6, IPV6_RECVTCLASS, "IPV6_RECVTCLASS"}
	ip6TClass        = sockopt{SOL_IPV6, IPV6_TCLASS, "IPV6_TCLASS"}
	ip6UnicastHops   = sockopt{SOL_IPV6, IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS"}
	ip6V6Only        = sockopt{SOL_IPV6, IPV6_V6ONLY, "IPV6_V6ONLY"}
)

// SetTTL sets IP_TTL (SOL_IP), the time-to-live of the IPv4 packets the
// socket sends, with setsockopt(2): 1 to 255, or -1 for the system default
// (EINVAL otherwise).
func (s *Socket) SetTTL(ttl int) error { return s.setInt(ipTTL, ttl) }

// TTL returns IP_TTL (SOL_IP) with getsockopt(2): the value set, or the
// system default (net.ipv4.ip_default_ttl, usually 64).
func (s *Socket) TTL() (int, error) { return s.getInt(ipTTL) }

// SetTOS sets IP_TOS (SOL_IP), the type-of-service byte (DSCP and ECN) of
// the IPv4 packets the socket sends, with setsockopt(2). On a TCP socket the
// kernel keeps the ECN bits (the low two) to itself and reads them back as
// it set them.
func (s *Socket) SetTOS(tos int) error { return s.setInt(ipTOS, tos) }

// TOS returns IP_TOS (SOL_IP) with getsockopt(2).
func (s *Socket) TOS() (int, error) { return s.getInt(ipTOS) }

// SetRecvTTL sets IP_RECVTTL (SOL_IP) with setsockopt(2): every IPv4
// datagram received then carries its TTL in an IP_TTL control message,
// decoded by ParseControl into ControlInfo.TTL.
func (s *Socket) SetRecvTTL(on bool) error { return s.setBool(ipRecvTTL, on) }

// RecvTTL reports IP_RECVTTL (SOL_IP) with getsockopt(2).
func (s *Socket) RecvTTL() (bool, error) { return s.getBool(ipRecvTTL) }

// SetMulticastTTL sets IP_MULTICAST_TTL (SOL_IP), the TTL of the IPv4
// multicast datagrams the socket sends, 0 to 255 or -1 for the default,
// with setsockopt(2). The default 1 keeps them on the local network.
func (s *Socket) SetMulticastTTL(ttl int) error { return s.setInt(ipMulticastTTL, ttl) }

// MulticastTTL returns IP_MULTICAST_TTL (SOL_IP) with getsockopt(2).
func (s *Socket) MulticastTTL() (int, error) { return s.getInt(ipMulticastTTL) }

// SetMulticastLoop sets IP_MULTICAST_LOOP (SOL_IP) with setsockopt(2):
// whether the IPv4 multicast datagrams the socket sends are also delivered
// to the sockets of this host that joined the group. It is on by default.
func (s *Socket) SetMulticastLoop(on bool) error { return s.setBool(ipMulticastLoop, on) }

// MulticastLoop reports IP_MULTICAST_LOOP (SOL_IP) with getsockopt(2).
func (s *Socket) MulticastLoop() (bool, error) { return s.getBool(ipMulticastLoop) }

// SetMulticastInterface sets IP_MULTICAST_IF (SOL_IP) with setsockopt(2):
// the IPv4 multicast datagrams the socket sends leave through the interface
// that has the local address ifaddr; 0.0.0.0 lets the routing table choose
// again. As in Python, the interface is named by its address; an address no
// interface has gives EADDRNOTAVAIL.
func (s *Socket) SetMulticastInterface(ifaddr netip.Addr) error {
	if !ifaddr.Unmap().Is4() {
		return s.opError("setsockopt", nil, argError("IP_MULTICAST_IF", "interface address "+ifaddr.String()+" is not IPv4", unix.EINVAL))
	}
	a := ifaddr.Unmap().As4()
	return s.setsockopt(ipMulticastIf, a[:], 0)
}

// MulticastInterface returns the interface address IP_MULTICAST_IF (SOL_IP)
// with getsockopt(2), 0.0.0.0 when none was set.
func (s *Socket) MulticastInterface() (netip.Addr, error) {
	var a [4]byte
	if _, err := getStruct(s, ipMulticastIf, &a); err != nil {
		return netip.Addr{}, err
	}
	return netip.AddrFrom4(a), nil
}

// SetHopLimit sets IPV6_UNICAST_HOPS (SOL_IPV6), the hop limit of the IPv6
// unicast packets the socket sends, with setsockopt(2): 0 to 255, or -1 for
// the route's default (EINVAL otherwise).
func (s *Socket) SetHopLimit(hops int) error { return s.setInt(ip6UnicastHops, hops) }

// HopLimit returns IPV6_UNICAST_HOPS (SOL_IPV6) with getsockopt(2): the
// value set, or the default that -1 stands for (usually 64).
func (s *Socket) HopLimit() (int, error) { return s.getInt(ip6UnicastHops) }

// SetTrafficClass sets IPV6_TCLASS (SOL_IPV6), the traffic class byte (DSCP
// and ECN) of the IPv6 packets the socket sends, 0 to 255 or -1 for the
// default 0, with setsockopt(2).
func (s *Socket) SetTrafficClass(tclass int) error { return s.setInt(ip6TClass, tclass) }

// TrafficClass returns IPV6_TCLASS (SOL_IPV6) with getsockopt(2).
func (s *Socket) TrafficClass() (int, error) { return s.getInt(ip6TClass) }

// SetV6Only sets IPV6_V6ONLY (SOL_IPV6) with setsockopt(2): an AF_INET6
// socket with it on handles IPv6 only; off, a socket bound to :: also takes
// IPv4 traffic, as IPv4-mapped addresses (::ffff:a.b.c.d). Set it before
// Bind; the default is net.ipv6.bindv6only (usually off).
func (s *Socket) SetV6Only(on bool) error { return s.setBool(ip6V6Only, on) }

// V6Only reports IPV6_V6ONLY (SOL_IPV6) with getsockopt(2).
func (s *Socket) V6Only() (bool, error) { return s.getBool(ip6V6Only) }

// SetRecvHopLimit sets IPV6_RECVHOPLIMIT (SOL_IPV6) with setsockopt(2):
// every IPv6 datagram received then carries its hop limit in an
// IPV6_HOPLIMIT control message (ControlInfo.HopLimit).
func (s *Socket) SetRecvHopLimit(on bool) error { return s.setBool(ip6RecvHopLimit, on) }

// RecvHopLimit reports IPV6_RECVHOPLIMIT (SOL_IPV6) with getsockopt(2).
func (s *Socket) RecvHopLimit() (bool, error) { return s.getBool(ip6RecvHopLimit) }

// SetRecvTrafficClass sets IPV6_RECVTCLASS (SOL_IPV6) with setsockopt(2):
// every IPv6 datagram received then carries its traffic class in an
// IPV6_TCLASS control message (ControlInfo.TrafficClass).
func (s *Socket) SetRecvTrafficClass(on bool) error { return s.setBool(ip6RecvTClass, on) }

// RecvTrafficClass reports IPV6_RECVTCLASS (SOL_IPV6) with getsockopt(2).
func (s *Socket) RecvTrafficClass() (bool, error) { return s.getBool(ip6RecvTClass) }

// SetRecvPktInfoV6 sets IPV6_RECVPKTINFO (SOL_IPV6) with setsockopt(2):
// every IPv6 datagram received then carries an IPV6_PKTINFO control message
// with its destination address and arriving interface (ControlInfo.Dst and
// IfIndex).
func (s *Socket) SetRecvPktInfoV6(on bool) error { return s.setBool(ip6RecvPktInfo, on) }

// RecvPktInfoV6 reports IPV6_RECVPKTINFO (SOL_IPV6) with getsockopt(2).
func (s *Socket) RecvPktInfoV6() (bool, error) { return s.getBool(ip6RecvPktInfo) }

// SetDontFrag sets IPV6_DONTFRAG (SOL_IPV6) with setsockopt(2) (RFC 3542):
// a datagram larger than the path MTU fails with EMSGSIZE instead of being
// fragmented. It is the IPv6 counterpart of the DF bit (see SetMTUDiscover).
func (s *Socket) SetDontFrag(on bool) error { return s.setBool(ip6DontFrag, on) }

// DontFrag reports IPV6_DONTFRAG (SOL_IPV6) with getsockopt(2).
func (s *Socket) DontFrag() (bool, error) { return s.getBool(ip6DontFrag) }

// SetMulticastHopLimit sets IPV6_MULTICAST_HOPS (SOL_IPV6), the hop limit of
// the IPv6 multicast datagrams the socket sends, 0 to 255 or -1 for the
// default 1, with setsockopt(2).
func (s *Socket) SetMulticastHopLimit(hops int) error { return s.setInt(ip6MulticastHops, hops) }

// MulticastHopLimit returns IPV6_MULTICAST_HOPS (SOL_IPV6) with
// getsockopt(2).
func (s *Socket) MulticastHopLimit() (int, error) { return s.getInt(ip6MulticastHops) }

// SetMulticastLoopV6 sets IPV6_MULTICAST_LOOP (SOL_IPV6) with setsockopt(2),
// as SetMulticastLoop does for IPv4. It is on by default.
func (s *Socket) SetMulticastLoopV6(on bool) error { return s.setBool(ip6MulticastLoop, on) }

// MulticastLoopV6 reports IPV6_MULTICAST_LOOP (SOL_IPV6) with getsockopt(2).
func (s *Socket) MulticastLoopV6() (bool, error) { return s.getBool(ip6MulticastLoop) }

// SetMulticastInterfaceV6 sets IPV6_MULTICAST_IF (SOL_IPV6) with
// setsockopt(2): the IPv6 multicast datagrams the socket sends leave through
// the interface with index ifindex (net.InterfaceByName gives it); 0 lets
// the routing table choose.
func (s *Socket) SetMulticastInterfaceV6(ifindex int) error {
	return s.setInt(ip6MulticastIf, ifindex)
}

// MulticastInterfaceV6 returns the interface index IPV6_MULTICAST_IF
// (SOL_IPV6) with getsockopt(2), 0 when none was set.
func (s *Socket) MulticastInterfaceV6() (int, error) { return s.getInt(ip6MulticastIf) }
