package socket

import (
	"net/netip"

	"github.com/bsdsock/socket/internal/sockaddr"
	"golang.org/x/sys/unix"
)

// The options of level SOL_IP and SOL_IPV6 whose typed methods only Linux has.
var (
	ipFreebind     = sockopt{SOL_IP, IP_FREEBIND, "IP_FREEBIND"}
	ipMTU          = sockopt{SOL_IP, IP_MTU, "IP_MTU"}
	ipMTUDiscover  = sockopt{SOL_IP, IP_MTU_DISCOVER, "IP_MTU_DISCOVER"}
	ipPktInfo      = sockopt{SOL_IP, IP_PKTINFO, "IP_PKTINFO"}
	ipRecvTOS      = sockopt{SOL_IP, IP_RECVTOS, "IP_RECVTOS"}
	ipTransparent  = sockopt{SOL_IP, IP_TRANSPARENT, "IP_TRANSPARENT"}
	ip6MTU         = sockopt{SOL_IPV6, IPV6_MTU, "IPV6_MTU"}
	ip6MTUDiscover = sockopt{SOL_IPV6, IPV6_MTU_DISCOVER, "IPV6_MTU_DISCOVER"}
)

// SetRecvTOS sets IP_RECVTOS (SOL_IP) with setsockopt(2): every IPv4
// datagram received then carries its TOS byte in an IP_TOS control message
// (ControlInfo.TOS).
//
// Linux only.
func (s *Socket) SetRecvTOS(on bool) error { return s.setBool(ipRecvTOS, on) }

// RecvTOS reports IP_RECVTOS (SOL_IP) with getsockopt(2).
//
// Linux only.
func (s *Socket) RecvTOS() (bool, error) { return s.getBool(ipRecvTOS) }

// SetRecvPktInfo sets IP_PKTINFO (SOL_IP) with setsockopt(2): every IPv4
// datagram received then carries an IP_PKTINFO control message with its
// destination address and the interface it arrived on (ControlInfo.Dst and
// IfIndex), which a server bound to 0.0.0.0 needs to answer from the
// address it was asked on.
//
// Linux only.
func (s *Socket) SetRecvPktInfo(on bool) error { return s.setBool(ipPktInfo, on) }

// RecvPktInfo reports IP_PKTINFO (SOL_IP) with getsockopt(2).
//
// Linux only.
func (s *Socket) RecvPktInfo() (bool, error) { return s.getBool(ipPktInfo) }

// SetMTUDiscover sets IP_MTU_DISCOVER (SOL_IP), which controls the DF (don't
// fragment) bit of the IPv4 packets the socket sends, with setsockopt(2):
// IP_PMTUDISC_DO always sets DF, so a datagram larger than the path MTU
// fails with EMSGSIZE instead of being fragmented; IP_PMTUDISC_DONT never
// sets it; IP_PMTUDISC_WANT (the default) follows the route;
// IP_PMTUDISC_PROBE sets DF but ignores the path MTU.
//
// Linux only.
func (s *Socket) SetMTUDiscover(mode int) error { return s.setInt(ipMTUDiscover, mode) }

// MTUDiscover returns IP_MTU_DISCOVER (SOL_IP) with getsockopt(2).
//
// Linux only.
func (s *Socket) MTUDiscover() (int, error) { return s.getInt(ipMTUDiscover) }

// MTU returns IP_MTU (SOL_IP) with getsockopt(2): the path MTU the kernel
// knows for a connected socket's peer, in bytes. An unconnected socket gives
// ENOTCONN. It is read-only.
//
// Linux only.
func (s *Socket) MTU() (int, error) { return s.getInt(ipMTU) }

// SetFreebind sets IP_FREEBIND (SOL_IP) with setsockopt(2): Bind then
// accepts an address that is not (yet) on any interface, as a service
// starting before its network is up needs. It applies to AF_INET6 sockets
// too.
//
// Linux only.
func (s *Socket) SetFreebind(on bool) error { return s.setBool(ipFreebind, on) }

// Freebind reports IP_FREEBIND (SOL_IP) with getsockopt(2).
//
// Linux only.
func (s *Socket) Freebind() (bool, error) { return s.getBool(ipFreebind) }

// SetTransparent sets IP_TRANSPARENT (SOL_IP) with setsockopt(2): the socket
// may bind any address and receive traffic redirected to it by the TPROXY
// netfilter target (a transparent proxy). It needs CAP_NET_ADMIN or
// CAP_NET_RAW (EPERM otherwise), and applies to AF_INET6 sockets too.
//
// Linux only.
func (s *Socket) SetTransparent(on bool) error { return s.setBool(ipTransparent, on) }

// Transparent reports IP_TRANSPARENT (SOL_IP) with getsockopt(2).
//
// Linux only.
func (s *Socket) Transparent() (bool, error) { return s.getBool(ipTransparent) }

// SetMTUDiscoverV6 sets IPV6_MTU_DISCOVER (SOL_IPV6) with setsockopt(2), as
// SetMTUDiscover does for IPv4, with the IPV6_PMTUDISC_* values. IPv6
// routers never fragment: IPV6_PMTUDISC_DO makes an oversized datagram fail
// with EMSGSIZE instead of being fragmented by this host.
//
// Linux only.
func (s *Socket) SetMTUDiscoverV6(mode int) error { return s.setInt(ip6MTUDiscover, mode) }

// MTUDiscoverV6 returns IPV6_MTU_DISCOVER (SOL_IPV6) with getsockopt(2).
//
// Linux only.
func (s *Socket) MTUDiscoverV6() (int, error) { return s.getInt(ip6MTUDiscover) }

// MTUV6 returns IPV6_MTU (SOL_IPV6) with getsockopt(2): the path MTU known
// for a connected socket's peer, in bytes (ENOTCONN if unconnected).
//
// Linux only.
func (s *Socket) MTUV6() (int, error) { return s.getInt(ip6MTU) }

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
//
// Linux only.
func (s *Socket) JoinGroup(ifindex int, group netip.Addr) error {
	return s.groupOp(MCAST_JOIN_GROUP, "MCAST_JOIN_GROUP", ifindex, group, netip.Addr{})
}

// LeaveGroup leaves a group joined with JoinGroup, with setsockopt(2)
// MCAST_LEAVE_GROUP; EADDRNOTAVAIL if the socket is not a member. Closing
// the socket leaves every group.
//
// Linux only.
func (s *Socket) LeaveGroup(ifindex int, group netip.Addr) error {
	return s.groupOp(MCAST_LEAVE_GROUP, "MCAST_LEAVE_GROUP", ifindex, group, netip.Addr{})
}

// JoinSourceGroup joins the source-specific multicast channel (source,
// group) on the interface with index ifindex, with setsockopt(2)
// MCAST_JOIN_SOURCE_GROUP (RFC 3678, 4607): the socket receives the group's
// datagrams sent by source only. group and source must be of one family.
//
// Linux only.
func (s *Socket) JoinSourceGroup(ifindex int, group, source netip.Addr) error {
	return s.groupOp(MCAST_JOIN_SOURCE_GROUP, "MCAST_JOIN_SOURCE_GROUP", ifindex, group, source)
}

// LeaveSourceGroup leaves a channel joined with JoinSourceGroup, with
// setsockopt(2) MCAST_LEAVE_SOURCE_GROUP.
//
// Linux only.
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
