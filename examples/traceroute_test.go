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

// Issue 25: in the two-router namespace topology, traceroute prints
// traceroute's header, three timed probes per hop, and stops at the hop
// that answers !N (r2 has no route to 203.0.113.130) or !H (r2's
// unreachable route to 203.0.113.200). Where traceroute(8) is installed,
// traceroute -I -n runs in a topology of its own and must print the same
// lines, times aside.
func TestTracerouteNamespace(t *testing.T) {
	netnstest.Require(t)
	bin := runtest.Build(t, "./traceroute")
	real, _ := exec.LookPath("traceroute")
	if real == "" {
		t.Log("traceroute(8) is not installed (apt-get install traceroute): compared with the expected lines only")
	}
	for _, tc := range []struct {
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
	} {
		t.Run(tc.dst, func(t *testing.T) {
			want := "traceroute to " + tc.dst + " (" + tc.dst + "), 30 hops max, 60 byte packets\n" + strings.Join(tc.want, "\n") + "\n"
			cl, _, _, _ := netnstest.TwoRouters(t) // a topology each: see TwoRouters on rate limits
			out := runtest.MustRun(t, "ip", "netns", "exec", cl, bin, "-w", "2", tc.dst)
			assert.Equal(t, want, probeTime.ReplaceAllString(out, "T"))
			if real == "" {
				return
			}
			cl, _, _, _ = netnstest.TwoRouters(t)
			theirs, err := runtest.Run(t, "ip", "netns", "exec", cl, real, "-I", "-n", "-w", "2", tc.dst)
			require.NoError(t, err, theirs)
			assert.Equal(t, probeTime.ReplaceAllString(theirs, "T"), probeTime.ReplaceAllString(out, "T"), "as traceroute -I -n")
		})
	}
}
