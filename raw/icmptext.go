package raw

import (
	"fmt"

	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
)

// ICMPv4 destination-unreachable codes (RFC 792, RFC 1812) as iputils
// ping names them, by code.
var unreach4 = [...]string{
	"Destination Net Unreachable",
	"Destination Host Unreachable",
	"Destination Protocol Unreachable",
	"Destination Port Unreachable",
	"Frag needed and DF set",
	"Source Route Failed",
	"Destination Net Unknown",
	"Destination Host Unknown",
	"Source Host Isolated",
	"Destination Net Prohibited",
	"Destination Host Prohibited",
	"Destination Net Unreachable for Type of Service",
	"Destination Host Unreachable for Type of Service",
	"Packet filtered",
	"Precedence Violation",
	"Precedence Cutoff",
}

// ICMPv6 destination-unreachable codes (RFC 4443) as iputils names them.
var unreach6 = [...]string{
	"No route",
	"Administratively prohibited",
	"Beyond scope of source address",
	"Address unreachable",
	"Port unreachable",
}

// Text returns what iputils ping prints after "From ADDR icmp_seq=N "
// for a reply that is an ICMP error: "Destination Net Unreachable",
// "Destination Host Unreachable", "Time to live exceeded", and for
// ICMPv6 "Destination unreachable: No route", "Time exceeded: Hop limit".
// For an echo reply it returns "echo reply". It makes no system call.
func (r Reply) Text() string {
	switch r.Type {
	case ipv4.ICMPTypeEchoReply, ipv6.ICMPTypeEchoReply:
		return "echo reply"
	case ipv4.ICMPTypeDestinationUnreachable:
		if r.Code >= 0 && r.Code < len(unreach4) {
			return unreach4[r.Code]
		}
		return fmt.Sprintf("Dest Unreachable, Bad Code: %d", r.Code)
	case ipv4.ICMPTypeTimeExceeded:
		if r.Code == 1 {
			return "Frag reassembly time exceeded"
		}
		return "Time to live exceeded"
	case ipv6.ICMPTypeDestinationUnreachable:
		if r.Code >= 0 && r.Code < len(unreach6) {
			return "Destination unreachable: " + unreach6[r.Code]
		}
		return fmt.Sprintf("Destination unreachable: Unknown code %d", r.Code)
	case ipv6.ICMPTypeTimeExceeded:
		if r.Code == 1 {
			return "Time exceeded: Defrag"
		}
		return "Time exceeded: Hop limit"
	}
	return fmt.Sprintf("%v, code %d", r.Type, r.Code)
}

// Unreachable reports whether the reply is an ICMP destination
// unreachable, IPv4 or IPv6. It makes no system call.
func (r Reply) Unreachable() bool {
	return r.Type == ipv4.ICMPTypeDestinationUnreachable || r.Type == ipv6.ICMPTypeDestinationUnreachable
}

// Annotation returns the mark traceroute(8) prints after a probe's time
// for a destination unreachable: "!N" (network), "!H" (host), "!P"
// (protocol), "!F-<mtu>" (fragmentation needed, or ICMPv6 packet too
// big; "!F" when no MTU came), "!S" (source route failed or
// beyond scope), "!X" (administratively prohibited), "!V" and "!C"
// (precedence), "!<code>" for any other code; "" for a port
// unreachable, which is how the destination itself answers a UDP probe,
// and for every other reply. It makes no system call.
func (r Reply) Annotation() string {
	switch r.Type {
	case ipv4.ICMPTypeDestinationUnreachable:
		switch r.Code {
		case 0, 6, 8, 11:
			return "!N"
		case 1, 7, 12:
			return "!H"
		case 2:
			return "!P"
		case 3:
			return ""
		case 4:
			return r.fragMark()
		case 5:
			return "!S"
		case 9, 10, 13:
			return "!X"
		case 14:
			return "!V"
		case 15:
			return "!C"
		}
	case ipv6.ICMPTypeDestinationUnreachable:
		switch r.Code {
		case 0:
			return "!N"
		case 1:
			return "!X"
		case 2:
			return "!S"
		case 3:
			return "!H"
		case 4:
			return ""
		}
	case ipv6.ICMPTypePacketTooBig:
		return r.fragMark()
	default:
		return ""
	}
	return fmt.Sprintf("!<%d>", r.Code)
}

// fragMark is traceroute's mark for a probe too big for the next hop:
// "!F-" and the MTU the router named.
func (r Reply) fragMark() string {
	if r.MTU == 0 {
		return "!F"
	}
	return fmt.Sprintf("!F-%d", r.MTU)
}
