package raw

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// ARP is an ARP message (RFC 826). The addresses are set for IPv4 over
// Ethernet (hardware length 6, protocol 0x0800 of length 4), the only
// kind Decode reads beyond the fixed part.
type ARP struct {
	HardwareType, ProtocolType uint16
	HardwareLen, ProtocolLen   uint8
	Op                         uint16 // 1 request, 2 reply, 3 and 4 RARP, 8 and 9 InARP
	SenderMAC, TargetMAC       [6]byte
	SenderIP, TargetIP         netip.Addr
}

// The ARP operations tcpdump names.
const (
	arpRequest  = 1
	arpReply    = 2
	rarpRequest = 3
	rarpReply   = 4
)

func (p *Packet) decodeARP(b []byte) error {
	if len(b) < 8 {
		return short("arp header", 8, len(b))
	}
	a := &p.ARP
	a.HardwareType, a.ProtocolType = binary.BigEndian.Uint16(b), binary.BigEndian.Uint16(b[2:])
	a.HardwareLen, a.ProtocolLen = b[4], b[5]
	a.Op = binary.BigEndian.Uint16(b[6:])
	p.Layers |= HasARP
	p.TransportHeader, p.Payload = b[:8], b[8:]
	if !a.ipv4OverEthernet() {
		return nil
	}
	if len(b) < 28 {
		return short("arp message", 28, len(b))
	}
	copy(a.SenderMAC[:], b[8:14])
	a.SenderIP = netip.AddrFrom4([4]byte(b[14:18]))
	copy(a.TargetMAC[:], b[18:24])
	a.TargetIP = netip.AddrFrom4([4]byte(b[24:28]))
	p.TransportHeader, p.Payload = b[:28], b[28:]
	return nil
}

func (a *ARP) ipv4OverEthernet() bool {
	return a.ProtocolType == etherTypeIPv4 && a.HardwareLen == 6 && a.ProtocolLen == 4
}

// appendARP appends tcpdump's text of an ARP message: "Request who-has
// 192.0.2.2 tell 192.0.2.1, length 28", "Reply 192.0.2.2 is-at
// 02:00:00:00:00:02, length 28". The length is all that followed the
// Ethernet header, padding included, as tcpdump counts it.
func (p *Packet) appendARP(dst []byte) []byte {
	a := &p.ARP
	n := len(p.TransportHeader) + len(p.Payload)
	if !a.ipv4OverEthernet() || len(p.TransportHeader) < 28 {
		return appendARPKinds(dst, a, n)
	}
	switch a.Op {
	case arpRequest:
		dst = a.TargetIP.AppendTo(append(dst, "Request who-has "...))
		if a.TargetMAC != [6]byte{} {
			dst = append(appendMAC(append(dst, " ("...), a.TargetMAC), ')')
		}
		dst = a.SenderIP.AppendTo(append(dst, " tell "...))
	case arpReply:
		dst = a.SenderIP.AppendTo(append(dst, "Reply "...))
		dst = appendMAC(append(dst, " is-at "...), a.SenderMAC)
	case rarpRequest:
		dst = appendMAC(append(dst, "Reverse Request who-is "...), a.TargetMAC)
		dst = appendMAC(append(dst, " tell "...), a.SenderMAC)
	case rarpReply:
		dst = appendMAC(append(dst, "Reverse Reply "...), a.TargetMAC)
		dst = a.TargetIP.AppendTo(append(dst, " at "...))
	default: // tcpdump follows this with a hex dump, on lines of its own
		dst = strconv.AppendUint(append(dst, "Unknown ("...), uint64(a.Op), 10)
		return append(dst, ") "...)
	}
	return strconv.AppendInt(append(dst, ", length "...), int64(n), 10)
}

// appendARPKinds appends what tcpdump prints for an ARP message of a
// kind it does not decode: its hardware and protocol types and lengths.
func appendARPKinds(dst []byte, a *ARP, n int) []byte {
	if a.HardwareType == 1 {
		dst = append(dst, "Ethernet"...)
	} else {
		dst = strconv.AppendUint(append(dst, "Unknown Hardware ("...), uint64(a.HardwareType), 10)
		dst = append(dst, ')')
	}
	dst = strconv.AppendUint(append(dst, " (len "...), uint64(a.HardwareLen), 10)
	if a.ProtocolType == etherTypeIPv4 {
		dst = append(dst, "), IPv4"...)
	} else {
		dst = appendHex(append(dst, "), Unknown Protocol (0x"...), uint64(a.ProtocolType), 4)
		dst = append(dst, ')')
	}
	dst = strconv.AppendUint(append(dst, " (len "...), uint64(a.ProtocolLen), 10)
	return strconv.AppendInt(append(dst, "), length "...), int64(n), 10)
}
