package socket

import (
	"os"
	"testing"

	"github.com/bsdsock/socket/internal/netnstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// 198.51.100.1 exists only inside the test's namespace: a socket made
// there binds it and talks on it; the same bind on the host, before and
// after, fails, so the caller's thread never left the host's namespace.
func TestNewInNetNS(t *testing.T) {
	netnstest.Require(t)
	ns := netnstest.New(t, "nn")
	netnstest.IP(t, "-n", ns, "addr", "add", "198.51.100.1/32", "dev", "lo")
	f, err := os.Open("/run/netns/" + ns)
	require.NoError(t, err)
	defer f.Close()
	addr, err := InetAddr("198.51.100.1", 0)
	require.NoError(t, err)

	hostBind := func() {
		h := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
		require.ErrorIs(t, h.Bind(addr), unix.EADDRNOTAVAIL, "198.51.100.1 is not the host's")
	}
	hostBind()
	s, err := NewInNetNS(int(f.Fd()), AF_INET, SOCK_DGRAM, 0)
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.Bind(addr))
	hostBind()

	// It sends and receives in its namespace, from any goroutine.
	to, err := s.Getsockname()
	require.NoError(t, err)
	_, err = s.Sendto([]byte("in the namespace"), 0, to)
	require.NoError(t, err)
	buf := make([]byte, 32)
	n, from, err := s.Recvfrom(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "in the namespace", string(buf[:n]))
	assert.Equal(t, to, from)
	assert.Equal(t, AF_INET, s.Family())
}

func TestNewInNetNSBadInput(t *testing.T) {
	_, err := NewInNetNS(-1, AF_INET, SOCK_DGRAM, 0)
	require.ErrorIs(t, err, unix.EBADF)
	var ae *ArgError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "fd", ae.Arg)

	// A descriptor that is not a namespace's: EINVAL, and the thread
	// stays in the host's namespace (it was never moved).
	other := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	before := countFDs()
	_, err = NewInNetNS(other.Fileno(), AF_INET, SOCK_DGRAM, 0)
	require.ErrorIs(t, err, unix.EINVAL)
	assert.Contains(t, err.Error(), "setns")
	assert.Equal(t, before, countFDs(), "the namespace descriptor of the thread is closed")

	// A namespace is taken but the socket fails: New's error.
	self, err := os.Open("/proc/self/ns/net")
	require.NoError(t, err)
	defer self.Close()
	_, err = NewInNetNS(int(self.Fd()), AF_INET, Type(-5), 0)
	if os.Geteuid() != 0 {
		require.ErrorIs(t, err, unix.EPERM, "setns needs CAP_SYS_ADMIN")
		return
	}
	require.ErrorIs(t, err, unix.EINVAL)
}
