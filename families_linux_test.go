package socket

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/bsdsock/socket/internal/netnstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// rawBytes returns the bytes of a x/sys/unix Raw* sockaddr struct.
func rawBytes[T any](p *T) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(p)), unsafe.Sizeof(*p))
}

// TestNetlinkAddrBytes reads a NetlinkAddr back, as Python's tuple too,
// compares it with ==, and refuses a short one (TestFamilyAddrBytes
// compares its bytes with C's struct sockaddr_nl and x/sys/unix's).
func TestNetlinkAddrBytes(t *testing.T) {
	a := NetlinkAddr(0x01020304, 0x0a0b0c0d)
	assert.Equal(t, AF_NETLINK, a.Family())
	pid, groups, ok := a.Netlink()
	require.True(t, ok)
	assert.Equal(t, uint32(0x01020304), pid)
	assert.Equal(t, uint32(0x0a0b0c0d), groups)
	assert.Equal(t, "(16909060, 168496141)", a.String(), "Python's (pid, groups)")
	assert.True(t, a == NetlinkAddr(0x01020304, 0x0a0b0c0d), "comparable with ==")
	assert.False(t, a == NetlinkAddr(0x01020304, 0))

	back, err := AddrFromRaw(a.Raw())
	require.NoError(t, err)
	assert.True(t, back == a)
	_, _, ok = NetlinkAddr(1, 2).Vsock()
	assert.False(t, ok, "a netlink address is no vsock address")
	short, err := AddrFromRaw(a.Raw()[:8])
	require.NoError(t, err)
	_, _, ok = short.Netlink()
	assert.False(t, ok, "8 bytes do not hold a sockaddr_nl")
}

// TestVsockAddrBytes reads a VsockAddr back, as Python's tuple too,
// compares it with ==, and refuses a short one (TestFamilyAddrBytes
// compares its bytes with C's struct sockaddr_vm and x/sys/unix's).
func TestVsockAddrBytes(t *testing.T) {
	a := VsockAddr(VMADDR_CID_HOST, 0x01020304)
	assert.Equal(t, AF_VSOCK, a.Family())
	cid, port, ok := a.Vsock()
	require.True(t, ok)
	assert.Equal(t, uint32(VMADDR_CID_HOST), cid)
	assert.Equal(t, uint32(0x01020304), port)
	assert.Equal(t, "(2, 16909060)", a.String(), "Python's (cid, port)")
	assert.Equal(t, "(4294967295, 4294967295)", VsockAddr(VMADDR_CID_ANY, VMADDR_PORT_ANY).String())
	assert.True(t, a == VsockAddr(VMADDR_CID_HOST, 0x01020304), "comparable with ==")

	back, err := AddrFromRaw(a.Raw())
	require.NoError(t, err)
	assert.True(t, back == a)
	_, _, ok = a.Netlink()
	assert.False(t, ok, "a vsock address is no netlink address")
	short, err := AddrFromRaw(a.Raw()[:12])
	require.NoError(t, err)
	_, _, ok = short.Vsock()
	assert.False(t, ok, "12 bytes do not hold a sockaddr_vm")
}

// TestFamilyAddrsDoNotAllocate: the constructors and accessors of the
// netlink and vsock addresses allocate nothing.
func TestFamilyAddrsDoNotAllocate(t *testing.T) {
	var sink uint32
	allocs := testing.AllocsPerRun(200, func() {
		n := NetlinkAddr(7, 1)
		v := VsockAddr(3, 9)
		pid, groups, _ := n.Netlink()
		cid, port, _ := v.Vsock()
		_, _, _ = n.Vsock()
		sink += pid + groups + cid + port
	})
	assert.Zero(t, allocs)
	assert.NotZero(t, sink)
}

// TestNetlinkGetsockname binds an AF_NETLINK socket with pid 0, as Python's
// bind((0, 0)) does, and reads back the port ID the kernel assigned.
func TestNetlinkGetsockname(t *testing.T) {
	s := newTestSocket(t, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)
	require.NoError(t, s.Bind(NetlinkAddr(0, 0)))
	a, err := s.Getsockname()
	require.NoError(t, err)
	pid, groups, ok := a.Netlink()
	require.True(t, ok, "getsockname gave %v", a)
	assert.NotZero(t, pid, "the kernel assigns a port ID to pid 0")
	assert.Zero(t, groups)
	assert.Equal(t, NetlinkAddr(pid, 0), a)
	assert.Equal(t, "("+strconv.FormatUint(uint64(pid), 10)+", 0)", a.String())
}

// TestNetlinkRTMGetlink dumps the machine's links with RTM_GETLINK over
// NETLINK_ROUTE, as ip -o link does, and checks that their names and
// indexes are net.Interfaces' and ip -o link's (skipped without ip(8));
// every answer comes from the kernel, port ID 0, as Recvfrom decodes it.
func TestNetlinkRTMGetlink(t *testing.T) {
	s := newTestSocket(t, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)
	require.NoError(t, s.Bind(NetlinkAddr(0, 0)))
	links := dumpLinks(t, s)

	assert.Equal(t, netnstest.NetInterfaces(t), links, "net.Interfaces")
	assert.Equal(t, netnstest.Links(t, ""), links, "ip -o link")
}

// dumpLinks sends an RTM_GETLINK dump request on s and returns the
// interface names by index from the answers, parsed with package
// syscall's netlink helpers (x/sys/unix has the structs, not the parsers).
func dumpLinks(t *testing.T, s *Socket) map[int]string {
	t.Helper()
	req := make([]byte, unix.NLMSG_HDRLEN+unix.SizeofIfInfomsg)
	hdr := (*unix.NlMsghdr)(unsafe.Pointer(&req[0]))
	*hdr = unix.NlMsghdr{Len: uint32(len(req)), Type: unix.RTM_GETLINK, Flags: unix.NLM_F_REQUEST | unix.NLM_F_DUMP, Seq: 1}
	(*unix.IfInfomsg)(unsafe.Pointer(&req[unix.NLMSG_HDRLEN])).Family = unix.AF_UNSPEC
	_, err := s.Sendto(req, 0, NetlinkAddr(0, 0))
	require.NoError(t, err)

	s.SetTimeout(10 * time.Second)
	links := map[int]string{}
	buf := make([]byte, 64<<10)
	for {
		n, from, err := s.Recvfrom(buf, 0)
		require.NoError(t, err)
		pid, _, ok := from.Netlink()
		require.True(t, ok, "Recvfrom's address %v", from)
		assert.Zero(t, pid, "the answer comes from the kernel")
		msgs, err := syscall.ParseNetlinkMessage(buf[:n])
		require.NoError(t, err)
		for _, m := range msgs {
			switch m.Header.Type {
			case unix.NLMSG_DONE:
				return links
			case unix.NLMSG_ERROR:
				t.Fatalf("RTM_GETLINK: netlink error %v", m.Data)
			case unix.RTM_NEWLINK:
				require.GreaterOrEqual(t, len(m.Data), unix.SizeofIfInfomsg)
				ifi := (*unix.IfInfomsg)(unsafe.Pointer(&m.Data[0]))
				attrs, err := syscall.ParseNetlinkRouteAttr(&m)
				require.NoError(t, err)
				for _, a := range attrs {
					if a.Attr.Type == unix.IFLA_IFNAME {
						links[int(ifi.Index)] = strings.TrimRight(string(a.Value), "\x00")
					}
				}
			}
		}
	}
}

// newVsock returns an AF_VSOCK stream socket, or skips the test when the
// kernel has no vsock.
func newVsock(t *testing.T) *Socket {
	t.Helper()
	return familySocket(t, AF_VSOCK, SOCK_STREAM, 0, "vsock")
}

// bindVsockPort binds s to VMADDR_CID_ANY and a free port of the range
// tests use, and returns the port.
func bindVsockPort(t *testing.T, s *Socket) uint32 {
	t.Helper()
	for port := uint32(20000 + os.Getpid()%20000); ; port++ {
		err := s.Bind(VsockAddr(VMADDR_CID_ANY, port))
		if errors.Is(err, unix.EADDRINUSE) {
			continue
		}
		require.NoError(t, err)
		return port
	}
}

// TestVsockGetsockname binds an AF_VSOCK socket to VMADDR_CID_ANY and a
// port, Python's bind((VMADDR_CID_ANY, port)), and reads both back.
func TestVsockGetsockname(t *testing.T) {
	s := newVsock(t)
	port := bindVsockPort(t, s)
	a, err := s.Getsockname()
	require.NoError(t, err)
	cid, got, ok := a.Vsock()
	require.True(t, ok, "getsockname gave %v", a)
	assert.Equal(t, uint32(VMADDR_CID_ANY), cid)
	assert.Equal(t, port, got)
	assert.Equal(t, VsockAddr(VMADDR_CID_ANY, port), a)
}

// TestVsockLoopback connects to a listener over the loopback transport
// (VMADDR_CID_LOCAL), where the kernel has it, and checks the addresses
// Accept, Getpeername and Getsockname decode.
func TestVsockLoopback(t *testing.T) {
	ln := newVsock(t)
	port := bindVsockPort(t, ln)
	require.NoError(t, ln.Listen(1))

	c := newVsock(t)
	// Well past the kernel's own connect timeout (2 s), which must be
	// what ends an attempt with no transport to carry it.
	c.SetTimeout(10 * time.Second)
	err := c.Connect(VsockAddr(VMADDR_CID_LOCAL, port))
	require.NotErrorIs(t, err, os.ErrDeadlineExceeded, "the kernel's ETIMEDOUT, in SO_ERROR, was not reported")
	for _, no := range []unix.Errno{unix.ETIMEDOUT, unix.ENODEV, unix.EHOSTUNREACH, unix.ENETUNREACH, unix.ECONNRESET} {
		if errors.Is(err, no) {
			t.Skipf("no vsock loopback transport: connect to VMADDR_CID_LOCAL: %v (modprobe vsock_loopback)", err)
		}
	}
	require.NoError(t, err)

	ln.SetTimeout(3 * time.Second)
	conn, peer, err := ln.Accept()
	require.NoError(t, err)
	defer conn.Close()
	local, err := c.Getsockname()
	require.NoError(t, err)
	assert.Equal(t, local, peer, "Accept's peer is the client's own address")
	pcid, _, ok := peer.Vsock()
	require.True(t, ok)
	assert.Equal(t, uint32(VMADDR_CID_LOCAL), pcid)
	got, err := c.Getpeername()
	require.NoError(t, err)
	assert.Equal(t, VsockAddr(VMADDR_CID_LOCAL, port), got)

	_, err = c.Send([]byte("ping"), 0)
	require.NoError(t, err)
	buf := make([]byte, 8)
	n, err := conn.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "ping", string(buf[:n]))
}

// osFuzzAddrs are FuzzAddrFromRaw's seeds of the families only Linux
// decodes.
func osFuzzAddrs() []Addr {
	alg, _ := ALGAddr("hash", "sha256", 0, 0)
	return []Addr{NetlinkAddr(1234, 1), VsockAddr(VMADDR_CID_HOST, 80), CANAddr(1), CANJ1939Addr(1, 2, 3, 4),
		TIPCAddr(TIPC_ADDR_ID, 1, 2, 0, 2), QIPCRTRAddr(1, 2), alg}
}

// fuzzOSAddr decodes a as each family only Linux has: what a decoder
// accepts encodes back to the same fields (padding, reserved bytes and any
// longer tail are not decoded, and a short sockaddr_can has a zero
// union), and never panics.
func fuzzOSAddr(t *testing.T, a Addr) {
	raw := a.Raw()
	// fields compares the bytes [lo, hi) of the re-encoded address with
	// a's, as far as a has them.
	fields := func(again Addr, what string, spans ...[2]int) {
		back := again.Raw()
		for _, s := range spans {
			hi := min(s[1], len(raw))
			if s[0] < hi {
				assert.Equal(t, back[s[0]:hi], raw[s[0]:hi], what)
			}
		}
	}
	if pid, groups, ok := a.Netlink(); ok {
		fields(NetlinkAddr(pid, groups), "sockaddr_nl", [2]int{0, 2}, [2]int{4, 12})
	}
	if cid, port, ok := a.Vsock(); ok {
		fields(VsockAddr(cid, port), "sockaddr_vm", [2]int{0, 2}, [2]int{4, 12})
	}
	if node, port, ok := a.QIPCRTR(); ok {
		fields(QIPCRTRAddr(node, port), "sockaddr_qrtr", [2]int{0, 2}, [2]int{4, 12})
	}
	if typ, v1, v2, v3, scope, ok := a.TIPC(); ok {
		fields(TIPCAddr(typ, v1, v2, v3, scope), "sockaddr_tipc", [2]int{0, 16})
	}
	if i, name, pgn, addr, ok := a.CANJ1939(); ok && i >= 0 {
		fields(CANJ1939Addr(i, name, pgn, addr), "sockaddr_can j1939", [2]int{0, 2}, [2]int{4, 21})
		_, _, _, _ = a.CANISOTP()
	}
	// A field without its NUL decodes whole, and ALGAddr refuses it.
	if typ, name, feat, mask, ok := a.ALG(); ok && len(typ) < 14 && len(name) < 64 {
		again, err := ALGAddr(typ, name, feat, mask)
		if assert.NoError(t, err) {
			assert.Equal(t, again.Raw()[:2], raw[:2])
			assert.Equal(t, again.Raw()[16:24], raw[16:24], "feat and mask")
		}
	}
	_ = a.String()
}
