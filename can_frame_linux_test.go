package socket

import (
	"bytes"
	"os/exec"
	"testing"
	"time"
	"unsafe"

	"github.com/bsdsock/socket/internal/cstruct"
	"github.com/bsdsock/socket/internal/netnstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// canFrames are a classic, a classic 8-byte frame with a DLC of 12, and an
// FD frame, with the C statements that build the same structs.
func canFrames() []struct {
	f CANFrame
	c string
} {
	classic := CANFrame{ID: 0x123, Len: 3}
	copy(classic.Data[:], "abc")
	dlc := CANFrame{ID: 0x1abcdef | CAN_EFF_FLAG, Len: 8, Len8DLC: 12}
	copy(dlc.Data[:], "01234567")
	fd := CANFrame{ID: 0x7ff, Len: 12, FD: true, Flags: CANFD_BRS | CANFD_ESI}
	copy(fd.Data[:], "twelve bytes")
	return []struct {
		f CANFrame
		c string
	}{
		{classic, `struct can_frame v; memset(&v, 0, sizeof v); v.can_id = 0x123; v.len = 3; memcpy(v.data, "abc", 3);`},
		{dlc, `struct can_frame v; memset(&v, 0, sizeof v); v.can_id = 0x1abcdef | CAN_EFF_FLAG; v.len = 8; v.len8_dlc = 12; memcpy(v.data, "01234567", 8);`},
		{fd, `struct canfd_frame v; memset(&v, 0, sizeof v); v.can_id = 0x7ff; v.len = 12; v.flags = CANFD_BRS | CANFD_ESI; memcpy(v.data, "twelve bytes", 12);`},
	}
}

// TestCANFrameBytes compares AppendCANFrame's bytes with C's struct
// can_frame and struct canfd_frame, and a []CANFilter's with an array of
// struct can_filter, and parses the frames back.
func TestCANFrameBytes(t *testing.T) {
	cases := canFrames()
	var body string
	for _, tc := range cases {
		body += "\t{ " + tc.c + " dump(&v, sizeof v); }\n"
	}
	body += "\t{ struct can_filter v[2] = {{0x123, CAN_SFF_MASK}, {0x100 | CAN_INV_FILTER, 0x700}}; dump(v, sizeof v); }\n"
	c := cstruct.Bytes(t, []string{"linux/can.h"}, body)
	require.Len(t, c, len(cases)+1)
	for i, tc := range cases {
		b, err := AppendCANFrame(nil, tc.f)
		require.NoError(t, err)
		assert.Equal(t, c[i], b, "frame %d: the C struct", i)
		back, err := ParseCANFrame(b)
		require.NoError(t, err)
		assert.Equal(t, tc.f, back, "frame %d: parsed back", i)
		assert.Equal(t, tc.f.Data[:tc.f.Len], back.Payload())
	}
	filters := []CANFilter{{0x123, CAN_SFF_MASK}, {0x100 | CAN_INV_FILTER, 0x700}}
	assert.Equal(t, c[len(cases)], canFilterBytes(filters), "struct can_filter[2]")
	assert.Equal(t, uintptr(8), unsafe.Sizeof(CANFilter{}))
}

// TestCANFrameRefused: fields no frame carries, and sizes no frame has,
// are errors wrapping EINVAL, and b is left as it was.
func TestCANFrameRefused(t *testing.T) {
	for name, f := range map[string]CANFrame{
		"9 bytes classic":         {Len: 9},
		"65 bytes FD":             {Len: 65, FD: true},
		"flags on classic":        {Len: 1, Flags: CANFD_BRS},
		"len8_dlc on 7 bytes":     {Len: 7, Len8DLC: 12},
		"len8_dlc 8":              {Len: 8, Len8DLC: 8},
		"len8_dlc 16":             {Len: 8, Len8DLC: 16},
		"len8_dlc on an FD frame": {Len: 8, FD: true, Len8DLC: 9},
	} {
		b, err := AppendCANFrame([]byte{1}, f)
		assert.ErrorIs(t, err, unix.EINVAL, name)
		assert.Equal(t, []byte{1}, b, name)
	}
	for _, n := range []int{0, 8, 15, 17, 71, 73} {
		_, err := ParseCANFrame(make([]byte, n))
		assert.ErrorIs(t, err, unix.EINVAL, "%d bytes", n)
	}
	long := make([]byte, CAN_MTU)
	long[4] = 9
	_, err := ParseCANFrame(long)
	assert.ErrorIs(t, err, unix.EINVAL, "a classic frame claiming 9 bytes")
	over := CANFrame{Len: 200}
	assert.Len(t, over.Payload(), CAN_MAX_DLEN, "Payload clips a Len the kind cannot carry")
}

// TestCANFrameDoesNotAllocate: encoding into a buffer with room, decoding
// and the filter bytes allocate nothing.
func TestCANFrameDoesNotAllocate(t *testing.T) {
	f := canFrames()[2].f
	room := make([]byte, 0, CANFD_MTU)
	filters := []CANFilter{{1, 2}}
	var sink int
	assert.Zero(t, testing.AllocsPerRun(200, func() {
		b, _ := AppendCANFrame(room, f)
		back, _ := ParseCANFrame(b)
		sink += len(back.Payload()) + len(canFilterBytes(filters))
	}))
	assert.NotZero(t, sink)
}

// FuzzParseCANFrame: no input panics, and a frame ParseCANFrame accepts
// encodes back to the same bytes but the padding and reserved ones.
func FuzzParseCANFrame(f *testing.F) {
	for _, tc := range canFrames() {
		b, _ := AppendCANFrame(nil, tc.f)
		f.Add(b)
	}
	f.Add(make([]byte, 15))
	f.Fuzz(func(t *testing.T, b []byte) {
		fr, err := ParseCANFrame(b)
		if err != nil {
			return
		}
		if !fr.FD && fr.Len8DLC != 0 && fr.check() != nil {
			return // a len8_dlc the kernel would not send: AppendCANFrame refuses it
		}
		again, err := AppendCANFrame(nil, fr)
		require.NoError(t, err)
		require.Len(t, again, len(b))
		assert.Equal(t, b[:5], again[:5], "can_id and len")
		assert.Equal(t, b[8:], again[8:], "data")
		if fr.FD {
			assert.Equal(t, b[5], again[5], "flags")
		} else {
			assert.Equal(t, b[7], again[7], "len8_dlc")
		}
	})
}

// vcanSockets makes a vcan interface in a network namespace of the test's
// own, with room for FD frames, and returns two CAN_RAW sockets bound to
// it (FD frames on) and its index. It skips, saying what is missing,
// where the kernel has no AF_CAN or no vcan, or without root.
func vcanSockets(t *testing.T) (a, b *Socket, ifindex int) {
	t.Helper()
	familySocket(t, AF_CAN, SOCK_RAW, CAN_RAW, "can", "can_raw")
	netnstest.Require(t)
	ns := netnstest.New(t, "cn")
	if out, err := exec.Command("ip", "-n", ns, "link", "add", "vcan0", "type", "vcan").CombinedOutput(); err != nil {
		if why := modprobe("vcan"); why != "" {
			t.Skipf("the kernel has no vcan: ip link add vcan0 type vcan: %s; %s", bytes.TrimSpace(out), why)
		}
		netnstest.IP(t, "-n", ns, "link", "add", "vcan0", "type", "vcan")
	}
	netnstest.IP(t, "-n", ns, "link", "set", "vcan0", "mtu", "72", "up")
	for i, name := range netnstest.Links(t, ns) {
		if name == "vcan0" {
			ifindex = i
		}
	}
	require.NotZero(t, ifindex)
	netnstest.In(t, ns, func() {
		a, b = newTestSocket(t, AF_CAN, SOCK_RAW, CAN_RAW), newTestSocket(t, AF_CAN, SOCK_RAW, CAN_RAW)
	})
	for _, s := range []*Socket{a, b} {
		require.NoError(t, s.SetsockoptInt(SOL_CAN_RAW, CAN_RAW_FD_FRAMES, 1))
		require.NoError(t, s.Bind(CANAddr(ifindex)))
		s.SetTimeout(5 * time.Second)
	}
	return a, b, ifindex
}

// TestCANRawVcan sends classic and FD frames over a vcan interface; the
// receiver's filter passes only ID 0x123, and Getsockname reads the
// interface back.
func TestCANRawVcan(t *testing.T) {
	tx, rx, ifindex := vcanSockets(t)
	got, err := rx.Getsockname()
	require.NoError(t, err)
	i, ok := got.CAN()
	require.True(t, ok, "getsockname gave %v", got)
	assert.Equal(t, ifindex, i)

	require.NoError(t, rx.SetCANRawFilter([]CANFilter{{0x123, CAN_SFF_MASK}}))
	filters := make([]CANFilter, CAN_RAW_FILTER_MAX)
	n, err := rx.CANRawFilter(filters)
	require.NoError(t, err)
	assert.Equal(t, []CANFilter{{0x123, CAN_SFF_MASK}}, filters[:n])

	frames := canFrames()
	other := CANFrame{ID: 0x456, Len: 1}
	for _, f := range []CANFrame{other, frames[0].f, other, frames[2].f} {
		b, err := AppendCANFrame(nil, f)
		require.NoError(t, err)
		_, err = tx.Send(b, 0)
		require.NoError(t, err)
	}
	buf := make([]byte, CANFD_MTU)
	for _, want := range []CANFrame{frames[0].f, frames[2].f} {
		n, err := rx.Recv(buf, 0)
		require.NoError(t, err)
		f, err := ParseCANFrame(buf[:n])
		require.NoError(t, err)
		assert.Equal(t, want.ID, f.ID)
		assert.Equal(t, want.Payload(), f.Payload())
		assert.Equal(t, want.FD, f.FD)
	}
	require.NoError(t, rx.SetCANRawFilter(nil), "no filter: no frame")
	n, err = rx.CANRawFilter(filters)
	require.NoError(t, err)
	assert.Zero(t, n)
}
