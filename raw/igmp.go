package raw

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// IGMP is an IGMP message (RFC 1112, RFC 2236, RFC 3376): the header of a
// membership query, report or leave. The rest of a version 3 query or
// report (its sources and group records) is the Payload.
type IGMP struct {
	Type     uint8 // 0x11 query, 0x12 v1 report, 0x16 v2 report, 0x17 leave, 0x22 v3 report
	MaxResp  uint8 // a query's maximum response time (code), in tenths of a second
	Checksum uint16
	// Group is the group of a query, a v1 or v2 report or a leave (the
	// unspecified 0.0.0.0 in a general query); unset in a v3 report.
	Group netip.Addr
	// Records is the number of group records of a v3 report.
	Records int
}

// IGMP message types tcpdump names.
const (
	igmpQuery     = 0x11
	igmpV1Report  = 0x12
	igmpDVMRP     = 0x13
	igmpPIMv1     = 0x14
	igmpV2Report  = 0x16
	igmpLeave     = 0x17
	igmpMtraceRsp = 0x1e
	igmpMtrace    = 0x1f
	igmpV3Report  = 0x22
)

func (p *Packet) decodeIGMP(b []byte) error {
	if len(b) < 8 {
		return short("igmp header", 8, len(b))
	}
	g := &p.IGMP
	g.Type, g.MaxResp = b[0], b[1]
	g.Checksum = binary.BigEndian.Uint16(b[2:])
	if g.Type == igmpV3Report {
		g.Records = int(binary.BigEndian.Uint16(b[6:]))
	} else {
		g.Group = netip.AddrFrom4([4]byte(b[4:8]))
	}
	p.Layers |= HasIGMP
	p.TransportHeader, p.Payload = b[:8], b[8:]
	return nil
}

// appendIGMP appends tcpdump's text of an IGMP message: "igmp v2 report
// 239.1.2.3", "igmp leave 239.1.2.3", "igmp v3 report, 1 group
// record(s)", "igmp query v3 [gaddr 239.1.2.3]". Unlike
// most of tcpdump's lines, these end without a length.
func (p *Packet) appendIGMP(dst []byte) []byte {
	g := &p.IGMP
	n := len(p.TransportHeader) + len(p.Payload)
	switch g.Type {
	case igmpQuery:
		dst = append(dst, "igmp query"...)
		if n >= 12 {
			return appendIGMPv3Query(dst, p.TransportHeader, n)
		}
		if g.MaxResp == 0 {
			dst = append(dst, " v1"...)
		} else {
			dst = append(dst, " v2"...)
			if g.MaxResp != 100 {
				dst = strconv.AppendUint(append(dst, " [max resp time "...), uint64(g.MaxResp), 10)
				dst = append(dst, ']')
			}
		}
		if g.Group.As4() != [4]byte{} {
			dst = append(g.Group.AppendTo(append(dst, " [gaddr "...)), ']')
		}
		return appendIGMPLen(dst, n)
	case igmpV1Report, igmpV2Report, igmpLeave:
		dst = append(dst, igmpName(g.Type)...)
		return appendIGMPLen(g.Group.AppendTo(append(dst, ' ')), n)
	case igmpV3Report:
		dst = append(dst, "igmp v3 report"...)
		if n&3 != 0 {
			return appendIGMPInvalid(dst, n)
		}
		dst = strconv.AppendInt(append(dst, ", "...), int64(g.Records), 10)
		return append(dst, " group record(s)"...)
	}
	if name := igmpName(g.Type); name != "" {
		return append(dst, name...)
	}
	return strconv.AppendUint(append(dst, "igmp-"...), uint64(g.Type), 10)
}

// igmpName returns tcpdump's name of an IGMP type other than a query or
// a v3 report, or "".
func igmpName(t uint8) string {
	switch t {
	case igmpV1Report:
		return "igmp v1 report"
	case igmpV2Report:
		return "igmp v2 report"
	case igmpLeave:
		return "igmp leave"
	case igmpDVMRP:
		return "igmp dvmrp"
	case igmpPIMv1:
		return "igmp pimv1"
	case igmpMtraceRsp:
		return "igmp mtrace-resp"
	case igmpMtrace:
		return "igmp mtrace"
	}
	return ""
}

// appendIGMPLen appends " [len N]" for a message longer than 8 bytes, as
// tcpdump marks one.
func appendIGMPLen(dst []byte, n int) []byte {
	if n == 8 {
		return dst
	}
	return append(strconv.AppendInt(append(dst, " [len "...), int64(n), 10), ']')
}

func appendIGMPInvalid(dst []byte, n int) []byte {
	return append(strconv.AppendInt(append(dst, " [invalid len "...), int64(n), 10), ']')
}

// appendIGMPv3Query appends what follows "igmp query" for a version 3
// query (hdr its first 8 bytes, n its length): " v3", the maximum
// response time unless it is the default 10 s, and the group with its
// unless it is a general query (tcpdump counts its sources only with -v).
func appendIGMPv3Query(dst, hdr []byte, n int) []byte {
	dst = append(dst, " v3"...)
	if n&3 != 0 {
		return appendIGMPInvalid(dst, n)
	}
	mrc := uint32(hdr[1])
	mrt := mrc
	if mrc >= 128 { // a floating-point code (RFC 3376 4.1.1)
		mrt = (mrc&0x0f | 0x10) << ((mrc >> 4 & 7) + 3)
	}
	if mrc != 100 {
		dst = append(dst, " [max resp time "...)
		if mrt < 600 {
			dst = strconv.AppendUint(dst, uint64(mrt/10), 10)
			dst = strconv.AppendUint(append(dst, '.'), uint64(mrt%10), 10)
			dst = append(dst, 's')
		} else {
			dst = appendRelTime(dst, mrt/10)
		}
		dst = append(dst, ']')
	}
	group := [4]byte(hdr[4:8])
	if group == [4]byte{} {
		return dst
	}
	return append(netip.AddrFrom4(group).AppendTo(append(dst, " [gaddr "...)), ']')
}

// appendRelTime appends seconds as tcpdump writes a duration: "1m4s",
// "2h".
func appendRelTime(dst []byte, secs uint32) []byte {
	if secs == 0 {
		return append(dst, "0s"...)
	}
	for _, u := range [...]struct {
		secs uint32
		c    byte
	}{{31536000, 'y'}, {604800, 'w'}, {86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}} {
		if secs >= u.secs {
			dst = append(strconv.AppendUint(dst, uint64(secs/u.secs), 10), u.c)
			secs %= u.secs
		}
	}
	return dst
}
