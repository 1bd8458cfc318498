package raw

import (
	"encoding/binary"
	"strconv"
)

// IPv6 extension headers Decode walks (RFC 8200), by next-header number.
const (
	ip6HopByHop = 0
	ip6Routing  = 43
	ip6Fragment = 44
	ip6DstOpts  = 60
)

// walkExtensions walks the extension headers after the fixed header of
// the IPv6 packet b, filling p.IPv6's Upper and fragment fields, and
// returns where the upper layer starts. A header cut short ends the walk
// at itself, its number taken as the upper layer's, so that the rest
// prints as an unknown protocol rather than failing the packet.
func (p *Packet) walkExtensions(b []byte) int {
	h := &p.IPv6
	next, off := h.NextHeader, 40
	for {
		h.Upper = next
		var n int
		switch next {
		case ip6HopByHop, ip6Routing, ip6DstOpts:
			if len(b) < off+2 {
				return off
			}
			n = (int(b[off+1]) + 1) * 8
		case ip6Fragment:
			n = 8
		default:
			return off
		}
		if len(b) < off+n {
			return off
		}
		if next == ip6Fragment {
			fo := binary.BigEndian.Uint16(b[off+2:])
			h.Fragment, h.FragOff, h.MoreFragments = true, fo>>3, fo&1 != 0
			h.FragID = binary.BigEndian.Uint32(b[off+4:])
		}
		next, off = b[off], off+n
		if h.Fragment && h.FragOff != 0 {
			h.Upper = next
			return off // the headers after a later fragment's are not in it
		}
	}
}

// appendExtensions appends tcpdump's words for the IPv6 extension
// headers in ext, in order: "HBH ", "DSTOPT ", "srcrt (len=2, type=0,
// segleft=1) " and the fragment's "frag (0|1448) " (offset and length
// of the fragment's data, in bytes). n is the length of all that follows
// the fixed header.
func appendExtensions(dst []byte, next uint8, ext []byte, n int) []byte {
	for len(ext) >= 2 {
		hl := 8
		switch next {
		case ip6HopByHop:
			dst = append(dst, "HBH "...)
			hl = (int(ext[1]) + 1) * 8
		case ip6DstOpts:
			dst = append(dst, "DSTOPT "...)
			hl = (int(ext[1]) + 1) * 8
		case ip6Routing:
			hl = (int(ext[1]) + 1) * 8
			if len(ext) >= 4 {
				dst = strconv.AppendUint(append(dst, "srcrt (len="...), uint64(ext[1]), 10)
				dst = strconv.AppendUint(append(dst, ", type="...), uint64(ext[2]), 10)
				dst = strconv.AppendUint(append(dst, ", segleft="...), uint64(ext[3]), 10)
				dst = append(dst, ") "...)
			}
		case ip6Fragment:
			if len(ext) >= 8 {
				fo := binary.BigEndian.Uint16(ext[2:]) &^ 7
				dst = strconv.AppendUint(append(dst, "frag ("...), uint64(fo), 10)
				dst = strconv.AppendInt(append(dst, '|'), int64(n-8), 10)
				dst = append(dst, ") "...)
			}
		}
		if hl > len(ext) {
			break
		}
		next, n, ext = ext[0], n-hl, ext[hl:]
	}
	return dst
}
