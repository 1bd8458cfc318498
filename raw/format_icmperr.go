package raw

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// quoted is the start of the datagram an ICMP error quotes: its IP
// header's destination and protocol and, when the quote reaches them,
// the destination port of its TCP or UDP header.
type quoted struct {
	dst     netip.Addr
	proto   uint8
	dport   uint16
	hasDst  bool
	hasPort bool
}

// quotedDatagram reads the datagram an ICMP error quotes: IPv4 for an
// ICMPv4 error, IPv6 for an ICMPv6 one (its next header taken as the
// upper layer: extension headers are not walked).
func quotedDatagram(q []byte, v6 bool) quoted {
	var o quoted
	hl, version := 20, byte(4)
	if v6 {
		hl, version = 40, 6
	}
	if len(q) < hl || q[0]>>4 != version {
		return o
	}
	if v6 {
		o.dst, o.proto = netip.AddrFrom16([16]byte(q[24:40])), q[6]
	} else {
		o.dst, o.proto = netip.AddrFrom4([4]byte(q[16:20])), q[9]
		hl = max(int(q[0]&0x0f)*4, 20)
	}
	o.hasDst = true
	if len(q) >= hl+4 {
		o.dport, o.hasPort = binary.BigEndian.Uint16(q[hl+2:]), true
	}
	return o
}

// appendPortUnreach appends "DST udp port N" (or tcp), or
// "DST protocol P port N" for another protocol, as tcpdump -nn does.
func appendPortUnreach(dst []byte, o quoted) []byte {
	dst = o.dst.AppendTo(dst)
	switch o.proto {
	case 6:
		dst = append(dst, " tcp port "...)
	case 17:
		dst = append(dst, " udp port "...)
	default:
		dst = strconv.AppendUint(append(dst, " protocol "...), uint64(o.proto), 10)
		dst = append(dst, " port "...)
	}
	return strconv.AppendUint(dst, uint64(o.dport), 10)
}

// dumpUnreach4 are tcpdump's texts for ICMPv4 destination unreachable by
// code: the text before the quoted destination and the text after it.
var dumpUnreach4 = [...]struct{ pre, post string }{
	0:  {"net ", " unreachable"},
	1:  {"host ", " unreachable"},
	2:  {"", " protocol "}, // the protocol number follows
	3:  {"", ""},           // the port: appendPortUnreach
	4:  {"", " unreachable - need to frag"},
	5:  {"", " unreachable - source route failed"},
	6:  {"net ", " unreachable - unknown"},
	7:  {"host ", " unreachable - unknown"},
	8:  {"", " unreachable - source host isolated"},
	9:  {"net ", " unreachable - admin prohibited"},
	10: {"host ", " unreachable - admin prohibited"},
	11: {"net ", " unreachable - tos prohibited"},
	12: {"host ", " unreachable - tos prohibited"},
	13: {"host ", " unreachable - admin prohibited filter"},
	14: {"host ", " unreachable - host precedence violation"},
	15: {"host ", " unreachable - precedence cutoff"},
}

// appendUnreach4 appends tcpdump's text of an ICMPv4 destination
// unreachable: "127.0.0.1 udp port 47003 unreachable", "net 192.0.2.9
// unreachable", ... mtu is the next-hop MTU of a need-to-frag (code 4).
func appendUnreach4(dst []byte, code uint8, mtu uint16, q []byte) []byte {
	o := quotedDatagram(q, false)
	if !o.hasDst {
		return append(dst, "unreachable"...)
	}
	switch {
	case int(code) >= len(dumpUnreach4):
		dst = o.dst.AppendTo(dst)
		return strconv.AppendUint(append(dst, " unreachable - #"...), uint64(code), 10)
	case code == 2:
		dst = o.dst.AppendTo(dst)
		return append(strconv.AppendUint(append(dst, " protocol "...), uint64(o.proto), 10), " unreachable"...)
	case code == 3:
		if !o.hasPort {
			return append(dst, "unreachable"...)
		}
		return append(appendPortUnreach(dst, o), " unreachable"...)
	case code == 4 && mtu != 0:
		dst = append(o.dst.AppendTo(dst), " unreachable - need to frag (mtu "...)
		return append(strconv.AppendUint(dst, uint64(mtu), 10), ')')
	}
	return append(o.dst.AppendTo(append(dst, dumpUnreach4[code].pre...)), dumpUnreach4[code].post...)
}

// dumpUnreach6 are tcpdump's names of the ICMPv6 destination-unreachable
// codes.
var dumpUnreach6 = [...]string{"unreachable route", "unreachable prohibited", "beyond scope", "unreachable address", "unreachable port"}

// appendUnreach6 appends what follows tcpdump's "destination
// unreachable" for ICMPv6: ", unreachable port, ::1 udp port 47003",
// ", unreachable address 2001:db8::9", ...
func appendUnreach6(dst []byte, code uint8, q []byte) []byte {
	if int(code) >= len(dumpUnreach6) {
		return append(strconv.AppendUint(append(dst, ", unknown unreach code ("...), uint64(code), 10), ')')
	}
	dst = append(append(dst, ", "...), dumpUnreach6[code]...)
	o := quotedDatagram(q, true)
	switch {
	case !o.hasDst:
	case code == 4 && o.hasPort:
		dst = appendPortUnreach(append(dst, ", "...), o)
	case code != 4 && code != 2:
		dst = o.dst.AppendTo(append(dst, ' '))
	}
	return dst
}
