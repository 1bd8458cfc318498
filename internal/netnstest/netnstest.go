//go:build linux

// Package netnstest builds private network namespaces for tests: each
// namespace with lo up, veth pairs between them carrying documentation
// addresses (RFC 5737), removed when the test ends. raw/ and the example
// programs' tests share it; nothing here touches the host's own network.
package netnstest

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bsdsock/socket/internal/netns"
	"github.com/stretchr/testify/require"
)

// Require skips t, saying why, unless network namespaces can be made
// here: root, ip(8) from iproute2 and a kernel with namespaces.
func Require(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to make network namespaces")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("needs ip(8) from iproute2 to make network namespaces")
	}
	if _, err := os.Stat("/proc/self/ns/net"); err != nil {
		t.Skip("this kernel has no network namespaces")
	}
}

// IP runs ip(8) with args and fails t if it fails.
func IP(t testing.TB, args ...string) {
	t.Helper()
	out, err := exec.Command("ip", args...).CombinedOutput()
	require.NoError(t, err, "ip %s: %s", strings.Join(args, " "), out)
}

// Sysctl sets the sysctl key (dotted, net.ipv4.ip_forward) to value
// inside namespace ns.
func Sysctl(t testing.TB, ns, key, value string) {
	t.Helper()
	IP(t, "netns", "exec", ns, "sh", "-c", "echo "+value+" > /proc/sys/"+strings.ReplaceAll(key, ".", "/"))
}

// serial tells apart the namespaces of one process.
var serial atomic.Int32

// New makes a network namespace with lo up, removed when t ends, pass or
// fail (its veth ends go with it), and returns its name. role, two
// characters, names the veth ends Link makes.
func New(t testing.TB, role string) string {
	t.Helper()
	name := fmt.Sprintf("rawtest-%d-%d-%s", os.Getpid(), serial.Add(1), role)
	IP(t, "netns", "add", name)
	t.Cleanup(func() { exec.Command("ip", "netns", "del", name).Run() })
	IP(t, "-n", name, "link", "set", "lo", "up")
	return name
}

// Link joins namespaces a and b with a veth pair and gives each end its
// address (a CIDR from the documentation ranges).
func Link(t testing.TB, a, aAddr, b, bAddr string) {
	t.Helper()
	ea, eb := "v"+a[len(a)-2:]+b[len(b)-2:], "v"+b[len(b)-2:]+a[len(a)-2:]
	IP(t, "link", "add", ea, "netns", a, "type", "veth", "peer", "name", eb, "netns", b)
	IP(t, "-n", a, "addr", "add", aAddr, "dev", ea)
	IP(t, "-n", b, "addr", "add", bAddr, "dev", eb)
	IP(t, "-n", a, "link", "set", ea, "up")
	IP(t, "-n", b, "link", "set", eb, "up")
}

// In runs fn on a thread moved into namespace name: sockets fn opens
// belong to it for their whole life, wherever they are used later.
func In(t testing.TB, name string, fn func()) {
	t.Helper()
	require.NoError(t, netns.Run(name, func() error { fn(); return nil }))
}

// TwoRouters builds the topology the traceroute and ping tests share
// and returns its namespaces: a client, two routers forwarding between
// documentation networks, and a server.
//
//	cl 192.0.2.1 -- 192.0.2.2 r1 198.51.100.1 -- 198.51.100.2 r2 203.0.113.1/25 -- 203.0.113.2/25 sv
//
// r1 routes all of 203.0.113.0/24 to r2, which holds only its lower half
// and an unreachable route for 203.0.113.192/26. So from the client:
// 203.0.113.2 is three hops away; 203.0.113.130 gets ICMP net
// unreachable from r2 (no route: traceroute's !N, ping's "Destination Net
// Unreachable"); 203.0.113.200 gets host unreachable from r2 (!H). The
// routers answer every time-exceeded probe: their ICMP rate limit is off.
// Unreachables are another matter: the kernel's forwarding path sends at
// most 5 in a burst to one source, then one a second
// (net.ipv4.route.error_cost and error_burst, which are not per
// namespace), so a test that provokes more makes a topology for each
// batch of 5.
func TwoRouters(t testing.TB) (cl, r1, r2, sv string) {
	t.Helper()
	cl, r1, r2, sv = New(t, "cl"), New(t, "r1"), New(t, "r2"), New(t, "sv")
	Link(t, cl, "192.0.2.1/24", r1, "192.0.2.2/24")
	Link(t, r1, "198.51.100.1/24", r2, "198.51.100.2/24")
	Link(t, r2, "203.0.113.1/25", sv, "203.0.113.2/25")
	IP(t, "-n", cl, "route", "add", "default", "via", "192.0.2.2")
	IP(t, "-n", sv, "route", "add", "default", "via", "203.0.113.1")
	IP(t, "-n", r1, "route", "add", "203.0.113.0/24", "via", "198.51.100.2")
	IP(t, "-n", r2, "route", "add", "192.0.2.0/24", "via", "198.51.100.1")
	IP(t, "-n", r2, "route", "add", "unreachable", "203.0.113.192/26")
	for _, r := range []string{r1, r2} {
		Sysctl(t, r, "net.ipv4.ip_forward", "1")
		Sysctl(t, r, "net.ipv4.icmp_ratelimit", "0") // every probe gets its answer
	}
	return cl, r1, r2, sv
}
