//go:build linux

package examples_test

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bsdsock/socket/examples/internal/runtest"
	"github.com/bsdsock/socket/internal/netnstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runCode runs a program and returns its output (stdout and stderr
// together) and exit status; it fails t if the program could not run.
func runCode(t *testing.T, name string, args ...string) (string, int) {
	t.Helper()
	out, err := runtest.Run(t, name, args...)
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return out, ee.ExitCode()
	}
	require.NoError(t, err, out)
	return out, 0
}

// statsLine is iputils' statistics line, the errors field optional.
var statsLine = regexp.MustCompile(`(?m)^(\d+) packets transmitted, (\d+) received,( \+\d+ errors,)? [0-9.]+% packet loss, time \d+ms$`)

// elapsed is the statistics line's run time.
var elapsed = regexp.MustCompile(`time \d+ms`)

// rttLine is iputils' round-trip line.
var rttLine = regexp.MustCompile(`(?m)^rtt min/avg/max/mdev = \d+\.\d{3}/\d+\.\d{3}/\d+\.\d{3}/\d+\.\d{3} ms$`)

// Issue 25: a bad count, a missing host and an unknown option are refused
// with iputils' messages and exit statuses, and nothing is sent. Where
// iputils' ping is installed it is run with the same arguments and must
// agree.
func TestPingFlagErrors(t *testing.T) {
	bin := runtest.Build(t, "./ping")
	iputils, _ := exec.LookPath("ping")
	for _, tc := range []struct {
		args []string
		line string
		code int
	}{
		{[]string{"-c", "0", "127.0.0.1"}, "ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807", 1},
		{[]string{"-c", "-1", "127.0.0.1"}, "ping: invalid argument: '-1': out of range: 1 <= value <= 9223372036854775807", 1},
		{[]string{"127.0.0.1", "-c0"}, "ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807", 1},
		{[]string{"-c", "abc", "127.0.0.1"}, "ping: invalid argument: 'abc'", 1},
		{[]string{"-c", "1"}, "ping: usage error: Destination address required", 1},
		{[]string{"-Z", "127.0.0.1"}, "ping: invalid option -- 'Z'", 2},
		{[]string{"127.0.0.1", "-c"}, "ping: option requires an argument -- 'c'", 2},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, code := runCode(t, bin, tc.args...)
			assert.Equal(t, tc.code, code, out)
			assert.Equal(t, tc.line, strings.SplitN(out, "\n", 2)[0])
			if iputils == "" {
				return
			}
			want, wantCode := runCode(t, iputils, tc.args...)
			want = strings.ReplaceAll(want, iputils+":", "ping:") // iputils names itself by argv[0]
			assert.Equal(t, wantCode, code, "iputils exits %d", wantCode)
			assert.Equal(t, strings.SplitN(want, "\n", 2)[0], tc.line, "iputils says")
		})
	}
	if iputils == "" {
		t.Log("iputils ping is not installed: compared with the expected strings only")
	}
}

// Issue 25: replies on loopback, with options before or after the host
// and values glued (-c3) or fractional (-i 0.01): exit status 0, a line
// per reply as iputils prints it, then the statistics.
func TestPingStatistics(t *testing.T) {
	requireRoot(t)
	bin := runtest.Build(t, "./ping")
	for _, tc := range []struct {
		args         []string
		host, header string
	}{
		{[]string{"-c", "3", "-i", "0.01", "127.0.0.1"}, "127.0.0.1", "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data."},
		{[]string{"::1", "-c3", "-i0.01"}, "::1", "PING ::1(::1) 56 data bytes"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, code := runCode(t, bin, tc.args...)
			assert.Equal(t, 0, code, out)
			lines := strings.Split(out, "\n")
			require.GreaterOrEqual(t, len(lines), 8, out)
			assert.Equal(t, tc.header, lines[0])
			host := tc.host
			for i := 1; i <= 3; i++ {
				assert.Regexp(t, `^64 bytes from `+regexp.QuoteMeta(host)+`: icmp_seq=`+string(rune('0'+i))+` ttl=64 time=\d+\.\d+ ms$`, lines[i])
			}
			assert.Equal(t, "", lines[4])
			assert.Equal(t, "--- "+host+" ping statistics ---", lines[5])
			m := statsLine.FindStringSubmatch(lines[6])
			require.NotNil(t, m, lines[6])
			assert.Equal(t, "3 packets transmitted, 3 received, 0% packet loss", strings.Split(lines[6], ", time")[0])
			assert.Regexp(t, rttLine, lines[7])
		})
	}
}

// Issue 25: Ctrl-C (SIGINT) ends the run with the statistics and exit
// status 0 when replies came, as iputils does.
func TestPingInterrupt(t *testing.T) {
	requireRoot(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, runtest.Build(t, "./ping"), "-c", "100000", "-i", "0.02", "127.0.0.1")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	sc := bufio.NewScanner(stdout)
	var out []string
	for sc.Scan() {
		out = append(out, sc.Text())
		if len(out) == 3 { // the header and two replies
			require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
		}
	}
	require.NoError(t, cmd.Wait(), "exit status 0: replies came")
	text := strings.Join(out, "\n")
	assert.Contains(t, text, "\n--- 127.0.0.1 ping statistics ---\n")
	assert.Regexp(t, statsLine, text)
	assert.Regexp(t, rttLine, text)
}

// Issue 25: a host that does not resolve exits 2 with glibc's message and
// no log timestamp. The lookup stays off the network: the program runs in
// a namespace of its own whose resolv.conf (ip netns exec mounts
// /etc/netns/NAME over /etc) names a server on its loopback that answers
// NXDOMAIN, as a real one answers for .invalid (RFC 6761).
func TestPingBadHost(t *testing.T) {
	netnstest.Require(t)
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("needs python3 for the loopback name server")
	}
	ns := netnstest.New(t, "dn")
	etc := filepath.Join("/etc/netns", ns)
	require.NoError(t, os.MkdirAll(etc, 0o755))
	t.Cleanup(func() { os.RemoveAll(etc) })
	require.NoError(t, os.WriteFile(filepath.Join(etc, "resolv.conf"), []byte("nameserver 127.0.0.1\noptions attempts:1\n"), 0o644))
	ctx, cancel := context.WithCancel(context.Background())
	srv := exec.CommandContext(ctx, "ip", "netns", "exec", ns, python, "-c", nxdomainServer)
	srv.Stderr = os.Stderr
	ready, err := srv.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, srv.Start())
	t.Cleanup(func() { cancel(); srv.Wait() })
	require.True(t, bufio.NewScanner(ready).Scan(), "the name server started")

	out, code := runCode(t, "ip", "netns", "exec", ns, runtest.Build(t, "./ping"), "-c", "1", "x.invalid")
	assert.Equal(t, 2, code, out)
	assert.Equal(t, "ping: x.invalid: Name or service not known\n", out)
	if iputils, err := exec.LookPath("ping"); err == nil {
		want, wantCode := runCode(t, "ip", "netns", "exec", ns, iputils, "-c", "1", "x.invalid")
		want = strings.ReplaceAll(want, iputils+":", "ping:") // iputils names itself by argv[0]
		assert.Equal(t, want, out, "as iputils")
		assert.Equal(t, wantCode, code)
	}
}

// nxdomainServer answers every DNS query on 127.0.0.1:53 with NXDOMAIN.
const nxdomainServer = `
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 53))
print("ready", flush=True)
while True:
    q, peer = s.recvfrom(512)
    # the query's ID and question, flags QR RD RA and rcode 3, no answers
    s.sendto(q[:2] + b"\x81\x83" + q[4:6] + b"\x00\x00\x00\x00\x00\x00" + q[12:], peer)
`

// Issue 25: 100% loss exits 1, and ICMP errors are named as iputils
// names them and counted as "+N errors", in the two-router namespace
// topology: r2 has no route to 203.0.113.130 and an unreachable route to
// 203.0.113.200; the server drops echo requests to 203.0.113.2. Where
// iputils' ping is installed it runs in a topology of its own and must
// print the same, the run time aside.
func TestPingLossAndUnreachable(t *testing.T) {
	netnstest.Require(t)
	bin := runtest.Build(t, "./ping")
	for _, tc := range []struct {
		dst, line, stats string
	}{
		{"203.0.113.130", "From 198.51.100.2 icmp_seq=1 Destination Net Unreachable", "3 packets transmitted, 0 received, +3 errors, 100% packet loss"},
		{"203.0.113.200", "From 198.51.100.2 icmp_seq=1 Destination Host Unreachable", "3 packets transmitted, 0 received, +3 errors, 100% packet loss"},
		{"203.0.113.2", "", "3 packets transmitted, 0 received, 100% packet loss"},
	} {
		t.Run(tc.dst, func(t *testing.T) {
			cl, _, _, sv := netnstest.TwoRouters(t) // a topology each: see TwoRouters on rate limits
			netnstest.Sysctl(t, sv, "net.ipv4.icmp_echo_ignore_all", "1")
			out, code := runCode(t, "ip", "netns", "exec", cl, bin, "-c", "3", "-i", "0.05", "-W", "0.5", tc.dst)
			assert.Equal(t, 1, code, "exit status 1 at 100%% loss:\n%s", out)
			if tc.line != "" {
				assert.Contains(t, out, "\n"+tc.line+"\n")
				assert.Contains(t, out, strings.Replace(tc.line, "icmp_seq=1", "icmp_seq=3", 1))
			}
			m := statsLine.FindString(out)
			require.NotEmpty(t, m, out)
			assert.Equal(t, tc.stats, strings.Split(m, ", time")[0])
			assert.NotRegexp(t, rttLine, out, "no rtt line without a reply")
			iputils, err := exec.LookPath("ping")
			if err != nil {
				return
			}
			cl, _, _, sv = netnstest.TwoRouters(t)
			netnstest.Sysctl(t, sv, "net.ipv4.icmp_echo_ignore_all", "1")
			want, wantCode := runCode(t, "ip", "netns", "exec", cl, iputils, "-n", "-c", "3", "-i", "0.05", "-W", "0.5", tc.dst)
			assert.Equal(t, wantCode, code, "as iputils")
			assert.Equal(t, elapsed.ReplaceAllString(want, "time T"), elapsed.ReplaceAllString(out, "time T"), "as iputils")
		})
	}
}
