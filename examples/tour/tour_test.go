package main

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/bsdsock/socket/examples/internal/runtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { runtest.Main(m) }

// concepts are the source text's, in its order: the tour's output must name
// every one, as root and not.
var concepts = []string{
	"client/server", "printer", "browser", "web site",
	"application layer", "transport layer", "network layer", "link layer", "Encapsulation", "nested dolls",
	"ICMP", "IGMP", "joins a group",
	"three-way handshake", "SYN", "SYN-ACK", "ACK", "FIN", "four-way close", "the side that acknowledged",
	"facade", "protocol suite",
	"AF_UNIX, file-based", "AF_INET, network-based", "AF_INET6, network-based",
	"SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "ESOCKTNOSUPPORT", "SOCK_SEQPACKET  not obsolete",
	"phone", "socket(2)", "bind(2)", "listen(2)", "accept(2)", "connect(2)", "recv(2)", "send(2)", "close(2)",
	"connect_ex", "sendall", "sendto(2)", "recvfrom(2)", "getpeername", "setblocking", "settimeout",
	"gettimeout", "getaddrinfo", "getfqdn", "gethostbyname", "getsockopt", "setsockopt", "fileno", "makefile",
}

// checkTour asserts that every chapter ran to its end and that the output
// names every concept.
func checkTour(t *testing.T, out string) {
	t.Helper()
	for _, c := range chapters {
		assert.Contains(t, out, fmt.Sprintf("== %d. %s\n", c.number, c.title))
		assert.Contains(t, out, fmt.Sprintf("-- end of chapter %d\n", c.number))
	}
	assert.True(t, strings.HasSuffix(out, "tour complete\n"), "the tour did not finish")
	for _, c := range concepts {
		assert.Contains(t, out, c)
	}
}

func TestTourAsRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("the tour's packet captures need root; TestTourUnprivileged covers the rest")
	}
	bin := runtest.Build(t, ".")
	out := runtest.MustRun(t, bin)
	checkTour(t, out)
	// The handshake chapter shows each segment beside its step.
	for _, step := range []string{
		"handshake 1/3: SYN,", "handshake 2/3: SYN-ACK,", "handshake 3/3: ACK,",
		"close 1/4: FIN, client -> server", "close 2/4: ACK, server -> client",
		"close 3/4: FIN, server -> client", "close 4/4: ACK, client -> server",
		"flags CWR=0 ECE=0 URG=0 ACK=0 PSH=0 RST=0 SYN=1 FIN=0", `application  6 B  "hello\n"`,
		"PACKET_STATISTICS", "SOCK_RAW        whole IP packets, header and all",
		// The network layer chapter shows its three protocols on a veth.
		"ARP, Request who-has 198.51.100.2 tell 198.51.100.1, length 28", "udp port 9 unreachable",
		"ICMP echo request, id", "ICMP echo reply, id",
		"IP 198.51.100.1 > 224.0.0.22: igmp v3 report, 1 group record(s)\n                 IP protocol 2, IGMP",
	} {
		assert.Contains(t, out, step)
	}
	assert.NotContains(t, out, "not root")
}

// TestTourUnprivileged runs the tour as nobody (uid 65534): it must skip
// what needs root, say why, and still tell the whole story.
func TestTourUnprivileged(t *testing.T) {
	var run []string
	switch {
	case os.Geteuid() != 0:
		// Already an ordinary user.
	default:
		setpriv, err := exec.LookPath("setpriv")
		if err != nil {
			t.Skip("setpriv (util-linux) is not installed: cannot drop privileges")
		}
		run = []string{setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"}
	}
	bin := runtest.Build(t, ".")
	// The tour makes temporary files: give it a directory nobody can write.
	args := append(run, "env", "TMPDIR="+runtest.SharedDir(t), bin)
	out := runtest.MustRun(t, args[0], args[1:]...)
	checkTour(t, out)
	assert.Contains(t, out, "(not root: capturing frames needs an AF_PACKET socket and CAP_NET_RAW")
	assert.Contains(t, out, "answered EPERM")
	assert.Contains(t, out, "(not root: making network namespaces and capturing frames needs CAP_NET_ADMIN")
	assert.NotContains(t, out, "PACKET_STATISTICS")
}

func TestTourChapterAndList(t *testing.T) {
	bin := runtest.Build(t, ".")
	list := runtest.MustRun(t, bin, "-list")
	assert.Equal(t, len(chapters), strings.Count(list, "\n"))
	for _, c := range chapters {
		assert.Contains(t, list, fmt.Sprintf("%2d. %s\n", c.number, c.title))
	}

	out := runtest.MustRun(t, bin, "-chapter", "6")
	assert.Equal(t, 1, strings.Count("\n"+out, "\n== "))
	assert.True(t, strings.HasPrefix(out, "== 6. "))
	assert.Contains(t, out, "-- end of chapter 6")
	assert.NotContains(t, out, "tour complete")

	out, err := runtest.Run(t, bin, "-chapter", "99")
	assert.Error(t, err)
	assert.Contains(t, out, "no chapter 99")
}

// steps returns the narrated steps of out, each line with its numbers
// (ports, byte counts) replaced by "N", so that runs compare equal when they
// tell the same steps in the same order.
func steps(out string) []string {
	var s []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "  ") && strings.TrimSpace(line) != "" {
			s = append(s, digits.ReplaceAllString(strings.TrimSpace(line), "N"))
		}
	}
	return s
}

var digits = regexp.MustCompile(`[0-9]+`)

// TestTourStepOrder runs the chapters whose two sides narrate from two
// goroutines 20 times each: every run tells its steps in the same order,
// and a cause always comes before its effect (issue 22, item 9: the
// phone call, chapter 7, printed six orders in 30 runs, "server: recv(2)
// hear" before "client: send(2) speak" in some).
func TestTourStepOrder(t *testing.T) {
	bin := runtest.Build(t, ".")
	phoneCall := []string{
		"server: socket(2)", "server: bind(2)", "server: listen(2)",
		"client: socket(2)", "client: connect(2)", "server: accept(2)",
		"client: send(2)", "server: recv(2)     hear", "server: send(2)",
		"client: recv(2)", "client: close(2)", "server: recv(2)     returns", "server: close(2)",
	}
	for _, chapter := range []string{"1", "7"} {
		first := steps(runtest.MustRun(t, bin, "-chapter", chapter))
		require.NotEmpty(t, first)
		if chapter == "7" {
			var got []string
			for _, s := range first {
				for _, p := range phoneCall {
					if strings.HasPrefix(s, digits.ReplaceAllString(p, "N")) {
						got = append(got, p)
					}
				}
			}
			assert.Equal(t, phoneCall, got, "chapter 7's steps")
		}
		for range 19 {
			assert.Equal(t, first, steps(runtest.MustRun(t, bin, "-chapter", chapter)), "chapter %s", chapter)
		}
	}
}
