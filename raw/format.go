package raw

import (
	"net/netip"
	"strconv"
)

// AppendText appends the one-line summary tcpdump -nn prints for the
// packet and returns the extended buffer:
//
//	IP 127.0.0.1.5000 > 127.0.0.1.40211: Flags [S.], seq 1, ack 2, win 65483, length 0
//	IP6 ::1 > ::1: ICMP6, echo request, id 7, seq 1, length 64
//	ARP, Request who-has 198.51.100.2 tell 198.51.100.1, length 28
//	IP 198.51.100.1 > 224.0.0.22: igmp v3 report, 1 group record(s)
//
// TCP lines carry tcpdump's flag order ([P.U], [S.E]), the urgent
// pointer ("urg 1") and the options ("options [mss 65495,sackOK,TS val
// 123 ecr 0,nop,wscale 10]"); ICMP errors name what they quote ("ICMP
// 127.0.0.1 udp port 47003 unreachable"); neighbor discovery names its
// target ("who has 2001:db8::2"); IPv6 extension headers and fragments
// print as tcpdump's "HBH ", "frag (0|1448) ", and an IPv4 fragment
// after the first as "ip-proto-17". Sequence numbers are printed less
// p.Rel: absolute, as with -S, unless TCPSeqs.Relative set it. An
// Ethernet frame that is neither IP nor ARP prints as AppendLink. It
// allocates nothing when dst has room.
func (p *Packet) AppendText(dst []byte) []byte { return p.appendText(dst, true) }

// AppendLinkText appends tcpdump -e's line for the packet: AppendLink's
// part, then AppendText's without the protocol's name, which tcpdump -e
// leaves to the EtherType ("IP ", "IP6 ", "ARP, "):
//
//	02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 192.0.2.2 tell 192.0.2.1, length 28
//
// It allocates nothing when dst has room.
func (p *Packet) AppendLinkText(dst []byte) []byte {
	if p.Layers&HasEthernet == 0 {
		return p.AppendText(dst)
	}
	return p.appendText(p.AppendLink(dst), false)
}

// appendText is AppendText, with the protocol's name or without.
func (p *Packet) appendText(dst []byte, name bool) []byte {
	var src, to netip.Addr
	switch {
	case p.Layers&HasIPv4 != 0:
		if name {
			dst = append(dst, "IP "...)
		}
		src, to = p.IPv4.Src, p.IPv4.Dst
	case p.Layers&HasIPv6 != 0:
		if name {
			dst = append(dst, "IP6 "...)
		}
		src, to = p.IPv6.Src, p.IPv6.Dst
	case p.Layers&HasARP != 0:
		if name {
			dst = append(dst, "ARP, "...)
		}
		return p.appendARP(dst)
	case p.Layers&HasEthernet != 0:
		if !name {
			return dst // AppendLink said it all
		}
		// tcpdump prints a frame of a kind it does not decode as -e would
		// (and its bytes in hex on the lines after).
		return p.AppendLink(dst)
	default:
		return append(dst, "truncated"...)
	}
	// After IPv6 extension headers tcpdump has printed the addresses
	// already, and the transport gives only its ports.
	ext := len(p.IPHeader) > 40 && p.Layers&HasIPv6 != 0
	if ext {
		dst = appendEnds(dst, src, 0, to, 0)
		dst = appendExtensions(dst, p.IPv6.NextHeader, p.IPHeader[40:], p.IPv6.PayloadLen)
		src, to = netip.Addr{}, netip.Addr{}
	}
	switch {
	case p.Layers&HasTCP != 0:
		dst = appendEnds(dst, src, p.TCP.SrcPort, to, p.TCP.DstPort)
		return p.appendTCP(dst)
	case p.Layers&HasUDP != 0:
		dst = appendEnds(dst, src, p.UDP.SrcPort, to, p.UDP.DstPort)
		return p.appendUDP(dst)
	case p.Layers&HasICMP != 0:
		if !ext {
			dst = appendEnds(dst, src, 0, to, 0)
		}
		return p.appendICMP(dst)
	case p.Layers&HasIGMP != 0:
		return p.appendIGMP(appendEnds(dst, src, 0, to, 0))
	}
	if p.Layers&HasIPv6 != 0 {
		if len(p.IPHeader) <= 40 {
			dst = appendEnds(dst, src, 0, to, 0)
		}
		if p.IPv6.Fragment && p.IPv6.FragOff != 0 {
			return dst[:len(dst)-1] // tcpdump ends a later fragment's line with its frag (...)
		}
		dst = strconv.AppendInt(append(dst, "ip-proto-"...), int64(p.IPv6.Upper), 10)
		return strconv.AppendInt(append(dst, ' '), int64(len(p.Payload)), 10)
	}
	dst = appendEnds(dst, src, 0, to, 0)
	dst = strconv.AppendInt(append(dst, "ip-proto-"...), int64(p.IPv4.Protocol), 10)
	if p.IPv4.FragOff != 0 {
		return dst // a later fragment: tcpdump gives no length
	}
	return strconv.AppendInt(append(dst, ' '), int64(len(p.Payload)), 10)
}

// appendUDP appends tcpdump's UDP text: the length the UDP header gives,
// or "bad length" when the packet holds less than it says (and is not a
// fragment, which holds less by design).
func (p *Packet) appendUDP(dst []byte) []byte {
	ulen := p.UDP.Length - 8
	if ulen < 0 {
		return strconv.AppendInt(append(dst, "truncated-udplength "...), int64(p.UDP.Length), 10)
	}
	if ulen > len(p.Payload) && !p.fragmented() {
		dst = strconv.AppendInt(append(dst, "UDP, bad length "...), int64(ulen), 10)
		return strconv.AppendInt(append(dst, " > "...), int64(len(p.Payload)), 10)
	}
	return strconv.AppendInt(append(dst, "UDP, length "...), int64(ulen), 10)
}

// fragmented reports whether the packet is a fragment of a larger one.
func (p *Packet) fragmented() bool {
	if p.Layers&HasIPv6 != 0 {
		return p.IPv6.Fragment
	}
	return p.IPv4.Flags&1 != 0 || p.IPv4.FragOff != 0
}

// AppendLink appends the link header's part of tcpdump -e's line
// ("00:00:00:00:00:00 > 00:00:00:00:00:00, ethertype IPv4 (0x0800),
// length 74: "), or nothing for a packet without one. AppendLinkText
// appends the whole line.
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
// are 0, and without addresses when they are the zero Addr ("SPORT >
// DPORT: ").
func appendEnds(dst []byte, src netip.Addr, sport uint16, to netip.Addr, dport uint16) []byte {
	dst = appendEnd(dst, src, sport, dport)
	dst = appendEnd(append(dst, " > "...), to, dport, sport)
	return append(dst, ": "...)
}

// appendEnd appends one end of appendEnds: "ADDR.PORT", "ADDR" when
// neither port is set, "PORT" when a is the zero Addr.
func appendEnd(dst []byte, a netip.Addr, port, other uint16) []byte {
	if a.IsValid() {
		dst = a.AppendTo(dst)
		if port == 0 && other == 0 {
			return dst
		}
		dst = append(dst, '.')
	}
	return strconv.AppendUint(dst, uint64(port), 10)
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
	if c.V6 {
		return p.appendICMP6(dst)
	}
	name := icmpName(c.Type)
	dst = append(dst, "ICMP "...)
	switch {
	case c.Type == 3:
		dst = appendUnreach4(dst, c.Code, c.Seq, p.Payload)
	case c.Type == 11 && c.Code == 1:
		dst = append(dst, "ip reassembly time exceeded"...)
	case name == "":
		dst = strconv.AppendUint(append(dst, "type "...), uint64(c.Type), 10)
		dst = strconv.AppendUint(append(dst, ", code "...), uint64(c.Code), 10)
	default:
		dst = append(dst, name...)
	}
	if c.Type == 0 || c.Type == 8 {
		dst = appendEcho(dst, c)
	}
	return p.appendICMPLen(dst)
}

// appendEcho appends the identifier and sequence number of an echo.
func appendEcho(dst []byte, c *ICMP) []byte {
	dst = strconv.AppendUint(append(dst, ", id "...), uint64(c.ID), 10)
	return strconv.AppendUint(append(dst, ", seq "...), uint64(c.Seq), 10)
}

// appendICMPLen appends the ICMP message's length, header included.
func (p *Packet) appendICMPLen(dst []byte) []byte {
	n := len(p.TransportHeader) + len(p.Payload)
	return strconv.AppendInt(append(dst, ", length "...), int64(n), 10)
}

// icmpName returns tcpdump's name of an ICMPv4 type, or "".
func icmpName(typ uint8) string {
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
