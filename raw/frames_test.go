package raw_test

import (
	"encoding/binary"
	"net/netip"

	"github.com/bsdsock/socket/raw"
	"golang.org/x/sys/unix"
)

// Hand-built packets for the decoder's tests and the fuzzer's seeds.

func ether(etherType uint16, payload []byte) []byte {
	b := make([]byte, 14, 14+len(payload))
	copy(b[0:], []byte{0x02, 0, 0, 0, 0, 0x02}) // locally administered
	copy(b[6:], []byte{0x02, 0, 0, 0, 0, 0x01})
	binary.BigEndian.PutUint16(b[12:], etherType)
	return append(b, payload...)
}

func ipv4Packet(proto uint8, src, dst string, payload []byte) []byte {
	b := make([]byte, 20, 20+len(payload))
	b[0], b[8], b[9] = 0x45, 64, proto
	binary.BigEndian.PutUint16(b[2:], uint16(20+len(payload)))
	binary.BigEndian.PutUint16(b[6:], 0x4000) // DF
	s, d := netip.MustParseAddr(src).As4(), netip.MustParseAddr(dst).As4()
	copy(b[12:], s[:])
	copy(b[16:], d[:])
	c := raw.Checksum(b)
	binary.BigEndian.PutUint16(b[10:], c)
	return append(b, payload...)
}

func ipv6Packet(next uint8, src, dst string, payload []byte) []byte {
	b := make([]byte, 40, 40+len(payload))
	b[0], b[6], b[7] = 0x60, next, 64
	binary.BigEndian.PutUint16(b[4:], uint16(len(payload)))
	s, d := netip.MustParseAddr(src).As16(), netip.MustParseAddr(dst).As16()
	copy(b[8:], s[:])
	copy(b[24:], d[:])
	return append(b, payload...)
}

func tcpSegment(sport, dport uint16, seq, ack uint32, flags raw.TCPFlags, payload string) []byte {
	b := make([]byte, 20, 20+len(payload))
	binary.BigEndian.PutUint16(b[0:], sport)
	binary.BigEndian.PutUint16(b[2:], dport)
	binary.BigEndian.PutUint32(b[4:], seq)
	binary.BigEndian.PutUint32(b[8:], ack)
	b[12], b[13] = 5<<4, byte(flags)
	binary.BigEndian.PutUint16(b[14:], 512)
	return append(b, payload...)
}

func udpDatagram(sport, dport uint16, payload string) []byte {
	b := make([]byte, 8, 8+len(payload))
	binary.BigEndian.PutUint16(b[0:], sport)
	binary.BigEndian.PutUint16(b[2:], dport)
	binary.BigEndian.PutUint16(b[4:], uint16(8+len(payload)))
	return append(b, payload...)
}

func icmpEcho(typ uint8, id, seq uint16, n int) []byte {
	b := make([]byte, 8+n)
	b[0] = typ
	binary.BigEndian.PutUint16(b[4:], id)
	binary.BigEndian.PutUint16(b[6:], seq)
	return b
}

// sampleFrames are one frame of each kind the decoder knows, with the
// line tcpdump -n -S prints for it.
var sampleFrames = []struct {
	name  string
	link  raw.LinkType
	frame []byte
	line  string
}{
	{"tcp syn", raw.LinkEthernet,
		ether(0x0800, ipv4Packet(unix.IPPROTO_TCP, "192.0.2.1", "192.0.2.2", tcpSegment(40211, 5000, 100, 0, raw.TCPSyn, ""))),
		"IP 192.0.2.1.40211 > 192.0.2.2.5000: Flags [S], seq 100, win 512, length 0"},
	{"tcp data", raw.LinkEthernet,
		ether(0x0800, ipv4Packet(unix.IPPROTO_TCP, "192.0.2.1", "192.0.2.2", tcpSegment(40211, 5000, 101, 7, raw.TCPPsh|raw.TCPAck, "hello\n"))),
		"IP 192.0.2.1.40211 > 192.0.2.2.5000: Flags [P.], seq 101:107, ack 7, win 512, length 6"},
	{"tcp6 fin", raw.LinkIP,
		ipv6Packet(unix.IPPROTO_TCP, "2001:db8::1", "2001:db8::2", tcpSegment(5000, 40211, 7, 107, raw.TCPFin|raw.TCPAck, "")),
		"IP6 2001:db8::1.5000 > 2001:db8::2.40211: Flags [F.], seq 7, ack 107, win 512, length 0"},
	{"udp", raw.LinkIP,
		ipv4Packet(unix.IPPROTO_UDP, "198.51.100.1", "198.51.100.2", udpDatagram(53, 33434, "abc")),
		"IP 198.51.100.1.53 > 198.51.100.2.33434: UDP, length 3"},
	{"icmp echo", raw.LinkEthernet,
		ether(0x0800, ipv4Packet(unix.IPPROTO_ICMP, "203.0.113.1", "203.0.113.2", icmpEcho(8, 7, 1, 56))),
		"IP 203.0.113.1 > 203.0.113.2: ICMP echo request, id 7, seq 1, length 64"},
	{"icmp6 echo reply", raw.LinkEthernet,
		ether(0x86dd, ipv6Packet(unix.IPPROTO_ICMPV6, "2001:db8::2", "2001:db8::1", icmpEcho(129, 7, 2, 56))),
		"IP6 2001:db8::2 > 2001:db8::1: ICMP6, echo reply, id 7, seq 2, length 64"},
	{"icmp time exceeded", raw.LinkIP,
		ipv4Packet(unix.IPPROTO_ICMP, "198.51.100.2", "192.0.2.1", icmpEcho(11, 0, 0, 28)),
		"IP 198.51.100.2 > 192.0.2.1: ICMP time exceeded in-transit, length 36"},
	{"arp of no known kind", raw.LinkEthernet, ether(0x0806, make([]byte, 28)),
		"ARP, Unknown Hardware (0) (len 0), Unknown Protocol (0x0000) (len 0), length 28"},
	{"arp request", raw.LinkEthernet, ether(0x0806, arp(1, mac1, "198.51.100.1", zero, "198.51.100.2")),
		"ARP, Request who-has 198.51.100.2 tell 198.51.100.1, length 28"},
	{"ethernet of another kind", raw.LinkEthernet, ether(0x88b5, make([]byte, 46)),
		"02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype Unknown (0x88b5), length 60: "},
	{"gre", raw.LinkIP, ipv4Packet(47, "192.0.2.1", "192.0.2.2", make([]byte, 4)), "IP 192.0.2.1 > 192.0.2.2: ip-proto-47 4"},
}
