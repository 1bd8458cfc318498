package socket

import (
	"net/netip"

	"github.com/bsdsock/socket/internal/sockaddr"
	"golang.org/x/sys/unix"
)

// The options of levels SOL_IP and SOL_IPV6 that this file's typed methods
// read and set; the package overview's "Socket options" says how they are
// named.
var (
	ipFreebind       = sockopt{SOL_IP, IP_FREEBIND, "IP_FREEBIND"}
	ipMTU            = sockopt{SOL_IP, IP_MTU, "IP_MTU"}
	ipMTUDiscover    = sockopt{SOL_IP, IP_MTU_DISCOVER, "IP_MTU_DISCOVER"}
	ipMulticastIf    = sockopt{SOL_IP, IP_MULTICAST_IF, "IP_MULTICAST_IF"}
	ipMulticastLoop  = sockopt{SOL_IP, IP_MULTICAST_LOOP, "IP_MULTICAST_LOOP"}
	ipMulticastTTL   = sockopt{SOL_IP, IP_MULTICAST_TTL, "IP_MULTICAST_TTL"}
	ipPktInfo        = sockopt{SOL_IP, IP_PKTINFO, "IP_PKTINFO"}
	ipRecvTOS        = sockopt{SOL_IP, IP_RECVTOS, "IP_RECVTOS"}
	ipRecvTTL        = sockopt{SOL_IP, IP_RECVTTL, "IP_RECVTTL"}
	ipTOS            = sockopt{SOL_IP, IP_TOS, "IP_TOS"}
	ipTransparent    = sockopt{SOL_IP, IP_TRANSPARENT, "IP_TRANSPARENT"}
	ipTTL            = sockopt{SOL_IP, IP_TTL, "IP_TTL"}
	ip6DontFrag      = sockopt{SOL_IPV6, IPV6_DONTFRAG, "IPV6_DONTFRAG"}
	ip6MTU           = sockopt{SOL_IPV6, IPV6_MTU, "IPV6_MTU"}
	ip6MTUDiscover   = sockopt{SOL_IPV6, IPV6_MTU_DISCOVER, "IPV6_MTU_DISCOVER"}
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

// SetRecvTOS sets IP_RECVTOS (SOL_IP) with setsockopt(2): every IPv4
// datagram received then carries its TOS byte in an IP_TOS control message
// (ControlInfo.TOS).
func (s *Socket) SetRecvTOS(on bool) error { return s.setBool(ipRecvTOS, on) }

// RecvTOS reports IP_RECVTOS (SOL_IP) with getsockopt(2).
func (s *Socket) RecvTOS() (bool, error) { return s.getBool(ipRecvTOS) }

// SetRecvPktInfo sets IP_PKTINFO (SOL_IP) with setsockopt(2): every IPv4
// datagram received then carries an IP_PKTINFO control message with its
// destination address and the interface it arrived on (ControlInfo.Dst and
// IfIndex), which a server bound to 0.0.0.0 needs to answer from the
// address it was asked on.
func (s *Socket) SetRecvPktInfo(on bool) error { return s.setBool(ipPktInfo, on) }

// RecvPktInfo reports IP_PKTINFO (SOL_IP) with getsockopt(2).
func (s *Socket) RecvPktInfo() (bool, error) { return s.getBool(ipPktInfo) }

// SetMTUDiscover sets IP_MTU_DISCOVER (SOL_IP), which controls the DF (don't
// fragment) bit of the IPv4 packets the socket sends, with setsockopt(2):
// IP_PMTUDISC_DO always sets DF, so a datagram larger than the path MTU
// fails with EMSGSIZE instead of being fragmented; IP_PMTUDISC_DONT never
// sets it; IP_PMTUDISC_WANT (the default) follows the route;
// IP_PMTUDISC_PROBE sets DF but ignores the path MTU.
func (s *Socket) SetMTUDiscover(mode int) error { return s.setInt(ipMTUDiscover, mode) }

// MTUDiscover returns IP_MTU_DISCOVER (SOL_IP) with getsockopt(2).
func (s *Socket) MTUDiscover() (int, error) { return s.getInt(ipMTUDiscover) }

// MTU returns IP_MTU (SOL_IP) with getsockopt(2): the path MTU the kernel
// knows for a connected socket's peer, in bytes. An unconnected socket gives
// ENOTCONN. It is read-only.
func (s *Socket) MTU() (int, error) { return s.getInt(ipMTU) }

// SetFreebind sets IP_FREEBIND (SOL_IP) with setsockopt(2): Bind then
// accepts an address that is not (yet) on any interface, as a service
// starting before its network is up needs. It applies to AF_INET6 sockets
// too.
func (s *Socket) SetFreebind(on bool) error { return s.setBool(ipFreebind, on) }

// Freebind reports IP_FREEBIND (SOL_IP) with getsockopt(2).
func (s *Socket) Freebind() (bool, error) { return s.getBool(ipFreebind) }

// SetTransparent sets IP_TRANSPARENT (SOL_IP) with setsockopt(2): the socket
// may bind any address and receive traffic redirected to it by the TPROXY
// netfilter target (a transparent proxy). It needs CAP_NET_ADMIN or
// CAP_NET_RAW (EPERM otherwise), and applies to AF_INET6 sockets too.
func (s *Socket) SetTransparent(on bool) error { return s.setBool(ipTransparent, on) }

// Transparent reports IP_TRANSPARENT (SOL_IP) with getsockopt(2).
func (s *Socket) Transparent() (bool, error) { return s.getBool(ipTransparent) }

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

// SetMTUDiscoverV6 sets IPV6_MTU_DISCOVER (SOL_IPV6) with setsockopt(2), as
// SetMTUDiscover does for IPv4, with the IPV6_PMTUDISC_* values. IPv6
// routers never fragment: IPV6_PMTUDISC_DO makes an oversized datagram fail
// with EMSGSIZE instead of being fragmented by this host.
func (s *Socket) SetMTUDiscoverV6(mode int) error { return s.setInt(ip6MTUDiscover, mode) }

// MTUDiscoverV6 returns IPV6_MTU_DISCOVER (SOL_IPV6) with getsockopt(2).
func (s *Socket) MTUDiscoverV6() (int, error) { return s.getInt(ip6MTUDiscover) }

// MTUV6 returns IPV6_MTU (SOL_IPV6) with getsockopt(2): the path MTU known
// for a connected socket's peer, in bytes (ENOTCONN if unconnected).
func (s *Socket) MTUV6() (int, error) { return s.getInt(ip6MTU) }

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

// JoinGroup joins the multicast group on the interface with index ifindex,
// with setsockopt(2) MCAST_JOIN_GROUP (RFC 3678) at SOL_IP for an IPv4 group
// and SOL_IPV6 for an IPv6 one: the socket then receives the group's
// datagrams sent to its bound port. ifindex 0 lets the kernel choose the
// interface from the routing table. It is Python's setsockopt with
// IP_ADD_MEMBERSHIP or IPV6_JOIN_GROUP, and x/net's JoinGroup.
//
// Errors to expect: EINVAL for an address that is not multicast, ENODEV for
// an unknown interface or one without the MULTICAST flag (or, with ifindex
// 0, no route to the group), EADDRINUSE when already joined.
func (s *Socket) JoinGroup(ifindex int, group netip.Addr) error {
	return s.groupOp(MCAST_JOIN_GROUP, "MCAST_JOIN_GROUP", ifindex, group, netip.Addr{})
}

// LeaveGroup leaves a group joined with JoinGroup, with setsockopt(2)
// MCAST_LEAVE_GROUP; EADDRNOTAVAIL if the socket is not a member. Closing
// the socket leaves every group.
func (s *Socket) LeaveGroup(ifindex int, group netip.Addr) error {
	return s.groupOp(MCAST_LEAVE_GROUP, "MCAST_LEAVE_GROUP", ifindex, group, netip.Addr{})
}

// JoinSourceGroup joins the source-specific multicast channel (source,
// group) on the interface with index ifindex, with setsockopt(2)
// MCAST_JOIN_SOURCE_GROUP (RFC 3678, 4607): the socket receives the group's
// datagrams sent by source only. group and source must be of one family.
func (s *Socket) JoinSourceGroup(ifindex int, group, source netip.Addr) error {
	return s.groupOp(MCAST_JOIN_SOURCE_GROUP, "MCAST_JOIN_SOURCE_GROUP", ifindex, group, source)
}

// LeaveSourceGroup leaves a channel joined with JoinSourceGroup, with
// setsockopt(2) MCAST_LEAVE_SOURCE_GROUP.
func (s *Socket) LeaveSourceGroup(ifindex int, group, source netip.Addr) error {
	return s.groupOp(MCAST_LEAVE_SOURCE_GROUP, "MCAST_LEAVE_SOURCE_GROUP", ifindex, group, source)
}

// groupOp makes one of the MCAST_* membership calls; source is the zero
// Addr for those without one.
func (s *Socket) groupOp(num int, name string, ifindex int, group, source netip.Addr) error {
	group, source = group.Unmap(), source.Unmap()
	if !group.IsMulticast() {
		return s.opError("setsockopt", nil, argError("group", group.String()+" is not a multicast address", unix.EINVAL))
	}
	if ifindex < 0 || ifindex > 1<<31-1 {
		return s.opError("setsockopt", nil, argError("ifindex", "interface index out of range", unix.ENODEV))
	}
	hasSource := num == MCAST_JOIN_SOURCE_GROUP || num == MCAST_LEAVE_SOURCE_GROUP
	if hasSource && (!source.IsValid() || source.Is4() != group.Is4()) {
		return s.opError("setsockopt", nil, argError("source", "source "+source.String()+" and group "+group.String()+" are not of one family", unix.EINVAL))
	}
	g := AddrFrom(netip.AddrPortFrom(group.WithZone(""), 0))
	var src Addr
	if hasSource {
		src = AddrFrom(netip.AddrPortFrom(source.WithZone(""), 0))
	}
	var req sockaddr.GroupReq
	b := sockaddr.PutGroupReq(&req, uint32(ifindex), &g.raw, g.len, &src.raw, src.len)
	level := SOL_IPV6
	if group.Is4() {
		level = SOL_IP
	}
	return s.setsockopt(sockopt{level, num, name}, b, 0)
}
