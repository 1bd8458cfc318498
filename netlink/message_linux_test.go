package netlink_test

import (
	"encoding/binary"
	"testing"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/internal/cstruct"
	"github.com/bsdsock/socket/netlink"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// ifinfomsg is a struct ifinfomsg asking about interface index.
func ifinfomsg(index int32) []byte {
	b := make([]byte, unix.SizeofIfInfomsg)
	binary.NativeEndian.PutUint32(b[4:], uint32(index))
	return b
}

// TestAppendMessageBytes compares a request with the one C builds with
// struct nlmsghdr, NLMSG_LENGTH and NLMSG_DATA, and a payload whose
// length is not a multiple of four with NLMSG_SPACE's padding.
func TestAppendMessageBytes(t *testing.T) {
	h := netlink.Header{Len: 999, Type: unix.RTM_GETLINK, Flags: unix.NLM_F_REQUEST | unix.NLM_F_ACK, Seq: 0x01020304, Pid: 0x0a0b0c0d}
	req, err := netlink.AppendMessage(nil, h, ifinfomsg(7))
	require.NoError(t, err)
	odd, err := netlink.AppendMessage([]byte{0xee}, netlink.Header{Type: 0x1234}, []byte("abcde"))
	require.NoError(t, err)
	assert.Equal(t, []byte{0xee}, odd[:1], "appended after what b held")
	odd = odd[1:]
	assert.Len(t, odd, 24, "NLMSG_SPACE(5)")

	c := cstruct.Bytes(t, []string{"linux/netlink.h", "linux/rtnetlink.h"}, `
	{ struct { struct nlmsghdr h; struct ifinfomsg i; } v; memset(&v, 0, sizeof v);
	  v.h.nlmsg_len = NLMSG_LENGTH(sizeof v.i); v.h.nlmsg_type = RTM_GETLINK; v.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	  v.h.nlmsg_seq = 0x01020304; v.h.nlmsg_pid = 0x0a0b0c0d; v.i.ifi_index = 7; dump(&v, sizeof v); }
	{ unsigned char v[NLMSG_SPACE(5)]; memset(v, 0, sizeof v); struct nlmsghdr *h = (struct nlmsghdr *)v;
	  h->nlmsg_len = NLMSG_LENGTH(5); h->nlmsg_type = 0x1234; memcpy(NLMSG_DATA(h), "abcde", 5); dump(v, sizeof v); }`)
	require.Len(t, c, 2)
	assert.Equal(t, c[0], req, "struct nlmsghdr and struct ifinfomsg")
	assert.Equal(t, c[1], odd, "NLMSG_LENGTH(5), padded to NLMSG_SPACE(5)")
}

// reply builds a buffer of messages as the kernel sends them.
func reply(t *testing.T, msgs ...netlink.Message) []byte {
	var b []byte
	for _, m := range msgs {
		var err error
		b, err = netlink.AppendMessage(b, m.Header, m.Data)
		require.NoError(t, err)
	}
	return b
}

// nlmsgerr is the payload of an NLMSG_ERROR: the negative errno (0 for an
// acknowledgement) and the failed request's header.
func nlmsgerr(errno unix.Errno, req netlink.Header) []byte {
	hdr, _ := netlink.AppendMessage(nil, req, nil)
	return append(errCode(errno), hdr...)
}

// errCode is the C int a kernel's answer starts with: minus the errno.
func errCode(errno unix.Errno) []byte {
	return binary.NativeEndian.AppendUint32(nil, uint32(-int32(errno)))
}

// TestMessages walks a reply of three messages, an acknowledgement and
// the kernel's errors, and stops where the caller breaks.
func TestMessages(t *testing.T) {
	req := netlink.Header{Type: unix.RTM_NEWLINK, Flags: unix.NLM_F_REQUEST, Seq: 9}
	b := reply(t,
		netlink.Message{Header: netlink.Header{Type: unix.RTM_NEWLINK, Flags: unix.NLM_F_MULTI, Seq: 9}, Data: []byte("abcde")},
		netlink.Message{Header: netlink.Header{Type: unix.NLMSG_ERROR, Seq: 9}, Data: nlmsgerr(0, req)},
		netlink.Message{Header: netlink.Header{Type: unix.NLMSG_ERROR, Seq: 9}, Data: nlmsgerr(unix.EPERM, req)},
		netlink.Message{Header: netlink.Header{Type: unix.NLMSG_DONE, Seq: 9}, Data: errCode(unix.ENOBUFS)},
		netlink.Message{Header: netlink.Header{Type: unix.NLMSG_DONE, Seq: 9}, Data: errCode(0)},
	)
	var types []uint16
	var errs []error
	for m, err := range netlink.Messages(b) {
		types = append(types, m.Type)
		errs = append(errs, err)
		assert.Equal(t, uint32(9), m.Seq)
	}
	assert.Equal(t, []uint16{unix.RTM_NEWLINK, unix.NLMSG_ERROR, unix.NLMSG_ERROR, unix.NLMSG_DONE, unix.NLMSG_DONE}, types)
	require.Len(t, errs, 5)
	assert.NoError(t, errs[0])
	assert.NoError(t, errs[1], "an NLMSG_ERROR of 0 is an acknowledgement")
	assert.ErrorIs(t, errs[2], unix.EPERM)
	var e *netlink.Error
	require.ErrorAs(t, errs[2], &e)
	assert.Equal(t, netlink.Error{Errno: unix.EPERM, Type: unix.RTM_NEWLINK, Seq: 9}, *e, "the failed request's type, from the echoed header")
	assert.Equal(t, "netlink: message type 16 seq 9: operation not permitted", e.Error())
	assert.ErrorIs(t, errs[3], unix.ENOBUFS, "a dump that ended early")
	assert.NoError(t, errs[4])

	for m := range netlink.Messages(b) {
		assert.Equal(t, "abcde", string(m.Data), "the payload without its padding")
		assert.Equal(t, uint32(netlink.HeaderLen+5), m.Len)
		break
	}
}

// TestMessagesMalformed: lengths that lie and short buffers end the walk
// with an error wrapping EINVAL, after the good messages before them.
func TestMessagesMalformed(t *testing.T) {
	good := reply(t, netlink.Message{Header: netlink.Header{Type: unix.RTM_NEWLINK}, Data: []byte("ok")})
	long := append([]byte(nil), good...)
	binary.NativeEndian.PutUint32(long, 100)
	short := append([]byte(nil), good...)
	binary.NativeEndian.PutUint32(short, 15)
	noCode := reply(t, netlink.Message{Header: netlink.Header{Type: unix.NLMSG_ERROR}, Data: []byte{1, 2}})
	for name, tc := range map[string]struct {
		b    []byte
		good int
	}{
		"header cut":                   {append(append([]byte(nil), good...), 1, 2, 3), 1},
		"length past the end":          {long, 0},
		"length under a header":        {short, 0},
		"NLMSG_ERROR without its code": {noCode, 0},
	} {
		var n int
		var last error
		for m, err := range netlink.Messages(tc.b) {
			if err == nil {
				assert.Equal(t, "ok", string(m.Data), name)
				n++
			}
			last = err
		}
		assert.Equal(t, tc.good, n, "%s: good messages", name)
		assert.ErrorIs(t, last, unix.EINVAL, name)
		var ae *socket.ArgError
		assert.ErrorAs(t, last, &ae, name)
	}
	for range netlink.Messages(nil) {
		t.Fatal("an empty buffer holds no message")
	}
}

// TestAttrs walks the attributes of a payload: padding between them is
// skipped, a nested attribute walks again, and a length that lies is an
// error wrapping EINVAL.
func TestAttrs(t *testing.T) {
	var b []byte
	b = appendAttr(b, unix.IFLA_IFNAME, []byte("lo\x00"))
	b = appendAttr(b, unix.IFLA_MTU, binary.NativeEndian.AppendUint32(nil, 65536))
	b = appendAttr(b, unix.IFLA_LINKINFO|unix.NLA_F_NESTED, appendAttr(nil, unix.IFLA_INFO_KIND, []byte("veth")))
	b = append(b, 0, 0) // less than a header: padding
	got := map[uint16][]byte{}
	for a, err := range netlink.Attrs(b) {
		require.NoError(t, err)
		got[a.Type] = a.Data
	}
	assert.Equal(t, "lo\x00", string(got[unix.IFLA_IFNAME]))
	assert.Equal(t, uint32(65536), binary.NativeEndian.Uint32(got[unix.IFLA_MTU]))
	for a, err := range netlink.Attrs(got[unix.IFLA_LINKINFO|unix.NLA_F_NESTED]) {
		require.NoError(t, err)
		assert.Equal(t, []any{uint16(unix.IFLA_INFO_KIND), "veth"}, []any{a.Type, string(a.Data)})
	}

	bad := appendAttr(nil, 1, []byte("x"))
	binary.NativeEndian.PutUint16(bad, 40)
	var last error
	for _, err := range netlink.Attrs(bad) {
		last = err
	}
	assert.ErrorIs(t, last, unix.EINVAL)
	binary.NativeEndian.PutUint16(bad, 2)
	for _, err := range netlink.Attrs(bad) {
		last = err
	}
	assert.ErrorIs(t, last, unix.EINVAL, "a length shorter than the header")
}

// appendAttr appends a struct rtattr and its value, padded, as RTA_LENGTH
// and RTA_SPACE say.
func appendAttr(b []byte, typ uint16, v []byte) []byte {
	b = binary.NativeEndian.AppendUint16(b, uint16(4+len(v)))
	b = binary.NativeEndian.AppendUint16(b, typ)
	b = append(b, v...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// TestWalkDoesNotAllocate: appending into a buffer with room, and walking
// messages and attributes, allocate nothing.
func TestWalkDoesNotAllocate(t *testing.T) {
	payload := appendAttr(ifinfomsg(1), unix.IFLA_IFNAME, []byte("lo\x00"))
	room := make([]byte, 0, 256)
	b := reply(t, netlink.Message{Header: netlink.Header{Type: unix.RTM_NEWLINK}, Data: payload},
		netlink.Message{Header: netlink.Header{Type: unix.NLMSG_DONE}, Data: make([]byte, 4)})
	var sink int
	allocs := testing.AllocsPerRun(200, func() {
		out, _ := netlink.AppendMessage(room, netlink.Header{Type: unix.RTM_GETLINK}, payload)
		sink += len(out)
		for m, err := range netlink.Messages(b) {
			if err != nil {
				panic(err)
			}
			if m.Type != unix.RTM_NEWLINK {
				continue
			}
			for a := range netlink.Attrs(m.Data[unix.SizeofIfInfomsg:]) {
				sink += len(a.Data)
			}
		}
	})
	assert.Zero(t, allocs)
	assert.NotZero(t, sink)
}

// FuzzMessages: no buffer makes the walks panic, every message yielded
// lies within the buffer, and a message read back and appended again
// reads the same.
func FuzzMessages(f *testing.F) {
	f.Add(reply(&testing.T{}, netlink.Message{Header: netlink.Header{Type: unix.RTM_NEWLINK, Seq: 1}, Data: appendAttr(ifinfomsg(1), 3, []byte("lo\x00"))}))
	f.Add(reply(&testing.T{}, netlink.Message{Header: netlink.Header{Type: unix.NLMSG_ERROR}, Data: nlmsgerr(unix.ENODEV, netlink.Header{Type: 18})}))
	f.Add([]byte{16, 0, 0, 0, 3, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		for m, err := range netlink.Messages(b) {
			if m.Len == 0 {
				require.Error(t, err)
				continue
			}
			require.LessOrEqual(t, int(m.Len), len(b))
			again, aerr := netlink.AppendMessage(nil, m.Header, m.Data)
			require.NoError(t, aerr)
			for back, berr := range netlink.Messages(again) {
				assert.Equal(t, m.Header, back.Header)
				assert.Equal(t, m.Data, back.Data)
				assert.Equal(t, err == nil, berr == nil)
			}
			for a := range netlink.Attrs(m.Data) {
				assert.LessOrEqual(t, len(a.Data), len(m.Data))
			}
		}
	})
}
