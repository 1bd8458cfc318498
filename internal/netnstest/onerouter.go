//go:build linux

package netnstest

import (
	"os/exec"
	"strings"
	"testing"
)

// OneRouter builds the smallest routed topology, host -- router -- host,
// and returns its namespaces:
//
//	cl 192.0.2.1 -- 192.0.2.2 rt 198.51.100.1 -- 198.51.100.2 sv
//
// rt forwards; it has no route to 203.0.113.0/25 (ICMP net unreachable,
// traceroute's !N) and an unreachable route for 203.0.113.128/25 (host
// unreachable, !H). rt and sv answer every probe: their ICMP rate limit
// is off (but see TwoRouters on the forwarding path's unreachables). The
// link between rt and sv is rt's "vrtsv" and sv's "vsvrt", for a test
// that changes its MTU.
func OneRouter(t testing.TB) (cl, rt, sv string) {
	t.Helper()
	cl, rt, sv = New(t, "cl"), New(t, "rt"), New(t, "sv")
	Link(t, cl, "192.0.2.1/24", rt, "192.0.2.2/24")
	Link(t, rt, "198.51.100.1/24", sv, "198.51.100.2/24")
	IP(t, "-n", cl, "route", "add", "default", "via", "192.0.2.2")
	IP(t, "-n", sv, "route", "add", "default", "via", "198.51.100.1")
	IP(t, "-n", rt, "route", "add", "unreachable", "203.0.113.128/25")
	Sysctl(t, rt, "net.ipv4.ip_forward", "1")
	for _, ns := range []string{rt, sv} {
		Sysctl(t, ns, "net.ipv4.icmp_ratelimit", "0")
	}
	return cl, rt, sv
}

// Nobody returns the command line that runs args inside namespace ns as
// user nobody (group nogroup, no supplementary groups), for
// exec.Command: a test of what an unprivileged program can do. It skips
// t when setpriv(1) or the user is missing.
func Nobody(t testing.TB, ns string, args ...string) []string {
	t.Helper()
	if _, err := exec.LookPath("setpriv"); err != nil {
		t.Skip("needs setpriv(1) from util-linux to run a program as nobody")
	}
	if out, err := exec.Command("id", "-u", "nobody").Output(); err != nil || strings.TrimSpace(string(out)) == "0" {
		t.Skip("needs the user nobody")
	}
	return append([]string{"netns", "exec", ns, "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"}, args...)
}
