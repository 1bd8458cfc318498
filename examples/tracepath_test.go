//go:build linux

package examples_test

import (
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/bsdsock/socket/examples/internal/runtest"
	"github.com/bsdsock/socket/internal/netnstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pathTime is a probe's time in a tracepath line ("%3d.%03dms"): its
// first field three wide, whatever the time, after the address's padding.
var pathTime = regexp.MustCompile(`(  \d| \d\d|\d{3,})\.\d{3}ms`)

// hop is a tracepath line as iputils prints it, the time as T: the hop,
// the address padded to 52 columns, the time, what follows.
func hop(n, addr, tail string) string { return fmt.Sprintf("%-5s%-52s  T %s", n, addr, tail) }

// tracepathReal returns iputils' tracepath, or "" after saying why the
// test compares with the expected lines only.
func tracepathReal(t *testing.T) string {
	real, _ := exec.LookPath("tracepath")
	if real == "" {
		t.Log("iputils' tracepath is not installed (apt-get install iputils-tracepath): compared with the expected lines only")
	}
	return real
}

// Issue 23, must-show 2: in host -- router -- host with the router's
// link to the server at MTU 1400, tracepath run as user nobody reports
// the interface's 1500 (the local EMSGSIZE), the router's hop, the
// router's "fragmentation needed" (pmtu 1400), the server reached, and
// sums up "pmtu 1400 hops 2 back 2"; to a network the router has no route
// to, "!N", and to its unreachable route "!H", and stops there. iputils'
// tracepath, where installed, runs in a topology of its own and must
// print the same lines, times aside.
func TestTracepathNamespace(t *testing.T) {
	netnstest.Require(t)
	bin := runtest.Build(t, "./tracepath")
	real := tracepathReal(t)
	for _, tc := range []struct {
		dst  string
		want []string
	}{
		{"198.51.100.2", []string{
			" 1?: [LOCALHOST]                      pmtu 1500",
			hop(" 1:", "192.0.2.2", ""),
			hop(" 1:", "192.0.2.2", ""),
			hop(" 2:", "192.0.2.2", "pmtu 1400"),
			hop(" 2:", "198.51.100.2", "reached"),
			"     Resume: pmtu 1400 hops 2 back 2 "}},
		{"203.0.113.2", []string{
			" 1?: [LOCALHOST]                      pmtu 1500",
			hop(" 1:", "192.0.2.2", "!N"),
			hop(" 1:", "192.0.2.2", "!N"), // again after the restart of the smaller probe, as iputils
			"     Resume: pmtu 1500 "}},
		{"203.0.113.200", []string{
			" 1?: [LOCALHOST]                      pmtu 1500",
			hop(" 1:", "192.0.2.2", "!H"),
			hop(" 1:", "192.0.2.2", "!H"),
			"     Resume: pmtu 1500 "}},
	} {
		t.Run(tc.dst, func(t *testing.T) {
			comparePath(t, tc.want, runPath(t, bin, tc.dst), real, func() string { return runPath(t, real, "-n", tc.dst) })
		})
	}
}

// comparePath asserts that out holds the want lines, times aside, and,
// when iputils' tracepath is installed (real), what theirs prints.
func comparePath(t *testing.T, want []string, out, real string, theirs func() string) {
	t.Helper()
	got := pathTime.ReplaceAllString(out, "  T")
	assert.Equal(t, strings.Join(want, "\n")+"\n", got)
	if real != "" {
		assert.Equal(t, pathTime.ReplaceAllString(theirs(), "  T"), got, "as tracepath -n")
	}
}

// runPath runs tracepath (ours or iputils') as user nobody in the client
// namespace of a new host -- router -- host topology whose second link
// has an MTU of 1400, and returns what it printed.
func runPath(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cl, rt, sv := netnstest.OneRouter(t)
	netnstest.IP(t, "-n", rt, "link", "set", "dev", "vrtsv", "mtu", "1400")
	netnstest.IP(t, "-n", sv, "link", "set", "dev", "vsvrt", "mtu", "1400")
	out, err := runtest.Run(t, "ip", netnstest.Nobody(t, cl, append([]string{bin}, args...)...)...)
	require.NoError(t, err, out)
	return out
}

// On loopback no privileges or namespaces are needed: the probe fits
// lo's MTU (65536) at once over IPv4, and over IPv6 the first, of 128000
// bytes, meets the local EMSGSIZE, which names lo's MTU. The lines are
// iputils' where it is installed.
func TestTracepathLoopback(t *testing.T) {
	bin := runtest.Build(t, "./tracepath")
	real := tracepathReal(t)
	for _, tc := range []struct {
		dst  string
		want []string
	}{
		{"127.0.0.1", []string{
			hop(" 1:", "127.0.0.1", "reached"),
			"     Resume: pmtu 65535 hops 1 back 1 "}},
		{"::1", []string{
			" 1?: [LOCALHOST]                        T pmtu 65536",
			hop(" 1:", "::1", "reached"),
			hop(" 1:", "::1", "reached"),
			"     Resume: pmtu 65536 hops 1 back 1 "}},
	} {
		t.Run(tc.dst, func(t *testing.T) {
			// Port 7, which only root may bind: no test's socket answers.
			out := runtest.MustRun(t, bin, "-p", "7", tc.dst)
			comparePath(t, tc.want, out, real, func() string { return runtest.MustRun(t, real, "-n", "-p", "7", tc.dst) })
		})
	}
}

// Bad arguments are refused with a message and an exit status, nothing
// sent, whatever the size asked for.
func TestTracepathBadArgs(t *testing.T) {
	bin := runtest.Build(t, "./tracepath")
	for _, tc := range []struct {
		args []string
		line string
		code int
	}{
		{[]string{"-l", "20", "127.0.0.1"}, "tracepath: pktlen must be greater than 28", 1},
		{[]string{"-l", "99999999999", "127.0.0.1"}, "tracepath: packet length must be 0..131072", 2},
		{[]string{"-m", "0", "127.0.0.1"}, "tracepath: max hops must be 1..255", 2},
		{[]string{"-p", "70000", "127.0.0.1"}, "tracepath: port must be 1..65471", 2},
		{[]string{}, "usage: tracepath [-n] [-l PKTLEN] [-m MAXHOPS] [-p PORT] HOST", 2},
	} {
		out, code := runCode(t, bin, tc.args...)
		assert.Equal(t, tc.code, code, "%v: %s", tc.args, out)
		assert.Equal(t, tc.line, strings.SplitN(out, "\n", 2)[0], "%v", tc.args)
	}
}
