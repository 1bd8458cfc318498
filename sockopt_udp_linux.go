package socket

import "golang.org/x/sys/unix"

// UDP_CORK, UDP_SEGMENT and UDP_GRO are the options of level SOL_UDP, under
// their C names (Python 3.11 exports neither). UDP_SEGMENT and UDP_GRO are
// Linux's segmentation offload for UDP: with UDP_SEGMENT (GSO) one send of
// a large buffer leaves as many datagrams of a fixed size, and with
// UDP_GRO the kernel hands a receiver consecutive datagrams of one flow as
// one buffer, whose segment size comes in a control message
// (ParseControl's GROSize; split the buffer with SplitGRO). Either way one
// system call carries many datagrams. Both apply to AF_INET and AF_INET6
// datagram sockets; others get ENOPROTOOPT or EOPNOTSUPP. Linux only.
const (
	UDP_CORK    = unix.UDP_CORK
	UDP_SEGMENT = unix.UDP_SEGMENT
	UDP_GRO     = unix.UDP_GRO
)

// UDPLITE_SEND_CSCOV and UDPLITE_RECV_CSCOV are the options of level
// IPPROTO_UDPLITE: how many bytes of each datagram a UDP-Lite socket's
// checksum covers when it sends, and the least coverage it accepts from a
// sender (0 is the whole datagram, as in UDP). From the kernel's
// include/net/udplite.h, which no user-space header exports (CPython
// defines them itself, with these values); x/sys/unix lacks them. Linux
// only.
const (
	UDPLITE_SEND_CSCOV = 10
	UDPLITE_RECV_CSCOV = 11
)

var (
	udpGRO     = sockopt{SOL_UDP, UDP_GRO, "UDP_GRO"}
	udpSegment = sockopt{SOL_UDP, UDP_SEGMENT, "UDP_SEGMENT"}
)

// SetUDPSegment sets UDP_SEGMENT (SOL_UDP), the segment size of generic
// segmentation offload (GSO), with setsockopt(2): every send on the socket
// larger than size then leaves as datagrams of size bytes each (the last
// may be shorter), up to 64 segments per send (128 on Linux 6.9 and
// later) and 64 KiB in all. 0 turns it off. A control message from
// AppendUDPSegment overrides it for one send. Sizes above 65535 are
// refused (EINVAL); a send whose segments would not fit the path MTU, or
// that has too many, fails with EINVAL.
//
// Linux only.
func (s *Socket) SetUDPSegment(size int) error { return s.setInt(udpSegment, size) }

// UDPSegment returns UDP_SEGMENT (SOL_UDP) with getsockopt(2): the GSO
// segment size in bytes, 0 when off.
//
// Linux only.
func (s *Socket) UDPSegment() (int, error) { return s.getInt(udpSegment) }

// SetUDPGRO sets UDP_GRO (SOL_UDP) with setsockopt(2): with it on, the
// kernel may coalesce consecutive datagrams of one flow, all of one size
// but the last, into one received buffer, and each receive then carries a
// UDP_GRO control message with that size (ParseControl's GROSize, CtrlGRO
// in Has; size the oob buffer with CmsgSpace(4)). A buffer too small for a
// coalesced train is truncated (MSG_TRUNC): receive into 64 KiB.
//
// Linux only.
func (s *Socket) SetUDPGRO(on bool) error { return s.setBool(udpGRO, on) }

// UDPGRO reports UDP_GRO (SOL_UDP) with getsockopt(2).
//
// Linux only.
func (s *Socket) UDPGRO() (bool, error) { return s.getBool(udpGRO) }
