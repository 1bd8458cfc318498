//go:build linux

package socket

import (
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/bpf"
	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
	"golang.org/x/sys/unix"
)

// The options a datagram server sets (busy polling, drop counts, original
// destinations, the interface by index, the filter lock) read back what
// was set, through the typed getters and GetsockoptInt.
func TestServerOptionsReadBack(t *testing.T) {
	lo := loopbackIndex(t)
	checkReadBack(t, []optCase{
		boolCase("RecvOrigDst", v4, udp4, SOL_IP, IP_RECVORIGDSTADDR, (*Socket).SetRecvOrigDst, (*Socket).RecvOrigDst),
		boolCase("RecvOrigDstV6", v6, udp4, SOL_IPV6, IPV6_RECVORIGDSTADDR, (*Socket).SetRecvOrigDstV6, (*Socket).RecvOrigDstV6),
		boolCase("RxqOvfl", v4, udp4, SOL_SOCKET, SO_RXQ_OVFL, (*Socket).SetRxqOvfl, (*Socket).RxqOvfl),
		durCase("BusyPoll", v4, udp4, SOL_SOCKET, SO_BUSY_POLL, time.Microsecond, (*Socket).SetBusyPoll, (*Socket).BusyPoll, 50, 0),
		boolCase("PreferBusyPoll", v4, udp4, SOL_SOCKET, SO_PREFER_BUSY_POLL, (*Socket).SetPreferBusyPoll, (*Socket).PreferBusyPoll),
		intCase("BindToIfindex", v4, udp4, SOL_SOCKET, SO_BINDTOIFINDEX, (*Socket).SetBindToIfindex, (*Socket).BindToIfindex, lo, 0),
		intCase("BindToIfindex/AF_INET6", v6, udp4, SOL_SOCKET, SO_BINDTOIFINDEX, (*Socket).SetBindToIfindex, (*Socket).BindToIfindex, lo, 0),
	})
}

// The options refuse what the kernel would misread, naming the option.
func TestServerOptionsBadInput(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	err := s.SetBusyPoll(-time.Microsecond)
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.ErrorContains(t, err, "SO_BUSY_POLL")

	// SO_BUSY_POLL_BUDGET is write-only: it takes the kernel's range and
	// nothing outside it. Raising it from its default 0 needs CAP_NET_ADMIN.
	require.NoError(t, s.SetBusyPollBudget(0))
	if err := s.SetBusyPollBudget(64); !needsPrivilege(err) {
		require.NoError(t, err)
	}
	for _, n := range []int{-1, 1 << 16} {
		err = s.SetBusyPollBudget(n)
		assert.ErrorIs(t, err, unix.EINVAL, "the kernel's range is 0..65535")
		var ae *ArgError
		assert.ErrorAs(t, err, &ae)
		assert.ErrorContains(t, err, "SO_BUSY_POLL_BUDGET")
	}
	_, err = s.GetsockoptInt(SOL_SOCKET, SO_BUSY_POLL_BUDGET)
	assert.ErrorIs(t, err, unix.ENOPROTOOPT, "why there is no getter")

	// An index is taken unchecked; the sends then fail.
	unchecked := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	assert.ErrorIs(t, unchecked.SetBindToIfindex(-1), unix.EINVAL)
	require.NoError(t, unchecked.SetBindToIfindex(1<<30))
	_, err = unchecked.Sendto([]byte("x"), 0, AddrFrom(netip.MustParseAddrPort("127.0.0.1:9")))
	assert.ErrorIs(t, err, unix.ENODEV)

	// A binding by name reads back as its index, and the other way round.
	named := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	require.NoError(t, named.SetBindToDevice("lo"))
	idx, err := named.BindToIfindex()
	require.NoError(t, err)
	assert.Equal(t, loopbackIndex(t), idx)
	err = named.SetBindToIfindex(0)
	if needsPrivilege(err) {
		t.Skipf("changing a binding needs CAP_NET_RAW: %v", err)
	}
	require.NoError(t, err)
	name, err := named.BindToDevice()
	require.NoError(t, err)
	assert.Empty(t, name)
}

// recvDecoded receives one datagram on s, blocking, and decodes its
// control messages; the control buffer must have been large enough.
func recvDecoded(t *testing.T, s *Socket) (Msg, []byte, ControlInfo) {
	t.Helper()
	buf, oob := make([]byte, 2048), make([]byte, 256)
	m, err := s.Recvmsg(buf, oob, 0)
	require.NoError(t, err)
	require.Zero(t, m.Flags&MSG_CTRUNC, "the control buffer was large enough")
	ci, err := ParseControl(oob[:m.OOBN])
	require.NoError(t, err)
	return m, buf[:m.N], ci
}

// recvMarks receives n datagrams on b and returns the TOS (or traffic class)
// each carried, in order.
func recvMarks(t *testing.T, b *Socket, n int) []int {
	t.Helper()
	var got []int
	for range n {
		_, _, ci := recvDecoded(t, b)
		switch {
		case ci.Has&CtrlTOS != 0:
			got = append(got, ci.TOS)
		case ci.Has&CtrlTrafficClass != 0:
			got = append(got, ci.TrafficClass)
		default:
			t.Fatalf("datagram without TOS or traffic class: %v", ci.Has)
		}
	}
	return got
}

// sendMarked sends one datagram per mark in one Sendmmsg, each with the
// control message mark builds.
func sendMarked(t *testing.T, a *Socket, to Addr, marks []int, build func([]byte, byte) []byte) {
	t.Helper()
	msgs := make([]Mmsg, len(marks))
	for i, m := range marks {
		msgs[i] = Mmsg{Buffers: [][]byte{{byte(i)}}, OOB: build(nil, byte(m)), Addr: to}
	}
	n, err := a.Sendmmsg(msgs, 0)
	require.NoError(t, err)
	require.Equal(t, len(marks), n)
}

// Must show 1: ECN bits set per message arrive, read with IP_RECVTOS and
// IPV6_RECVTCLASS on the other side, while the socket's own TOS stays 0.
// A dual-stack socket answering an IPv4 client marks with IP_TOS.
func TestECNPerMessage(t *testing.T) {
	marks := []int{INET_ECN_ECT_0, INET_ECN_NOT_ECT, INET_ECN_CE, INET_ECN_ECT_1, 0xb8 | INET_ECN_ECT_0}

	t.Run("IP_TOS", func(t *testing.T) {
		a, b := udpPair(t, AF_INET)
		require.NoError(t, b.SetRecvTOS(true))
		sendMarked(t, a, Addr{}, marks, AppendTOS)
		assert.Equal(t, marks, recvMarks(t, b, len(marks)))
		tos, err := a.TOS()
		require.NoError(t, err)
		assert.Zero(t, tos, "the marks came from the messages, not the socket")
	})
	t.Run("IPV6_TCLASS", func(t *testing.T) {
		a, b := udpPair(t, AF_INET6)
		require.NoError(t, b.SetRecvTrafficClass(true))
		sendMarked(t, a, Addr{}, marks, AppendTrafficClass)
		assert.Equal(t, marks, recvMarks(t, b, len(marks)))
	})
	t.Run("dual-stack to IPv4-mapped", func(t *testing.T) {
		b, to := boundUDP(t, AF_INET)
		require.NoError(t, b.SetRecvTOS(true))
		a := newTestSocket(t, AF_INET6, SOCK_DGRAM, 0)
		require.NoError(t, a.SetV6Only(false))
		mapped := AddrFrom(netip.AddrPortFrom(netip.AddrFrom16(to.IP().As16()), uint16(to.Port())))
		sendMarked(t, a, mapped, marks, AppendTOS)
		assert.Equal(t, marks, recvMarks(t, b, len(marks)))
	})
}

// The builders lay messages out as x/net's marshalers and x/sys's parser
// expect, and AppendReplyPktInfo turns a received packet info into the
// reply's.
func TestAppendControlLayout(t *testing.T) {
	src6 := netip.MustParseAddr("2001:db8::7")
	got := AppendPktInfo(AppendTrafficClass(nil, 0x2e), src6, 3)
	want := (&ipv6.ControlMessage{TrafficClass: 0x2e, Src: net.IP(src6.AsSlice()), IfIndex: 3}).Marshal()
	assert.Equal(t, want, got, "IPV6_TCLASS then IPV6_PKTINFO, as x/net marshals them")

	src4 := netip.MustParseAddr("198.51.100.3")
	got = AppendPktInfo(nil, src4, 5)
	want = (&ipv4.ControlMessage{Src: net.IP(src4.AsSlice()), IfIndex: 5}).Marshal()
	assert.Equal(t, want, got, "IP_PKTINFO with ipi_spec_dst, as x/net marshals it")

	b := AppendTOS(AppendUDPSegment([]byte("prefix"), 1200), 0x03)[len("prefix"):]
	msgs, err := unix.ParseSocketControlMessage(b)
	require.NoError(t, err)
	require.Len(t, msgs, 2)
	assert.Equal(t, []byte{0x03}, msgs[1].Data, "IP_TOS is one byte on Linux")
	assert.EqualValues(t, IP_TOS, msgs[1].Header.Type)

	assert.Empty(t, AppendPktInfo(nil, netip.Addr{}, 1), "the zero Addr appends nothing")
	ci := ControlInfo{Dst: src6, IfIndex: 3}
	assert.Empty(t, ci.AppendReplyPktInfo(nil), "without CtrlPktInfo there is nothing to answer from")

	// A received packet info, decoded, becomes the reply's: the same
	// address, the same interface, the IPv4-mapped form kept for IPv6.
	for _, dst := range []netip.Addr{src4, src6, netip.MustParseAddr("::ffff:198.51.100.3")} {
		rx := buildCmsg(SOL_IPV6, IPV6_PKTINFO, append(dst.AsSlice(), ne32(9)...))
		if dst.Is4() {
			rx = buildCmsg(SOL_IP, IP_PKTINFO, append(append(ne32(9), 0, 0, 0, 0), dst.AsSlice()...))
		}
		ci, err := ParseControl(rx)
		require.NoError(t, err)
		reply := ci.AppendReplyPktInfo(nil)
		back, err := ParseControl(rx)
		require.NoError(t, err)
		assert.Equal(t, AppendPktInfo(nil, back.Dst, back.IfIndex), reply, "%v", dst)
		c, _, err := NextCmsg(reply)
		require.NoError(t, err)
		if dst.Is4() {
			assert.Equal(t, dst.AsSlice(), c.Data[4:8], "ipi_spec_dst")
		} else {
			assert.Equal(t, dst.AsSlice(), c.Data[:16], "ipi6_addr")
		}
	}
}

// The kernel refuses a source address the host does not have, and an
// interface that does not exist, for the one send that asks for them.
func TestPktInfoRefused(t *testing.T) {
	for _, tc := range []struct {
		family   Family
		src, lo  string
		notLocal unix.Errno
	}{
		{AF_INET, "192.0.2.55", "127.0.0.1", unix.ENETUNREACH},
		{AF_INET6, "2001:db8::55", "::1", unix.EINVAL},
	} {
		rx, to := boundUDP(t, tc.family)
		tx := newTestSocket(t, tc.family, SOCK_DGRAM, 0)
		_, err := tx.Sendmsg([]byte("x"), AppendPktInfo(nil, netip.MustParseAddr(tc.src), 0), 0, to)
		assert.ErrorIs(t, err, tc.notLocal, "%s is not this host's", tc.src)
		_, err = tx.Sendmsg([]byte("x"), AppendPktInfo(nil, netip.MustParseAddr(tc.lo), 1<<30), 0, to)
		assert.ErrorIs(t, err, unix.ENODEV)
		_, err = tx.Sendmsg([]byte("ok"), AppendPktInfo(nil, netip.MustParseAddr(tc.lo), loopbackIndex(t)), 0, to)
		require.NoError(t, err)
		n, from, err := rx.Recvfrom(make([]byte, 8), 0)
		require.NoError(t, err)
		assert.Equal(t, 2, n, "only the good send arrived")
		assert.Equal(t, tc.lo, from.IP().String())
	}
}

// Building the send-side messages into a buffer with room, and decoding
// the receive-side ones, allocate nothing.
func TestServerControlAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's instrumentation allocates")
	}
	oob := make([]byte, 0, 256)
	src4, src6 := netip.MustParseAddr("198.51.100.3"), netip.MustParseAddr("2001:db8::3")
	rx := append(append(buildCmsg(SOL_IP, IP_ORIGDSTADDR, sockaddrIn4(t, "198.51.100.9:53")),
		buildCmsg(SOL_SOCKET, SO_RXQ_OVFL, ne32(7))...),
		buildCmsg(SOL_IPV6, IPV6_PKTINFO, append(src6.AsSlice(), ne32(2)...))...)
	allocs := testing.AllocsPerRun(200, func() {
		b := AppendTOS(oob[:0], INET_ECN_ECT_0)
		b = AppendTrafficClass(b, INET_ECN_ECT_1)
		b = AppendPktInfo(b, src4, 1)
		b = AppendPktInfo(b, src6, 1)
		b = AppendUDPSegment(b, 1200)
		ci, err := ParseControl(rx)
		if err != nil || ci.Has != CtrlOrigDst|CtrlDropped|CtrlPktInfo {
			t.Fatalf("%v %v", ci.Has, err)
		}
		b = ci.AppendReplyPktInfo(b)
		if len(b) == 0 {
			t.Fatal("nothing built")
		}
	})
	assert.Zero(t, allocs)
}

// sockaddrIn4 is the struct sockaddr_in of ap, as IP_ORIGDSTADDR carries
// it.
func sockaddrIn4(t *testing.T, ap string) []byte {
	t.Helper()
	a := AddrFrom(netip.MustParseAddrPort(ap))
	return append([]byte(nil), a.Raw()...)
}

// Must show 1: SO_RXQ_OVFL counts the datagrams a socket drops when its
// small receive buffer overflows, exactly: those sent less those queued.
func TestRxqOvflCountsDrops(t *testing.T) {
	a, b := udpPair(t, AF_INET)
	require.NoError(t, b.SetRecvBuffer(1)) // the kernel's minimum: a few datagrams
	require.NoError(t, b.SetRxqOvfl(true))
	on, err := b.RxqOvfl()
	require.NoError(t, err)
	require.True(t, on)

	const sent = 200
	msg := make([]byte, 1000)
	for range sent {
		_, err := a.Send(msg, 0)
		require.NoError(t, err)
	}
	buf, oob := make([]byte, 2048), make([]byte, CmsgSpace(4))
	queued := 0
	for ; ; queued++ {
		m, err := b.Recvmsg(buf, oob, MSG_DONTWAIT)
		if err != nil {
			require.ErrorIs(t, err, unix.EAGAIN)
			break
		}
		ci, err := ParseControl(oob[:m.OOBN])
		require.NoError(t, err)
		if queued == 0 {
			assert.Zero(t, ci.Has&CtrlDropped, "nothing was dropped before the first")
		}
	}
	require.Positive(t, queued)
	require.Less(t, queued, sent, "the small buffer overflowed")

	// The next datagram carries the count of all drops before it.
	_, err = a.Send([]byte("after"), 0)
	require.NoError(t, err)
	_, _, ci := recvDecoded(t, b)
	require.Equal(t, CtrlDropped, ci.Has)
	assert.EqualValues(t, sent-queued, ci.Dropped)
}

// udpFrom returns a UDP socket bound on 127.0.0.1 that sends to to.
func udpFrom(t *testing.T, to Addr) *Socket {
	t.Helper()
	s := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	require.NoError(t, s.Bind(loopback(t, AF_INET)))
	require.NoError(t, s.Connect(to))
	return s
}

// queuedDatagrams returns the datagrams queued on s, as strings.
func queuedDatagrams(t *testing.T, s *Socket) []string {
	t.Helper()
	var got []string
	buf := make([]byte, 256)
	for {
		n, err := s.Recv(buf, MSG_DONTWAIT)
		if err != nil {
			require.ErrorIs(t, err, unix.EAGAIN)
			return got
		}
		got = append(got, string(buf[:n]))
	}
}

// Must show 1: a classic BPF filter on a UDP socket drops what it rejects:
// here datagrams from any port but one, then datagrams shorter than 4
// bytes. The program sees the datagram from its UDP header on.
func TestFilterOnUDPSocket(t *testing.T) {
	rx, to := boundUDP(t, AF_INET)
	good, bad := udpFrom(t, to), udpFrom(t, to)
	ga, err := good.Getsockname()
	require.NoError(t, err)

	fromPort, err := bpf.Assemble([]bpf.Instruction{
		bpf.LoadAbsolute{Off: 0, Size: 2}, // the UDP source port
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: uint32(ga.Port()), SkipFalse: 1},
		bpf.RetConstant{Val: 0xffff},
		bpf.RetConstant{Val: 0},
	})
	require.NoError(t, err)
	require.NoError(t, rx.AttachFilter(fromPort))
	for _, s := range []*Socket{bad, good, bad} {
		_, err := s.Send([]byte("data"), 0)
		require.NoError(t, err)
	}
	_, err = good.Send([]byte("last"), 0)
	require.NoError(t, err)
	time.Sleep(10 * time.Millisecond) // loopback delivers at once; this is slack
	assert.Equal(t, []string{"data", "last"}, queuedDatagrams(t, rx), "only the good port's datagrams")

	atLeast4, err := bpf.Assemble([]bpf.Instruction{
		bpf.LoadExtension{Num: bpf.ExtLen}, // UDP header and payload
		bpf.JumpIf{Cond: bpf.JumpGreaterOrEqual, Val: 8 + 4, SkipFalse: 1},
		bpf.RetConstant{Val: 0xffff},
		bpf.RetConstant{Val: 0},
	})
	require.NoError(t, err)
	require.NoError(t, rx.AttachFilter(atLeast4), "replaces the port filter")
	for _, m := range []string{"a", "abcd", "abc", "abcdefgh"} {
		_, err := bad.Send([]byte(m), 0)
		require.NoError(t, err)
	}
	time.Sleep(10 * time.Millisecond)
	assert.Equal(t, []string{"abcd", "abcdefgh"}, queuedDatagrams(t, rx))

	require.NoError(t, rx.DetachFilter())
	assert.ErrorIs(t, rx.DetachFilter(), unix.ENOENT, "nothing left to detach")
	_, err = bad.Send([]byte("x"), 0)
	require.NoError(t, err)
	time.Sleep(10 * time.Millisecond)
	assert.Equal(t, []string{"x"}, queuedDatagrams(t, rx), "no filter: everything arrives")
}

// A locked filter can be neither replaced, removed, nor unlocked; bad
// programs are refused before or by the kernel, naming the argument.
func TestFilterLockAndBadInput(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	dropAll := []bpf.RawInstruction{{Op: 0x06}} // ret #0

	err := s.AttachFilter(nil)
	assert.ErrorIs(t, err, unix.EINVAL)
	var ae *ArgError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "prog", ae.Arg)
	assert.ErrorIs(t, s.AttachFilter(make([]bpf.RawInstruction, 1<<16)), unix.EINVAL)
	err = s.AttachFilter([]bpf.RawInstruction{{Op: 0x05, K: 9}, {Op: 0x06}}) // ja past the end
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.ErrorContains(t, err, "SO_ATTACH_FILTER")

	require.NoError(t, s.AttachFilter(dropAll))
	locked, err := s.LockFilter()
	require.NoError(t, err)
	assert.False(t, locked)
	require.NoError(t, s.SetLockFilter(true))
	locked, err = s.LockFilter()
	require.NoError(t, err)
	assert.True(t, locked)
	assert.ErrorIs(t, s.AttachFilter(dropAll), unix.EPERM)
	assert.ErrorIs(t, s.DetachFilter(), unix.EPERM)
	assert.ErrorIs(t, s.SetLockFilter(false), unix.EPERM)

	require.NoError(t, s.Close())
	assert.ErrorIs(t, s.AttachFilter(dropAll), net.ErrClosed)
}

// Must show 1 (GSO probe): a UDP socket can segment; a TCP socket cannot;
// and a UDP-Lite socket, whose sends the kernel cannot segment, fails a
// segmented send with EIO, which IsGSOError recognises and after which the
// probe says off. A send without segmentation then goes through.
func TestGSOProbe(t *testing.T) {
	udp := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	on, err := udp.GSOAvailable()
	require.NoError(t, err)
	assert.True(t, on, "UDP on Linux 4.18 or later")
	tcp := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	on, err = tcp.GSOAvailable()
	require.NoError(t, err)
	assert.False(t, on, "TCP has no UDP_SEGMENT")

	lite, err := New(AF_INET, SOCK_DGRAM, IPPROTO_UDPLITE)
	if err != nil {
		t.Skipf("no UDP-Lite in this kernel, so no EIO to provoke on loopback: %v", err)
	}
	defer lite.Close()
	rx := newTestSocket(t, AF_INET, SOCK_DGRAM, IPPROTO_UDPLITE)
	require.NoError(t, rx.Bind(loopback(t, AF_INET)))
	to, err := rx.Getsockname()
	require.NoError(t, err)
	require.NoError(t, lite.Connect(to))
	on, err = lite.GSOAvailable()
	require.NoError(t, err)
	require.True(t, on, "the probe cannot know before a send")

	segmented := []Mmsg{{Buffers: [][]byte{make([]byte, 3000)}, OOB: AppendUDPSegment(nil, 1000)}}
	_, err = lite.Sendmmsg(segmented, 0)
	require.ErrorIs(t, err, unix.EIO)
	assert.True(t, IsGSOError(err))
	assert.ErrorContains(t, err, "UDP_SEGMENT")
	on, err = lite.GSOAvailable()
	require.NoError(t, err)
	assert.False(t, on, "off after the EIO")

	_, err = lite.Sendmsg(make([]byte, 3000), AppendUDPSegment(nil, 1000), 0, Addr{})
	assert.True(t, IsGSOError(err), "Sendmsg reports it the same way: %v", err)
	_, err = lite.Send(make([]byte, 1000), 0)
	require.NoError(t, err, "unsegmented, the same data goes")
	assert.False(t, IsGSOError(nil))
	assert.False(t, IsGSOError(unix.EIO), "a bare errno was not classified by a send")
	rx.SetTimeout(time.Second)
	n, err := rx.Recv(make([]byte, 2000), 0)
	require.NoError(t, err)
	assert.Equal(t, 1000, n)
}
