// Package examples_test runs every example program on loopback, as a user
// would: built with go build, started as a process, its output checked.
package examples_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bsdsock/socket/examples/internal/runtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { runtest.Main(m) }

// server is an example server process started by a test.
type server struct {
	addr  string // from its first line, "listening on ADDR ..."
	cmd   *exec.Cmd
	rest  *bufio.Scanner
	guard context.Context // kills the process if a test hangs
}

// startServer runs bin and reads the address it listens on from the first
// line of its output. When the test ends, however it ends, the process is
// killed if it has not exited and then waited for, in that order: waiting
// first would hang until the hang guard fires (2 minutes) when a failed
// test leaves the server waiting for a client.
func startServer(t *testing.T, bin string, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, bin, args...)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(out)
	require.True(t, sc.Scan(), "the server printed nothing")
	fields := strings.Fields(sc.Text())
	require.GreaterOrEqual(t, len(fields), 3, "first line %q", sc.Text())
	return &server{addr: fields[2], cmd: cmd, rest: sc, guard: ctx}
}

// wait waits for the server to exit and returns the rest of its output.
func (s *server) wait(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for s.rest.Scan() {
		b.WriteString(s.rest.Text() + "\n")
	}
	require.NoError(t, s.cmd.Wait())
	return b.String()
}

// TestEchoPair runs echo-server and echo-client in every family and mode.
func TestEchoPair(t *testing.T) {
	srvBin, cliBin := runtest.Build(t, "./echo-server"), runtest.Build(t, "./echo-client")
	for _, family := range []string{"inet", "inet6", "unix"} {
		for _, mode := range []string{"blocking", "timeout", "nonblocking"} {
			t.Run(family+"/"+mode, func(t *testing.T) {
				addr := map[string]string{"inet": "127.0.0.1:0", "inet6": "[::1]:0",
					"unix": filepath.Join(t.TempDir(), "echo.sock")}[family]
				srv := startServer(t, srvBin, "-family", family, "-addr", addr, "-mode", mode, "-n", "2")
				for _, msg := range []string{"hello from " + mode, strings.Repeat("big ", 7500)} {
					out := runtest.MustRun(t, cliBin, "-family", family, "-addr", srv.addr, "-mode", mode, msg)
					assert.Equal(t, msg+"\n", out)
				}
				assert.Equal(t, 2, strings.Count(srv.wait(t), "client closed"))
			})
		}
	}
}

// TestEchoPython: a Python echo client talks to echo-server, and
// echo-client to a Python echo server.
func TestEchoPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	t.Run("python client, Go server", func(t *testing.T) {
		srv := startServer(t, runtest.Build(t, "./echo-server"), "-addr", "127.0.0.1:0", "-n", "1")
		host, port, _ := strings.Cut(srv.addr, ":")
		out := runtest.MustRun(t, python, "-c", `
import socket, sys
with socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10) as s:
    s.sendall(b"hello from python")
    s.shutdown(socket.SHUT_WR)
    data = b""
    while chunk := s.recv(1024):
        data += chunk
print(data.decode())
`, host, port)
		assert.Equal(t, "hello from python\n", out)
		assert.Contains(t, srv.wait(t), "echoed 17 bytes, client closed")
	})
	t.Run("Go client, python server", func(t *testing.T) {
		srv := startServer(t, python, "-c", pythonEchoServer)
		got := runtest.MustRun(t, runtest.Build(t, "./echo-client"), "-addr", srv.addr, "-mode", "blocking", "hello", "from", "go")
		assert.Equal(t, "hello from go\n", got)
	})
}

// pythonEchoServer is a Python echo server for one client that prints
// "listening on HOST:PORT" first, as the example servers do.
const pythonEchoServer = `
import socket
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as srv:
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    print("listening on %s:%d" % srv.getsockname(), flush=True)
    conn, _ = srv.accept()
    with conn:
        while data := conn.recv(1024):
            conn.sendall(data)
`

// TestServerStoppedWhenTestEndsEarly: a test that fails before its client
// ever connects leaves the Python server waiting in accept; its cleanup
// must stop the server rather than wait for it until the hang guard kills
// it (issue 22, item 2: TestEchoPython's deferred Wait ran before its
// deferred cancel and hung 120 s).
func TestServerStoppedWhenTestEndsEarly(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	var srv *server
	t.Run("ends before connecting", func(t *testing.T) {
		srv = startServer(t, python, "-c", pythonEchoServer)
		t.SkipNow() // as require's FailNow would: the cleanups run now
	})
	require.NotNil(t, srv)
	assert.NotNil(t, srv.cmd.ProcessState, "the server was waited for")
	assert.NotErrorIs(t, context.Cause(srv.guard), context.DeadlineExceeded, "the hang guard stopped the server, not the test's cleanup")
}

// TestPrograms runs each self-contained example and checks the lines that
// carry its lesson.
func TestPrograms(t *testing.T) {
	for _, tc := range []struct {
		dir  string
		args []string
		want []string
	}{
		{"./echo", nil, []string{"the server echoed \"hello\"\n"}},
		{"./udp", nil, []string{`client: sent "datagram 3", got "DATAGRAM 3" back from 127.0.0.1:`,
			`server: recvmsg into 12 bytes got "a datagram o", flags MSG_TRUNC`}},
		{"./udp", []string{"-family", "inet6", "-n", "1"}, []string{`got "DATAGRAM 1" back from [::1]:`}},
		{"./unix", nil, []string{"server: accepted a client with pid ",
			`client: got "here is a file" and descriptor `, `which reads "the server opened this file"`}},
		{"./unix", []string{"-type", "seqpacket"}, []string{"SOCK_SEQPACKET", `which reads "the server opened this file"`}},
		{"./nonblocking", nil, []string{
			"accept(2) with no client waiting: EAGAIN: true",
			"connect(2): EINPROGRESS, the handshake has started: true",
			"writable; SO_ERROR says: errno 0",
			"select: the listening socket is readable, a connection waits: true",
			"recv(2) before the server wrote: EAGAIN: true",
			`readable; recv(2) got "ready when you are"`}},
		{"./timeout", []string{"-timeout", "1s"}, []string{
			"accept(2), no client comes: accept tcp4: i/o timeout\n  os.ErrDeadlineExceeded: true, Timeout(): true",
			"recv(2), the server says nothing: recv tcp4: i/o timeout\n  os.ErrDeadlineExceeded: true, Timeout(): true",
			`recv(2), the server answers after 250ms: "in time"`}},
		{"./sendall", nil, []string{"sendall of the other", "the reader received 4194304 bytes in all"}},
	} {
		t.Run(strings.Join(append([]string{tc.dir}, tc.args...), " "), func(t *testing.T) {
			out := runtest.MustRun(t, runtest.Build(t, tc.dir), tc.args...)
			for _, w := range tc.want {
				assert.Contains(t, out, w)
			}
		})
	}
}

// TestSendallPartial checks the lesson itself: Send sent only part.
func TestSendallPartial(t *testing.T) {
	out := runtest.MustRun(t, runtest.Build(t, "./sendall"))
	var total, sent int
	_, err := fmt.Sscanf(out, "send(2) of %d bytes in timeout mode, nobody reading: sent %d,", &total, &sent)
	require.NoError(t, err, out)
	assert.Less(t, sent, total)
	assert.Contains(t, out, fmt.Sprintf("sendall of the other %d bytes while a reader drains: sent %d\n", total-sent, total-sent))
}

func requireRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root (CAP_NET_RAW) for raw and packet sockets")
	}
}

func TestPingLoopback(t *testing.T) {
	requireRoot(t)
	bin := runtest.Build(t, "./ping")
	for _, host := range []string{"127.0.0.1", "::1"} {
		out := runtest.MustRun(t, bin, "-c", "2", "-i", "0.01", host)
		assert.Contains(t, out, "icmp_seq=2")
		assert.Contains(t, out, "2 packets transmitted, 2 received, 0% packet loss")
	}
}

func TestTraceroute(t *testing.T) {
	requireRoot(t)
	out := runtest.MustRun(t, runtest.Build(t, "./traceroute"), "-I", "-m", "3", "127.0.0.1")
	assert.Contains(t, out, "traceroute to 127.0.0.1 (127.0.0.1), 3 hops max, 60 byte packets\n")
	assert.Regexp(t, `\n 1  127\.0\.0\.1  \d+\.\d{3} ms  \d+\.\d{3} ms  \d+\.\d{3} ms\n$`, out)
}

// TestSniff captures a connection the test makes to an example echo-server
// while sniff watches its port.
func TestSniff(t *testing.T) {
	requireRoot(t)
	srv := startServer(t, runtest.Build(t, "./echo-server"), "-addr", "127.0.0.1:0", "-n", "1")
	_, port, _ := strings.Cut(srv.addr, ":")

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sniff := exec.CommandContext(ctx, runtest.Build(t, "./sniff"), "-i", "lo", "-port", port, "-c", "3")
	stderr, err := sniff.StderrPipe()
	require.NoError(t, err)
	var out strings.Builder
	sniff.Stdout = &out
	require.NoError(t, sniff.Start())
	ready := bufio.NewScanner(stderr)
	require.True(t, ready.Scan()) // "listening on lo": the filter is attached
	assert.Contains(t, ready.Text(), "listening on lo")

	runtest.MustRun(t, runtest.Build(t, "./echo-client"), "-addr", srv.addr, "sniffed")
	require.NoError(t, sniff.Wait())
	srv.wait(t)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 3, out.String())
	assert.Contains(t, lines[0], "> 127.0.0.1."+port+": Flags [S], seq")
	assert.Contains(t, lines[1], "IP 127.0.0.1."+port+" > ")
	assert.Contains(t, lines[1], "Flags [S.]")
	assert.Contains(t, lines[2], "Flags [.]")
}

// TestReadmeFirstProgram: the README's first program is examples/echo as
// it is, and the output the README shows is what it prints (issue 22,
// item 3: it printed "hello transport endpoint is already connected",
// which read as an error).
func TestReadmeFirstProgram(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	blocks := regexp.MustCompile("(?s)```(\\w*)\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	var program, output string
	for i, b := range blocks {
		if b[1] == "go" && strings.HasPrefix(b[2], "package main\n") {
			program = b[2]
			require.Greater(t, len(blocks), i+1, "no block after the first program")
			output = blocks[i+1][2]
			break
		}
	}
	require.NotEmpty(t, program, "the README shows no program")
	src, err := os.ReadFile("echo/main.go")
	require.NoError(t, err)
	assert.Equal(t, string(src[strings.Index(string(src), "package main\n"):]), program,
		"the README's first program is examples/echo/main.go from its package clause on")
	assert.Equal(t, output, runtest.MustRun(t, runtest.Build(t, "./echo")), "the output the README shows")

	for _, want := range []string{"go get github.com/bsdsock/socket\n", "import \"github.com/bsdsock/socket\"\n"} {
		assert.Contains(t, string(readme), want)
	}
	assert.Less(t, strings.Count(string(readme), "\n"), 260, "the README stays short: the rest goes in docs/")
}

// TestReadmeLinksEveryPage: every page of docs/ and CONTRIBUTING.md is
// linked from the README, and every relative link of the README and of
// those pages names a file that exists.
func TestReadmeLinksEveryPage(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	pages, err := filepath.Glob("../docs/*.md")
	require.NoError(t, err)
	require.NotEmpty(t, pages)
	for _, p := range append(pages, "../CONTRIBUTING.md") {
		assert.Contains(t, string(readme), "]("+strings.TrimPrefix(p, "../")+")", "the README links %s", p)
	}
	link := regexp.MustCompile(`\]\(([^)#:]+)(#[^)]*)?\)`)
	for _, doc := range append(pages, "../README.md", "../CONTRIBUTING.md") {
		text, err := os.ReadFile(doc)
		require.NoError(t, err)
		for _, m := range link.FindAllStringSubmatch(string(text), -1) {
			_, err := os.Stat(filepath.Join(filepath.Dir(doc), m[1]))
			assert.NoError(t, err, "%s links %s", doc, m[1])
		}
	}
}

// TestLatency runs the latency example: after its header, a line per
// round trip whose legs are kernel timestamps (transmit stamps from the
// error queue, receive stamps from control messages), each no less than
// zero, adding up to the time the program saw.
func TestLatency(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("SO_TIMESTAMPING and the error queue are Linux's")
	}
	bin := runtest.Build(t, "./latency")
	for _, c := range []struct {
		args []string
		n    int
	}{{[]string{"-n", "3"}, 3}, {[]string{"-n", "2", "-6", "-size", "1000"}, 2}} {
		out := runtest.MustRun(t, bin, c.args...)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		require.Len(t, lines, 2+c.n, "output:\n%s", out)
		assert.Contains(t, lines[0], "UDP round trips on")
		for _, line := range lines[2:] {
			f := strings.Fields(strings.ReplaceAll(line, "|", ""))
			require.Len(t, f, 8, "line %q", line)
			v := make([]float64, len(f))
			for i, s := range f {
				var err error
				v[i], err = strconv.ParseFloat(s, 64)
				require.NoError(t, err, "line %q", line)
			}
			user, kernel, send, outLeg, server, back, wake := v[1], v[2], v[3], v[4], v[5], v[6], v[7]
			for _, leg := range []float64{send, outLeg, server, back, wake} {
				assert.GreaterOrEqual(t, leg, -0.1, "a leg below zero: %q", line)
			}
			assert.InDelta(t, kernel, outLeg+server+back, 0.3, "the kernel's round trip is its legs: %q", line)
			assert.InDelta(t, user, send+kernel+wake, 0.3, "the program's round trip is the kernel's and both ends: %q", line)
		}
	}
}
