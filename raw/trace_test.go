//go:build linux

package raw_test

import (
	"context"
	"math"
	"net/netip"
	"testing"
	"time"

	"github.com/bsdsock/socket/raw"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
	"golang.org/x/sys/unix"
)

// probePort is below the ephemeral range and reserved to root, so that no
// test's socket listens where the loopback traces send: every probe gets
// its port unreachable.
const probePort = 7

// Issue 23: an unprivileged UDP traceroute to loopback reaches it at hop
// 1, where the kernel answers each probe with a port unreachable about
// the datagram sent to that probe's port, read from the error queue.
func TestTracerouteLoopbackUDP(t *testing.T) {
	for _, tc := range []struct {
		dst  string
		typ  any
		code int
	}{{"127.0.0.1", ipv4.ICMPTypeDestinationUnreachable, 3}, {"::1", ipv6.ICMPTypeDestinationUnreachable, 4}} {
		t.Run(tc.dst, func(t *testing.T) {
			dst := netip.MustParseAddr(tc.dst)
			hops, err := raw.Traceroute(context.Background(), dst, raw.TraceConfig{Port: probePort, Wait: 2 * time.Second})
			require.NoError(t, err)
			require.Len(t, hops, 1, "loopback is the first hop")
			require.Len(t, hops[0].Probes, 3)
			for i, pr := range hops[0].Probes {
				require.True(t, pr.Answered, "probe %d", i)
				r := pr.Reply
				assert.Equal(t, dst, r.From, "the offender is the destination itself")
				assert.Equal(t, tc.typ, r.Type)
				assert.Equal(t, tc.code, r.Code)
				assert.Equal(t, probePort+i, r.Seq, "matched by the quoted datagram's port")
				assert.Equal(t, 64, r.TTL, "IP_RECVTTL on the error queue")
				assert.Positive(t, r.RTT)
				assert.Less(t, r.RTT, time.Second)
				assert.True(t, r.Unreachable())
				assert.Empty(t, r.Annotation(), "a port unreachable is no mark: the host was reached")
			}
			assert.True(t, hops[0].Final(dst))
		})
	}
}

// A probe costs no allocation once the trace runs: ten probes per hop
// allocate what one does (the hops, the socket), nothing more per receive.
func TestTracerouteProbeAllocs(t *testing.T) {
	dst := netip.MustParseAddr("127.0.0.1")
	trace := func(probes int) float64 {
		return testing.AllocsPerRun(3, func() {
			hops, err := raw.Traceroute(context.Background(), dst, raw.TraceConfig{Probes: probes, Port: probePort, Wait: 2 * time.Second})
			if err != nil || len(hops) != 1 || !hops[0].Probes[probes-1].Answered {
				t.Errorf("a trace to loopback failed: %v %+v", err, hops)
			}
		})
	}
	one, ten := trace(1), trace(10)
	assert.Equal(t, one, ten, "allocations with 1 and 10 probes per hop")
}

// Traceroute refuses a negative or too large setting, a nil Context and
// the zero address before it opens a socket, instead of looping or
// panicking: no privileges needed to see it.
func TestTracerouteBadConfig(t *testing.T) {
	dst := netip.MustParseAddr("127.0.0.1")
	for _, cfg := range []raw.TraceConfig{{MaxHops: -1}, {MaxHops: 256}, {Probes: -1}, {Probes: 11}, {Probes: math.MaxInt},
		{Wait: -time.Second}, {Port: -1}, {Port: 65535}, {Port: 65535 - 88}, {Port: math.MaxInt}, {Method: 7}, {Method: -1}} {
		_, err := raw.Traceroute(context.Background(), dst, cfg)
		assert.ErrorIs(t, err, unix.EINVAL, "%+v", cfg)
	}
	_, err := raw.Traceroute(context.Background(), dst, raw.TraceConfig{Port: 65535 - 89, MaxHops: 30, Probes: 3, Wait: time.Millisecond})
	require.NoError(t, err, "the last port is 65535: allowed")
	var nilCtx context.Context
	_, err = raw.Traceroute(nilCtx, dst, raw.TraceConfig{MaxHops: 1})
	assert.ErrorIs(t, err, unix.EINVAL, "a nil Context")
	_, err = raw.Traceroute(context.Background(), netip.Addr{}, raw.TraceConfig{MaxHops: 1})
	assert.ErrorIs(t, err, unix.EINVAL, "the zero Addr")
	assert.ErrorContains(t, err, "dst")
}

// A Context that ends stops the trace at once with its error and the
// hops seen so far.
func TestTracerouteContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	hops, err := raw.Traceroute(ctx, netip.MustParseAddr("127.0.0.1"), raw.TraceConfig{Port: probePort})
	assert.ErrorIs(t, err, context.Canceled)
	assert.LessOrEqual(t, len(hops), 1)
}
