//go:build linux

package raw_test

import (
	"testing"

	"github.com/bsdsock/socket/raw"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

func TestDecodeAndText(t *testing.T) {
	var p raw.Packet
	for _, tc := range sampleFrames {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, p.Decode(tc.frame, tc.link))
			assert.Equal(t, tc.line, string(p.AppendText(nil)))
			n := len(p.LinkHeader) + len(p.IPHeader) + len(p.TransportHeader) + len(p.Payload)
			assert.Equal(t, len(tc.frame), n, "the layers are the frame, doll in doll")
		})
	}
}

func TestDecodeLayers(t *testing.T) {
	var p raw.Packet
	require.NoError(t, p.Decode(sampleFrames[1].frame, raw.LinkEthernet))
	assert.Equal(t, raw.HasEthernet|raw.HasIPv4|raw.HasTCP, p.Layers)
	assert.Equal(t, uint16(unix.ETH_P_IP), p.Ethernet.EtherType)
	assert.Equal(t, "192.0.2.1", p.IPv4.Src.String())
	assert.Equal(t, uint8(64), p.IPv4.TTL)
	assert.Equal(t, uint8(2), p.IPv4.Flags, "DF")
	assert.Zero(t, raw.Checksum(p.IPHeader))
	assert.Equal(t, raw.TCPPsh|raw.TCPAck, p.TCP.Flags)
	assert.Equal(t, "hello\n", string(p.Payload))
	assert.Equal(t, "02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 60: ", string(p.AppendLink(nil)))

	// Ethernet padding after a short IP packet is not payload.
	padded := append(append([]byte(nil), sampleFrames[0].frame...), make([]byte, 6)...)
	require.NoError(t, p.Decode(padded, raw.LinkEthernet))
	assert.Empty(t, p.Payload)
	assert.Zero(t, testing.AllocsPerRun(10, func() { p.Decode(padded, raw.LinkEthernet) }))
}
