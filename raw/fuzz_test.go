package raw_test

import (
	"testing"

	"github.com/bsdsock/socket/raw"
	"github.com/stretchr/testify/assert"
)

// FuzzDecode feeds the decoder and the formatter arbitrary bytes: they
// never panic, and the layers they find never reach past the packet. The
// seeds are the sample frames, the packets of tcpdumpLines, linkLines
// and relativeLines, and the corpus in testdata/fuzz/FuzzDecode. The
// relative-sequence table sees every packet, as in a capture.
func FuzzDecode(f *testing.F) {
	for _, tc := range sampleFrames {
		f.Add(tc.frame, uint8(tc.link))
	}
	for _, tc := range tcpdumpLines { // TCP options, ICMP errors with their quotes
		f.Add(tc.packet, uint8(raw.LinkIP))
	}
	for _, tc := range linkLines { // ARP, neighbor discovery, IGMP, fragments, extension headers
		f.Add(tc.frame, uint8(raw.LinkEthernet))
	}
	for _, tc := range relativeLines {
		f.Add(tc.packet, uint8(raw.LinkIP))
	}
	var p raw.Packet
	seqs := new(raw.TCPSeqs)
	line := make([]byte, 0, 256)
	f.Fuzz(func(t *testing.T, b []byte, link uint8) {
		err := p.Decode(b, raw.LinkType(link))
		seqs.Relative(&p)
		line = p.AppendText(line[:0])
		line = p.AppendLinkText(line)
		n := len(p.LinkHeader) + len(p.IPHeader) + len(p.TransportHeader) + len(p.Payload)
		assert.LessOrEqual(t, n, len(b))
		if err == nil {
			assert.NotEmpty(t, line)
		}
	})
}
