//go:build darwin || freebsd || linux

package socket

import (
	"net/netip"

	"github.com/bsdsock/socket/internal/sockaddr"
	"golang.org/x/sys/unix"
)

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
// Linux, macOS and FreeBSD; NetBSD and OpenBSD have no MCAST_* options
// (ip(4)), so there it is absent: set IP_ADD_MEMBERSHIP with Setsockopt.
func (s *Socket) JoinGroup(ifindex int, group netip.Addr) error {
	return s.groupOp(unix.MCAST_JOIN_GROUP, "MCAST_JOIN_GROUP", ifindex, group, netip.Addr{})
}

// LeaveGroup leaves a group joined with JoinGroup, with setsockopt(2)
// MCAST_LEAVE_GROUP; EADDRNOTAVAIL if the socket is not a member. Closing
// the socket leaves every group.
//
// Linux, macOS and FreeBSD.
func (s *Socket) LeaveGroup(ifindex int, group netip.Addr) error {
	return s.groupOp(unix.MCAST_LEAVE_GROUP, "MCAST_LEAVE_GROUP", ifindex, group, netip.Addr{})
}

// JoinSourceGroup joins the source-specific multicast channel (source,
// group) on the interface with index ifindex, with setsockopt(2)
// MCAST_JOIN_SOURCE_GROUP (RFC 3678, 4607): the socket receives the group's
// datagrams sent by source only. group and source must be of one family.
//
// Linux, macOS and FreeBSD.
func (s *Socket) JoinSourceGroup(ifindex int, group, source netip.Addr) error {
	return s.groupOp(unix.MCAST_JOIN_SOURCE_GROUP, "MCAST_JOIN_SOURCE_GROUP", ifindex, group, source)
}

// LeaveSourceGroup leaves a channel joined with JoinSourceGroup, with
// setsockopt(2) MCAST_LEAVE_SOURCE_GROUP.
//
// Linux, macOS and FreeBSD.
func (s *Socket) LeaveSourceGroup(ifindex int, group, source netip.Addr) error {
	return s.groupOp(unix.MCAST_LEAVE_SOURCE_GROUP, "MCAST_LEAVE_SOURCE_GROUP", ifindex, group, source)
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
	hasSource := num == unix.MCAST_JOIN_SOURCE_GROUP || num == unix.MCAST_LEAVE_SOURCE_GROUP
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
