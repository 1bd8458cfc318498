package raw_test

import (
	"context"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/raw"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// pingAll sends count echo requests from p to dst and checks each reply:
// matched by identifier and sequence, from dst, with a TTL and an RTT.
func pingAll(t *testing.T, p *raw.Pinger, dst netip.Addr, count int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for i := 1; i <= count; i++ {
		r, err := p.Ping(ctx, dst)
		require.NoError(t, err)
		assert.True(t, r.Reached(), "an echo reply, not %v", r.Type)
		assert.Equal(t, dst, r.From)
		assert.Equal(t, p.ID(), r.ID, "the reply carries our identifier")
		assert.Equal(t, i, r.Seq, "and the sequence number of this request")
		assert.Equal(t, 8+raw.PingPayload, r.Len)
		assert.Positive(t, r.TTL)
		assert.Positive(t, r.RTT)
	}
}

// Must-show 1: ping 127.0.0.1 and ::1 over raw ICMP sockets, one socket
// for several probes.
func TestPingLoopback(t *testing.T) {
	requireRoot(t)
	for _, tc := range []struct {
		family socket.Family
		dst    string
	}{{socket.AF_INET, "127.0.0.1"}, {socket.AF_INET6, "::1"}} {
		t.Run(tc.dst, func(t *testing.T) {
			p, err := raw.NewPinger(tc.family, socket.SOCK_RAW)
			require.NoError(t, err)
			defer p.Close()
			pingAll(t, p, netip.MustParseAddr(tc.dst), 3)
		})
	}
}

// The unprivileged ICMP datagram socket works where ping_group_range
// allows the process's group, and says why it fails where it does not.
// (TestPingDatagramNamespace widens the range in a namespace of its own.)
func TestPingDatagram(t *testing.T) {
	p, err := raw.NewPinger(socket.AF_INET, socket.SOCK_DGRAM)
	if err != nil {
		assert.ErrorIs(t, err, unix.EACCES)
		assert.ErrorContains(t, err, "net.ipv4.ping_group_range")
		rng, _ := os.ReadFile("/proc/sys/net/ipv4/ping_group_range")
		assert.ErrorContains(t, err, strings.Join(strings.Fields(string(rng)), " "))
		return
	}
	defer p.Close()
	pingAll(t, p, netip.MustParseAddr("127.0.0.1"), 2)
}

func TestPingWrongFamily(t *testing.T) {
	requireRoot(t)
	p, err := raw.NewPinger(socket.AF_INET, socket.SOCK_RAW)
	require.NoError(t, err)
	defer p.Close()
	_, err = p.Ping(context.Background(), netip.MustParseAddr("::1"))
	assert.ErrorIs(t, err, unix.EAFNOSUPPORT)
	assert.ErrorContains(t, err, "invalid dst")
}

// Issue 25: SetDataLen sizes the echo requests (traceroute's 60-byte
// packets carry 32 data bytes) and refuses a size no datagram holds.
func TestPingSetDataLen(t *testing.T) {
	requireRoot(t)
	p, err := raw.NewPinger(socket.AF_INET, socket.SOCK_RAW)
	require.NoError(t, err)
	defer p.Close()
	for _, n := range []int{-1, 65508} {
		assert.ErrorIs(t, p.SetDataLen(n), unix.EINVAL, "%d bytes", n)
	}
	for _, n := range []int{32, 0, 9000} {
		require.NoError(t, p.SetDataLen(n))
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		r, err := p.Ping(ctx, netip.MustParseAddr("127.0.0.1"))
		cancel()
		require.NoError(t, err)
		assert.True(t, r.Reached())
		assert.Equal(t, 8+n, r.Len, "the reply echoes our %d data bytes", n)
	}
}
