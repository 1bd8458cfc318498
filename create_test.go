//go:build linux

package socket

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// boolOpt reads a boolean option for the tests.
func boolOpt(t *testing.T, get func() (bool, error)) bool {
	t.Helper()
	v, err := get()
	require.NoError(t, err)
	return v
}

// reservePort binds (without listening) a TCP socket of each family to
// the same loopback port, so that connecting there is refused, and
// returns both sockets.
func reservePort(t *testing.T) (s4, s6 *Socket) {
	t.Helper()
	for tries := 0; tries < 20; tries++ {
		s4 = newTestSocket(t, AF_INET, SOCK_STREAM, 0)
		require.NoError(t, s4.Bind(loopback(t, AF_INET)))
		a, err := s4.Getsockname()
		require.NoError(t, err)
		s6 = newTestSocket(t, AF_INET6, SOCK_STREAM, 0)
		a6, err := Inet6Addr("::1", a.Port(), 0, 0)
		require.NoError(t, err)
		if s6.Bind(a6) == nil {
			return s4, s6
		}
	}
	t.Fatal("no port free on both 127.0.0.1 and ::1")
	return nil, nil
}

// TestCreateServerOptions: create_server's socket listens, with
// SO_REUSEADDR on, SO_REUSEPORT with WithReusePort, and IPV6_V6ONLY as
// WithDualstackIPv6 says.
func TestCreateServerOptions(t *testing.T) {
	s, err := CreateServer("127.0.0.1:0")
	require.NoError(t, err)
	defer s.Close()
	assert.True(t, boolOpt(t, s.AcceptConn))
	assert.True(t, boolOpt(t, s.ReuseAddr))
	assert.False(t, boolOpt(t, s.ReusePort))
	a, err := s.Getsockname()
	require.NoError(t, err)
	assert.NotZero(t, a.Port())

	v6, err := CreateServer("[::1]:0", WithFamily(AF_INET6), WithBacklog(5), WithReusePort())
	require.NoError(t, err)
	defer v6.Close()
	assert.True(t, boolOpt(t, v6.V6Only))
	assert.True(t, boolOpt(t, v6.ReusePort))

	require.True(t, HasDualstackIPv6())
	ds, err := CreateServer(":0", WithFamily(AF_INET6), WithDualstackIPv6())
	require.NoError(t, err)
	defer ds.Close()
	assert.False(t, boolOpt(t, ds.V6Only))
	da, err := ds.Getsockname()
	require.NoError(t, err)
	assert.Equal(t, "[::]:"+strconv.Itoa(da.Port()), da.String())
	// A dual-stack listener takes an IPv4 client.
	c, err := CreateConnection(context.Background(), "127.0.0.1:"+strconv.Itoa(da.Port()), 5*time.Second, Addr{})
	require.NoError(t, err)
	defer c.Close()
	conn, peer, err := ds.Accept()
	require.NoError(t, err)
	defer conn.Close()
	assert.Equal(t, AF_INET6, peer.Family())
	ap, _ := peer.AddrPort()
	assert.True(t, ap.Addr().Is4In6(), "peer %v", peer)
}

// TestCreateServerReusePort: with WithReusePort two servers share a port,
// without it the second bind fails with EADDRINUSE and its socket is
// closed.
func TestCreateServerReusePort(t *testing.T) {
	a, err := CreateServer("127.0.0.1:0", WithReusePort())
	require.NoError(t, err)
	defer a.Close()
	addr, err := a.Getsockname()
	require.NoError(t, err)
	b, err := CreateServer(addr.String(), WithReusePort())
	require.NoError(t, err)
	defer b.Close()
	_, err = CreateServer(addr.String())
	assert.ErrorIs(t, err, unix.EADDRINUSE)
}

// TestCreateServerBadInput: bad arguments are errors, never panics, and
// leave no descriptor behind (TestMain checks).
func TestCreateServerBadInput(t *testing.T) {
	var ae *ArgError
	_, err := CreateServer("127.0.0.1:0", WithDualstackIPv6())
	assert.ErrorAs(t, err, &ae)
	_, err = CreateServer("127.0.0.1")
	assert.ErrorIs(t, err, unix.EINVAL)
	_, err = CreateServer("127.0.0.1:99999")
	assert.ErrorIs(t, err, unix.EINVAL)
	_, err = CreateServer("127.0.0.1:nosuchservice")
	assert.ErrorIs(t, err, unix.EINVAL)
	_, err = CreateServer("/tmp/x:0", WithFamily(AF_UNIX))
	assert.ErrorIs(t, err, unix.EAFNOSUPPORT)
	_, err = CreateServer("::1:0")
	assert.Error(t, err)
	_, err = CreateServer("[::1]:0")
	assert.ErrorIs(t, err, EAI_ADDRFAMILY)
	_, err = CreateServer("127.0.0.1:0", WithBacklog(-1))
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.ErrorContains(t, err, "create_server: invalid backlog: -1 is negative")
	s, err := CreateServer("localhost:http-alt", WithBacklog(0), nil)
	if err == nil {
		a, _ := s.Getsockname()
		assert.Equal(t, 8080, a.Port())
		s.Close()
	} else {
		assert.ErrorIs(t, err, unix.EADDRINUSE)
	}
}

// TestCreateConnectionTriesEachAddress: with no host, the addresses are
// ::1 then 127.0.0.1; with only the IPv4 one listening, the first attempt
// is refused and the second connects.
func TestCreateConnectionTriesEachAddress(t *testing.T) {
	s4, _ := reservePort(t)
	require.NoError(t, s4.Listen(1))
	a, err := s4.Getsockname()
	require.NoError(t, err)
	c, err := CreateConnection(context.Background(), ":"+strconv.Itoa(a.Port()), NoTimeout, Addr{})
	require.NoError(t, err)
	defer c.Close()
	peer, err := c.Getpeername()
	require.NoError(t, err)
	assert.Equal(t, a, peer)
	assert.Equal(t, NoTimeout, c.Timeout())
	conn, _, err := s4.Accept()
	require.NoError(t, err)
	conn.Close()
}

// TestCreateConnectionAllFail: when every address is refused the error
// joins one error per address, each matching ECONNREFUSED.
func TestCreateConnectionAllFail(t *testing.T) {
	s4, _ := reservePort(t)
	a, err := s4.Getsockname()
	require.NoError(t, err)
	port := a.Port()
	_, err = CreateConnection(context.Background(), ":"+strconv.Itoa(port), 5*time.Second, Addr{})
	var ce *CreateConnectionError
	require.ErrorAs(t, err, &ce)
	require.Len(t, ce.Errs, 2)
	for _, e := range ce.Errs {
		assert.ErrorIs(t, e, unix.ECONNREFUSED)
	}
	assert.ErrorIs(t, err, unix.ECONNREFUSED)
	assert.Contains(t, err.Error(), "[::1]:"+strconv.Itoa(port))
	assert.Contains(t, err.Error(), "127.0.0.1:"+strconv.Itoa(port))
}

// TestCreateConnectionSourceAndTimeout: the socket is bound to the
// source address before connecting, and keeps the timeout it was given;
// an address of the wrong family for an attempt makes that attempt fail.
func TestCreateConnectionSourceAndTimeout(t *testing.T) {
	l, a := listenTCP(t, AF_INET)
	src, err := InetAddr("127.0.0.1", 0)
	require.NoError(t, err)
	c, err := CreateConnection(context.Background(), a.String(), 3*time.Second, src)
	require.NoError(t, err)
	defer c.Close()
	assert.Equal(t, 3*time.Second, c.Timeout())
	conn, peer, err := l.Accept()
	require.NoError(t, err)
	defer conn.Close()
	local, err := c.Getsockname()
	require.NoError(t, err)
	assert.Equal(t, local, peer)

	d, err := CreateConnection(context.Background(), a.String(), UseDefaultTimeout, Addr{})
	require.NoError(t, err)
	assert.Equal(t, DefaultTimeout(), d.Timeout())
	d.Close()
	conn2, _, err := l.Accept()
	require.NoError(t, err)
	conn2.Close()

	src6, err := Inet6Addr("::1", 0, 0, 0)
	require.NoError(t, err)
	_, err = CreateConnection(context.Background(), a.String(), 3*time.Second, src6)
	assert.ErrorIs(t, err, unix.EAFNOSUPPORT)
}

// TestCreateConnectionContext: a done context stops the attempts, and a
// bad address or an unknown service is an error.
func TestCreateConnectionContext(t *testing.T) {
	_, a := listenTCP(t, AF_INET)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := CreateConnection(ctx, a.String(), NoTimeout, Addr{})
	assert.ErrorIs(t, err, context.Canceled)

	_, err = CreateConnection(context.Background(), "127.0.0.1", NoTimeout, Addr{})
	assert.ErrorIs(t, err, unix.EINVAL)
	_, err = CreateConnection(context.Background(), "127.0.0.1:nosuchservice", NoTimeout, Addr{})
	assert.ErrorIs(t, err, EAI_SERVICE)
}

// TestCreateServerFailsWithoutReuseAddr: when SO_REUSEADDR cannot be set,
// CreateServer fails as ListenConfig does (it used to go on without it).
// A seccomp filter in a child process makes that setsockopt(2) fail with
// EPERM, since the kernel never refuses it on a new TCP socket.
func TestCreateServerFailsWithoutReuseAddr(t *testing.T) {
	if os.Getenv("SOCKET_TEST_DENY_REUSEADDR") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCreateServerFailsWithoutReuseAddr$", "-test.v")
		cmd.Env = append(os.Environ(), "SOCKET_TEST_DENY_REUSEADDR=1")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		require.Contains(t, string(out), "--- PASS", "%s", out)
		return
	}
	denySetsockopt(t, unix.SOL_SOCKET, unix.SO_REUSEADDR, unix.EPERM)
	_, err := CreateServer("127.0.0.1:0")
	assert.ErrorIs(t, err, unix.EPERM)
	_, err = (&ListenConfig{}).ListenSocket(context.Background(), "tcp4", "127.0.0.1:0")
	assert.ErrorIs(t, err, unix.EPERM, "the same failure as ListenConfig's")
	s, err := (&ListenConfig{}).ListenSocket(context.Background(), "udp4", "127.0.0.1:0")
	require.NoError(t, err, "the filter refuses only SO_REUSEADDR")
	s.Close()
}

// denySetsockopt installs, for every thread of the process, a seccomp
// filter that fails setsockopt(2) of level and option with errno.
func denySetsockopt(t *testing.T, level, option int, errno unix.Errno) {
	t.Helper()
	if runtime.GOARCH != "amd64" {
		t.Skip("the filter below checks the x86-64 system call numbers")
	}
	const (
		ld  = unix.BPF_LD | unix.BPF_W | unix.BPF_ABS
		jeq = unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K
		ret = unix.BPF_RET | unix.BPF_K
	)
	// struct seccomp_data: nr at 0, arch at 4, args[i] at 16+8i (low
	// half first on a little-endian machine).
	filter := []unix.SockFilter{
		{Code: ld, K: 4},
		{Code: jeq, K: unix.AUDIT_ARCH_X86_64, Jf: 6},
		{Code: ld, K: 0},
		{Code: jeq, K: unix.SYS_SETSOCKOPT, Jf: 4},
		{Code: ld, K: 24},
		{Code: jeq, K: uint32(level), Jf: 2},
		{Code: ld, K: 32},
		{Code: jeq, K: uint32(option), Jt: 1},
		{Code: ret, K: unix.SECCOMP_RET_ALLOW},
		{Code: ret, K: unix.SECCOMP_RET_ERRNO | uint32(errno)},
	}
	prog := unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}
	require.NoError(t, unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
	_, _, e := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, unix.SECCOMP_FILTER_FLAG_TSYNC, uintptr(unsafe.Pointer(&prog)))
	require.Zero(t, e, "seccomp: %v", e)
}

// TestNilContextIsAnError: a nil Context is a bad argument like any other:
// an error naming the operation and the argument, wrapping EINVAL, where
// CreateConnection panicked inside net.Resolver (issue 22, item 7).
func TestNilContextIsAnError(t *testing.T) {
	srv, err := CreateServer("127.0.0.1:0")
	require.NoError(t, err)
	defer srv.Close()
	addr, err := srv.Getsockname()
	require.NoError(t, err)

	// The nil Context is the bad input under test.
	_, err = CreateConnection(nil, "localhost:"+strconv.Itoa(addr.Port()), time.Second, Addr{})
	require.Error(t, err)
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.Contains(t, err.Error(), "create_connection")
	assert.Contains(t, err.Error(), "invalid ctx: nil Context")

	_, err = GetaddrinfoContext(nil, "localhost", "", AF_INET, SOCK_STREAM, 0, 0)
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.Contains(t, err.Error(), "getaddrinfo")
}

// TestCreateServerOptionOrder: a later option of the same kind wins, as a
// repeated keyword would in a dict of Python's arguments.
func TestCreateServerOptionOrder(t *testing.T) {
	s, err := CreateServer("[::1]:0", WithFamily(AF_INET), WithFamily(AF_INET6))
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, AF_INET6, s.Family())
}
