//go:build linux

package socket

import (
	"encoding/binary"
	"slices"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

func TestUDPOffloadOptions(t *testing.T) {
	for _, family := range []Family{AF_INET, AF_INET6} {
		s := newTestSocket(t, family, SOCK_DGRAM, 0)
		require.NoError(t, s.SetUDPSegment(1200))
		size, err := s.UDPSegment()
		require.NoError(t, err)
		assert.Equal(t, 1200, size)
		assert.ErrorIs(t, s.SetUDPSegment(70000), unix.EINVAL)

		require.NoError(t, s.SetUDPGRO(true))
		on, err := s.UDPGRO()
		require.NoError(t, err)
		assert.True(t, on)
		require.NoError(t, s.SetUDPGRO(false))
		on, err = s.UDPGRO()
		require.NoError(t, err)
		assert.False(t, on)
	}
	tcp := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	err := tcp.SetUDPSegment(1200)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "UDP_SEGMENT")
}

// numbered returns n segments of size bytes, each filled with its index.
func numbered(n, size, last int) []byte {
	var b []byte
	for i := range n {
		sz := size
		if i == n-1 && last > 0 {
			sz = last
		}
		b = append(b, slices.Repeat([]byte{byte(i)}, sz)...)
	}
	return b
}

// A send larger than the socket's UDP_SEGMENT leaves as datagrams of that
// size, which a receiver without UDP_GRO gets one by one.
func TestUDPSegmentSocketOption(t *testing.T) {
	tx, rx := udpPair(t, AF_INET)
	require.NoError(t, tx.SetUDPSegment(64))
	n, err := tx.Send(numbered(9, 64, 10), 0)
	require.NoError(t, err)
	assert.Equal(t, 8*64+10, n)
	in := newMmsgs(16, 128)
	got, err := rx.Recvmmsg(in, 0)
	require.NoError(t, err)
	require.Equal(t, 9, got)
	for i, m := range in[:got] {
		want := 64
		if i == 8 {
			want = 10
		}
		assert.Equal(t, want, m.N, "datagram %d", i)
		assert.Equal(t, byte(i), m.Buffers[0][0])
	}
}

// A UDP_SEGMENT control message segments one message of a batch and not
// the others; a receiver with UDP_GRO gets the segmented one back whole,
// with its segment size, and SplitGRO gives its datagrams.
func TestUDPSegmentCmsgAndGRO(t *testing.T) {
	tx, rx := udpPair(t, AF_INET6)
	out := []Mmsg{
		{Buffers: [][]byte{numbered(64, 64, 0)}, OOB: AppendUDPSegment(nil, 64)},
		{Buffers: [][]byte{[]byte("plain")}},
		{Buffers: [][]byte{numbered(3, 100, 30)}, OOB: AppendUDPSegment(nil, 100)},
	}
	n, err := tx.Sendmmsg(out, 0)
	require.NoError(t, err)
	require.Equal(t, 3, n)

	// Without GRO: 64 + 1 + 3 datagrams.
	in := newMmsgs(80, 2048)
	total := 0
	for total < 68 {
		k, err := rx.Recvmmsg(in, MSG_DONTWAIT)
		require.NoError(t, err, "after %d datagrams", total)
		total += k
	}
	assert.Equal(t, 68, total)

	require.NoError(t, rx.SetUDPGRO(true))
	n, err = tx.Sendmmsg(out, 0)
	require.NoError(t, err)
	require.Equal(t, 3, n)
	in = newMmsgs(4, 64<<10)
	for i := range in {
		in[i].OOB = make([]byte, CmsgSpace(4))
	}
	got := 0
	for got < 3 {
		k, err := rx.Recvmmsg(in[got:], MSG_DONTWAIT)
		require.NoError(t, err)
		got += k
	}
	wants := []struct {
		n, size, segments int
	}{{64 * 64, 64, 64}, {5, 0, 1}, {230, 100, 3}}
	for i, want := range wants {
		m := in[i]
		require.Equal(t, want.n, m.N, "message %d", i)
		ci, err := ParseControl(m.OOB[:m.OOBN])
		require.NoError(t, err)
		if want.size == 0 {
			assert.Zero(t, ci.Has&CtrlGRO, "a single datagram comes without UDP_GRO")
		} else {
			assert.NotZero(t, ci.Has&CtrlGRO, "message %d", i)
			assert.Equal(t, want.size, ci.GROSize, "message %d", i)
		}
		k := 0
		for d := range SplitGRO(m.Buffers[0][:m.N], ci.GROSize) {
			if want.size > 0 {
				assert.Equal(t, byte(k), d[0], "segment %d of message %d", k, i)
			}
			k++
		}
		assert.Equal(t, want.segments, k, "segments of message %d", i)
	}
}

func TestSplitGRO(t *testing.T) {
	for _, tc := range []struct {
		name string
		b    []byte
		size int
		want []string
	}{
		{"even", []byte("aabbcc"), 2, []string{"aa", "bb", "cc"}},
		{"short last", []byte("aabbc"), 2, []string{"aa", "bb", "c"}},
		{"one segment", []byte("abc"), 8, []string{"abc"}},
		{"no GRO", []byte("abc"), 0, []string{"abc"}},
		{"empty", nil, 2, nil},
		{"empty no GRO", nil, 0, nil},
	} {
		var got []string
		for d := range SplitGRO(tc.b, tc.size) {
			got = append(got, string(d))
		}
		assert.Equal(t, tc.want, got, tc.name)
	}
	for d := range SplitGRO([]byte("aabb"), 2) {
		assert.Equal(t, "aa", string(d), "break stops the iteration")
		break
	}
	// A segment cannot grow into the next one.
	for d := range SplitGRO([]byte("aabb"), 2) {
		assert.Equal(t, 2, cap(d))
	}
	b := make([]byte, 4096)
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		for d := range SplitGRO(b, 64) {
			_ = d
		}
	}))
}

func TestAppendUDPSegment(t *testing.T) {
	// After an odd prefix the message is unaligned: it is written byte
	// by byte, and reads back the same.
	oob := AppendUDPSegment([]byte{0xee}, 1400)
	require.Len(t, oob, 1+CmsgSpace(2))
	c, rest, err := NextCmsg(oob[1:])
	require.NoError(t, err)
	assert.Empty(t, rest)
	assert.Equal(t, Cmsg{Level: SOL_UDP, Type: UDP_SEGMENT, Data: []byte{0x78, 0x05}}, c)
	room := make([]byte, 0, 64)
	assert.Zero(t, testing.AllocsPerRun(100, func() { AppendUDPSegment(room, 64) }))

	// A UDP_GRO message too short for its int is refused: the same
	// message with its type changed carries 2 bytes.
	gro := AppendUDPSegment(nil, 64)
	binary.NativeEndian.PutUint32(gro[unsafe.Offsetof(unix.Cmsghdr{}.Type):], UDP_GRO)
	_, err = ParseControl(gro)
	assert.ErrorIs(t, err, unix.EINVAL)
}
