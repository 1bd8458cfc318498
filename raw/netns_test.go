//go:build linux

package raw_test

import (
	"context"
	"net/netip"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/internal/netnstest"
	"github.com/bsdsock/socket/raw"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
)

// Must-show 4, first half: a ping crosses a veth between two namespaces.
func TestPingAcrossVeth(t *testing.T) {
	netnstest.Require(t)
	a, b := netnstest.New(t, "ha"), netnstest.New(t, "hb")
	netnstest.Link(t, a, "192.0.2.1/24", b, "192.0.2.2/24")
	var p *raw.Pinger
	var err error
	netnstest.In(t, a, func() { p, err = raw.NewPinger(socket.AF_INET, socket.SOCK_RAW) })
	require.NoError(t, err)
	defer p.Close()
	pingAll(t, p, netip.MustParseAddr("192.0.2.2"), 3)
}

// The ICMP datagram socket where the namespace's ping_group_range allows
// root's group: no CAP_NET_RAW needed for the socket itself.
func TestPingDatagramNamespace(t *testing.T) {
	netnstest.Require(t)
	ns := netnstest.New(t, "dg")
	var p *raw.Pinger
	var err error
	netnstest.In(t, ns, func() {
		if err = os.WriteFile("/proc/sys/net/ipv4/ping_group_range", []byte("0 0"), 0); err == nil {
			p, err = raw.NewPinger(socket.AF_INET, socket.SOCK_DGRAM)
		}
	})
	require.NoError(t, err)
	defer p.Close()
	pingAll(t, p, netip.MustParseAddr("127.0.0.1"), 2)
}

// traceIn runs Traceroute to dst with method from the client namespace
// of a new netnstest.TwoRouters topology (a topology each: see
// TwoRouters on rate limits). The destination answers every UDP probe:
// its ICMP rate limit is off too.
func traceIn(t *testing.T, method raw.TraceMethod, dst string) []raw.Hop {
	t.Helper()
	cl, _, _, sv := netnstest.TwoRouters(t)
	netnstest.Sysctl(t, sv, "net.ipv4.icmp_ratelimit", "0")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var hops []raw.Hop
	var err error
	netnstest.In(t, cl, func() {
		hops, err = raw.Traceroute(ctx, netip.MustParseAddr(dst), raw.TraceConfig{Method: method, MaxHops: 8, Wait: 2 * time.Second})
	})
	require.NoError(t, err)
	return hops
}

// Must-show 4, second half, and issues 23 and 25: traceroute through two
// namespaces acting as routers lists both, then the destination, with
// three probes per hop, each answered and timed, with UDP probes read
// from the error queue and with raw ICMP echo.
func TestTracerouteTwoRouters(t *testing.T) {
	netnstest.Require(t)
	for _, method := range []raw.TraceMethod{raw.TraceUDP, raw.TraceICMP} {
		t.Run(method.String(), func(t *testing.T) {
			dst := netip.MustParseAddr("203.0.113.2")
			hops := traceIn(t, method, dst.String())
			require.Len(t, hops, 3)
			for i, want := range []string{"192.0.2.2", "198.51.100.2", "203.0.113.2"} {
				h := hops[i]
				assert.Equal(t, i+1, h.TTL)
				require.Len(t, h.Probes, 3, "traceroute's three probes per hop")
				for _, pr := range h.Probes {
					assert.True(t, pr.Answered)
					assert.Equal(t, want, pr.Reply.From.String(), "hop %d", i+1)
					assert.Positive(t, pr.Reply.RTT)
					assert.Empty(t, pr.Reply.Annotation())
					assert.Equal(t, 64-i, pr.Reply.TTL, "the answer's TTL as it arrived")
				}
				assert.Equal(t, i == 2, h.Final(dst))
			}
			assert.Equal(t, ipv4.ICMPTypeTimeExceeded, hops[0].Probes[0].Reply.Type)
			assert.Equal(t, ipv4.ICMPTypeTimeExceeded, hops[1].Probes[2].Reply.Type)
			last := hops[2].Probes[1].Reply
			if method == raw.TraceICMP {
				assert.True(t, last.Reached())
				return
			}
			assert.Equal(t, ipv4.ICMPTypeDestinationUnreachable, last.Type, "the destination's port unreachable")
			assert.Equal(t, 3, last.Code)
			for i, h := range hops {
				for j, pr := range h.Probes {
					assert.Equal(t, 33434+3*i+j, pr.Reply.Seq, "each probe to the next port")
					assert.NotZero(t, pr.Reply.ID, "the probes' source port")
				}
			}
		})
	}
}

// Issue 25: a destination unreachable stops the trace at its hop, as
// traceroute stops after a line of !N or !H: r2 has no route to
// 203.0.113.130 (net unreachable) and an unreachable route to
// 203.0.113.200 (host unreachable).
func TestTracerouteUnreachableStops(t *testing.T) {
	netnstest.Require(t)
	for _, method := range []raw.TraceMethod{raw.TraceUDP, raw.TraceICMP} {
		for _, tc := range []struct {
			dst, mark string
			code      int
		}{{"203.0.113.130", "!N", 0}, {"203.0.113.200", "!H", 1}} {
			t.Run(method.String()+"/"+tc.mark, func(t *testing.T) {
				hops := traceIn(t, method, tc.dst)
				require.Len(t, hops, 2, "the trace stops at the hop that answered unreachable")
				require.Len(t, hops[1].Probes, 3)
				for _, pr := range hops[1].Probes {
					require.True(t, pr.Answered)
					assert.Equal(t, "198.51.100.2", pr.Reply.From.String())
					assert.Equal(t, ipv4.ICMPTypeDestinationUnreachable, pr.Reply.Type)
					assert.Equal(t, tc.code, pr.Reply.Code)
					assert.Equal(t, tc.mark, pr.Reply.Annotation())
				}
			})
		}
	}
}

// Issue 23: an echo request too big for the router's next link comes
// back as "fragmentation needed" with that link's MTU, which the Reply
// carries (traceroute's "!F-1400"); the raw socket's DF bit is the
// kernel's default (IP_PMTUDISC_WANT).
func TestPingFragNeeded(t *testing.T) {
	netnstest.Require(t)
	cl, rt, sv := netnstest.OneRouter(t)
	netnstest.IP(t, "-n", rt, "link", "set", "dev", "vrtsv", "mtu", "1400")
	netnstest.IP(t, "-n", sv, "link", "set", "dev", "vsvrt", "mtu", "1400")
	var p *raw.Pinger
	var err error
	netnstest.In(t, cl, func() { p, err = raw.NewPinger(socket.AF_INET, socket.SOCK_RAW) })
	require.NoError(t, err)
	defer p.Close()
	require.NoError(t, p.SetDataLen(1500-20-8))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := p.Ping(ctx, netip.MustParseAddr("198.51.100.2"))
	require.NoError(t, err)
	assert.Equal(t, "192.0.2.2", r.From.String())
	assert.Equal(t, ipv4.ICMPTypeDestinationUnreachable, r.Type)
	assert.Equal(t, 4, r.Code)
	assert.Equal(t, 1400, r.MTU)
	assert.Equal(t, "!F-1400", r.Annotation())
}

// addIPv6 gives a netnstest.OneRouter topology IPv6 as well, from
// 2001:db8::/32: 2001:db8:1::/64 between cl and rt, 2001:db8:2::/64
// between rt and sv, rt forwarding and answering without rate limit; on
// rt an unreachable route for 2001:db8:3::/64 (ICMPv6 no route, !N) and
// a prohibit route for 2001:db8:4::/64 (administratively prohibited, !X).
func addIPv6(t *testing.T, cl, rt, sv string) {
	t.Helper()
	for _, a := range [][3]string{{cl, "vclrt", "2001:db8:1::1/64"}, {rt, "vrtcl", "2001:db8:1::2/64"},
		{rt, "vrtsv", "2001:db8:2::1/64"}, {sv, "vsvrt", "2001:db8:2::2/64"}} {
		netnstest.IP(t, "-n", a[0], "addr", "add", a[2], "dev", a[1], "nodad")
	}
	netnstest.IP(t, "-n", cl, "-6", "route", "add", "default", "via", "2001:db8:1::2")
	netnstest.IP(t, "-n", sv, "-6", "route", "add", "default", "via", "2001:db8:2::1")
	netnstest.IP(t, "-n", rt, "-6", "route", "add", "unreachable", "2001:db8:3::/64")
	netnstest.IP(t, "-n", rt, "-6", "route", "add", "prohibit", "2001:db8:4::/64")
	netnstest.Sysctl(t, rt, "net.ipv6.conf.all.forwarding", "1")
	for _, ns := range []string{rt, sv} {
		netnstest.Sysctl(t, ns, "net.ipv6.icmp.ratelimit", "0")
	}
	// Until the link-local addresses have passed duplicate address
	// detection, neighbour discovery on the links loses its first
	// solicitation and a probe waits a second for its answer.
	for _, ns := range []string{cl, rt, sv} {
		require.Eventually(t, func() bool {
			out, err := exec.Command("ip", "-n", ns, "-6", "addr", "show", "tentative").Output()
			return err == nil && len(out) == 0
		}, 10*time.Second, 20*time.Millisecond, "DAD in %s", ns)
	}
}

// Issue 23: the unprivileged UDP traceroute over IPv6 reads the ICMPv6
// errors (IPV6_RECVERR): the router's time exceeded, then the host's port
// unreachable; a router's no route (!N) or prohibit (!X) stops it. One
// topology serves all three: ICMPv6 errors of the forwarding path obey
// the ICMPv6 rate limit, which is off, not IPv4's route error cost.
func TestTracerouteIPv6(t *testing.T) {
	netnstest.Require(t)
	cl, rt, sv := netnstest.OneRouter(t)
	addIPv6(t, cl, rt, sv)
	for _, tc := range []struct {
		dst  string
		hops []string
		typ  ipv6.ICMPType
		code int
		mark string
	}{
		{"2001:db8:2::2", []string{"2001:db8:1::2", "2001:db8:2::2"}, ipv6.ICMPTypeDestinationUnreachable, 4, ""},
		{"2001:db8:3::1", []string{"2001:db8:1::2"}, ipv6.ICMPTypeDestinationUnreachable, 0, "!N"},
		{"2001:db8:4::1", []string{"2001:db8:1::2"}, ipv6.ICMPTypeDestinationUnreachable, 1, "!X"},
	} {
		t.Run(tc.dst, func(t *testing.T) {
			dst := netip.MustParseAddr(tc.dst)
			var hops []raw.Hop
			var err error
			netnstest.In(t, cl, func() {
				hops, err = raw.Traceroute(context.Background(), dst, raw.TraceConfig{MaxHops: 5, Wait: 2 * time.Second})
			})
			require.NoError(t, err)
			require.Len(t, hops, len(tc.hops))
			for i, h := range hops {
				require.Len(t, h.Probes, 3)
				for _, pr := range h.Probes {
					require.True(t, pr.Answered, "hop %d", h.TTL)
					assert.Equal(t, tc.hops[i], pr.Reply.From.String())
					assert.Equal(t, 64-i, pr.Reply.TTL, "the answer's hop limit as it arrived (IPV6_RECVHOPLIMIT)")
				}
			}
			last := hops[len(hops)-1].Probes[0].Reply
			if len(hops) > 1 {
				assert.Equal(t, ipv6.ICMPTypeTimeExceeded, hops[0].Probes[0].Reply.Type)
			}
			assert.Equal(t, tc.typ, last.Type)
			assert.Equal(t, tc.code, last.Code)
			assert.Equal(t, tc.mark, last.Annotation())
			assert.True(t, hops[len(hops)-1].Final(dst))
		})
	}
}
