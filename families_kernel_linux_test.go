package socket

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The round trips of the families a kernel may lack (AF_ALG, AF_CAN,
// AF_TIPC): each runs where the kernel has the family and its module, and
// skips saying which piece is missing where it does not.

// familySocket returns a socket of family. When the kernel lacks the
// family it loads modules with modprobe, as root, and tries again; if
// that fails too it skips the test, saying what is missing.
func familySocket(t *testing.T, family Family, typ Type, proto Protocol, modules ...string) *Socket {
	t.Helper()
	s, err := New(family, typ, proto)
	if errors.Is(err, unix.EAFNOSUPPORT) || errors.Is(err, unix.EPROTONOSUPPORT) {
		if why := modprobe(modules...); why != "" {
			t.Skipf("the kernel has no %v: %v; %s", family, err, why)
		}
		s, err = New(family, typ, proto)
	}
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// modprobe loads the kernel modules named, as root, and returns "" when it
// did, or why it did not: no root, no modprobe, or modprobe's own words.
func modprobe(modules ...string) string {
	what := "modprobe " + strings.Join(modules, " ")
	if len(modules) == 0 {
		return "no module to load"
	}
	if os.Geteuid() != 0 {
		return what + " needs root"
	}
	path, err := exec.LookPath("modprobe")
	if err != nil {
		return what + " cannot run: modprobe is not installed"
	}
	out, err := exec.Command(path, append([]string{"-a"}, modules...)...).CombinedOutput()
	if err != nil {
		return what + " failed: " + strings.TrimSpace(string(out)) + " (" + err.Error() + ")"
	}
	return ""
}
