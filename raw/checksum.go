package raw

import (
	"net/netip"

	"github.com/bsdsock/socket"
)

// Checksum returns the Internet checksum of b (RFC 1071): the one's
// complement of the one's-complement sum of its 16-bit big-endian words,
// an odd last byte padded with zero. It is the checksum of the IPv4
// header and of ICMPv4 messages; a header whose checksum field holds the
// right value sums to 0. It makes no system call and allocates nothing.
func Checksum(b []byte) uint16 {
	return ^fold(sum(0, b))
}

// PseudoChecksum returns the checksum of a TCP or UDP segment (header and
// payload, the checksum field zero) with the pseudo-header the transport
// adds in front of it: source and destination address, protocol and
// segment length (RFC 793, RFC 768, RFC 8200 section 8.1 for IPv6). src
// and dst must both be IPv4 or both IPv6. A UDP checksum that comes out 0
// is sent as 0xffff, since 0 means "none" there. It allocates nothing.
func PseudoChecksum(proto socket.Protocol, src, dst netip.Addr, segment []byte) uint16 {
	var s uint32
	if src.Is4() {
		a, b := src.As4(), dst.As4()
		s = sum(sum(0, a[:]), b[:])
	} else {
		a, b := src.As16(), dst.As16()
		s = sum(sum(0, a[:]), b[:])
	}
	n := uint32(len(segment))
	s += n>>16 + n&0xffff + uint32(proto)
	c := ^fold(sum(s, segment))
	if c == 0 && proto == socket.IPPROTO_UDP {
		return 0xffff
	}
	return c
}

// sum adds b's 16-bit big-endian words to s without folding the carries.
func sum(s uint32, b []byte) uint32 {
	for len(b) >= 2 {
		s += uint32(b[0])<<8 | uint32(b[1])
		b = b[2:]
		if s >= 1<<31 {
			s = s&0xffff + s>>16
		}
	}
	if len(b) == 1 {
		s += uint32(b[0]) << 8
	}
	return s
}

// fold adds the carries of s back into its low 16 bits.
func fold(s uint32) uint16 {
	for s > 0xffff {
		s = s&0xffff + s>>16
	}
	return uint16(s)
}
