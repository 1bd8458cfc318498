package raw

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// ICMPv6 message types (RFC 4443, RFC 4861, RFC 2710, RFC 3810).
const (
	icmp6Unreach      = 1
	icmp6TooBig       = 2
	icmp6TimeExceeded = 3
	icmp6EchoRequest  = 128
	icmp6EchoReply    = 129
	icmp6MLDQuery     = 130
	icmp6MLDReport    = 131
	icmp6MLDDone      = 132
	icmp6RouterSol    = 133
	icmp6RouterAdv    = 134
	icmp6NeighborSol  = 135
	icmp6NeighborAdv  = 136
	icmp6Redirect     = 137
	icmp6MLDv2Report  = 143
)

// icmp6Names are tcpdump's names of the ICMPv6 types, by type.
var icmp6Names = map[uint8]string{
	icmp6Unreach:      "destination unreachable",
	icmp6TooBig:       "packet too big",
	icmp6TimeExceeded: "time exceeded in-transit",
	4:                 "parameter problem",
	icmp6EchoRequest:  "echo request",
	icmp6EchoReply:    "echo reply",
	icmp6MLDQuery:     "multicast listener query",
	icmp6MLDReport:    "multicast listener report",
	icmp6MLDDone:      "multicast listener done",
	icmp6RouterSol:    "router solicitation",
	icmp6RouterAdv:    "router advertisement",
	icmp6NeighborSol:  "neighbor solicitation",
	icmp6NeighborAdv:  "neighbor advertisement",
	icmp6Redirect:     "redirect",
	138:               "router renumbering",
	139:               "who-are-you request",
	140:               "who-are-you reply",
	141:               "inverse neighbor solicitation",
	142:               "inverse neighbor advertisement",
	icmp6MLDv2Report:  "multicast listener report v2",
	144:               "ha discovery request",
	145:               "ha discovery reply",
	146:               "mobile router solicitation",
	147:               "mobile router advertisement",
}

// appendICMP6 appends tcpdump's text of an ICMPv6 message: its type's
// name, what the message is about (the target of neighbor discovery, the
// group records of a listener report, the datagram an error quotes), and
// its length.
func (p *Packet) appendICMP6(dst []byte) []byte {
	c := &p.ICMP
	dst = append(dst, "ICMP6, "...)
	name, ok := icmp6Names[c.Type]
	if !ok {
		dst = strconv.AppendUint(append(dst, "unknown icmp6 type ("...), uint64(c.Type), 10)
		return p.appendICMPLen(append(dst, ')'))
	}
	dst = append(dst, name...)
	// body is the message after its first 4 bytes (type, code, checksum).
	body := p.TransportHeader[4:]
	rest := p.Payload
	n := len(p.TransportHeader) + len(p.Payload)
	switch c.Type {
	case icmp6Unreach:
		dst = appendUnreach6(dst, c.Code, rest)
	case icmp6TooBig:
		dst = strconv.AppendUint(append(dst, ", mtu "...), uint64(binary.BigEndian.Uint32(body)), 10)
	case icmp6TimeExceeded:
		if o := quotedDatagram(rest, true); c.Code == 0 && o.hasDst {
			dst = o.dst.AppendTo(append(dst, " for "...))
		}
	case icmp6EchoRequest, icmp6EchoReply:
		dst = appendEcho(dst, c)
	case icmp6NeighborSol:
		dst = appendTarget(dst, ", who has ", rest)
	case icmp6NeighborAdv:
		dst = appendTarget(dst, ", tgt is ", rest)
	case icmp6MLDv2Report:
		dst = strconv.AppendUint(append(dst, ", "...), uint64(binary.BigEndian.Uint16(body[2:])), 10)
		dst = append(dst, " group record(s)"...)
	case icmp6MLDQuery:
		switch {
		case n == 24:
			dst = appendMLD(dst, body, rest)
		case n >= 28:
			dst = appendMLDv2Query(append(dst, " v2"...), rest)
		default:
			dst = append(strconv.AppendInt(append(dst, " unknown-version (len "...), int64(n), 10), ") "...)
		}
	case icmp6MLDReport, icmp6MLDDone:
		dst = appendMLD(dst, body, rest)
	}
	return p.appendICMPLen(dst)
}

// appendTarget appends text and the IPv6 address that starts rest (the
// target of a neighbor solicitation or advertisement), if it is there.
func appendTarget(dst []byte, text string, rest []byte) []byte {
	if len(rest) < 16 {
		return dst
	}
	return netip.AddrFrom16([16]byte(rest)).AppendTo(append(dst, text...))
}

// appendMLD appends a version 1 listener message's delay and address.
func appendMLD(dst, body, rest []byte) []byte {
	if len(rest) < 16 {
		return dst
	}
	dst = strconv.AppendUint(append(dst, "max resp delay: "...), uint64(binary.BigEndian.Uint16(body)), 10)
	return netip.AddrFrom16([16]byte(rest)).AppendTo(append(dst, " addr: "...))
}

// appendMLDv2Query appends a version 2 query's group (rest is the
// message after its first 8 bytes); tcpdump counts its sources only
// with -v.
func appendMLDv2Query(dst, rest []byte) []byte {
	if len(rest) < 16 {
		return dst
	}
	return append(netip.AddrFrom16([16]byte(rest)).AppendTo(append(dst, " [gaddr "...)), ']')
}
