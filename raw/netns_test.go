//go:build linux

package raw_test

import (
	"context"
	"math"
	"net/netip"
	"os"
	"testing"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/internal/netnstest"
	"github.com/bsdsock/socket/raw"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/ipv4"
	"golang.org/x/sys/unix"
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

	// Traceroute refuses it at once: the routers' time exceeded never
	// reaches an ICMP datagram socket, so every probe would wait out.
	start := time.Now()
	_, err = raw.Traceroute(context.Background(), p, netip.MustParseAddr("127.0.0.1"), raw.TraceConfig{MaxHops: 2, Wait: time.Second})
	assert.ErrorIs(t, err, unix.EPROTOTYPE)
	assert.Less(t, time.Since(start), time.Second)
}

// tracePinger opens a raw ICMP Pinger in the client namespace of a
// netnstest.TwoRouters topology.
func tracePinger(t *testing.T) *raw.Pinger {
	t.Helper()
	cl, _, _, _ := netnstest.TwoRouters(t)
	var p *raw.Pinger
	var err error
	netnstest.In(t, cl, func() { p, err = raw.NewPinger(socket.AF_INET, socket.SOCK_RAW) })
	require.NoError(t, err)
	t.Cleanup(func() { p.Close() })
	return p
}

// Must-show 4, second half, and issue 25: traceroute through two
// namespaces acting as routers lists both, then the destination, with
// three probes per hop, each answered and timed.
func TestTracerouteTwoRouters(t *testing.T) {
	netnstest.Require(t)
	p := tracePinger(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dst := netip.MustParseAddr("203.0.113.2")
	hops, err := raw.Traceroute(ctx, p, dst, raw.TraceConfig{MaxHops: 8, Wait: 2 * time.Second})
	require.NoError(t, err)
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
		}
	}
	assert.Equal(t, ipv4.ICMPTypeTimeExceeded, hops[0].Probes[0].Reply.Type)
	assert.Equal(t, ipv4.ICMPTypeTimeExceeded, hops[1].Probes[2].Reply.Type)
	assert.True(t, hops[2].Probes[1].Reply.Reached())
	assert.Equal(t, p.ID(), hops[0].Probes[0].Reply.ID, "the router quoted our request")
}

// Issue 25: a destination unreachable stops the trace at its hop, as
// traceroute stops after a line of !N or !H: r2 has no route to
// 203.0.113.130 (net unreachable) and an unreachable route to
// 203.0.113.200 (host unreachable).
func TestTracerouteUnreachableStops(t *testing.T) {
	netnstest.Require(t)
	for _, tc := range []struct {
		dst, mark string
		code      int
	}{{"203.0.113.130", "!N", 0}, {"203.0.113.200", "!H", 1}} {
		t.Run(tc.mark, func(t *testing.T) {
			p := tracePinger(t) // a topology each: see TwoRouters on rate limits
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			hops, err := raw.Traceroute(ctx, p, netip.MustParseAddr(tc.dst), raw.TraceConfig{MaxHops: 8, Wait: 2 * time.Second})
			require.NoError(t, err)
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

// Traceroute refuses a negative or too large setting, and a nil Context,
// instead of looping or panicking.
func TestTracerouteBadConfig(t *testing.T) {
	requireRoot(t)
	p, err := raw.NewPinger(socket.AF_INET, socket.SOCK_RAW)
	require.NoError(t, err)
	defer p.Close()
	dst := netip.MustParseAddr("127.0.0.1")
	for _, cfg := range []raw.TraceConfig{{MaxHops: -1}, {MaxHops: 256}, {Probes: -1}, {Probes: 11}, {Probes: math.MaxInt}, {Wait: -time.Second}} {
		_, err := raw.Traceroute(context.Background(), p, dst, cfg)
		assert.ErrorIs(t, err, unix.EINVAL, "%+v", cfg)
	}
	var nilCtx context.Context
	_, err = raw.Traceroute(nilCtx, p, dst, raw.TraceConfig{MaxHops: 1})
	assert.ErrorIs(t, err, unix.EINVAL, "a nil Context")
	_, err = raw.Traceroute(context.Background(), nil, dst, raw.TraceConfig{MaxHops: 1})
	assert.ErrorIs(t, err, unix.EINVAL, "a nil *Pinger")
}
