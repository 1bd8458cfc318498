package socket

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dnsTrap is a UDP "name server" on a loopback address that answers
// nothing and records every query it gets.
type dnsTrap struct {
	conn    net.PacketConn
	mu      sync.Mutex
	queries []string
	done    chan struct{}
}

func newDNSTrap(t *testing.T) *dnsTrap {
	t.Helper()
	c, err := net.ListenPacket("udp4", "127.0.0.153:53")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.153:53 for the trap: %v", err)
	}
	d := &dnsTrap{conn: c, done: make(chan struct{})}
	go func() {
		defer close(d.done)
		buf := make([]byte, 1500)
		for {
			n, _, err := c.ReadFrom(buf)
			if err != nil {
				return
			}
			d.mu.Lock()
			d.queries = append(d.queries, dnsQueryName(buf[:n]))
			d.mu.Unlock()
		}
	}()
	t.Cleanup(func() { c.Close(); <-d.done })
	return d
}

// take returns and forgets the queries seen so far.
func (d *dnsTrap) take() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	q := d.queries
	d.queries = nil
	return q
}

// dnsQueryName reads the question name of a DNS query.
func dnsQueryName(b []byte) string {
	var labels []string
	for i := 12; i < len(b) && b[i] != 0; {
		n := int(b[i])
		if i+1+n > len(b) {
			break
		}
		labels = append(labels, string(b[i+1:i+1+n]))
		i += 1 + n
	}
	return strings.Join(labels, ".")
}

// TestNoDNSQueries: the comparisons with Python, run again with
// /etc/resolv.conf naming a trap on loopback (in a mount namespace of their
// own), send the trap nothing, while a control lookup of an unknown name,
// by Python and by this package, reaches it.
func TestNoDNSQueries(t *testing.T) {
	if os.Getenv("SOCKET_DNS_CONTROL") != "" {
		t.Skip("this is the control child")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to bind-mount /etc/resolv.conf in a mount namespace")
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("unshare(1) is not installed")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
	trap := newDNSTrap(t)
	resolv := filepath.Join(t.TempDir(), "resolv.conf")
	require.NoError(t, os.WriteFile(resolv, []byte("nameserver 127.0.0.153\noptions timeout:1 attempts:1\n"), 0o644))
	run := func(env []string, args ...string) string {
		script := "mount --bind '" + resolv + "' /etc/resolv.conf && exec \"$@\""
		cmd := exec.Command(unshare, append([]string{"--mount", "--propagation", "private", "sh", "-c", script, "sh"}, args...)...)
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil && strings.Contains(string(out), "unshare failed") {
			t.Skipf("no mount namespace here: %s", out)
		}
		require.NoError(t, err, "%s", out)
		return string(out)
	}
	out := run(nil, os.Args[0], "-test.count=1", "-test.v", "-test.run",
		"^(TestGetaddrinfoMatchesPython|TestNameLookupsMatchPython|TestInetMatchesPython|TestDatabasesMatchPython|TestCreate.*|Example.*)$")
	assert.Contains(t, out, "--- PASS: TestGetaddrinfoMatchesPython")
	assert.Contains(t, out, "--- PASS: TestNameLookupsMatchPython")
	time.Sleep(100 * time.Millisecond) // let a late datagram arrive
	assert.Empty(t, trap.take(), "DNS queries sent by the tests")

	run(nil, "python3", "-c", "import socket\ntry: socket.getaddrinfo('control.invalid', 80)\nexcept OSError: pass")
	run([]string{"SOCKET_DNS_CONTROL=1"}, os.Args[0], "-test.count=1", "-test.run", "^TestDNSControlLookup$")
	time.Sleep(100 * time.Millisecond)
	q := trap.take()
	assert.Contains(t, q, "control.invalid", "the trap must see Python's control query")
	assert.Contains(t, q, "go-control.invalid", "the trap must see this package's control query")
}

// TestDNSControlLookup is the control of TestNoDNSQueries, run only in its
// child: a name no local source knows goes to DNS.
func TestDNSControlLookup(t *testing.T) {
	if os.Getenv("SOCKET_DNS_CONTROL") == "" {
		t.Skip("run by TestNoDNSQueries only: it asks DNS")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, err := GetaddrinfoContext(ctx, "go-control.invalid", "80", AF_INET, SOCK_STREAM, 0, 0)
	assert.Error(t, err)
}
