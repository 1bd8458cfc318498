//go:build linux

package examples_test

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/bsdsock/socket/examples/internal/runtest"
	"github.com/bsdsock/socket/internal/netnstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// probeTime is a probe's time in a traceroute line.
var probeTime = regexp.MustCompile(`\d+\.\d{3} ms`)

// traceCases are the traces of the two-router topology: to the server,
// to a net r2 has no route to (!N) and to its unreachable route (!H).
var traceCases = []struct {
	dst  string
	want []string
}{
	{"203.0.113.2", []string{
		" 1  192.0.2.2  T  T  T",
		" 2  198.51.100.2  T  T  T",
		" 3  203.0.113.2  T  T  T"}},
	{"203.0.113.130", []string{
		" 1  192.0.2.2  T  T  T",
		" 2  198.51.100.2  T !N  T !N  T !N"}},
	{"203.0.113.200", []string{
		" 1  192.0.2.2  T  T  T",
		" 2  198.51.100.2  T !H  T !H  T !H"}},
}

// Issues 23 and 25: in the two-router namespace topology, traceroute
// prints traceroute's header, three timed probes per hop, and stops at
// the hop that answers !N (r2 has no route to 203.0.113.130) or !H (r2's
// unreachable route to 203.0.113.200): with UDP probes (the default, and
// -U) run as user nobody, and with ICMP echo (-I) as root. Where
// traceroute(8) is installed it runs in a topology of its own, the same
// way (-n, and -N 1 for one probe at a time, as ours sends them, so the
// routers' unreachable rate limit spares every probe), and must print the
// same lines, times aside.
func TestTracerouteNamespace(t *testing.T) {
	netnstest.Require(t)
	bin := runtest.Build(t, "./traceroute")
	real, _ := exec.LookPath("traceroute")
	if real == "" {
		t.Log("traceroute(8) is not installed (apt-get install traceroute): compared with the expected lines only")
	}
	for _, method := range []struct {
		name, flag string
		nobody     bool
	}{{"udp", "", true}, {"udp-U", "-U", true}, {"icmp", "-I", false}} {
		for _, tc := range traceCases {
			t.Run(method.name+"/"+tc.dst, func(t *testing.T) {
				want := "traceroute to " + tc.dst + " (" + tc.dst + "), 30 hops max, 60 byte packets\n" + strings.Join(tc.want, "\n") + "\n"
				args := []string{bin, "-w", "2", tc.dst}
				if method.flag != "" {
					args = append([]string{bin, method.flag}, args[1:]...)
				}
				out := runTrace(t, method.nobody, args)
				assert.Equal(t, want, probeTime.ReplaceAllString(out, "T"))
				if real == "" || method.flag == "-U" { // traceroute -U probes port 53 only
					return
				}
				theirs := runTrace(t, method.nobody, append([]string{real, "-n", "-N", "1"}, args[1:]...))
				assert.Equal(t, probeTime.ReplaceAllString(theirs, "T"), probeTime.ReplaceAllString(out, "T"), "as %s -n -N 1 %s", real, method.flag)
			})
		}
	}
}

// runTrace runs args in the client namespace of a new two-router
// topology (a topology each: see TwoRouters on rate limits), as user
// nobody when nobody is set, and returns what it printed.
func runTrace(t *testing.T, nobody bool, args []string) string {
	t.Helper()
	cl, _, _, sv := netnstest.TwoRouters(t)
	netnstest.Sysctl(t, sv, "net.ipv4.icmp_ratelimit", "0") // the port unreachables of UDP probes
	ipArgs := append([]string{"netns", "exec", cl}, args...)
	if nobody {
		ipArgs = netnstest.Nobody(t, cl, args...)
	}
	out, err := runtest.Run(t, "ip", ipArgs...)
	require.NoError(t, err, out)
	return out
}

// Issue 23: the example's default UDP probes need no privileges on
// loopback either, and print what traceroute(8) prints there.
func TestTracerouteLoopback(t *testing.T) {
	bin := runtest.Build(t, "./traceroute")
	for _, dst := range []string{"127.0.0.1", "::1"} {
		t.Run(dst, func(t *testing.T) {
			size := map[string]string{"127.0.0.1": "60", "::1": "80"}[dst]
			// Port 7, which only root may bind, so that no test's socket
			// answers in the loopback's place.
			out := runtest.MustRun(t, bin, "-p", "7", dst)
			want := "traceroute to " + dst + " (" + dst + "), 30 hops max, " + size + " byte packets\n 1  " + dst + "  T  T  T\n"
			assert.Equal(t, want, probeTime.ReplaceAllString(out, "T"))
			if real, _ := exec.LookPath("traceroute"); real != "" {
				theirs := runtest.MustRun(t, real, "-n", "-N", "1", "-p", "7", dst)
				assert.Equal(t, probeTime.ReplaceAllString(theirs, "T"), probeTime.ReplaceAllString(out, "T"), "as traceroute -n")
			}
		})
	}
}

// Without privileges -I cannot open its raw socket: the program says so,
// names the default UDP probes that need none, and exits 1.
func TestTracerouteICMPUnprivileged(t *testing.T) {
	netnstest.Require(t)
	bin := runtest.Build(t, "./traceroute")
	ns := netnstest.New(t, "np")
	out, code := runCode(t, "ip", netnstest.Nobody(t, ns, bin, "-I", "127.0.0.1")...)
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "operation not permitted (-I needs a raw socket: root or CAP_NET_RAW; the default UDP probes need neither)")
}
