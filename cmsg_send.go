package socket

import (
	"encoding/binary"
	"net/netip"

	"github.com/bsdsock/socket/internal/cmsgbuf"
	"golang.org/x/sys/unix"
)

// The ECN codepoints (RFC 3168), the low two bits of the IPv4 TOS byte and
// of the IPv6 traffic class, under the Linux kernel's names
// (include/net/inet_ecn.h; no user-space header has them): what AppendTOS
// and AppendTrafficClass set per datagram, and ControlInfo.TOS and
// TrafficClass report on receipt.
const (
	INET_ECN_NOT_ECT = 0x0 // the sender does not do ECN
	INET_ECN_ECT_1   = 0x1 // ECN-capable transport, ECT(1) (L4S)
	INET_ECN_ECT_0   = 0x2 // ECN-capable transport, ECT(0)
	INET_ECN_CE      = 0x3 // congestion experienced, set by a router
	INET_ECN_MASK    = 0x3 // the ECN bits of a TOS or traffic class byte
)

// AppendTOS appends to oob an IP_TOS (SOL_IP) control message, ip(7), that
// sets the type-of-service byte, DSCP and ECN bits, of the one IPv4
// datagram a Sendmsg or Sendmmsg message sends, whatever SetTOS says: a
// QUIC stack marks each packet ECT(0) or ECT(1) this way. It makes no
// system call and allocates nothing when oob has CmsgSpace(1) bytes of
// room (CmsgSpace(4) on macOS, which reads an int).
//
// An AF_INET6 socket sending to an IPv4-mapped address (a dual-stack
// server answering an IPv4 client) needs this message, not
// AppendTrafficClass's: Linux sends such a datagram down its IPv4 path,
// which reads only the SOL_IP messages and IPV6_PKTINFO.
//
// Python has no builder: its sendmsg takes (IPPROTO_IP, IP_TOS, data)
// in ancdata.
func AppendTOS(oob []byte, tos byte) []byte {
	oob, d := cmsgbuf.Append(oob, SOL_IP, IP_TOS, tosCmsgLen)
	if tosCmsgLen == 1 {
		d[0] = tos
	} else {
		binary.NativeEndian.PutUint32(d, uint32(tos))
	}
	return oob
}

// AppendTrafficClass appends to oob an IPV6_TCLASS (SOL_IPV6) control
// message, ipv6(7) and RFC 3542, that sets the traffic class byte, DSCP
// and ECN bits, of the one IPv6 datagram a Sendmsg or Sendmmsg message
// sends, whatever SetTrafficClass says. It makes no system call and
// allocates nothing when oob has CmsgSpace(4) bytes of room. For an
// IPv4-mapped destination use AppendTOS (see there).
//
// Python has no builder: its sendmsg takes (IPPROTO_IPV6, IPV6_TCLASS,
// data) in ancdata.
func AppendTrafficClass(oob []byte, tclass byte) []byte {
	oob, d := cmsgbuf.Append(oob, SOL_IPV6, IPV6_TCLASS, 4)
	binary.NativeEndian.PutUint32(d, uint32(tclass))
	return oob
}

// AppendPktInfo appends to oob an IP_PKTINFO (ip(7)) or IPV6_PKTINFO
// (ipv6(7)) control message that makes the one datagram a Sendmsg or
// Sendmmsg message sends leave from the local address src, through the
// interface with index ifindex (0: the one the routing table chooses). It is what a server bound to a wildcard
// address needs to answer from the address a client wrote to, when the
// host has several (see ControlInfo.AppendReplyPktInfo). It makes no
// system call and allocates nothing when oob has CmsgSpace(20) bytes of
// room.
//
// An IPv4 src builds IP_PKTINFO (SOL_IP), ip(7), with src as ipi_spec_dst
// (IP_SENDSRCADDR, without an interface, on FreeBSD, NetBSD and OpenBSD);
// an IPv6 one, IPv4-mapped included, builds IPV6_PKTINFO (SOL_IPV6),
// ipv6(7) and RFC 3542, which Linux also accepts on an AF_INET6 socket
// sending to an IPv4-mapped address. An unspecified src (0.0.0.0, ::)
// sets the interface alone; the zero netip.Addr appends nothing. A src
// that is not an address of this host fails the send, unless
// SetTransparent allows it (or, for IPv6, SetFreebind): with EINVAL for
// IPv6, and for IPv4 with the route lookup's error (ENETUNREACH on Linux);
// an interface that does not exist fails it with ENODEV.
//
// Python has no builder: its sendmsg takes (IPPROTO_IPV6, IPV6_PKTINFO,
// data) in ancdata.
func AppendPktInfo(oob []byte, src netip.Addr, ifindex int) []byte {
	switch {
	case src.Is4():
		return appendPktInfo4(oob, src.As4(), ifindex)
	case src.Is6():
		oob, d := cmsgbuf.Append(oob, SOL_IPV6, IPV6_PKTINFO, unix.SizeofInet6Pktinfo)
		a := src.As16()
		copy(d, a[:])
		binary.NativeEndian.PutUint32(d[16:], uint32(ifindex))
		return oob
	}
	return oob
}

// AppendReplyPktInfo appends to oob the IP_PKTINFO (ip(7)) or
// IPV6_PKTINFO (ipv6(7)) control message that makes a reply to the
// datagram ci describes leave from the address it was sent to (Dst)
// through the interface it came in on (IfIndex), as quic-go answers: it
// is AppendPktInfo(oob, ci.Dst, ci.IfIndex). The receiving socket needs
// SetRecvPktInfo (IPv4) or SetRecvPktInfoV6 (IPv6, and IPv4 on a
// dual-stack socket, as IPv4-mapped addresses); without CtrlPktInfo in
// ci.Has it appends nothing, and the kernel chooses the source. To let the
// routing table choose the interface, as for a host whose replies should
// leave by another one, call AppendPktInfo(oob, ci.Dst, 0). It makes no
// system call and allocates nothing when oob has CmsgSpace(20) bytes of
// room.
func (ci *ControlInfo) AppendReplyPktInfo(oob []byte) []byte {
	if ci.Has&CtrlPktInfo == 0 {
		return oob
	}
	return AppendPktInfo(oob, ci.Dst, ci.IfIndex)
}
