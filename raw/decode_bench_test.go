package raw_test

import (
	"testing"

	"github.com/bsdsock/socket/raw"
	"github.com/stretchr/testify/assert"
)

// decodeMix is every kind of packet the tests print, as a capture loop
// meets them: Ethernet frames and IP packets, TCP whose numbers the
// sequence table makes relative, ARP, neighbor discovery, IGMP,
// fragments and extension headers.
func decodeMix() (packets [][]byte, links []raw.LinkType) {
	for _, tc := range sampleFrames {
		packets, links = append(packets, tc.frame), append(links, tc.link)
	}
	for _, tc := range tcpdumpLines {
		packets, links = append(packets, tc.packet), append(links, raw.LinkIP)
	}
	for _, tc := range relativeLines {
		packets, links = append(packets, tc.packet), append(links, raw.LinkIP)
	}
	for _, tc := range linkLines {
		packets, links = append(packets, tc.frame), append(links, raw.LinkEthernet)
	}
	return packets, links
}

// Must-show 3 of issue 25: decoding, the relative sequence numbers and
// both of tcpdump's lines (plain and -e) allocate nothing, for every kind
// of packet.
func TestDecodeAllocs(t *testing.T) {
	packets, links := decodeMix()
	var p raw.Packet
	seqs := new(raw.TCPSeqs)
	line := make([]byte, 0, 512)
	assert.Zero(t, testing.AllocsPerRun(20, func() {
		for i, b := range packets {
			p.Decode(b, links[i])
			seqs.Relative(&p)
			line = p.AppendText(line[:0])
			line = p.AppendLinkText(line[:0])
		}
	}))
}

// BenchmarkDecode decodes a packet, makes its TCP numbers relative and
// prints its line, over the mix of decodeMix: the work of a capture loop
// less the system call. It runs at 0 allocs/op.
func BenchmarkDecode(b *testing.B) {
	packets, links := decodeMix()
	var p raw.Packet
	seqs := new(raw.TCPSeqs)
	line := make([]byte, 0, 512)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p.Decode(packets[i], links[i])
		seqs.Relative(&p)
		line = p.AppendText(line[:0])
		if i++; i == len(packets) {
			i = 0
		}
	}
}
