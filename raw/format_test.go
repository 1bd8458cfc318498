package raw_test

import (
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bsdsock/socket/raw"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// withOptions returns the TCP segment seg with opts (a multiple of 4
// bytes) after its fixed header, and its urgent pointer set to urg.
func withOptions(seg []byte, urg uint16, opts ...byte) []byte {
	b := append(append(append([]byte(nil), seg[:20]...), opts...), seg[20:]...)
	b[12] = byte((20+len(opts))/4) << 4
	binary.BigEndian.PutUint16(b[18:], urg)
	return b
}

// icmpError returns an ICMP error message of typ and code quoting the
// first len(quote) bytes of a datagram, with rest (4 bytes) as its
// second word (the MTU of a need-to-frag).
func icmpError(typ, code uint8, rest uint32, quote []byte) []byte {
	b := make([]byte, 8, 8+len(quote))
	b[0], b[1] = typ, code
	binary.BigEndian.PutUint32(b[4:], rest)
	return append(b, quote...)
}

// synOptions are Linux's options on a loopback SYN.
var synOptions = []byte{2, 4, 0xff, 0xd7, 4, 2, 8, 10, 0, 0, 0, 123, 0, 0, 0, 0, 1, 3, 3, 10}

// tcpdumpLines are packets whose lines issue 25 found different from
// tcpdump's, with the line tcpdump 4.99 prints (tcpdump -nn -S -t -r; the
// test reruns tcpdump on them where it is installed).
var tcpdumpLines = []struct {
	name   string
	packet []byte // from the IP header on
	line   string
}{
	{"syn options", ipv4Packet(unix.IPPROTO_TCP, "127.0.0.1", "127.0.0.1",
		withOptions(tcpSegment(40000, 5000, 100, 0, raw.TCPSyn, ""), 0, synOptions...)),
		"IP 127.0.0.1.40000 > 127.0.0.1.5000: Flags [S], seq 100, win 512, options [mss 65495,sackOK,TS val 123 ecr 0,nop,wscale 10], length 0"},
	{"urgent", ipv4Packet(unix.IPPROTO_TCP, "127.0.0.1", "127.0.0.1",
		withOptions(tcpSegment(40000, 5000, 101, 7, raw.TCPPsh|raw.TCPAck|raw.TCPUrg, "!"), 1)),
		"IP 127.0.0.1.40000 > 127.0.0.1.5000: Flags [P.U], seq 101:102, ack 7, win 512, urg 1, length 1"},
	{"ecn syn-ack", ipv4Packet(unix.IPPROTO_TCP, "127.0.0.1", "127.0.0.1",
		tcpSegment(5000, 40000, 7, 101, raw.TCPSyn|raw.TCPAck|raw.TCPEce, "")),
		"IP 127.0.0.1.5000 > 127.0.0.1.40000: Flags [S.E], seq 7, ack 101, win 512, length 0"},
	{"ecn syn", ipv4Packet(unix.IPPROTO_TCP, "127.0.0.1", "127.0.0.1",
		tcpSegment(40000, 5000, 100, 0, raw.TCPSyn|raw.TCPEce|raw.TCPCwr, "")),
		"IP 127.0.0.1.40000 > 127.0.0.1.5000: Flags [SEW], seq 100, win 512, length 0"},
	{"sack", ipv6Packet(unix.IPPROTO_TCP, "2001:db8::1", "2001:db8::2",
		withOptions(tcpSegment(40000, 5000, 0, 1000, raw.TCPAck, ""), 0, 1, 1, 5, 10, 0, 0, 0x07, 0xd0, 0, 0, 0x0b, 0xb8)),
		"IP6 2001:db8::1.40000 > 2001:db8::2.5000: Flags [.], ack 1000, win 512, options [nop,nop,sack 1 {2000:3000}], length 0"},
	{"udp port unreachable", ipv4Packet(unix.IPPROTO_ICMP, "127.0.0.1", "127.0.0.1",
		icmpError(3, 3, 0, ipv4Packet(unix.IPPROTO_UDP, "127.0.0.1", "127.0.0.1", udpDatagram(40000, 47003, "")))),
		"IP 127.0.0.1 > 127.0.0.1: ICMP 127.0.0.1 udp port 47003 unreachable, length 36"},
	{"tcp port unreachable", ipv4Packet(unix.IPPROTO_ICMP, "192.0.2.2", "192.0.2.1",
		icmpError(3, 3, 0, ipv4Packet(unix.IPPROTO_TCP, "192.0.2.1", "192.0.2.2", tcpSegment(40000, 5000, 1, 0, raw.TCPSyn, "")[:8]))),
		"IP 192.0.2.2 > 192.0.2.1: ICMP 192.0.2.2 tcp port 5000 unreachable, length 36"},
	{"net unreachable", ipv4Packet(unix.IPPROTO_ICMP, "198.51.100.2", "192.0.2.1",
		icmpError(3, 0, 0, ipv4Packet(unix.IPPROTO_ICMP, "192.0.2.1", "203.0.113.130", icmpEcho(8, 7, 1, 0)))),
		"IP 198.51.100.2 > 192.0.2.1: ICMP net 203.0.113.130 unreachable, length 36"},
	{"host unreachable", ipv4Packet(unix.IPPROTO_ICMP, "198.51.100.2", "192.0.2.1",
		icmpError(3, 1, 0, ipv4Packet(unix.IPPROTO_ICMP, "192.0.2.1", "203.0.113.200", icmpEcho(8, 7, 1, 0)))),
		"IP 198.51.100.2 > 192.0.2.1: ICMP host 203.0.113.200 unreachable, length 36"},
	{"need to frag", ipv4Packet(unix.IPPROTO_ICMP, "198.51.100.2", "192.0.2.1",
		icmpError(3, 4, 1400, ipv4Packet(unix.IPPROTO_UDP, "192.0.2.1", "203.0.113.2", udpDatagram(40000, 53, "")))),
		"IP 198.51.100.2 > 192.0.2.1: ICMP 203.0.113.2 unreachable - need to frag (mtu 1400), length 36"},
	{"admin prohibited filter", ipv4Packet(unix.IPPROTO_ICMP, "198.51.100.2", "192.0.2.1",
		icmpError(3, 13, 0, ipv4Packet(unix.IPPROTO_UDP, "192.0.2.1", "203.0.113.2", udpDatagram(40000, 53, "")))),
		"IP 198.51.100.2 > 192.0.2.1: ICMP host 203.0.113.2 unreachable - admin prohibited filter, length 36"},
	{"icmp6 port unreachable", ipv6Packet(unix.IPPROTO_ICMPV6, "::1", "::1",
		icmpError(1, 4, 0, ipv6Packet(unix.IPPROTO_UDP, "::1", "::1", udpDatagram(40000, 47003, "")))),
		"IP6 ::1 > ::1: ICMP6, destination unreachable, unreachable port, ::1 udp port 47003, length 56"},
	{"icmp6 address unreachable", ipv6Packet(unix.IPPROTO_ICMPV6, "2001:db8::1", "2001:db8::2",
		icmpError(1, 3, 0, ipv6Packet(unix.IPPROTO_UDP, "2001:db8::2", "2001:db8::9", udpDatagram(40000, 53, "")))),
		"IP6 2001:db8::1 > 2001:db8::2: ICMP6, destination unreachable, unreachable address 2001:db8::9, length 56"},
}

// Issue 25: TCP flag order, urg, options and ICMP error lines as tcpdump
// prints them, each decoded and printed without allocating. Where
// tcpdump is installed the packets go into a pcap file it reads, and its
// lines must be the table's.
func TestTcpdumpLines(t *testing.T) {
	var p raw.Packet
	line := make([]byte, 0, 512)
	for _, tc := range tcpdumpLines {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, p.Decode(tc.packet, raw.LinkIP))
			assert.Equal(t, tc.line, string(p.AppendText(line[:0])))
			assert.Zero(t, testing.AllocsPerRun(10, func() {
				p.Decode(tc.packet, raw.LinkIP)
				line = p.AppendText(line[:0])
			}))
		})
	}
	packets := make([][]byte, len(tcpdumpLines))
	for i, tc := range tcpdumpLines {
		packets[i] = tc.packet
	}
	got := tcpdumpRead(t, linkTypeRaw, packets, "-S")
	if got == nil {
		return
	}
	require.Len(t, got, len(tcpdumpLines))
	for i, tc := range tcpdumpLines {
		assert.Equal(t, got[i], tc.line, "tcpdump's line for %s", tc.name)
	}
}

// The pcap link types of the capture files tcpdumpRead writes.
const (
	linkTypeEthernet = 1
	linkTypeRaw      = 101 // each packet from its IP header
)

// tcpdumpRead writes packets into a capture file of linkType and returns
// the lines tcpdump -nn -t (with args) prints for them, or nil, saying
// so, where tcpdump is not installed.
func tcpdumpRead(t *testing.T, linkType uint32, packets [][]byte, args ...string) []string {
	t.Helper()
	tcpdump, err := exec.LookPath("tcpdump")
	if err != nil {
		t.Log("tcpdump is not installed: compared with its known lines only")
		return nil
	}
	file := filepath.Join(t.TempDir(), "lines.pcap")
	require.NoError(t, os.WriteFile(file, pcap(linkType, packets), 0o644))
	args = append(args, "-nn", "-t", "-r", file)
	if os.Geteuid() == 0 {
		args = append(args, "-Z", "root") // read the file as root, not as user tcpdump
	}
	out, err := exec.Command(tcpdump, args...).Output()
	require.NoError(t, err)
	got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	require.Len(t, got, len(packets), string(out))
	return got
}

// pcap returns a capture file of linkType holding packets.
func pcap(linkType uint32, packets [][]byte) []byte {
	b := binary.LittleEndian.AppendUint32(nil, 0xa1b2c3d4)
	b = binary.LittleEndian.AppendUint16(b, 2)
	b = binary.LittleEndian.AppendUint16(b, 4)
	b = append(b, make([]byte, 8)...) // time zone, accuracy
	b = binary.LittleEndian.AppendUint32(b, 262144)
	b = binary.LittleEndian.AppendUint32(b, linkType)
	for i, p := range packets {
		b = binary.LittleEndian.AppendUint32(b, uint32(i+1))
		b = binary.LittleEndian.AppendUint32(b, 0)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(p)))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(p)))
		b = append(b, p...)
	}
	return b
}
