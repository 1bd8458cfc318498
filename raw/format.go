package raw

import (
	"net/netip"
	"strconv"
)

// AppendText appends the one-line summary tcpdump -n -S prints for the
// packet and returns the extended buffer:
//
//	IP 127.0.0.1.5000 > 127.0.0.1.40211: Flags [S.], seq 1, ack 2, win 65483, length 0
//	IP6 ::1 > ::1: ICMP6, echo request, id 7, seq 1, length 64
//
// TCP lines carry tcpdump's flag order ([P.U], [S.E]), the urgent
// pointer ("urg 1") and the options ("options [mss 65495,sackOK,TS val
// 123 ecr 0,nop,wscale 10]"); ICMP errors name what they quote ("ICMP
// 127.0.0.1 udp port 47003 unreachable"). Sequence numbers are printed
// less p.Rel: absolute, as with -S, unless TCPSeqs.Relative set it. It
// allocates nothing when dst has room. A frame that is not
// IP prints its EtherType; AppendLink adds the link header's part.
func (p *Packet) AppendText(dst []byte) []byte {
	var src, to netip.Addr
	switch {
	case p.Layers&HasIPv4 != 0:
		dst = append(dst, "IP "...)
		src, to = p.IPv4.Src, p.IPv4.Dst
	case p.Layers&HasIPv6 != 0:
		dst = append(dst, "IP6 "...)
		src, to = p.IPv6.Src, p.IPv6.Dst
	case p.Layers&HasEthernet != 0:
		dst = appendEtherType(dst, p.Ethernet.EtherType)
		return strconv.AppendInt(append(dst, ", length "...), int64(p.Len), 10)
	default:
		return append(dst, "truncated"...)
	}
	switch {
	case p.Layers&HasTCP != 0:
		dst = appendEnds(dst, src, p.TCP.SrcPort, to, p.TCP.DstPort)
		return p.appendTCP(dst)
	case p.Layers&HasUDP != 0:
		dst = appendEnds(dst, src, p.UDP.SrcPort, to, p.UDP.DstPort)
		dst = append(dst, "UDP, length "...)
		return strconv.AppendInt(dst, int64(len(p.Payload)), 10)
	case p.Layers&HasICMP != 0:
		dst = appendEnds(dst, src, 0, to, 0)
		return p.appendICMP(dst)
	}
	dst = appendEnds(dst, src, 0, to, 0)
	proto := p.IPv4.Protocol
	if p.Layers&HasIPv6 != 0 {
		proto = p.IPv6.NextHeader
	}
	dst = strconv.AppendInt(append(dst, "ip-proto-"...), int64(proto), 10)
	return strconv.AppendInt(append(dst, ' '), int64(len(p.Payload)), 10)
}

// AppendLink appends the link header's part of tcpdump -e's line
// ("00:00:00:00:00:00 > 00:00:00:00:00:00, ethertype IPv4 (0x0800),
// length 74: "), or nothing for a packet without one.
func (p *Packet) AppendLink(dst []byte) []byte {
	if p.Layers&HasEthernet == 0 {
		return dst
	}
	dst = appendMAC(dst, p.Ethernet.Src)
	dst = appendMAC(append(dst, " > "...), p.Ethernet.Dst)
	dst = appendEtherType(append(dst, ", "...), p.Ethernet.EtherType)
	dst = strconv.AppendInt(append(dst, ", length "...), int64(p.Len), 10)
	return append(dst, ": "...)
}

// appendEnds appends "SRC.PORT > DST.PORT: ", without ports when both
// are 0.
func appendEnds(dst []byte, src netip.Addr, sport uint16, to netip.Addr, dport uint16) []byte {
	dst = src.AppendTo(dst)
	if sport != 0 || dport != 0 {
		dst = strconv.AppendUint(append(dst, '.'), uint64(sport), 10)
	}
	dst = to.AppendTo(append(dst, " > "...))
	if sport != 0 || dport != 0 {
		dst = strconv.AppendUint(append(dst, '.'), uint64(dport), 10)
	}
	return append(dst, ": "...)
}

// tcpFlagChars are tcpdump's letters for the flags, in its order.
var tcpFlagChars = [...]struct {
	f TCPFlags
	c byte
}{{TCPFin, 'F'}, {TCPSyn, 'S'}, {TCPRst, 'R'}, {TCPPsh, 'P'}, {TCPAck, '.'}, {TCPUrg, 'U'}, {TCPEce, 'E'}, {TCPCwr, 'W'}}

func (p *Packet) appendTCP(dst []byte) []byte {
	t := &p.TCP
	dst = append(dst, "Flags ["...)
	for _, fc := range tcpFlagChars {
		if t.Flags&fc.f != 0 {
			dst = append(dst, fc.c)
		}
	}
	if t.Flags == 0 {
		dst = append(dst, "none"...)
	}
	dst = append(dst, "], "...)
	n := uint32(len(p.Payload))
	if n > 0 || t.Flags&(TCPSyn|TCPFin|TCPRst) != 0 {
		seq := t.Seq - p.Rel.Seq
		dst = strconv.AppendUint(append(dst, "seq "...), uint64(seq), 10)
		if n > 0 {
			dst = strconv.AppendUint(append(dst, ':'), uint64(seq+n), 10)
		}
		dst = append(dst, ", "...)
	}
	if t.Flags&TCPAck != 0 {
		dst = strconv.AppendUint(append(dst, "ack "...), uint64(t.Ack-p.Rel.Ack), 10)
		dst = append(dst, ", "...)
	}
	dst = strconv.AppendUint(append(dst, "win "...), uint64(t.Window), 10)
	if t.Flags&TCPUrg != 0 {
		dst = strconv.AppendUint(append(dst, ", urg "...), uint64(t.Urgent), 10)
	}
	if len(p.TransportHeader) > 20 {
		dst = appendTCPOptions(append(dst, ", options ["...), p.TransportHeader[20:], p.Rel.SACK)
		dst = append(dst, ']')
	}
	return strconv.AppendUint(append(dst, ", length "...), uint64(n), 10)
}

func (p *Packet) appendICMP(dst []byte) []byte {
	c := &p.ICMP
	name := icmpName(c.V6, c.Type)
	if c.V6 {
		dst = append(dst, "ICMP6, "...)
	} else {
		dst = append(dst, "ICMP "...)
	}
	switch {
	case !c.V6 && c.Type == 3:
		dst = appendUnreach4(dst, c.Code, c.Seq, p.Payload)
	case !c.V6 && c.Type == 11 && c.Code == 1:
		dst = append(dst, "ip reassembly time exceeded"...)
	case c.V6 && c.Type == 1:
		dst = appendUnreach6(append(dst, name...), c.Code, p.Payload)
	case name == "":
		dst = strconv.AppendUint(append(dst, "type "...), uint64(c.Type), 10)
		dst = strconv.AppendUint(append(dst, ", code "...), uint64(c.Code), 10)
	default:
		dst = append(dst, name...)
	}
	if name == "echo request" || name == "echo reply" {
		dst = strconv.AppendUint(append(dst, ", id "...), uint64(c.ID), 10)
		dst = strconv.AppendUint(append(dst, ", seq "...), uint64(c.Seq), 10)
	}
	n := len(p.TransportHeader) + len(p.Payload)
	return strconv.AppendInt(append(dst, ", length "...), int64(n), 10)
}

// icmpName returns tcpdump's name of an ICMP type, or "".
func icmpName(v6 bool, typ uint8) string {
	if v6 {
		switch typ {
		case 1:
			return "destination unreachable"
		case 3:
			return "time exceeded in-transit"
		case 128:
			return "echo request"
		case 129:
			return "echo reply"
		}
		return ""
	}
	switch typ {
	case 0:
		return "echo reply"
	case 3:
		return "unreachable"
	case 8:
		return "echo request"
	case 11:
		return "time exceeded in-transit"
	}
	return ""
}

func appendEtherType(dst []byte, t uint16) []byte {
	dst = append(dst, "ethertype "...)
	switch t {
	case etherTypeIPv4:
		dst = append(dst, "IPv4 ("...)
	case etherTypeIPv6:
		dst = append(dst, "IPv6 ("...)
	case etherTypeARP:
		dst = append(dst, "ARP ("...)
	default:
		dst = append(dst, "Unknown ("...)
	}
	return append(appendHex(append(dst, "0x"...), uint64(t), 4), ')')
}

const hexDigits = "0123456789abcdef"

// appendHex appends v in lower-case hexadecimal with at least width
// digits.
func appendHex(dst []byte, v uint64, width int) []byte {
	var b [16]byte
	i := len(b)
	for v != 0 || len(b)-i < width {
		i--
		b[i] = hexDigits[v&0xf]
		v >>= 4
	}
	return append(dst, b[i:]...)
}

func appendMAC(dst []byte, m [6]byte) []byte {
	for i, c := range m {
		if i > 0 {
			dst = append(dst, ':')
		}
		dst = append(dst, hexDigits[c>>4], hexDigits[c&0xf])
	}
	return dst
}
