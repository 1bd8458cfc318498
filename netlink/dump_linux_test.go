package netlink_test

import (
	"encoding/binary"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/internal/netnstest"
	"github.com/bsdsock/socket/netlink"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// routeSocket returns a NETLINK_ROUTE socket bound with port ID 0 and the
// port ID the kernel gave it, read back with getsockname.
func routeSocket(t *testing.T) (*socket.Socket, uint32) {
	t.Helper()
	s, err := socket.New(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	require.NoError(t, s.Bind(socket.NetlinkAddr(0, 0)))
	a, err := s.Getsockname()
	require.NoError(t, err)
	pid, groups, ok := a.Netlink()
	require.True(t, ok, "getsockname gave %v", a)
	assert.Zero(t, groups)
	s.SetTimeout(10 * time.Second)
	return s, pid
}

// request sends one message to the kernel and returns the messages of its
// answer up to NLMSG_DONE, or up to the first error or acknowledgement
// when the request is no dump; each from the kernel, for seq, to pid.
func request(t *testing.T, s *socket.Socket, pid uint32, h netlink.Header, payload []byte) (msgs []netlink.Message, err error) {
	t.Helper()
	req, err := netlink.AppendMessage(nil, h, payload)
	require.NoError(t, err)
	_, err = s.Sendto(req, 0, socket.NetlinkAddr(0, 0))
	require.NoError(t, err)
	buf := make([]byte, 64<<10)
	for {
		n, from, err := s.Recvfrom(buf, 0)
		require.NoError(t, err)
		assert.Equal(t, socket.NetlinkAddr(0, 0), from, "the answer comes from the kernel")
		for m, err := range netlink.Messages(buf[:n]) {
			assert.Equal(t, h.Seq, m.Seq)
			assert.Equal(t, pid, m.Pid, "the answer is addressed to the port ID getsockname gave")
			if err != nil || m.Type == unix.NLMSG_DONE || m.Type == unix.NLMSG_ERROR {
				return msgs, err
			}
			m.Data = append([]byte(nil), m.Data...) // buf is reused
			msgs = append(msgs, m)
		}
	}
}

// linkName returns the index and IFLA_IFNAME of an RTM_NEWLINK message.
func linkName(t *testing.T, m netlink.Message) (int, string) {
	require.Equal(t, uint16(unix.RTM_NEWLINK), m.Type)
	require.GreaterOrEqual(t, len(m.Data), unix.SizeofIfInfomsg)
	index := int(int32(binary.NativeEndian.Uint32(m.Data[4:])))
	for a, err := range netlink.Attrs(m.Data[unix.SizeofIfInfomsg:]) {
		require.NoError(t, err)
		if a.Type == unix.IFLA_IFNAME {
			return index, strings.TrimRight(string(a.Data), "\x00")
		}
	}
	require.Fail(t, "RTM_NEWLINK without IFLA_IFNAME")
	return 0, ""
}

// TestDumpLinks binds with port ID 0 and gets one from the kernel, dumps
// the machine's links with RTM_GETLINK, and finds net.Interfaces' and ip
// -o link's names and indexes.
func TestDumpLinks(t *testing.T) {
	s, pid := routeSocket(t)
	assert.NotZero(t, pid, "the kernel assigns a port ID to pid 0")
	msgs, err := request(t, s, pid, netlink.Header{Type: unix.RTM_GETLINK, Flags: unix.NLM_F_REQUEST | unix.NLM_F_DUMP, Seq: 7},
		ifinfomsg(0))
	require.NoError(t, err)
	got := map[int]string{}
	for _, m := range msgs {
		index, name := linkName(t, m)
		got[index] = name
	}

	assert.Equal(t, netnstest.NetInterfaces(t), got, "net.Interfaces")
	assert.Equal(t, netnstest.Links(t, ""), got, "ip -o link")
}

// TestKernelError asks for an interface that does not exist, and reads
// the kernel's NLMSG_ERROR as an *Error unwrapping to ENODEV; a request
// that succeeds with NLM_F_ACK is answered with the link and then an
// acknowledgement, no error.
func TestKernelError(t *testing.T) {
	s, pid := routeSocket(t)
	_, err := request(t, s, pid, netlink.Header{Type: unix.RTM_GETLINK, Flags: unix.NLM_F_REQUEST, Seq: 8}, ifinfomsg(0x7ffffff0))
	require.ErrorIs(t, err, unix.ENODEV)
	var e *netlink.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, netlink.Error{Errno: unix.ENODEV, Type: unix.RTM_GETLINK, Seq: 8}, *e)

	msgs, err := request(t, s, pid, netlink.Header{Type: unix.RTM_GETLINK, Flags: unix.NLM_F_REQUEST | unix.NLM_F_ACK, Seq: 9}, ifinfomsg(1))
	require.NoError(t, err, "the acknowledgement is no error")
	require.Len(t, msgs, 1)
	index, name := linkName(t, msgs[0])
	assert.Equal(t, 1, index)
	lo, err := net.InterfaceByIndex(1)
	require.NoError(t, err)
	assert.Equal(t, lo.Name, name)
}
