package socket

// The options of level SOL_IP and SOL_IPV6 whose typed methods only Linux has.
var (
	ipFreebind     = sockopt{SOL_IP, IP_FREEBIND, "IP_FREEBIND"}
	ipMTU          = sockopt{SOL_IP, IP_MTU, "IP_MTU"}
	ipMTUDiscover  = sockopt{SOL_IP, IP_MTU_DISCOVER, "IP_MTU_DISCOVER"}
	ipPktInfo      = sockopt{SOL_IP, IP_PKTINFO, "IP_PKTINFO"}
	ipRecvOrigDst  = sockopt{SOL_IP, IP_RECVORIGDSTADDR, "IP_RECVORIGDSTADDR"}
	ipRecvTOS      = sockopt{SOL_IP, IP_RECVTOS, "IP_RECVTOS"}
	ipTransparent  = sockopt{SOL_IP, IP_TRANSPARENT, "IP_TRANSPARENT"}
	ip6MTU         = sockopt{SOL_IPV6, IPV6_MTU, "IPV6_MTU"}
	ip6MTUDiscover = sockopt{SOL_IPV6, IPV6_MTU_DISCOVER, "IPV6_MTU_DISCOVER"}
	ip6RecvOrigDst = sockopt{SOL_IPV6, IPV6_RECVORIGDSTADDR, "IPV6_RECVORIGDSTADDR"}
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

// SetRecvOrigDst sets IP_RECVORIGDSTADDR (SOL_IP) with setsockopt(2),
// ip(7): every IPv4 datagram received then carries an IP_ORIGDSTADDR
// control message with the address and port it was sent to
// (ControlInfo.OrigDst). A transparent proxy needs it: a datagram a TPROXY
// rule diverts to a socket with SetTransparent keeps its original
// destination in its header, which this message reports, where packet
// info gives no port.
//
// Linux only.
func (s *Socket) SetRecvOrigDst(on bool) error { return s.setBool(ipRecvOrigDst, on) }

// RecvOrigDst reports IP_RECVORIGDSTADDR (SOL_IP) with getsockopt(2),
// ip(7).
//
// Linux only.
func (s *Socket) RecvOrigDst() (bool, error) { return s.getBool(ipRecvOrigDst) }

// SetRecvOrigDstV6 sets IPV6_RECVORIGDSTADDR (SOL_IPV6) with
// setsockopt(2), ipv6(7), as SetRecvOrigDst does for IPv4: every IPv6
// datagram received then carries an IPV6_ORIGDSTADDR control message
// (ControlInfo.OrigDst).
//
// Linux only.
func (s *Socket) SetRecvOrigDstV6(on bool) error { return s.setBool(ip6RecvOrigDst, on) }

// RecvOrigDstV6 reports IPV6_RECVORIGDSTADDR (SOL_IPV6) with
// getsockopt(2), ipv6(7).
//
// Linux only.
func (s *Socket) RecvOrigDstV6() (bool, error) { return s.getBool(ip6RecvOrigDst) }

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
