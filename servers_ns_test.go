//go:build linux

package socket

import (
	"net"
	"net/netip"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bsdsock/socket/internal/netnstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// These tests need addresses no host has: each builds namespaces of its
// own (internal/netnstest), a server "sv" and a client "cl" joined by a
// veth pair, with documentation addresses, and never touches the host's
// network.

// nsPair makes the client and server namespaces, linked with sv at
// 198.51.100.1 and 2001:db8::1 and cl at .2 and ::2, and returns them
// with the name of the server's end of the link.
func nsPair(t *testing.T) (sv, cl, svDev string) {
	t.Helper()
	netnstest.Require(t)
	sv, cl = netnstest.New(t, "sv"), netnstest.New(t, "cl")
	netnstest.Link(t, sv, "198.51.100.1/24", cl, "198.51.100.2/24")
	svDev, clDev := "v"+sv[len(sv)-2:]+cl[len(cl)-2:], "v"+cl[len(cl)-2:]+sv[len(sv)-2:]
	// nodad: the addresses are usable at once, not tentative for a second.
	netnstest.IP(t, "-n", sv, "addr", "add", "2001:db8::1/64", "dev", svDev, "nodad")
	netnstest.IP(t, "-n", cl, "addr", "add", "2001:db8::2/64", "dev", clDev, "nodad")
	return sv, cl, svDev
}

// newIn opens a socket in namespace ns, closed when the test ends.
func newIn(t *testing.T, ns string, family Family, typ Type, proto Protocol) *Socket {
	t.Helper()
	var s *Socket
	netnstest.In(t, ns, func() { s = newTestSocket(t, family, typ, proto) })
	return s
}

// ifIndexIn returns the index of interface name in namespace ns.
func ifIndexIn(t *testing.T, ns, name string) int {
	t.Helper()
	var idx int
	var err error
	netnstest.In(t, ns, func() {
		var ifi *net.Interface
		if ifi, err = net.InterfaceByName(name); err == nil {
			idx = ifi.Index
		}
	})
	require.NoError(t, err)
	return idx
}

// exchange sends "ping" from client to the server address to, receives it
// with its control messages, answers with the control messages reply
// builds from them, and returns what the server decoded and the address
// the answer came from, as the client saw it.
func exchange(t *testing.T, client, server *Socket, to netip.AddrPort, reply func(ci *ControlInfo) []byte) (ControlInfo, netip.Addr) {
	t.Helper()
	_, err := client.Sendto([]byte("ping"), 0, AddrFrom(to))
	require.NoError(t, err)
	m, _, ci := recvDecoded(t, server)
	_, err = server.Sendmsg([]byte("pong"), reply(&ci), 0, m.From)
	require.NoError(t, err)
	buf := make([]byte, 64)
	n, from, err := client.Recvfrom(buf, 0)
	require.NoError(t, err)
	require.Equal(t, "pong", string(buf[:n]))
	return ci, from.IP().Unmap()
}

// Must show 1: a reply sent with IP_PKTINFO or IPV6_PKTINFO leaves from the
// source chosen among two addresses of one interface. The server, bound to
// the wildcard address, is asked on the address the kernel would not pick
// by itself; a reply without packet info shows which one it picks, and the
// client checks the source of each reply it receives.
func TestPktInfoChoosesSource(t *testing.T) {
	sv, cl, svDev := nsPair(t)
	netnstest.IP(t, "-n", sv, "addr", "add", "198.51.100.3/24", "dev", svDev)
	netnstest.IP(t, "-n", sv, "addr", "add", "2001:db8::3/64", "dev", svDev, "nodad")
	svIndex := ifIndexIn(t, sv, svDev)

	for _, tc := range []struct {
		name           string
		server, client Family
		v6only         bool
		addrs          [2]string // the server's two addresses
	}{
		{"IP_PKTINFO", AF_INET, AF_INET, false, [2]string{"198.51.100.1", "198.51.100.3"}},
		{"IPV6_PKTINFO", AF_INET6, AF_INET6, true, [2]string{"2001:db8::1", "2001:db8::3"}},
		{"IPV6_PKTINFO/IPv4-mapped", AF_INET6, AF_INET, false, [2]string{"198.51.100.1", "198.51.100.3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			server := newIn(t, sv, tc.server, SOCK_DGRAM, 0)
			client := newIn(t, cl, tc.client, SOCK_DGRAM, 0)
			server.SetTimeout(5 * time.Second)
			client.SetTimeout(5 * time.Second)
			wildcard := netip.IPv4Unspecified()
			if tc.server == AF_INET6 {
				require.NoError(t, server.SetV6Only(tc.v6only))
				require.NoError(t, server.SetRecvPktInfoV6(true))
				wildcard = netip.IPv6Unspecified()
			} else {
				require.NoError(t, server.SetRecvPktInfo(true))
			}
			require.NoError(t, server.Bind(AddrFrom(netip.AddrPortFrom(wildcard, 0))))
			bound, err := server.Getsockname()
			require.NoError(t, err)
			port := uint16(bound.Port())
			at := func(a netip.Addr) netip.AddrPort { return netip.AddrPortFrom(a, port) }
			a0, a1 := netip.MustParseAddr(tc.addrs[0]), netip.MustParseAddr(tc.addrs[1])

			// Which address the kernel answers from when not told.
			ci, kernels := exchange(t, client, server, at(a0), func(*ControlInfo) []byte { return nil })
			require.Equal(t, CtrlPktInfo, ci.Has)
			assert.Equal(t, svIndex, ci.IfIndex)
			require.Contains(t, []netip.Addr{a0, a1}, kernels)
			other := a0
			if kernels == a0 {
				other = a1
			}

			// Asked on the other address, the server answers from it.
			ci, from := exchange(t, client, server, at(other), func(ci *ControlInfo) []byte { return ci.AppendReplyPktInfo(nil) })
			assert.Equal(t, other, ci.Dst.Unmap(), "the packet info names the address written to")
			if tc.server == AF_INET6 && tc.client == AF_INET {
				assert.True(t, ci.Dst.Is4In6(), "a dual-stack socket reports it IPv4-mapped")
			}
			assert.Equal(t, other, from, "the reply leaves from the address the client wrote to")

			// And from any of its addresses it is told, whatever it was asked on.
			_, from = exchange(t, client, server, at(other), func(ci *ControlInfo) []byte {
				src := kernels
				if ci.Dst.Is4In6() {
					src = netip.AddrFrom16(kernels.As16())
				}
				return AppendPktInfo(nil, src, 0)
			})
			assert.Equal(t, kernels, from)
		})
	}
}

// Must show 1: IP_ORIGDSTADDR and IPV6_ORIGDSTADDR report the original
// destination of a datagram a TPROXY rule diverts to a transparent socket:
// an address and port no socket and no interface of the server's
// namespace has. nft, or else iptables, installs the rule inside the
// namespace; the test skips where neither is installed.
func TestOrigDstAddrTPROXY(t *testing.T) {
	sv, cl, _ := nsPair(t)
	nft, errNft := exec.LookPath("nft")
	_, errIpt := exec.LookPath("iptables")
	if errNft != nil && errIpt != nil {
		t.Skip("needs nft (nftables) or iptables to install a TPROXY rule in the test namespace")
	}
	for _, tc := range []struct {
		family       Family
		ipv, lo, via string
		orig         netip.AddrPort
		bits         int // of the original destination's network
		table, ipt   string
	}{
		{AF_INET, "-4", "0.0.0.0/0", "198.51.100.1", netip.MustParseAddrPort("203.0.113.77:5353"), 24, "ip", "iptables"},
		{AF_INET6, "-6", "::/0", "2001:db8::1", netip.MustParseAddrPort("[2001:db8:77::7]:5353"), 48, "ip6", "ip6tables"},
	} {
		t.Run(tc.family.String(), func(t *testing.T) {
			server := newIn(t, sv, tc.family, SOCK_DGRAM, 0)
			server.SetTimeout(5 * time.Second)
			require.NoError(t, server.SetTransparent(true))
			if tc.family == AF_INET6 {
				require.NoError(t, server.SetRecvOrigDstV6(true))
			} else {
				require.NoError(t, server.SetRecvOrigDst(true))
			}
			wildcard := netip.IPv4Unspecified()
			if tc.family == AF_INET6 {
				wildcard = netip.IPv6Unspecified()
			}
			require.NoError(t, server.Bind(AddrFrom(netip.AddrPortFrom(wildcard, 0))))
			bound, err := server.Getsockname()
			require.NoError(t, err)
			port := strconv.Itoa(bound.Port())

			// The client routes the original destination's network to the
			// server, whose policy routing takes marked packets as local.
			netnstest.IP(t, "-n", cl, tc.ipv, "route", "add", netip.PrefixFrom(tc.orig.Addr(), tc.bits).Masked().String(), "via", tc.via)
			netnstest.IP(t, "-n", sv, tc.ipv, "rule", "add", "fwmark", "1", "lookup", "100")
			netnstest.IP(t, "-n", sv, tc.ipv, "route", "add", "local", tc.lo, "dev", "lo", "table", "100")
			if errNft == nil {
				rules := "table " + tc.table + " tproxytest {\n chain pre {\n  type filter hook prerouting priority mangle; policy accept;\n" +
					"  udp dport " + strconv.Itoa(int(tc.orig.Port())) + " tproxy to :" + port + " meta mark set 1 accept\n }\n}\n"
				cmd := exec.Command("ip", "netns", "exec", sv, nft, "-f", "-")
				cmd.Stdin = strings.NewReader(rules)
				out, err := cmd.CombinedOutput()
				require.NoError(t, err, "nft: %s", out)
			} else {
				out, err := exec.Command("ip", "netns", "exec", sv, tc.ipt, "-t", "mangle", "-A", "PREROUTING", "-p", "udp",
					"--dport", strconv.Itoa(int(tc.orig.Port())), "-j", "TPROXY", "--on-port", port, "--tproxy-mark", "1").CombinedOutput()
				require.NoError(t, err, "%s: %s", tc.ipt, out)
			}

			client := newIn(t, cl, tc.family, SOCK_DGRAM, 0)
			_, err = client.Sendto([]byte("diverted"), 0, AddrFrom(tc.orig))
			require.NoError(t, err)
			_, data, ci := recvDecoded(t, server)
			assert.Equal(t, "diverted", string(data))
			require.Equal(t, CtrlOrigDst, ci.Has)
			assert.Equal(t, tc.orig, ci.OrigDst, "the destination the client wrote to, not the socket's port")
			assert.NotEqual(t, bound.Port(), int(ci.OrigDst.Port()))
		})
	}
}

// Must show 1 (GSO probe, the device case): a veth end with transmit
// checksumming off (ethtool -K tx off) cannot take a segmented send's
// checksum. Before Linux 6.11 the kernel refused such a send with EIO,
// which turns the probe off; since then (commit "udp: Allow GSO transmit
// from devices with no checksum offload") it segments and checksums in
// software, the send goes, and the probe stays on. The test checks
// whichever this kernel should do; TestGSOProbe provokes the EIO on every
// kernel, with UDP-Lite.
func TestGSOProbeDeviceWithoutChecksum(t *testing.T) {
	sv, cl, svDev := nsPair(t)
	if _, err := exec.LookPath("ethtool"); err != nil {
		t.Skip("needs ethtool to turn a device's checksum offload off")
	}
	out, err := exec.Command("ip", "netns", "exec", sv, "ethtool", "-K", svDev, "tx", "off").CombinedOutput()
	require.NoError(t, err, "ethtool: %s", out)

	rx := newIn(t, cl, AF_INET, SOCK_DGRAM, 0)
	rx.SetTimeout(5 * time.Second)
	require.NoError(t, rx.Bind(AddrFrom(netip.MustParseAddrPort("198.51.100.2:0"))))
	to, err := rx.Getsockname()
	require.NoError(t, err)
	tx := newIn(t, sv, AF_INET, SOCK_DGRAM, 0)
	require.NoError(t, tx.Connect(to))
	on, err := tx.GSOAvailable()
	require.NoError(t, err)
	require.True(t, on)

	_, err = tx.Sendmsg(make([]byte, 3000), AppendUDPSegment(nil, 1000), 0, Addr{})
	if kernelBefore(t, 6, 11) {
		require.ErrorIs(t, err, unix.EIO)
		assert.True(t, IsGSOError(err))
		on, err = tx.GSOAvailable()
		require.NoError(t, err)
		assert.False(t, on)
		return
	}
	require.NoError(t, err, "Linux 6.11 and later segment in software")
	for range 3 {
		n, err := rx.Recv(make([]byte, 2000), 0)
		require.NoError(t, err)
		assert.Equal(t, 1000, n)
	}
	on, err = tx.GSOAvailable()
	require.NoError(t, err)
	assert.True(t, on)
}

// kernelBefore reports whether the running kernel is older than
// major.minor.
func kernelBefore(t *testing.T, major, minor int) bool {
	t.Helper()
	var u unix.Utsname
	require.NoError(t, unix.Uname(&u))
	rel := unix.ByteSliceToString(u.Release[:])
	parts := strings.SplitN(rel, ".", 3)
	require.GreaterOrEqual(t, len(parts), 2, "release %q", rel)
	maj, err := strconv.Atoi(parts[0])
	require.NoError(t, err)
	min, err := strconv.Atoi(strings.TrimLeftFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' }))
	require.NoError(t, err, "release %q", rel)
	return maj < major || maj == major && min < minor
}
