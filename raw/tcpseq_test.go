package raw_test

import (
	"encoding/binary"
	"testing"

	"github.com/bsdsock/socket/raw"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// sack returns a SACK option (after two NOPs) with one block.
func sack(left, right uint32) []byte {
	b := []byte{1, 1, 5, 10}
	b = binary.BigEndian.AppendUint32(b, left)
	return binary.BigEndian.AppendUint32(b, right)
}

// relativeLines are connections as tcpdump sees them, with the lines
// tcpdump -nn prints without -S (the test reruns tcpdump where it is
// installed): a whole IPv4 connection with a SACK, an IPv6 one between
// equal ports, one whose handshake the capture missed, and a connection
// reusing the first one's addresses and ports.
var relativeLines = []struct {
	packet []byte
	line   string
}{
	{ipv4Packet(unix.IPPROTO_TCP, "192.0.2.1", "192.0.2.2", tcpSegment(40000, 5000, 1000, 0, raw.TCPSyn, "")),
		"IP 192.0.2.1.40000 > 192.0.2.2.5000: Flags [S], seq 1000, win 512, length 0"},
	{ipv4Packet(unix.IPPROTO_TCP, "192.0.2.2", "192.0.2.1", tcpSegment(5000, 40000, 900000, 1001, raw.TCPSyn|raw.TCPAck, "")),
		"IP 192.0.2.2.5000 > 192.0.2.1.40000: Flags [S.], seq 900000, ack 1001, win 512, length 0"},
	{ipv4Packet(unix.IPPROTO_TCP, "192.0.2.1", "192.0.2.2", tcpSegment(40000, 5000, 1001, 900001, raw.TCPAck, "")),
		"IP 192.0.2.1.40000 > 192.0.2.2.5000: Flags [.], ack 1, win 512, length 0"},
	{ipv4Packet(unix.IPPROTO_TCP, "192.0.2.1", "192.0.2.2", tcpSegment(40000, 5000, 1001, 900001, raw.TCPPsh|raw.TCPAck, "hello\n")),
		"IP 192.0.2.1.40000 > 192.0.2.2.5000: Flags [P.], seq 1:7, ack 1, win 512, length 6"},
	{ipv4Packet(unix.IPPROTO_TCP, "192.0.2.2", "192.0.2.1",
		withOptions(tcpSegment(5000, 40000, 900001, 1001, raw.TCPAck, ""), 0, sack(1004, 1007)...)),
		"IP 192.0.2.2.5000 > 192.0.2.1.40000: Flags [.], ack 1, win 512, options [nop,nop,sack 1 {4:7}], length 0"},
	{ipv4Packet(unix.IPPROTO_TCP, "192.0.2.2", "192.0.2.1", tcpSegment(5000, 40000, 900001, 1007, raw.TCPFin|raw.TCPAck, "")),
		"IP 192.0.2.2.5000 > 192.0.2.1.40000: Flags [F.], seq 1, ack 7, win 512, length 0"},
	{ipv4Packet(unix.IPPROTO_TCP, "192.0.2.1", "192.0.2.2", tcpSegment(40000, 5000, 1007, 900002, raw.TCPRst|raw.TCPAck, "")),
		"IP 192.0.2.1.40000 > 192.0.2.2.5000: Flags [R.], seq 7, ack 2, win 512, length 0"},
	{ipv6Packet(unix.IPPROTO_TCP, "2001:db8::2", "2001:db8::1", tcpSegment(7000, 7000, 50, 80, raw.TCPAck, "ab")),
		"IP6 2001:db8::2.7000 > 2001:db8::1.7000: Flags [.], seq 50:52, ack 80, win 512, length 2"},
	{ipv6Packet(unix.IPPROTO_TCP, "2001:db8::1", "2001:db8::2", tcpSegment(7000, 7000, 80, 52, raw.TCPAck, "xyz")),
		"IP6 2001:db8::1.7000 > 2001:db8::2.7000: Flags [.], seq 1:4, ack 2, win 512, length 3"},
	{ipv6Packet(unix.IPPROTO_TCP, "2001:db8::2", "2001:db8::1", tcpSegment(7000, 7000, 52, 83, raw.TCPAck, "")),
		"IP6 2001:db8::2.7000 > 2001:db8::1.7000: Flags [.], ack 4, win 512, length 0"},
	{ipv4Packet(unix.IPPROTO_TCP, "192.0.2.2", "192.0.2.1", tcpSegment(5000, 40000, 3000000000, 7, raw.TCPSyn|raw.TCPAck, "")),
		"IP 192.0.2.2.5000 > 192.0.2.1.40000: Flags [S.], seq 3000000000, ack 7, win 512, length 0"},
	{ipv4Packet(unix.IPPROTO_TCP, "192.0.2.1", "192.0.2.2", tcpSegment(40000, 5000, 7, 3000000001, raw.TCPPsh|raw.TCPAck, "!")),
		"IP 192.0.2.1.40000 > 192.0.2.2.5000: Flags [P.], seq 1:2, ack 1, win 512, length 1"},
}

// Issue 25: tcpdump's default numbers are relative to where each
// direction of a connection starts, once a segment with ACK recorded
// it; the table keeps them without allocating.
func TestRelativeSeq(t *testing.T) {
	seqs := new(raw.TCPSeqs)
	var p raw.Packet
	line := make([]byte, 0, 256)
	packets := make([][]byte, len(relativeLines))
	for i, tc := range relativeLines {
		packets[i] = tc.packet
		require.NoError(t, p.Decode(tc.packet, raw.LinkIP))
		seqs.Relative(&p)
		assert.Equal(t, tc.line, string(p.AppendText(line[:0])), "packet %d", i)
	}
	got := tcpdumpRead(t, linkTypeRaw, packets)
	for i := range got {
		assert.Equal(t, got[i], relativeLines[i].line, "tcpdump's line for packet %d", i)
	}
	last := relativeLines[len(relativeLines)-1].packet
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		p.Decode(last, raw.LinkIP)
		seqs.Relative(&p)
		line = p.AppendText(line[:0])
	}))
}

// The table holds a fixed number of connections: a connection pushed out
// by newer ones is recorded anew at its next segment, printed absolute
// as tcpdump prints the first segment of a connection it joins late, and
// relative again after that.
func TestRelativeSeqEviction(t *testing.T) {
	seqs := new(raw.TCPSeqs)
	var p raw.Packet
	seg := func(sport uint16, seq, ack uint32) string {
		require.NoError(t, p.Decode(ipv4Packet(unix.IPPROTO_TCP, "192.0.2.1", "192.0.2.2",
			tcpSegment(sport, 5000, seq, ack, raw.TCPAck, "x")), raw.LinkIP))
		seqs.Relative(&p)
		return string(p.AppendText(nil))
	}
	assert.Contains(t, seg(40000, 100, 200), "seq 100:101, ack 200,")
	assert.Contains(t, seg(40000, 101, 200), "seq 1:2, ack 1,")
	for i := range 4096 { // four times the table
		seg(uint16(i+41000), 1, 1)
	}
	assert.Contains(t, seg(40000, 102, 200), "seq 102:103, ack 200,", "forgotten, so recorded anew")
	assert.Contains(t, seg(40000, 103, 200), "seq 1:2, ack 1,")
}

// A segment without ACK is never looked up, and other packets are left
// alone.
func TestRelativeSeqIgnores(t *testing.T) {
	seqs := new(raw.TCPSeqs)
	var p raw.Packet
	for _, tc := range sampleFrames {
		require.NoError(t, p.Decode(tc.frame, tc.link))
		seqs.Relative(&p)
		if p.TCP.Flags&raw.TCPAck == 0 {
			assert.Equal(t, raw.TCPRelative{}, p.Rel, tc.name)
		}
		assert.Equal(t, tc.line, string(p.AppendText(nil)), "the first segment of a connection prints as sent: %s", tc.name)
	}
}
