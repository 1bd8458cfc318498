//go:build linux

package examples_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bsdsock/socket/examples/internal/runtest"
	"github.com/bsdsock/socket/internal/netnstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIPLink runs iplink here and in a namespace the test makes, with a
// veth pair to it: each of its lines is ip -o link's line for the same
// index, up to where ip prints more (altnames, link-netnsid), and its
// names and indexes are net.Interfaces'.
func TestIPLink(t *testing.T) {
	bin := runtest.Build(t, "./iplink")
	t.Run("this namespace", func(t *testing.T) {
		got := checkIPLink(t, runtest.MustRun(t, bin), "")
		assert.Equal(t, netnstest.NetInterfaces(t), got, "net.Interfaces")
	})
	t.Run("a namespace with a veth pair", func(t *testing.T) {
		netnstest.Require(t)
		a, b := netnstest.New(t, "la"), netnstest.New(t, "lb")
		netnstest.Link(t, a, "192.0.2.1/24", b, "192.0.2.2/24")
		got := checkIPLink(t, runtest.MustRun(t, "ip", "netns", "exec", a, bin), a)
		assert.Len(t, got, 2, "lo and the veth end")
	})
}

// checkIPLink compares iplink's output with ip -o link's in namespace ns
// and returns its names by index.
func checkIPLink(t *testing.T, out, ns string) map[int]string {
	t.Helper()
	want := netnstest.LinkLines(t, ns) // skips without ip(8)
	got := map[int]string{}
	for line := range strings.Lines(out) {
		index, name, err := netnstest.ParseLinkLine(line)
		require.NoError(t, err)
		got[index] = name
		line = strings.TrimRight(line, "\n")
		assert.True(t, strings.HasPrefix(want[index], line), "iplink printed\n%s\nip -o link printed\n%s", line, want[index])
	}
	assert.Equal(t, netnstest.Links(t, ns), got, "ip -o link's names and indexes")
	return got
}

// TestSHA256Sum hashes an empty file, a small one and one larger than the
// program's buffer through the kernel's AF_ALG and compares each digest
// with crypto/sha256's. Where the kernel lacks AF_ALG, the program must
// say so and exit with status 1, and the test skips with what it said.
func TestSHA256Sum(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{"empty": nil, "small": []byte("hello, kernel\n"),
		"large": bytes.Repeat([]byte("0123456789abcdef"), 20000)}
	var args []string
	for name, data := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o600))
		args = append(args, p)
	}
	out, err := runtest.Run(t, runtest.Build(t, "./sha256sum"), args...)
	if err != nil {
		var exit *exec.ExitError
		require.True(t, errors.As(err, &exit), "%v: %s", err, out)
		assert.Equal(t, 1, exit.ExitCode())
		if strings.Contains(out, "this kernel has no AF_ALG") || strings.Contains(out, "no hash sha256") {
			t.Skipf("the kernel cannot hash over AF_ALG; sha256sum said: %s", strings.TrimSpace(out))
		}
		require.NoError(t, err, out)
	}
	for name, data := range files {
		sum := sha256.Sum256(data)
		assert.Contains(t, out, hex.EncodeToString(sum[:])+"  "+filepath.Join(dir, name)+"\n", name)
	}
}

// TestVsock runs the vsock example: the server alone binds and reports
// the port the kernel picked; both halves together talk over the loopback
// transport where the kernel has it, and otherwise the program must say
// which transport is missing, within the kernel's connect timeout (not
// hang), and exit with status 1, and the test skips with what it said.
func TestVsock(t *testing.T) {
	bin := runtest.Build(t, "./vsock")
	t.Run("server", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, "-listen")
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Start())
		defer func() { cmd.Process.Kill(); cmd.Wait() }()
		sc := bufio.NewScanner(out)
		if !sc.Scan() {
			cmd.Wait()
			if strings.Contains(stderr.String(), "this kernel has no AF_VSOCK") {
				t.Skipf("the kernel has no AF_VSOCK; vsock said: %s", strings.TrimSpace(stderr.String()))
			}
			require.Fail(t, "the server printed nothing", stderr.String())
		}
		assert.Regexp(t, `^server: listening on \(4294967295, (\d+)\) \(cid 4294967295, port \d+\)$`, sc.Text())
	})
	t.Run("server and client", func(t *testing.T) {
		start := time.Now()
		out, err := runtest.Run(t, bin)
		if err != nil {
			var exit *exec.ExitError
			require.True(t, errors.As(err, &exit), "%v: %s", err, out)
			assert.Equal(t, 1, exit.ExitCode())
			assert.Less(t, time.Since(start), 10*time.Second, "the kernel's connect timeout ended it")
			if strings.Contains(out, "no vsock transport reaches cid 1") || strings.Contains(out, "this kernel has no AF_VSOCK") {
				t.Skipf("no vsock loopback here; vsock said: %s", strings.TrimSpace(out))
			}
			require.NoError(t, err, out)
		}
		assert.Contains(t, out, "server: 16 bytes from cid 1 port ")
		assert.Contains(t, out, `client: got "HELLO OVER VSOCK" back`)
	})
}
