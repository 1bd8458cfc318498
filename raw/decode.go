package raw

import (
	"encoding/binary"
	"net/netip"
	"strconv"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// LinkType says what a captured packet starts with.
type LinkType uint8

const (
	// LinkEthernet: a 14-byte Ethernet header (AF_PACKET SOCK_RAW on
	// Ethernet and loopback interfaces).
	LinkEthernet LinkType = iota + 1
	// LinkIP: the IP header; its version nibble says 4 or 6 (AF_PACKET
	// SOCK_DGRAM, raw IPv4 sockets).
	LinkIP
)

// Layers is a set of the headers Decode found.
type Layers uint8

const (
	HasEthernet Layers = 1 << iota // Packet.Ethernet is set
	HasIPv4                        // Packet.IPv4 is set
	HasIPv6                        // Packet.IPv6 is set
	HasTCP                         // Packet.TCP is set
	HasUDP                         // Packet.UDP is set
	HasICMP                        // Packet.ICMP is set (ICMPv4 or ICMPv6)
	HasARP                         // Packet.ARP is set
	HasIGMP                        // Packet.IGMP is set
)

// Ethernet is an Ethernet II header.
type Ethernet struct {
	Dst, Src  [6]byte
	EtherType uint16 // 0x0800 (IPv4), 0x86dd (IPv6), 0x0806 (ARP), ...
}

// IPv4 is an IPv4 header without its options (they stay in IPHeader).
type IPv4 struct {
	HeaderLen int // in bytes, options included
	TOS       uint8
	TotalLen  int
	ID        uint16
	Flags     uint8  // the top 3 bits of the fragment field: 2 is DF, 1 MF
	FragOff   uint16 // in 8-byte units
	TTL       uint8
	Protocol  uint8
	Checksum  uint16
	Src, Dst  netip.Addr
}

// IPv6 is an IPv6 fixed header, and what its extension headers say of
// the upper layer and of fragmentation (the extension headers themselves
// stay in IPHeader, after the fixed 40 bytes).
type IPv6 struct {
	TrafficClass uint8
	FlowLabel    uint32
	PayloadLen   int
	NextHeader   uint8 // the fixed header's: the first extension header, if any
	HopLimit     uint8
	Src, Dst     netip.Addr
	// Upper is the protocol after the extension headers (NextHeader when
	// there are none; 44, the fragment header's own number, when a
	// header Decode does not walk comes first).
	Upper uint8
	// Fragment is set when a fragment header was walked: FragOff is its
	// offset in 8-byte units, MoreFragments its M flag, FragID its
	// identification.
	Fragment      bool
	MoreFragments bool
	FragOff       uint16
	FragID        uint32
}

// TCPFlags are the flag bits of a TCP header.
type TCPFlags uint8

// The TCP flags, in their header order.
const (
	TCPFin TCPFlags = 1 << iota
	TCPSyn
	TCPRst
	TCPPsh
	TCPAck
	TCPUrg
	TCPEce
	TCPCwr
)

// TCP is a TCP header without its options (they stay in
// TransportHeader).
type TCP struct {
	SrcPort, DstPort uint16
	Seq, Ack         uint32
	HeaderLen        int // in bytes, options included
	Flags            TCPFlags
	Window           uint16 // as sent, not scaled
	Checksum, Urgent uint16
}

// UDP is a UDP header.
type UDP struct {
	SrcPort, DstPort uint16
	Length           int // header and payload, as the header says
	Checksum         uint16
}

// ICMP is an ICMP or ICMPv6 header; ID and Seq are those of an echo
// request or reply.
type ICMP struct {
	V6         bool // ICMPv6
	Type, Code uint8
	Checksum   uint16
	ID, Seq    uint16
}

// Packet is one captured packet decoded layer by layer, like nested
// dolls: the link header holds the IP header, which holds the transport
// header, which holds the payload. Decode fills it without allocating;
// the byte slices alias the packet decoded. Reuse one Packet for a whole
// capture.
type Packet struct {
	Layers   Layers
	Ethernet Ethernet
	IPv4     IPv4
	IPv6     IPv6
	TCP      TCP
	UDP      UDP
	ICMP     ICMP
	ARP      ARP
	IGMP     IGMP
	// Rel is what AppendText subtracts from the TCP numbers: zero after
	// Decode (absolute numbers, tcpdump -S); TCPSeqs.Relative sets it.
	Rel TCPRelative

	// The bytes of each layer, in order: LinkHeader + IPHeader +
	// TransportHeader + Payload is the decoded part of the packet.
	LinkHeader, IPHeader, TransportHeader, Payload []byte
	// Len is the length of the whole packet decoded.
	Len int
}

// Decode decodes b, which starts as link says, into p: the Ethernet
// header and an ARP message, or the IPv4 or IPv6 header (with the IPv6
// hop-by-hop, routing, fragment and destination options headers) and a
// TCP, UDP, ICMP or IGMP header; what follows the last header decoded is
// the Payload. Other protocols stop the decoding early, without error,
// as does a fragment after the first, which carries no transport
// header. The IP payload ends where the IP header's length says (the
// Ethernet padding of short frames is not payload). It makes no system
// call and allocates nothing unless b is malformed.
//
// Errors: an *socket.ArgError wrapping EINVAL for a packet too short for
// one of its headers, or a header whose length field is impossible,
// naming the layer ("ipv4 header", ...); p then holds the layers before
// it.
func (p *Packet) Decode(b []byte, link LinkType) error {
	*p = Packet{Len: len(b)}
	switch link {
	case LinkEthernet:
		if len(b) < 14 {
			return short("ethernet header", 14, len(b))
		}
		e := &p.Ethernet
		copy(e.Dst[:], b[0:6])
		copy(e.Src[:], b[6:12])
		e.EtherType = binary.BigEndian.Uint16(b[12:])
		p.Layers |= HasEthernet
		p.LinkHeader, b = b[:14], b[14:]
		switch e.EtherType {
		case etherTypeIPv4:
			return p.decodeIPv4(b)
		case etherTypeIPv6:
			return p.decodeIPv6(b)
		case etherTypeARP:
			return p.decodeARP(b)
		}
		p.Payload = b
		return nil
	case LinkIP:
		if len(b) == 0 {
			return short("ip header", 1, 0)
		}
		if b[0]>>4 == 6 {
			return p.decodeIPv6(b)
		}
		return p.decodeIPv4(b)
	}
	return &socket.ArgError{Arg: "link", Reason: "unknown link type " + strconv.Itoa(int(link)), Err: unix.EINVAL}
}

func (p *Packet) decodeIPv4(b []byte) error {
	if len(b) < 20 {
		return short("ipv4 header", 20, len(b))
	}
	h := &p.IPv4
	if b[0]>>4 != 4 {
		return invalid("ipv4 header", "version "+strconv.Itoa(int(b[0]>>4)))
	}
	h.HeaderLen = int(b[0]&0x0f) * 4
	h.TotalLen = int(binary.BigEndian.Uint16(b[2:]))
	if h.HeaderLen < 20 || h.HeaderLen > len(b) {
		return short("ipv4 header", max(h.HeaderLen, 20), len(b))
	}
	if h.TotalLen < h.HeaderLen {
		return invalid("ipv4 header", "total length "+strconv.Itoa(h.TotalLen)+" below the header's "+strconv.Itoa(h.HeaderLen))
	}
	h.TOS = b[1]
	h.ID = binary.BigEndian.Uint16(b[4:])
	frag := binary.BigEndian.Uint16(b[6:])
	h.Flags, h.FragOff = uint8(frag>>13), frag&0x1fff
	h.TTL, h.Protocol = b[8], b[9]
	h.Checksum = binary.BigEndian.Uint16(b[10:])
	h.Src = netip.AddrFrom4([4]byte(b[12:16]))
	h.Dst = netip.AddrFrom4([4]byte(b[16:20]))
	p.Layers |= HasIPv4
	p.IPHeader = b[:h.HeaderLen]
	b = b[h.HeaderLen:min(h.TotalLen, len(b))]
	if h.FragOff != 0 {
		p.Payload = b // a later fragment: no transport header
		return nil
	}
	return p.decodeTransport(b, h.Protocol, false)
}

func (p *Packet) decodeIPv6(b []byte) error {
	if len(b) < 40 {
		return short("ipv6 header", 40, len(b))
	}
	h := &p.IPv6
	if b[0]>>4 != 6 {
		return invalid("ipv6 header", "version "+strconv.Itoa(int(b[0]>>4)))
	}
	v := binary.BigEndian.Uint32(b)
	h.TrafficClass, h.FlowLabel = uint8(v>>20), v&0xfffff
	h.PayloadLen = int(binary.BigEndian.Uint16(b[4:]))
	h.NextHeader, h.HopLimit = b[6], b[7]
	h.Src = netip.AddrFrom16([16]byte(b[8:24]))
	h.Dst = netip.AddrFrom16([16]byte(b[24:40]))
	p.Layers |= HasIPv6
	b = b[:min(40+h.PayloadLen, len(b))]
	n := p.walkExtensions(b)
	p.IPHeader = b[:n]
	if h.Fragment && h.FragOff != 0 {
		p.Payload = b[n:] // a later fragment: no transport header
		return nil
	}
	return p.decodeTransport(b[n:], h.Upper, true)
}

func (p *Packet) decodeTransport(b []byte, proto uint8, v6 bool) error {
	switch {
	case proto == unix.IPPROTO_TCP:
		if len(b) < 20 {
			return short("tcp header", 20, len(b))
		}
		h := &p.TCP
		h.SrcPort, h.DstPort = binary.BigEndian.Uint16(b), binary.BigEndian.Uint16(b[2:])
		h.Seq, h.Ack = binary.BigEndian.Uint32(b[4:]), binary.BigEndian.Uint32(b[8:])
		h.HeaderLen = int(b[12]>>4) * 4
		if h.HeaderLen < 20 || h.HeaderLen > len(b) {
			return short("tcp header", max(h.HeaderLen, 20), len(b))
		}
		h.Flags = TCPFlags(b[13])
		h.Window = binary.BigEndian.Uint16(b[14:])
		h.Checksum, h.Urgent = binary.BigEndian.Uint16(b[16:]), binary.BigEndian.Uint16(b[18:])
		p.Layers |= HasTCP
		p.TransportHeader, p.Payload = b[:h.HeaderLen], b[h.HeaderLen:]
	case proto == unix.IPPROTO_UDP:
		if len(b) < 8 {
			return short("udp header", 8, len(b))
		}
		h := &p.UDP
		h.SrcPort, h.DstPort = binary.BigEndian.Uint16(b), binary.BigEndian.Uint16(b[2:])
		h.Length, h.Checksum = int(binary.BigEndian.Uint16(b[4:])), binary.BigEndian.Uint16(b[6:])
		p.Layers |= HasUDP
		p.TransportHeader, p.Payload = b[:8], b[8:]
	case proto == unix.IPPROTO_ICMP && !v6, proto == unix.IPPROTO_ICMPV6 && v6:
		if len(b) < 8 {
			return short("icmp header", 8, len(b))
		}
		h := &p.ICMP
		h.V6, h.Type, h.Code = v6, b[0], b[1]
		h.Checksum = binary.BigEndian.Uint16(b[2:])
		h.ID, h.Seq = binary.BigEndian.Uint16(b[4:]), binary.BigEndian.Uint16(b[6:])
		p.Layers |= HasICMP
		p.TransportHeader, p.Payload = b[:8], b[8:]
	case proto == unix.IPPROTO_IGMP && !v6:
		return p.decodeIGMP(b)
	default:
		p.Payload = b
	}
	return nil
}

func short(layer string, want, have int) error {
	return invalid(layer, "needs "+strconv.Itoa(want)+" bytes, packet has "+strconv.Itoa(have))
}

func invalid(layer, reason string) error {
	return &socket.ArgError{Arg: layer, Reason: reason, Err: unix.EINVAL}
}
