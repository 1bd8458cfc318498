//go:build linux

package examples_test

import (
	"bufio"
	"bytes"
	"context"
	"net/netip"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bsdsock/socket/examples/internal/runtest"
	"github.com/bsdsock/socket/internal/netnstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// capturer is tcpdump or sniff running in a namespace, its lines
// collected as they come.
type capturer struct {
	name   string
	cmd    *exec.Cmd
	stderr bytes.Buffer
	mu     sync.Mutex
	lines  []string
	ready  chan struct{} // closed at its "listening on" line
	done   chan struct{} // closed when its output ends
}

// startCapturer runs bin with args in namespace ns, killed if the test
// ends before it is stopped.
func startCapturer(t *testing.T, name, ns, bin string, args ...string) *capturer {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	c := &capturer{name: name, ready: make(chan struct{}), done: make(chan struct{})}
	c.cmd = exec.CommandContext(ctx, "ip", append([]string{"netns", "exec", ns, bin}, args...)...)
	out, err := c.cmd.StdoutPipe()
	require.NoError(t, err)
	errOut, err := c.cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, c.cmd.Start())
	t.Cleanup(func() { c.cmd.Process.Kill(); c.cmd.Wait() })
	go func() {
		sc := bufio.NewScanner(errOut)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "listening on ") {
				close(c.ready)
			}
			c.mu.Lock()
			c.stderr.WriteString(sc.Text() + "\n")
			c.mu.Unlock()
		}
	}()
	go func() {
		defer close(c.done)
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 1<<16), 1<<20)
		for sc.Scan() {
			c.mu.Lock()
			c.lines = append(c.lines, sc.Text())
			c.mu.Unlock()
		}
	}()
	return c
}

// saw reports whether a line holding s has come.
func (c *capturer) saw(s string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, l := range c.lines {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// stop interrupts the capturer as a user would with ^C and returns the
// lines between the first holding from and the first after it holding
// to, each without its timestamp, and what it printed on stderr.
func (c *capturer) stop(t *testing.T, from, to string) ([]string, string) {
	t.Helper()
	require.NoError(t, c.cmd.Process.Signal(syscall.SIGINT))
	<-c.done
	c.cmd.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	var lines []string
	in := false
	for _, l := range c.lines {
		switch {
		case !in && strings.Contains(l, from):
			in = true
		case in && strings.Contains(l, to):
			return lines, c.stderr.String()
		case in:
			_, rest, _ := strings.Cut(l, " ") // the timestamp
			lines = append(lines, rest)
		}
	}
	t.Fatalf("%s: no line holds %q after %q:\n%s", c.name, to, from, strings.Join(c.lines, "\n"))
	return nil, ""
}

// waitAll waits until every capturer saw a line holding s, calling send
// every 100 ms meanwhile.
func waitAll(t *testing.T, cs []*capturer, s string, send func()) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		send()
		time.Sleep(100 * time.Millisecond)
		all := true
		for _, c := range cs {
			all = all && c.saw(s)
		}
		if all {
			return
		}
		require.True(t, time.Now().Before(deadline), "not every capturer saw %q", s)
	}
}

// Issue 25, must-show 1: tcpdump and sniff capture the same fixed
// traffic on a veth pair between two private namespaces, plain, with -e
// and with -S, and print the same lines, timestamps aside: TCP over IPv4
// and IPv6 with handshake, data both ways and close, a refused connection
// and an aborted one (RST), urgent data (URG), ECN negotiated on a route
// that asks for it, a 300 kB send (the veth's 64 KiB MTU and TSO make
// segments of up to 64 KiB), a 65,507-byte datagram, UDP over IPv4 and
// IPv6, ICMP echo both ways and over IPv6, an ICMP port unreachable,
// ARP and neighbor discovery after the neighbor tables are flushed,
// IGMPv2 and IGMPv3 joins and leaves, and datagrams fragmented over IPv4
// and IPv6 by routes with a 1500 and 1280-byte MTU.
//
// What tcpdump prints depends on things no test fixes, and the test
// compares rather than expects it: initial sequence numbers, TCP
// timestamps, ports the kernel picks and echo identifiers differ in
// every run; the number of TCP segments and acknowledgments of the
// bulk send and which acknowledgments ride on data depend on timing, as
// do how many times the kernel repeats an IGMP or MLD report (its
// repeats come at random times within the 10 ms the test's sysctls set)
// and whether a neighbor's entry goes stale during the run and is probed
// again. Both capturers see the same frames, so each line must have its
// twin. Two capturers on one interface may see two frames the kernel
// hands over at once on two CPUs in either order; the test compares the
// lines in order and, should the order alone differ, says so and
// compares them sorted.
func TestSniffMatchesTcpdump(t *testing.T) {
	netnstest.Require(t)
	tcpdump, err := exec.LookPath("tcpdump")
	if err != nil {
		t.Skip("needs tcpdump to compare with (apt-get install tcpdump)")
	}
	sniff := runtest.Build(t, "./sniff")
	a, b := netnstest.New(t, "sa"), netnstest.New(t, "sb")
	for _, ns := range []string{a, b} {
		// Before the veth exists, so that its ends start with these:
		// no router solicitations nor duplicate address detection to
		// wait for, IGMP and MLD repeats within 10 ms, and ephemeral
		// ports clear of those tcpdump decodes as other protocols.
		for _, kv := range [][2]string{
			{"net.ipv6.conf.default.router_solicitations", "0"},
			{"net.ipv6.conf.default.accept_dad", "0"},
			{"net.ipv6.conf.default.mldv1_unsolicited_report_interval", "10"},
			{"net.ipv6.conf.default.mldv2_unsolicited_report_interval", "10"},
			{"net.ipv4.conf.default.igmpv2_unsolicited_report_interval", "10"},
			{"net.ipv4.conf.default.igmpv3_unsolicited_report_interval", "10"},
			{"net.ipv4.ip_local_port_range", "40000 40999"},
		} {
			netnstest.Sysctl(t, ns, kv[0], kv[1])
		}
	}
	netnstest.Link(t, a, "198.51.100.1/24", b, "198.51.100.2/24")
	ea, eb := "vsasb", "vsbsa" // netnstest.Link's names for the ends
	for _, args := range [][]string{
		{"-n", a, "link", "set", ea, "mtu", "65535"},
		{"-n", b, "link", "set", eb, "mtu", "65535"},
		{"-n", a, "addr", "add", "2001:db8::1/64", "dev", ea, "nodad"},
		{"-n", b, "addr", "add", "2001:db8::2/64", "dev", eb, "nodad"},
		{"-n", b, "addr", "add", "2001:db8::3/64", "dev", eb, "nodad"},
		{"-n", b, "addr", "add", "198.51.100.3/24", "dev", eb},
		{"-n", b, "addr", "add", "198.51.100.4/24", "dev", eb},
		// .3 and 2001:db8::3 are behind routes with small MTUs, so that
		// datagrams to them are fragmented; .4 behind one asking for ECN.
		{"-n", a, "route", "add", "198.51.100.3/32", "dev", ea, "mtu", "lock", "1500"},
		{"-n", a, "-6", "route", "add", "2001:db8::3/128", "dev", ea, "mtu", "1280"},
		{"-n", a, "route", "add", "198.51.100.4/32", "dev", ea, "features", "ecn"},
	} {
		netnstest.IP(t, args...)
	}

	// The servers, and the marker datagrams' sink.
	v4 := func(port uint16) netip.AddrPort { return netip.AddrPortFrom(netip.MustParseAddr("198.51.100.2"), port) }
	v6 := func(port uint16) netip.AddrPort { return netip.AddrPortFrom(netip.MustParseAddr("2001:db8::2"), port) }
	const readyPort, beginPort, endPort = 41990, 41991, 41992
	for _, p := range []uint16{readyPort, beginPort, endPort, 41020} {
		echoUDP(t, b, v4(p))
	}
	echoUDP(t, b, v6(41021))
	echoUDP(t, b, netip.MustParseAddrPort("198.51.100.3:41022"))
	echoUDP(t, b, netip.MustParseAddrPort("[2001:db8::3]:41023"))
	time.Sleep(300 * time.Millisecond) // the MLD reports of the new addresses are over

	cs := []*capturer{
		startCapturer(t, "tcpdump", a, tcpdump, "-nn", "-l", "-i", ea),
		startCapturer(t, "sniff", a, sniff, "-i", ea),
		startCapturer(t, "tcpdump -e", a, tcpdump, "-nn", "-l", "-e", "-i", ea),
		startCapturer(t, "sniff -e", a, sniff, "-e", "-i", ea),
		startCapturer(t, "tcpdump -S", a, tcpdump, "-nn", "-l", "-S", "-i", ea),
		startCapturer(t, "sniff -S", a, sniff, "-S", "-i", ea),
	}
	for _, c := range cs {
		select {
		case <-c.ready:
		case <-time.After(20 * time.Second):
			t.Fatalf("%s did not start: %s", c.name, c.stderr.String())
		}
	}
	marker := func(port uint16) string { return "> 198.51.100.2." + strconv.Itoa(int(port)) + ": UDP" }
	waitAll(t, cs, marker(readyPort), func() { sendUDP(t, a, v4(readyPort), 5) })
	waitAll(t, cs, marker(beginPort), func() { sendUDP(t, a, v4(beginPort), 5) })

	// The traffic, in a fixed order.
	netnstest.IP(t, "-n", a, "neigh", "flush", "dev", ea)
	netnstest.IP(t, "-n", b, "neigh", "flush", "dev", eb)
	converseTCP(t, a, v4(41001), []byte("hello\n"), false, false, serveTCP(t, b, v4(41001)))
	converseTCP(t, a, v6(41002), []byte("hello over IPv6\n"), false, false, serveTCP(t, b, v6(41002)))
	refusedTCP(t, a, v4(41003))
	converseTCP(t, a, v4(41004), []byte("!urgent\n"), true, false, serveTCP(t, b, v4(41004)))
	converseTCP(t, a, v4(41005), []byte("aborted\n"), false, true, serveTCP(t, b, v4(41005)))
	ecn := netip.MustParseAddrPort("198.51.100.4:41006")
	converseTCP(t, a, ecn, []byte("with ECN\n"), false, false, serveTCP(t, b, ecn))
	converseTCP(t, a, v4(41007), bytes.Repeat([]byte("300 kB "), 300000/7), false, false, serveTCP(t, b, v4(41007)))
	sendUDP(t, a, v4(41020), 65507)
	sendUDP(t, a, v4(41020), 12) // answered
	sendUDP(t, a, v6(41021), 12) // answered
	sendUDP(t, a, v4(41030), 12) // nothing listens: port unreachable
	ping(t, a, netip.MustParseAddr("198.51.100.2"))
	ping(t, b, netip.MustParseAddr("198.51.100.1"))
	ping(t, a, netip.MustParseAddr("2001:db8::2"))
	joinLeave(t, a, ea, "2", netip.MustParseAddr("239.1.2.3"))
	joinLeave(t, a, ea, "3", netip.MustParseAddr("239.1.2.4"))
	sendUDP(t, a, netip.MustParseAddrPort("198.51.100.3:41022"), 3000)
	sendUDP(t, a, netip.MustParseAddrPort("[2001:db8::3]:41023"), 3000)
	time.Sleep(100 * time.Millisecond)

	waitAll(t, cs, marker(endPort), func() { sendUDP(t, a, v4(endPort), 5) })
	got := make([][]string, len(cs))
	for i, c := range cs {
		var stderr string
		got[i], stderr = c.stop(t, marker(beginPort), marker(endPort))
		t.Logf("%s: %d lines; %s", c.name, len(got[i]), strings.ReplaceAll(strings.TrimSpace(stderr), "\n", "; "))
		assert.Contains(t, stderr, "\n0 packets dropped by kernel\n", "%s lost frames", c.name)
	}
	t.Logf("tcpdump's lines:\n%s", strings.Join(got[0], "\n"))
	for i := 0; i < len(cs); i += 2 {
		compareLines(t, cs[i].name, got[i], cs[i+1].name, got[i+1])
	}

	// The traffic the test means to show is there.
	all := strings.Join(got[0], "\n")
	for _, want := range []string{
		"Flags [S], seq", "Flags [S.], seq", "Flags [P.], seq 1:7, ack 1,", "Flags [F.], seq",
		"2001:db8::1.", "Flags [R.], seq 0, ack", "Flags [P.U], seq", "urg 1", "Flags [SEW], seq", "Flags [S.E], seq",
		"UDP, length 65507", "UDP, length 12", "udp port 41030 unreachable",
		"ICMP echo request", "ICMP echo reply", "ICMP6, echo request",
		"ARP, Request who-has 198.51.100.2 tell 198.51.100.1, length 28", "ARP, Reply 198.51.100.2 is-at",
		"ICMP6, neighbor solicitation, who has 2001:db8::2", "ICMP6, neighbor advertisement, tgt is 2001:db8::2",
		"igmp v2 report 239.1.2.3", "igmp leave 239.1.2.3", "igmp v3 report, 1 group record(s)",
		"ip-proto-17", "UDP, length 3000", "frag (0|1232) ", "frag (1232|1232)",
	} {
		assert.Contains(t, all, want)
	}
	assert.Contains(t, strings.Join(got[2], "\n"), "ethertype ARP (0x0806), length 42: Request who-has")
	assert.NotContains(t, strings.Join(got[4], "\n"), "seq 1:7,", "-S: absolute numbers")
}

// compareLines asserts that two capturers printed the same lines: in the
// same order, or, where only the order differs, the same lines sorted.
func compareLines(t *testing.T, nameA string, a []string, nameB string, b []string) {
	t.Helper()
	same := 0
	for i := range min(len(a), len(b)) {
		if a[i] == b[i] {
			same++
		}
	}
	t.Logf("%s and %s: %d and %d lines, %d the same in order", nameA, nameB, len(a), len(b), same)
	if same == len(a) && len(a) == len(b) {
		return
	}
	sa, sb := append([]string(nil), a...), append([]string(nil), b...)
	slices.Sort(sa)
	slices.Sort(sb)
	if assert.Equal(t, sa, sb, "%s and %s print different lines", nameA, nameB) {
		t.Logf("%s and %s saw frames in a different order (two CPUs at once); the lines are the same", nameA, nameB)
	}
}
