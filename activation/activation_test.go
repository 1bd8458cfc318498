package activation

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/internal/leakcheck"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// childEnv marks the test binary started by TestSockets as its child.
const childEnv = "ACTIVATION_TEST_CHILD"

// passed makes a socket for the child: its descriptor as a file for
// ExtraFiles (a duplicate, closed when the test ends) and its address.
func passed(t *testing.T, typ socket.Type) (*os.File, string) {
	t.Helper()
	s, err := socket.New(socket.AF_INET, typ, 0)
	require.NoError(t, err)
	defer s.Close()
	a, err := socket.InetAddr("127.0.0.1", 0)
	require.NoError(t, err)
	require.NoError(t, s.Bind(a))
	if typ == socket.SOCK_STREAM {
		require.NoError(t, s.Listen(1))
	}
	bound, err := s.Getsockname()
	require.NoError(t, err)
	fd, err := socket.DupFD(s.Fileno())
	require.NoError(t, err)
	f := os.NewFile(uintptr(fd), bound.String())
	t.Cleanup(func() { f.Close() })
	return f, bound.String()
}

// runChild runs this test binary's TestChild with the two files at
// descriptors 3 and 4 and env added, through args (a wrapper before the
// binary, or none), and returns what it printed.
func runChild(t *testing.T, env []string, wrapper ...string) string {
	t.Helper()
	web, webAddr := passed(t, socket.SOCK_STREAM)
	dns, dnsAddr := passed(t, socket.SOCK_DGRAM)
	args := append(wrapper, os.Args[0], "-test.run=^TestChild$", "-test.count=1", "-test.v")
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), append(env, childEnv+"=1", "LISTEN_FDS=2", "LISTEN_FDNAMES=web:dns")...)
	cmd.ExtraFiles = []*os.File{web, dns}
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	t.Logf("the child printed:\n%s", out)
	return strings.NewReplacer(webAddr, "WEBADDR", dnsAddr, "DNSADDR").Replace(string(out))
}

// The child's LISTEN_PID must be its own pid, known only once it runs: sh
// sets it to $$, its own pid, and execs the test binary, which keeps it.
func TestSockets(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("needs sh to set LISTEN_PID to the child's own pid")
	}
	out := runChild(t, nil, "sh", "-c", `LISTEN_PID=$$ exec "$0" "$@"`)
	assert.Contains(t, out, "socket 0 web AF_INET SOCK_STREAM WEBADDR inheritable=false\n")
	assert.Contains(t, out, "socket 1 dns AF_INET SOCK_DGRAM DNSADDR inheritable=false\n")
	assert.Contains(t, out, "sockets 2\n")
	assert.Contains(t, out, "env LISTEN_PID=false LISTEN_FDS=false LISTEN_FDNAMES=false\n")
}

func TestSocketsForAnotherPid(t *testing.T) {
	out := runChild(t, []string{"LISTEN_PID=" + strconv.Itoa(os.Getpid())})
	assert.Contains(t, out, "sockets 0\n")
	assert.Contains(t, out, "env LISTEN_PID=false LISTEN_FDS=false LISTEN_FDNAMES=false\n")
	// Not taken, so not touched: still inheritable, as passed.
	assert.Contains(t, out, "fd 3 inheritable=true\n")
	assert.Contains(t, out, "fd 4 inheritable=true\n")
}

// TestChild is the child of TestSockets and TestSocketsForAnotherPid: it
// takes the sockets and prints what it got.
func TestChild(t *testing.T) {
	if os.Getenv(childEnv) == "" {
		t.Skip("run by TestSockets as its child")
	}
	var b bytes.Buffer
	sockets, err := Sockets(true)
	require.NoError(t, err)
	fmt.Fprintf(&b, "sockets %d\n", len(sockets))
	for i, s := range sockets {
		a, err := s.Getsockname()
		require.NoError(t, err)
		inh, err := s.Inheritable()
		require.NoError(t, err)
		fmt.Fprintf(&b, "socket %d %s %s %s %s inheritable=%t\n", i, s.Name, s.Family(), s.Type(), a, inh)
		require.NoError(t, s.Close())
	}
	_, pid := os.LookupEnv("LISTEN_PID")
	_, fds := os.LookupEnv("LISTEN_FDS")
	_, names := os.LookupEnv("LISTEN_FDNAMES")
	fmt.Fprintf(&b, "env LISTEN_PID=%t LISTEN_FDS=%t LISTEN_FDNAMES=%t\n", pid, fds, names)
	if len(sockets) == 0 {
		for fd := ListenFDsStart; fd < ListenFDsStart+2; fd++ {
			flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
			require.NoError(t, err)
			fmt.Fprintf(&b, "fd %d inheritable=%t\n", fd, flags&unix.FD_CLOEXEC == 0)
		}
	}
	sc := bufio.NewScanner(&b)
	for sc.Scan() {
		fmt.Println(sc.Text())
	}
}

func TestParse(t *testing.T) {
	pid := 4242
	for _, c := range []struct {
		name, listenPID, listenFDs, names string
		n                                 int
		badArg                            string
	}{
		{"unset", "", "", "", 0, ""},
		{"another process", "4243", "2", "", 0, ""},
		{"no LISTEN_FDS", "4242", "", "", 0, ""},
		{"zero", "4242", "0", "", 0, ""},
		{"two", "4242", "2", "a:b", 2, ""},
		{"two unnamed", "4242", "2", "", 2, ""},
		{"empty names", "4242", "3", "a::", 3, ""},
		{"pid not a number", "42x", "2", "", 0, "LISTEN_PID"},
		{"pid zero", "0", "2", "", 0, "LISTEN_PID"},
		{"pid negative", "-4242", "2", "", 0, "LISTEN_PID"},
		{"fds not a number", "4242", "two", "", 0, "LISTEN_FDS"},
		{"fds negative", "4242", "-1", "", 0, "LISTEN_FDS"},
		{"fds past a C int", "4242", "2147483645", "", 0, "LISTEN_FDS"},
		{"fds overflow", "4242", "99999999999999999999", "", 0, "LISTEN_FDS"},
		{"too few names", "4242", "2", "a", 0, "LISTEN_FDNAMES"},
		{"too many names", "4242", "1", "a:b", 0, "LISTEN_FDNAMES"},
	} {
		t.Run(c.name, func(t *testing.T) {
			n, err := parse(c.listenPID, c.listenFDs, c.names, pid)
			if c.badArg == "" {
				require.NoError(t, err)
				assert.Equal(t, c.n, n)
				return
			}
			require.ErrorIs(t, err, unix.EINVAL)
			var ae *socket.ArgError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, c.badArg, ae.Arg)
			assert.Contains(t, err.Error(), "listen_fds")
		})
	}
	assert.Equal(t, []string{"unknown", "unknown"}, splitNames("", 2))
	assert.Equal(t, []string{"a", "", "c"}, splitNames("a::c", 3))
}

// Bad variables fail before any descriptor is touched, and are removed
// all the same when asked.
func TestSocketsBadEnvironment(t *testing.T) {
	self := strconv.Itoa(os.Getpid())
	for _, env := range [][3]string{
		{"x", "1", ""},
		{self, "-1", ""},
		{self, "1", "a:b"},
		// More descriptors than the process has: one of them is
		// closed or not a socket, and none is taken.
		{self, "2147483644", ""},
	} {
		before := leakcheck.CountFDs()
		t.Setenv("LISTEN_PID", env[0])
		t.Setenv("LISTEN_FDS", env[1])
		t.Setenv("LISTEN_FDNAMES", env[2])
		sockets, err := Sockets(true)
		require.Error(t, err, "%q", env)
		assert.Contains(t, err.Error(), "listen_fds")
		assert.Nil(t, sockets)
		assert.Equal(t, before, leakcheck.CountFDs())
		for _, v := range []string{"LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"} {
			_, set := os.LookupEnv(v)
			assert.False(t, set, v)
		}
	}
	t.Setenv("LISTEN_PID", "x")
	_, err := Sockets(false)
	require.ErrorIs(t, err, unix.EINVAL)
	assert.Equal(t, "x", os.Getenv("LISTEN_PID"), "kept without unsetEnv")
}
