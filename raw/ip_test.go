package raw_test

import (
	"encoding/binary"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/raw"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/ipv4"
	"golang.org/x/sys/unix"
)

// udpSocket returns a UDP socket bound to an ephemeral port of host, with
// a timeout that keeps a failing test from hanging.
func udpSocket(t *testing.T, host string) (*socket.Socket, socket.Addr) {
	t.Helper()
	ip := netip.MustParseAddr(host)
	family := socket.AF_INET
	if ip.Is6() {
		family = socket.AF_INET6
	}
	s, err := socket.New(family, socket.SOCK_DGRAM, 0)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	s.SetTimeout(5 * time.Second)
	require.NoError(t, s.Bind(socket.AddrFrom(netip.AddrPortFrom(ip, 0))))
	a, err := s.Getsockname()
	require.NoError(t, err)
	return s, a
}

// udpHeader builds a UDP header for payload with its checksum.
func udpHeader(src, dst netip.AddrPort, payload []byte) []byte {
	seg := make([]byte, 8, 8+len(payload))
	binary.BigEndian.PutUint16(seg[0:], src.Port())
	binary.BigEndian.PutUint16(seg[2:], dst.Port())
	binary.BigEndian.PutUint16(seg[4:], uint16(8+len(payload)))
	seg = append(seg, payload...)
	c := raw.PseudoChecksum(socket.IPPROTO_UDP, src.Addr(), dst.Addr(), seg)
	binary.BigEndian.PutUint16(seg[6:], c)
	return seg
}

// Must-show 2: a UDP datagram whose IPv4 and UDP headers the test built
// reaches an ordinary UDP socket with the payload and the source port
// written; the raw socket reads the same packet back with its header.
func TestHeaderIncludedUDP(t *testing.T) {
	requireRoot(t)
	rx, to := udpSocket(t, "127.0.0.1")
	c, err := raw.ListenIP(socket.AF_INET, socket.IPPROTO_UDP)
	require.NoError(t, err)
	defer c.Close()
	c.SetTimeout(5 * time.Second)
	require.NoError(t, c.SetHeaderIncluded(true))
	on, err := c.HeaderIncluded()
	require.NoError(t, err)
	assert.True(t, on)

	dst, _ := to.AddrPort()
	src := netip.MustParseAddrPort("127.0.0.1:4242")
	payload := []byte("built by hand")
	h := &ipv4.Header{TTL: 42, Protocol: unix.IPPROTO_UDP, ID: 0x1234,
		Src: net.IP(src.Addr().AsSlice()), Dst: net.IP(dst.Addr().AsSlice())}
	n, err := c.WriteIPv4(h, udpHeader(src, dst, payload))
	require.NoError(t, err)
	assert.Equal(t, 20+8+len(payload), n)

	buf := make([]byte, 64)
	n, from, err := rx.Recvfrom(buf, 0)
	require.NoError(t, err, "the kernel accepted our checksums and delivered the datagram")
	assert.Equal(t, payload, buf[:n])
	assert.Equal(t, "127.0.0.1:4242", from.String(), "the source port is the one we wrote")

	// The raw UDP socket sees every UDP packet, ours among them.
	pkt := make([]byte, 128)
	for {
		got, seg, err := c.ReadIPv4(pkt)
		require.NoError(t, err)
		if got.ID != 0x1234 || len(seg) < 8 || binary.BigEndian.Uint16(seg[2:]) != dst.Port() {
			continue
		}
		assert.Equal(t, 42, got.TTL)
		assert.Equal(t, 20+8+len(payload), got.TotalLen)
		assert.Equal(t, payload, seg[8:])
		assert.Zero(t, raw.Checksum(pkt[:20]), "the header's checksum is right")
		// Summed with its checksum a segment gives 0, which UDP spells 0xffff.
		assert.Equal(t, uint16(0xffff), raw.PseudoChecksum(socket.IPPROTO_UDP, src.Addr(), dst.Addr(), seg), "the UDP checksum verifies")
		break
	}
}
