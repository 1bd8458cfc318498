//go:build linux

package raw_test

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/raw"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/ipv4"
	"golang.org/x/sys/unix"
)

// requireNetns skips t unless network namespaces can be made here.
func requireNetns(t *testing.T) {
	t.Helper()
	requireRoot(t)
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("needs ip(8) from iproute2 to make network namespaces")
	}
	if _, err := os.Stat("/proc/self/ns/net"); err != nil {
		t.Skip("this kernel has no network namespaces")
	}
}

// ipCmd runs ip(8) with args.
func ipCmd(t *testing.T, args ...string) {
	t.Helper()
	out, err := exec.Command("ip", args...).CombinedOutput()
	require.NoError(t, err, "ip %s: %s", strings.Join(args, " "), out)
}

// netns makes a network namespace with lo up, removed when t ends, pass
// or fail (its veth ends go with it).
func netns(t *testing.T, role string) string {
	t.Helper()
	name := fmt.Sprintf("rawtest-%d-%s", os.Getpid(), role)
	ipCmd(t, "netns", "add", name)
	t.Cleanup(func() { exec.Command("ip", "netns", "del", name).Run() })
	ipCmd(t, "-n", name, "link", "set", "lo", "up")
	return name
}

// link joins namespaces a and b with a veth pair and gives each end its
// address (a CIDR from the documentation ranges).
func link(t *testing.T, a, aAddr, b, bAddr string) {
	t.Helper()
	ea, eb := "v"+a[len(a)-2:]+b[len(b)-2:], "v"+b[len(b)-2:]+a[len(a)-2:]
	ipCmd(t, "link", "add", ea, "netns", a, "type", "veth", "peer", "name", eb, "netns", b)
	ipCmd(t, "-n", a, "addr", "add", aAddr, "dev", ea)
	ipCmd(t, "-n", b, "addr", "add", bAddr, "dev", eb)
	ipCmd(t, "-n", a, "link", "set", ea, "up")
	ipCmd(t, "-n", b, "link", "set", eb, "up")
}

// inNetns runs fn on a thread moved into namespace name: sockets fn
// opens belong to it for their whole life, wherever they are used later.
func inNetns(t *testing.T, name string, fn func()) {
	t.Helper()
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // a thread left in another namespace dies with its goroutine
		self, err := os.Open("/proc/thread-self/ns/net")
		if err != nil {
			errc <- err
			return
		}
		defer self.Close()
		target, err := os.Open("/run/netns/" + name)
		if err != nil {
			errc <- err
			return
		}
		defer target.Close()
		if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
			errc <- err
			return
		}
		fn()
		if err := unix.Setns(int(self.Fd()), unix.CLONE_NEWNET); err != nil {
			errc <- err
			return
		}
		runtime.UnlockOSThread()
		errc <- nil
	}()
	require.NoError(t, <-errc)
}

// Must-show 4, first half: a ping crosses a veth between two namespaces.
func TestPingAcrossVeth(t *testing.T) {
	requireNetns(t)
	a, b := netns(t, "ha"), netns(t, "hb")
	link(t, a, "192.0.2.1/24", b, "192.0.2.2/24")
	var p *raw.Pinger
	var err error
	inNetns(t, a, func() { p, err = raw.NewPinger(socket.AF_INET, socket.SOCK_RAW) })
	require.NoError(t, err)
	defer p.Close()
	pingAll(t, p, netip.MustParseAddr("192.0.2.2"), 3)
}

// The ICMP datagram socket where the namespace's ping_group_range allows
// root's group: no CAP_NET_RAW needed for the socket itself.
func TestPingDatagramNamespace(t *testing.T) {
	requireNetns(t)
	ns := netns(t, "dg")
	var p *raw.Pinger
	var err error
	inNetns(t, ns, func() {
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
	requireNetns(t)
	cl, r1, r2, sv := netns(t, "cl"), netns(t, "r1"), netns(t, "r2"), netns(t, "sv")
	link(t, cl, "192.0.2.1/24", r1, "192.0.2.2/24")
	link(t, r1, "198.51.100.1/24", r2, "198.51.100.2/24")
	link(t, r2, "203.0.113.1/24", sv, "203.0.113.2/24")
	ipCmd(t, "-n", cl, "route", "add", "default", "via", "192.0.2.2")
	ipCmd(t, "-n", sv, "route", "add", "default", "via", "203.0.113.1")
	ipCmd(t, "-n", r1, "route", "add", "203.0.113.0/24", "via", "198.51.100.2")
	ipCmd(t, "-n", r2, "route", "add", "192.0.2.0/24", "via", "198.51.100.1")
	for _, r := range []string{r1, r2} {
		ipCmd(t, "netns", "exec", r, "sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward")
	}

	var p *raw.Pinger
	var err error
	inNetns(t, cl, func() { p, err = raw.NewPinger(socket.AF_INET, socket.SOCK_RAW) })
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
