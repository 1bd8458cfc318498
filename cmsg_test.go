//go:build linux

package socket

import (
	"encoding/binary"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
	"golang.org/x/sys/unix"
)

// recvWithControl sends msg from a to b and receives it with its control
// messages.
func recvWithControl(t *testing.T, a, b *Socket, msg string) (Msg, []byte) {
	t.Helper()
	_, err := a.Send([]byte(msg), 0)
	require.NoError(t, err)
	buf, oob := make([]byte, 64), make([]byte, 256)
	m, err := b.Recvmsg(buf, oob, 0)
	require.NoError(t, err)
	require.Equal(t, msg, string(buf[:m.N]))
	require.Zero(t, m.Flags&MSG_CTRUNC, "the control buffer was large enough")
	return m, oob[:m.OOBN]
}

// TestRecvControlIPv4 holds requirement 5 for IPv4: IP_RECVTTL, IP_RECVTOS,
// IP_PKTINFO and SO_TIMESTAMPNS make the kernel attach control messages,
// which ParseControl decodes to the values the sender set, as x/net's
// ipv4.ControlMessage also reads them.
func TestRecvControlIPv4(t *testing.T) {
	a, b := udpPair(t, AF_INET)
	require.NoError(t, a.SetTTL(42))
	require.NoError(t, a.SetTOS(0x28))
	require.NoError(t, b.SetRecvTTL(true))
	require.NoError(t, b.SetRecvTOS(true))
	require.NoError(t, b.SetRecvPktInfo(true))
	require.NoError(t, b.SetTimestampNS(true))

	before := time.Now()
	_, oob := recvWithControl(t, a, b, "ttl")
	ci, err := ParseControl(oob)
	require.NoError(t, err)
	assert.Equal(t, CtrlTTL|CtrlTOS|CtrlPktInfo|CtrlTimestamp, ci.Has)
	assert.Equal(t, 42, ci.TTL)
	assert.Equal(t, 0x28, ci.TOS)
	assert.Equal(t, netip.MustParseAddr("127.0.0.1"), ci.Dst)
	assert.Equal(t, loopbackIndex(t), ci.IfIndex)
	// The kernel's clock and ours are the same wall clock: the stamp falls
	// near the send (a wide window; only a clock step could leave it).
	assert.WithinDuration(t, before, ci.Timestamp, time.Minute)

	var cm ipv4.ControlMessage
	require.NoError(t, cm.Parse(oob))
	assert.Equal(t, cm.TTL, ci.TTL, "x/net reads the same TTL")
	assert.Equal(t, cm.IfIndex, ci.IfIndex)
	assert.True(t, cm.Dst.Equal(net.IP(ci.Dst.AsSlice())), "x/net reads the same destination")

	// Turned off, the messages stop.
	require.NoError(t, b.SetRecvTTL(false))
	require.NoError(t, b.SetRecvTOS(false))
	require.NoError(t, b.SetRecvPktInfo(false))
	require.NoError(t, b.SetTimestampNS(false))
	m, _ := recvWithControl(t, a, b, "quiet")
	assert.Zero(t, m.OOBN)
}

// TestRecvControlIPv6 holds requirement 5 for IPv6: IPV6_RECVPKTINFO,
// IPV6_RECVHOPLIMIT and IPV6_RECVTCLASS, checked against x/net's
// ipv6.ControlMessage.
func TestRecvControlIPv6(t *testing.T) {
	a, b := udpPair(t, AF_INET6)
	require.NoError(t, a.SetHopLimit(33))
	require.NoError(t, a.SetTrafficClass(0x28))
	require.NoError(t, b.SetRecvPktInfoV6(true))
	require.NoError(t, b.SetRecvHopLimit(true))
	require.NoError(t, b.SetRecvTrafficClass(true))

	_, oob := recvWithControl(t, a, b, "hops")
	ci, err := ParseControl(oob)
	require.NoError(t, err)
	assert.Equal(t, CtrlHopLimit|CtrlTrafficClass|CtrlPktInfo, ci.Has)
	assert.Equal(t, 33, ci.HopLimit)
	assert.Equal(t, 0x28, ci.TrafficClass)
	assert.Equal(t, netip.IPv6Loopback(), ci.Dst)
	assert.Equal(t, loopbackIndex(t), ci.IfIndex)

	var cm ipv6.ControlMessage
	require.NoError(t, cm.Parse(oob))
	assert.Equal(t, cm.HopLimit, ci.HopLimit, "x/net reads the same hop limit")
	assert.Equal(t, cm.TrafficClass, ci.TrafficClass)
	assert.Equal(t, cm.IfIndex, ci.IfIndex)
	assert.True(t, cm.Dst.Equal(net.IP(ci.Dst.AsSlice())))
}

// TestNextCmsgWalk walks received messages one by one and compares them
// with x/sys/unix's parser.
func TestNextCmsgWalk(t *testing.T) {
	a, b := udpPair(t, AF_INET)
	require.NoError(t, b.SetRecvTTL(true))
	require.NoError(t, b.SetRecvPktInfo(true))
	_, oob := recvWithControl(t, a, b, "walk")

	got := walkCmsgs(t, oob)
	want, err := unix.ParseSocketControlMessage(oob)
	require.NoError(t, err)
	require.Len(t, got, len(want))
	types := map[int]bool{}
	for i := range want {
		assert.Equal(t, int(want[i].Header.Level), got[i].Level)
		assert.Equal(t, int(want[i].Header.Type), got[i].Type)
		assert.Equal(t, want[i].Data, got[i].Data)
		types[got[i].Type] = true
	}
	assert.Equal(t, map[int]bool{IP_TTL: true, IP_PKTINFO: true}, types)
}

func walkCmsgs(t *testing.T, b []byte) []Cmsg {
	t.Helper()
	var out []Cmsg
	for len(b) > 0 {
		c, rest, err := NextCmsg(b)
		require.NoError(t, err)
		out = append(out, c)
		b = rest
	}
	return out
}

// TestRecvControlAllocs: a receive with control messages, and decoding
// them, allocate nothing.
func TestRecvControlAllocs(t *testing.T) {
	a, b := udpPair(t, AF_INET)
	require.NoError(t, b.SetRecvTTL(true))
	require.NoError(t, b.SetRecvPktInfo(true))
	require.NoError(t, b.SetTimestampNS(true))
	msg, buf, oob := []byte("x"), make([]byte, 8), make([]byte, 256)
	allocs := testing.AllocsPerRun(200, func() {
		_, err1 := a.Send(msg, 0)
		m, err2 := b.Recvmsg(buf, oob, 0)
		ci, err3 := ParseControl(oob[:m.OOBN])
		mustNil(t, err1, err2, err3)
		if ci.Has != CtrlTTL|CtrlPktInfo|CtrlTimestamp {
			t.Fatalf("decoded %v", ci.Has)
		}
	})
	assert.Zero(t, allocs)
}

// buildCmsg encodes one control message as the kernel lays it out.
func buildCmsg(level, typ int, data []byte) []byte {
	b := make([]byte, CmsgSpace(len(data)))
	var h unix.Cmsghdr
	h.Level, h.Type = int32(level), int32(typ)
	h.SetLen(CmsgLen(len(data)))
	copy(b, structBytes(&h))
	copy(b[cmsgHdrLen:], data)
	return b
}

func ne32(v uint32) []byte { return binary.NativeEndian.AppendUint32(nil, v) }

// longs encodes C longs, as struct timespec and timeval hold them.
func longs(vs ...int64) []byte {
	var b []byte
	for _, v := range vs {
		if unix.SizeofPtr == 8 {
			b = binary.NativeEndian.AppendUint64(b, uint64(v))
		} else {
			b = binary.NativeEndian.AppendUint32(b, uint32(v))
		}
	}
	return b
}

func TestParseControlTable(t *testing.T) {
	pkt4 := append(append(ne32(7), 10, 0, 0, 1), 127, 0, 0, 9)
	pkt6 := append(netip.MustParseAddr("fe80::1").AsSlice(), ne32(3)...)
	tests := []struct {
		name string
		in   []byte
		want ControlInfo
	}{
		{"empty", nil, ControlInfo{}},
		{"ttl", buildCmsg(SOL_IP, IP_TTL, ne32(64)), ControlInfo{Has: CtrlTTL, TTL: 64}},
		{"tos", buildCmsg(SOL_IP, IP_TOS, []byte{0xb8}), ControlInfo{Has: CtrlTOS, TOS: 0xb8}},
		{"pktinfo", buildCmsg(SOL_IP, IP_PKTINFO, pkt4),
			ControlInfo{Has: CtrlPktInfo, IfIndex: 7, Dst: netip.MustParseAddr("127.0.0.9")}},
		{"pktinfo6", buildCmsg(SOL_IPV6, IPV6_PKTINFO, pkt6),
			ControlInfo{Has: CtrlPktInfo, IfIndex: 3, Dst: netip.MustParseAddr("fe80::1")}},
		{"hoplimit+tclass", append(buildCmsg(SOL_IPV6, IPV6_HOPLIMIT, ne32(5)), buildCmsg(SOL_IPV6, IPV6_TCLASS, ne32(0x10))...),
			ControlInfo{Has: CtrlHopLimit | CtrlTrafficClass, HopLimit: 5, TrafficClass: 0x10}},
		{"timestampns", buildCmsg(SOL_SOCKET, unix.SO_TIMESTAMPNS_OLD, longs(1700000000, 123456789)),
			ControlInfo{Has: CtrlTimestamp, Timestamp: time.Unix(1700000000, 123456789)}},
		{"timestamp µs", buildCmsg(SOL_SOCKET, unix.SO_TIMESTAMP_OLD, longs(1700000000, 123456)),
			ControlInfo{Has: CtrlTimestamp, Timestamp: time.Unix(1700000000, 123456000)}},
		{"timestampns new", buildCmsg(SOL_SOCKET, unix.SO_TIMESTAMPNS_NEW,
			binary.NativeEndian.AppendUint64(binary.NativeEndian.AppendUint64(nil, 1700000000), 5)),
			ControlInfo{Has: CtrlTimestamp, Timestamp: time.Unix(1700000000, 5)}},
		{"origdst", buildCmsg(SOL_IP, IP_ORIGDSTADDR, sockaddrIn4(t, "203.0.113.7:5353")),
			ControlInfo{Has: CtrlOrigDst, OrigDst: netip.MustParseAddrPort("203.0.113.7:5353")}},
		{"origdst6", buildCmsg(SOL_IPV6, IPV6_ORIGDSTADDR, AddrFrom(netip.MustParseAddrPort("[2001:db8::7]:443")).Raw()),
			ControlInfo{Has: CtrlOrigDst, OrigDst: netip.MustParseAddrPort("[2001:db8::7]:443")}},
		{"rxq_ovfl", buildCmsg(SOL_SOCKET, SO_RXQ_OVFL, ne32(0xfffffffe)),
			ControlInfo{Has: CtrlDropped, Dropped: 0xfffffffe}},
		{"unknown skipped", append(unix.UnixRights(0), buildCmsg(SOL_IP, IP_TTL, ne32(9))...),
			ControlInfo{Has: CtrlTTL, TTL: 9}},
		{"trailing bytes shorter than a header", append(buildCmsg(SOL_IP, IP_TTL, ne32(9)), 0, 0, 0),
			ControlInfo{Has: CtrlTTL, TTL: 9}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseControl(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseControlMalformed(t *testing.T) {
	ttl := buildCmsg(SOL_IP, IP_TTL, ne32(64))
	long := append([]byte(nil), ttl...)
	binary.NativeEndian.PutUint32(long, uint32(len(ttl)+8)) // claims more than there is
	short := append([]byte(nil), ttl...)
	binary.NativeEndian.PutUint32(short, 3) // shorter than its own header
	tests := []struct {
		name string
		in   []byte
	}{
		{"length past the buffer", long},
		{"length inside the header", short},
		{"ttl of 2 bytes", buildCmsg(SOL_IP, IP_TTL, []byte{1, 2})},
		{"pktinfo of 4 bytes", buildCmsg(SOL_IP, IP_PKTINFO, ne32(1))},
		{"pktinfo6 of 16 bytes", buildCmsg(SOL_IPV6, IPV6_PKTINFO, make([]byte, 16))},
		{"timestamp of 8 bytes", buildCmsg(SOL_SOCKET, unix.SO_TIMESTAMPNS_NEW, make([]byte, 8))},
		{"empty tos", buildCmsg(SOL_IP, IP_TOS, nil)},
		{"origdst of 8 bytes", buildCmsg(SOL_IP, IP_ORIGDSTADDR, make([]byte, 8))},
		{"origdst6 of 16 bytes", buildCmsg(SOL_IPV6, IPV6_ORIGDSTADDR, make([]byte, 16))},
		{"rxq_ovfl of 2 bytes", buildCmsg(SOL_SOCKET, SO_RXQ_OVFL, []byte{1, 2})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseControl(tt.in)
			assert.ErrorIs(t, err, unix.EINVAL)
			var ae *ArgError
			assert.ErrorAs(t, err, &ae)
		})
	}
	_, _, err := NextCmsg([]byte{1, 2, 3})
	assert.ErrorIs(t, err, unix.EINVAL, "a header that does not fit")
}

// FuzzParseControl: no input panics, and the walk agrees with x/sys/unix's
// parser on which lists are well formed and what they hold.
func FuzzParseControl(f *testing.F) {
	f.Add(buildCmsg(SOL_IP, IP_TTL, ne32(64)))
	f.Add(append(buildCmsg(SOL_IPV6, IPV6_HOPLIMIT, ne32(5)), buildCmsg(SOL_IPV6, IPV6_PKTINFO, make([]byte, 20))...))
	f.Add(buildCmsg(SOL_SOCKET, unix.SO_TIMESTAMPNS_OLD, longs(1, 2)))
	f.Add(buildCmsg(SOL_IPV6, IPV6_ORIGDSTADDR, make([]byte, 28)))
	f.Add(buildCmsg(SOL_SOCKET, SO_RXQ_OVFL, ne32(3)))
	f.Add(buildCmsg(SOL_IP, IP_RECVERR, append([]byte{111, 0, 0, 0, 2, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 127, 0, 0, 1}, make([]byte, 8)...)))
	f.Add(buildCmsg(SOL_IPV6, IPV6_RECVERR, make([]byte, 16+28)))
	f.Add(buildCmsg(SOL_SOCKET, unix.SO_TIMESTAMPING_OLD, longs(1, 2, 0, 0, 3, 4)))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = ParseControl(b)
		want, werr := unix.ParseSocketControlMessage(b)
		var got []Cmsg
		var gerr error
		for rest := b; len(rest) >= cmsgHdrLen; {
			var c Cmsg
			c, rest, gerr = NextCmsg(rest)
			if gerr != nil {
				break
			}
			got = append(got, c)
		}
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("x/sys says %v, NextCmsg says %v", werr, gerr)
		}
		if werr != nil {
			return
		}
		if len(got) != len(want) {
			t.Fatalf("%d messages, x/sys finds %d", len(got), len(want))
		}
		for i := range want {
			if got[i].Level != int(want[i].Header.Level) || got[i].Type != int(want[i].Header.Type) || string(got[i].Data) != string(want[i].Data) {
				t.Fatalf("message %d differs: %+v, x/sys %+v", i, got[i], want[i])
			}
		}
	})
}

// loopbackIndex is the index of lo on the host.
func loopbackIndex(t *testing.T) int {
	t.Helper()
	ifi, err := net.InterfaceByName("lo")
	require.NoError(t, err)
	return ifi.Index
}
