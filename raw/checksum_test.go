package raw_test

import (
	"net/netip"

	"github.com/bsdsock/socket"
	"testing"

	"github.com/bsdsock/socket/raw"
	"github.com/stretchr/testify/assert"
)

func TestChecksum(t *testing.T) {
	// RFC 1071 section 3's worked example: the sum is 0xddf2.
	assert.Equal(t, uint16(^uint16(0xddf2)), raw.Checksum([]byte{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7}))
	// An IPv4 header with its checksum field zeroed, then filled in.
	hdr := []byte{0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0, 0,
		0xc0, 0x00, 0x02, 0x01, 0xc0, 0x00, 0x02, 0xc7}
	c := raw.Checksum(hdr)
	assert.Equal(t, uint16(0xb5b1), c)
	hdr[10], hdr[11] = byte(c>>8), byte(c)
	assert.Zero(t, raw.Checksum(hdr), "a header with its checksum sums to zero")
	assert.Equal(t, uint16(0x00ff), raw.Checksum([]byte{0xff}), "an odd byte is padded with zero")
	assert.Equal(t, uint16(0xffff), raw.Checksum(nil))
	assert.Zero(t, testing.AllocsPerRun(10, func() { raw.Checksum(hdr) }))
}

// The pseudo-header checksum of an IPv6 UDP datagram, checked against a
// value computed independently (python3, RFC 8200 section 8.1).
func TestPseudoChecksumIPv6(t *testing.T) {
	src, dst := netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::2")
	seg := []byte{0x03, 0xe8, 0x07, 0xd0, 0, 11, 0, 0, 'o', 'd', 'd'}
	assert.Equal(t, uint16(0xc546), raw.PseudoChecksum(socket.IPPROTO_UDP, src, dst, seg))
	assert.Zero(t, testing.AllocsPerRun(10, func() { raw.PseudoChecksum(socket.IPPROTO_UDP, src, dst, seg) }))
}
