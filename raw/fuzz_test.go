package raw_test

import (
	"testing"

	"github.com/bsdsock/socket/raw"
	"github.com/stretchr/testify/assert"
)

// FuzzDecode feeds the decoder and the formatter arbitrary bytes: they
// never panic, and the layers they find never reach past the packet. The
// seeds are the sample frames, the packets of tcpdumpLines and the corpus in testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	for _, tc := range sampleFrames {
		f.Add(tc.frame, uint8(tc.link))
	}
	for _, tc := range tcpdumpLines { // TCP options, ICMP errors with their quotes
		f.Add(tc.packet, uint8(raw.LinkIP))
	}
	var p raw.Packet
	line := make([]byte, 0, 256)
	f.Fuzz(func(t *testing.T, b []byte, link uint8) {
		err := p.Decode(b, raw.LinkType(link))
		line = p.AppendText(line[:0])
		line = p.AppendLink(line)
		n := len(p.LinkHeader) + len(p.IPHeader) + len(p.TransportHeader) + len(p.Payload)
		assert.LessOrEqual(t, n, len(b))
		if err == nil {
			assert.NotEmpty(t, line)
		}
	})
}
