package raw_test

import (
	"encoding/binary"
	"net/netip"
	"testing"

	"github.com/bsdsock/socket/raw"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// broadcast is the Ethernet broadcast address.
var broadcast = []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// etherTo is ether with the destination address dst.
func etherTo(dst []byte, etherType uint16, payload []byte) []byte {
	b := ether(etherType, payload)
	copy(b, dst)
	return b
}

// arp returns an ARP message for IPv4 over Ethernet.
func arp(op uint16, sha []byte, spa string, tha []byte, tpa string) []byte {
	b := []byte{0, 1, 8, 0, 6, 4, 0, byte(op)}
	s, t := netip.MustParseAddr(spa).As4(), netip.MustParseAddr(tpa).As4()
	b = append(append(append(b, sha...), s[:]...), tha...)
	return append(b, t[:]...)
}

var (
	mac1 = []byte{0x02, 0, 0, 0, 0, 0x01}
	mac2 = []byte{0x02, 0, 0, 0, 0, 0x02}
	zero = make([]byte, 6)
)

// fragment returns an IPv4 packet like ipv4Packet whose fragment field
// is off (in 8-byte units) and more, and whose identification is id.
func fragment(proto uint8, src, dst string, id uint16, off uint16, more bool, payload []byte) []byte {
	b := ipv4Packet(proto, src, dst, payload)
	binary.BigEndian.PutUint16(b[4:], id)
	f := off
	if more {
		f |= 0x2000
	}
	binary.BigEndian.PutUint16(b[6:], f)
	b[10], b[11] = 0, 0
	binary.BigEndian.PutUint16(b[10:], raw.Checksum(b[:20]))
	return b
}

// withRouterAlert returns the IPv4 packet b with the router alert option
// (RFC 2113) that IGMP messages carry.
func withRouterAlert(b []byte) []byte {
	o := append(append(append([]byte(nil), b[:20]...), 0x94, 4, 0, 0), b[20:]...)
	o[0] = 0x46
	binary.BigEndian.PutUint16(o[2:], uint16(len(o)))
	o[10], o[11] = 0, 0
	binary.BigEndian.PutUint16(o[10:], raw.Checksum(o[:24]))
	return o
}

// igmp returns an IGMP message: the 8-byte header, then rest.
func igmp(typ, maxResp uint8, group string, rest ...byte) []byte {
	g := netip.MustParseAddr(group).As4()
	return append(append([]byte{typ, maxResp, 0, 0}, g[:]...), rest...)
}

// ext returns an IPv6 extension header of next and its length in
// 8-byte units beyond the first, padded with zeros.
func ext(next, units uint8, payload []byte) []byte {
	b := make([]byte, (int(units)+1)*8)
	b[0], b[1] = next, units
	return append(b, payload...)
}

// frag6 returns an IPv6 fragment header and payload.
func frag6(next uint8, off uint16, more bool, id uint32, payload []byte) []byte {
	b := []byte{next, 0, 0, 0, 0, 0, 0, 0}
	f := off << 3
	if more {
		f |= 1
	}
	binary.BigEndian.PutUint16(b[2:], f)
	binary.BigEndian.PutUint32(b[4:], id)
	return append(b, payload...)
}

// icmp6 returns an ICMPv6 message: type, code, a zero checksum, then
// body.
func icmp6(typ, code uint8, body ...byte) []byte {
	return append([]byte{typ, code, 0, 0}, body...)
}

func addr16(s string) []byte {
	a := netip.MustParseAddr(s).As16()
	return a[:]
}

func cat(bs ...[]byte) []byte {
	var b []byte
	for _, x := range bs {
		b = append(b, x...)
	}
	return b
}

// linkLines are frames of the kinds issue 25 found tcpdump decoding and
// the sniffer not (ARP, neighbor discovery, MLD, IGMP, fragments, IPv6
// extension headers), with tcpdump -nn's line and tcpdump -nn -e's. The
// test reruns tcpdump on them where it is installed.
var linkLines = []struct {
	name  string
	frame []byte
	line  string
	eline string
}{
	{"arp request", etherTo(broadcast, 0x0806, arp(1, mac1, "198.51.100.1", zero, "198.51.100.2")),
		"ARP, Request who-has 198.51.100.2 tell 198.51.100.1, length 28",
		"02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 198.51.100.2 tell 198.51.100.1, length 28"},
	{"arp reply", ether(0x0806, arp(2, mac1, "198.51.100.1", mac2, "198.51.100.2")),
		"ARP, Reply 198.51.100.1 is-at 02:00:00:00:00:01, length 28",
		"02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype ARP (0x0806), length 42: Reply 198.51.100.1 is-at 02:00:00:00:00:01, length 28"},
	{"arp unicast probe, padded", ether(0x0806, append(arp(1, mac1, "198.51.100.1", mac2, "198.51.100.2"), make([]byte, 18)...)),
		"ARP, Request who-has 198.51.100.2 (02:00:00:00:00:02) tell 198.51.100.1, length 46",
		"02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype ARP (0x0806), length 60: Request who-has 198.51.100.2 (02:00:00:00:00:02) tell 198.51.100.1, length 46"},
	{"neighbor solicitation", ether(0x86dd, ipv6Packet(unix.IPPROTO_ICMPV6, "2001:db8::1", "ff02::1:ff00:2",
		icmp6(135, 0, cat(zero[:4], addr16("2001:db8::2"), []byte{1, 1}, mac1)...))),
		"IP6 2001:db8::1 > ff02::1:ff00:2: ICMP6, neighbor solicitation, who has 2001:db8::2, length 32",
		"02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv6 (0x86dd), length 86: 2001:db8::1 > ff02::1:ff00:2: ICMP6, neighbor solicitation, who has 2001:db8::2, length 32"},
	{"neighbor advertisement", ether(0x86dd, ipv6Packet(unix.IPPROTO_ICMPV6, "2001:db8::2", "2001:db8::1",
		icmp6(136, 0, cat([]byte{0x60, 0, 0, 0}, addr16("2001:db8::2"), []byte{2, 1}, mac2)...))),
		"IP6 2001:db8::2 > 2001:db8::1: ICMP6, neighbor advertisement, tgt is 2001:db8::2, length 32",
		"02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv6 (0x86dd), length 86: 2001:db8::2 > 2001:db8::1: ICMP6, neighbor advertisement, tgt is 2001:db8::2, length 32"},
	{"router solicitation", ether(0x86dd, ipv6Packet(unix.IPPROTO_ICMPV6, "fe80::1", "ff02::2", icmp6(133, 0, cat(zero[:4], []byte{1, 1}, mac1)...))),
		"IP6 fe80::1 > ff02::2: ICMP6, router solicitation, length 16", ""},
	{"router advertisement", ether(0x86dd, ipv6Packet(unix.IPPROTO_ICMPV6, "fe80::2", "ff02::1", icmp6(134, 0, 64, 0, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0))),
		"IP6 fe80::2 > ff02::1: ICMP6, router advertisement, length 16", ""},
	{"mldv2 report after hop-by-hop", ether(0x86dd, ipv6Packet(0, "fe80::1", "ff02::16",
		ext(unix.IPPROTO_ICMPV6, 0, icmp6(143, 0, cat(zero[:2], []byte{0, 1}, []byte{4, 0, 0, 0}, addr16("ff02::1:ff00:1"))...)))),
		"IP6 fe80::1 > ff02::16: HBH ICMP6, multicast listener report v2, 1 group record(s), length 28",
		"02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv6 (0x86dd), length 90: fe80::1 > ff02::16: HBH ICMP6, multicast listener report v2, 1 group record(s), length 28"},
	{"mldv1 report", ether(0x86dd, ipv6Packet(unix.IPPROTO_ICMPV6, "fe80::1", "ff02::1:3", icmp6(131, 0, cat(zero[:4], addr16("ff02::1:3"))...))),
		"IP6 fe80::1 > ff02::1:3: ICMP6, multicast listener reportmax resp delay: 0 addr: ff02::1:3, length 24", ""},
	{"mldv2 query", ether(0x86dd, ipv6Packet(unix.IPPROTO_ICMPV6, "fe80::2", "ff02::1", icmp6(130, 0, cat([]byte{0x27, 0x10, 0, 0}, addr16("ff02::1:3"), []byte{2, 125, 0, 0})...))),
		"IP6 fe80::2 > ff02::1: ICMP6, multicast listener query v2 [gaddr ff02::1:3], length 28", ""},
	{"packet too big", ether(0x86dd, ipv6Packet(unix.IPPROTO_ICMPV6, "2001:db8::9", "2001:db8::1",
		icmp6(2, 0, cat([]byte{0, 0, 5, 0}, ipv6Packet(unix.IPPROTO_UDP, "2001:db8::1", "2001:db8::2", udpDatagram(40000, 41000, "")))...))),
		"IP6 2001:db8::9 > 2001:db8::1: ICMP6, packet too big, mtu 1280, length 56", ""},
	{"icmp6 time exceeded", ether(0x86dd, ipv6Packet(unix.IPPROTO_ICMPV6, "2001:db8::9", "2001:db8::1",
		icmp6(3, 0, cat(zero[:4], ipv6Packet(unix.IPPROTO_UDP, "2001:db8::1", "2001:db8::2", udpDatagram(40000, 33434, "")))...))),
		"IP6 2001:db8::9 > 2001:db8::1: ICMP6, time exceeded in-transit for 2001:db8::2, length 56", ""},
	{"igmp v2 report", ether(0x0800, withRouterAlert(ipv4Packet(unix.IPPROTO_IGMP, "198.51.100.1", "239.1.2.3", igmp(0x16, 0, "239.1.2.3")))),
		"IP 198.51.100.1 > 239.1.2.3: igmp v2 report 239.1.2.3",
		"02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 46: 198.51.100.1 > 239.1.2.3: igmp v2 report 239.1.2.3"},
	{"igmp v1 report", ether(0x0800, ipv4Packet(unix.IPPROTO_IGMP, "198.51.100.1", "239.1.2.3", igmp(0x12, 0, "239.1.2.3"))),
		"IP 198.51.100.1 > 239.1.2.3: igmp v1 report 239.1.2.3", ""},
	{"igmp leave", ether(0x0800, withRouterAlert(ipv4Packet(unix.IPPROTO_IGMP, "198.51.100.1", "224.0.0.2", igmp(0x17, 0, "239.1.2.3")))),
		"IP 198.51.100.1 > 224.0.0.2: igmp leave 239.1.2.3", ""},
	{"igmp v3 report", ether(0x0800, withRouterAlert(ipv4Packet(unix.IPPROTO_IGMP, "198.51.100.1", "224.0.0.22",
		igmp(0x22, 0, "0.0.0.1", 4, 0, 0, 0, 239, 1, 2, 3)))),
		"IP 198.51.100.1 > 224.0.0.22: igmp v3 report, 1 group record(s)", ""},
	{"igmp query v1", ether(0x0800, ipv4Packet(unix.IPPROTO_IGMP, "198.51.100.2", "224.0.0.1", igmp(0x11, 0, "0.0.0.0"))),
		"IP 198.51.100.2 > 224.0.0.1: igmp query v1", ""},
	{"igmp query v2", ether(0x0800, ipv4Packet(unix.IPPROTO_IGMP, "198.51.100.2", "239.1.2.3", igmp(0x11, 10, "239.1.2.3"))),
		"IP 198.51.100.2 > 239.1.2.3: igmp query v2 [max resp time 10] [gaddr 239.1.2.3]", ""},
	{"igmp query v3", ether(0x0800, ipv4Packet(unix.IPPROTO_IGMP, "198.51.100.2", "224.0.0.1", igmp(0x11, 100, "0.0.0.0", 2, 125, 0, 0))),
		"IP 198.51.100.2 > 224.0.0.1: igmp query v3", ""},
	{"igmp query v3 group", ether(0x0800, ipv4Packet(unix.IPPROTO_IGMP, "198.51.100.2", "239.1.2.3", igmp(0x11, 200, "239.1.2.3", 2, 125, 0, 0))),
		"IP 198.51.100.2 > 239.1.2.3: igmp query v3 [max resp time 5m7s] [gaddr 239.1.2.3]", ""},
	{"igmp query v3 short time", ether(0x0800, ipv4Packet(unix.IPPROTO_IGMP, "198.51.100.2", "224.0.0.1", igmp(0x11, 25, "0.0.0.0", 2, 125, 0, 0))),
		"IP 198.51.100.2 > 224.0.0.1: igmp query v3 [max resp time 2.5s]", ""},
	{"igmp unknown", ether(0x0800, ipv4Packet(unix.IPPROTO_IGMP, "198.51.100.2", "224.0.0.1", igmp(0x30, 0, "0.0.0.0"))),
		"IP 198.51.100.2 > 224.0.0.1: igmp-48", ""},
	{"ipv4 first fragment", ether(0x0800, fragment(unix.IPPROTO_UDP, "198.51.100.1", "198.51.100.2", 7, 0, true,
		append(udpDatagram(40000, 41000, ""), make([]byte, 1472)...)[:1480])),
		"IP 198.51.100.1.40000 > 198.51.100.2.41000: UDP, length 0", ""},
	{"ipv4 later fragment", ether(0x0800, fragment(unix.IPPROTO_UDP, "198.51.100.1", "198.51.100.2", 7, 185, false, make([]byte, 1020))),
		"IP 198.51.100.1 > 198.51.100.2: ip-proto-17", ""},
	{"ipv6 first fragment", ether(0x86dd, ipv6Packet(ip6Fragment, "2001:db8::1", "2001:db8::2",
		frag6(unix.IPPROTO_UDP, 0, true, 9, append(udpDatagram(40000, 41000, ""), make([]byte, 1440)...)))),
		"IP6 2001:db8::1 > 2001:db8::2: frag (0|1448) 40000 > 41000: UDP, length 0", ""},
	{"ipv6 later fragment", ether(0x86dd, ipv6Packet(ip6Fragment, "2001:db8::1", "2001:db8::2", frag6(unix.IPPROTO_UDP, 181, false, 9, make([]byte, 1060)))),
		"IP6 2001:db8::1 > 2001:db8::2: frag (1448|1060)", ""},
	{"ipv6 destination options", ether(0x86dd, ipv6Packet(60, "2001:db8::1", "2001:db8::2", ext(unix.IPPROTO_UDP, 0, udpDatagram(40000, 41000, "hi")))),
		"IP6 2001:db8::1 > 2001:db8::2: DSTOPT 40000 > 41000: UDP, length 2", ""},
}

// ip6Fragment is the fragment header's next-header number.
const ip6Fragment = 44

// Issue 25: ARP, neighbor discovery, MLD, IGMP, fragments and IPv6
// extension headers as tcpdump prints them, with and without -e, each
// decoded and printed without allocating.
func TestTcpdumpLinkLines(t *testing.T) {
	var p raw.Packet
	line := make([]byte, 0, 512)
	frames := make([][]byte, len(linkLines))
	for i, tc := range linkLines {
		frames[i] = tc.frame
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, p.Decode(tc.frame, raw.LinkEthernet))
			assert.Equal(t, tc.line, string(p.AppendText(line[:0])))
			if tc.eline != "" {
				assert.Equal(t, tc.eline, string(p.AppendLinkText(line[:0])))
			}
			assert.Zero(t, testing.AllocsPerRun(10, func() {
				p.Decode(tc.frame, raw.LinkEthernet)
				line = p.AppendText(line[:0])
				line = p.AppendLinkText(line[:0])
			}))
		})
	}
	got := tcpdumpRead(t, linkTypeEthernet, frames)
	for i := range got {
		assert.Equal(t, got[i], linkLines[i].line, "tcpdump's line for %s", linkLines[i].name)
	}
	got = tcpdumpRead(t, linkTypeEthernet, frames, "-e")
	for i := range got {
		require.NoError(t, p.Decode(frames[i], raw.LinkEthernet))
		assert.Equal(t, got[i], string(p.AppendLinkText(nil)), "tcpdump -e's line for %s", linkLines[i].name)
	}
}
