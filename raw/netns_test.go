//go:build linux

package raw_test

import (
	"context"
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

// Must-show 4, second half: traceroute through two namespaces acting as
// routers lists both, then the destination.
//
//	client 192.0.2.1 -- 192.0.2.2 r1 198.51.100.1 -- 198.51.100.2 r2 203.0.113.1 -- 203.0.113.2 server
func TestTracerouteTwoRouters(t *testing.T) {
	netnstest.Require(t)
	cl, r1, r2, sv := netnstest.New(t, "cl"), netnstest.New(t, "r1"), netnstest.New(t, "r2"), netnstest.New(t, "sv")
	netnstest.Link(t, cl, "192.0.2.1/24", r1, "192.0.2.2/24")
	netnstest.Link(t, r1, "198.51.100.1/24", r2, "198.51.100.2/24")
	netnstest.Link(t, r2, "203.0.113.1/24", sv, "203.0.113.2/24")
	netnstest.IP(t, "-n", cl, "route", "add", "default", "via", "192.0.2.2")
	netnstest.IP(t, "-n", sv, "route", "add", "default", "via", "203.0.113.1")
	netnstest.IP(t, "-n", r1, "route", "add", "203.0.113.0/24", "via", "198.51.100.2")
	netnstest.IP(t, "-n", r2, "route", "add", "192.0.2.0/24", "via", "198.51.100.1")
	for _, r := range []string{r1, r2} {
		netnstest.IP(t, "netns", "exec", r, "sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward")
	}

	var p *raw.Pinger
	var err error
	netnstest.In(t, cl, func() { p, err = raw.NewPinger(socket.AF_INET, socket.SOCK_RAW) })
	require.NoError(t, err)
	defer p.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dst := netip.MustParseAddr("203.0.113.2")
	hops, err := raw.Traceroute(ctx, p, dst, 8, 2*time.Second)
	require.NoError(t, err)
	require.Len(t, hops, 3)
	for i, want := range []string{"192.0.2.2", "198.51.100.2", "203.0.113.2"} {
		h := hops[i]
		assert.Equal(t, i+1, h.TTL)
		assert.True(t, h.Answered)
		assert.Equal(t, want, h.Reply.From.String(), "hop %d", i+1)
		assert.Positive(t, h.Reply.RTT)
	}
	assert.Equal(t, ipv4.ICMPTypeTimeExceeded, hops[0].Reply.Type)
	assert.Equal(t, ipv4.ICMPTypeTimeExceeded, hops[1].Reply.Type)
	assert.True(t, hops[2].Reply.Reached())
	assert.Equal(t, p.ID(), hops[0].Reply.ID, "the router quoted our request")
}
