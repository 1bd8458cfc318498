package socket

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The machine's /etc/hosts lists few names, each with one address, so the
// comparison with Python on it never sorts several addresses. This test
// runs the comparisons again in a private mount namespace where
// /etc/hosts (and, in a second round, /etc/gai.conf and /etc/host.conf)
// are files of the test's own, bind-mounted over the real ones for the
// child process only: names with several addresses of both families,
// aliases, duplicates, lines glibc ignores, a configured domain for
// NI_NOFQDN and Getfqdn, other RFC 3484 tables, "multi off". Two more
// rounds run in a network namespace with only loopback up, where
// AI_ADDRCONFIG finds no address to go by and only loopback destinations
// are reachable. Every address
// is a loopback, documentation, private or link-local one; sorting
// connects UDP sockets to them, which sends nothing.

const nsHosts = `# hosts for the namespace test
127.0.0.1	localhost
::1	localhost ip6-localhost ip6-loopback
127.0.1.1	HOSTNAME.example.org HOSTNAME
198.51.100.7	multi4 Multi4Alias
203.0.113.9	multi4
192.0.2.200	multi4 m4
2001:db8::10	multi6
fd00::10	multi6 m6
fe80::10	multi6
::1	dual
127.0.0.1	dual
fd00::5	dual
192.0.2.9	dual
2001:db8::1	dual
169.254.1.1	dual
10.0.0.1	dual
2002:c000:0204::1	dual
::ffff:192.0.2.77	mapped
1.2.3	legacy
fe80::1%lo	scoped
127.0.0.2	dup dupalias
127.0.0.2	dup
0.0.0.0	zero
198.51.100.99
::	zero6
   # only a comment
198.51.100.1	 spaced	  names   # and a comment
`

const nsGaiConf = `# prefer IPv4, put ULAs apart, a site-local IPv4 scope
label ::1/128 0
label ::/0 1
label 2002::/16 2
label ::/96 3
label ::ffff:0:0/96 4
label fd00::/8 10
precedence ::1/128 50
precedence ::/0 40
precedence 2002::/16 30
precedence ::/96 20
precedence ::ffff:0:0/96 100
scopev4 ::ffff:169.254.0.0/112 2
scopev4 ::ffff:127.0.0.0/104 2
scopev4 10.0.0.0/8 5
reload no
bogus line here
label not-an-address 7
`

// TestResolverMatchesPythonInNamespace re-runs the comparisons with
// Python under other /etc files.
func TestResolverMatchesPythonInNamespace(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to bind-mount files over /etc in a mount namespace")
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("unshare(1) is not installed")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed: no reference to compare with")
	}
	hostname, err := Gethostname()
	require.NoError(t, err)
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	hosts := write("hosts", strings.ReplaceAll(nsHosts, "HOSTNAME", hostname))
	gai := write("gai.conf", nsGaiConf)
	multiOff := write("host.conf", "multi off\n")
	rounds := []struct {
		name     string
		mounts   map[string]string
		loopOnly bool // in a network namespace of its own, with only lo up
	}{
		{"hosts", map[string]string{"/etc/hosts": hosts}, false},
		{"hosts+gai.conf+multi-off", map[string]string{"/etc/hosts": hosts, "/etc/gai.conf": gai, "/etc/host.conf": multiOff}, false},
		{"loopback-only", map[string]string{}, true},
		{"loopback-only+hosts", map[string]string{"/etc/hosts": hosts}, true},
	}
	for _, r := range rounds {
		t.Run(r.name, func(t *testing.T) {
			var script strings.Builder
			args := []string{"--mount", "--propagation", "private"}
			if r.loopOnly {
				if _, err := exec.LookPath("ip"); err != nil {
					t.Skip("ip(8) is not installed")
				}
				// AI_ADDRCONFIG sees no address but 127.0.0.1 and ::1
				// here, and no destination but loopback is reachable.
				args = append(args, "--net")
				script.WriteString("ip link set lo up && ")
			}
			for target, src := range r.mounts {
				if _, err := os.Stat(target); err != nil {
					t.Skipf("%s does not exist: nothing to mount over", target)
				}
				script.WriteString("mount --bind '" + src + "' '" + target + "' && ")
			}
			script.WriteString(`exec "$0" -test.count=1 -test.v -test.run '^(TestGetaddrinfoMatchesPython|TestNameLookupsMatchPython)$'`)
			cmd := exec.Command(unshare, append(args, "sh", "-c", script.String(), os.Args[0])...)
			out, err := cmd.CombinedOutput()
			if err != nil && strings.Contains(string(out), "unshare failed") {
				t.Skipf("no mount namespace here: %s", out)
			}
			require.NoError(t, err, "child run:\n%s", out)
			require.Contains(t, string(out), "--- PASS: TestGetaddrinfoMatchesPython")
			require.Contains(t, string(out), "--- PASS: TestNameLookupsMatchPython")
			for _, l := range strings.Split(string(out), "\n") {
				if strings.Contains(l, "compared with python3") {
					t.Log(strings.TrimSpace(l))
				}
			}
		})
	}
}
