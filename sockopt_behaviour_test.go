//go:build linux

package socket

import (
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// TestSOErrorAfterNonBlockingConnect holds requirement 2: a non-blocking
// connect to a closed port leaves ECONNREFUSED in SO_ERROR, which reading
// clears.
func TestSOErrorAfterNonBlockingConnect(t *testing.T) {
	to := closedPort(t)
	c := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	c.SetBlocking(false)
	err := c.Connect(to)
	require.ErrorIs(t, err, unix.EINPROGRESS)

	// Wait for the outcome the way a C program does: poll for writability.
	fds := []unix.PollFd{{Fd: int32(c.Fileno()), Events: unix.POLLOUT}}
	for {
		n, err := unix.Poll(fds, 10_000)
		if err == unix.EINTR {
			continue
		}
		require.NoError(t, err)
		require.Equal(t, 1, n, "the connect attempt ends within the poll's 10 s")
		break
	}
	errno, err := c.TakeError()
	require.NoError(t, err)
	assert.Equal(t, unix.ECONNREFUSED, errno)
	errno, err = c.TakeError()
	require.NoError(t, err)
	assert.Equal(t, unix.Errno(0), errno, "reading SO_ERROR cleared it")
	raw, err := c.GetsockoptInt(SOL_SOCKET, SO_ERROR)
	require.NoError(t, err)
	assert.Zero(t, raw)
}

// TestReusePortSpreads holds requirement 3: two UDP sockets with
// SO_REUSEPORT bind one port, and datagrams from many senders reach both.
func TestReusePortSpreads(t *testing.T) {
	var rx [2]*Socket
	var port Addr
	for i := range rx {
		s := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
		require.NoError(t, s.SetReusePort(true))
		if i == 0 {
			require.NoError(t, s.Bind(loopback(t, AF_INET)))
			var err error
			port, err = s.Getsockname()
			require.NoError(t, err)
		} else {
			require.NoError(t, s.Bind(port), "the second socket binds the same port")
		}
		s.SetTimeout(0)
		rx[i] = s
	}
	without := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	assert.ErrorIs(t, without.Bind(port), unix.EADDRINUSE, "a socket without SO_REUSEPORT may not join")

	// The kernel picks a socket by a hash of the sender's address and port:
	// each new sender is a fresh draw. 64 senders all landing on one socket
	// would happen once in 2^63 runs.
	var got [2]int
	buf := make([]byte, 16)
	for i := 0; i < 64 && (got[0] == 0 || got[1] == 0); i++ {
		tx, err := New(AF_INET, SOCK_DGRAM, 0)
		require.NoError(t, err)
		_, err = tx.Sendto([]byte("hi"), 0, port)
		tx.Close()
		require.NoError(t, err)
		received := false
		for deadline := time.Now().Add(5 * time.Second); !received && time.Now().Before(deadline); {
			for j, s := range rx {
				if _, err := s.Recv(buf, 0); err == nil {
					got[j]++
					received = true
				} else {
					require.ErrorIs(t, err, unix.EAGAIN)
				}
			}
			if !received {
				time.Sleep(time.Millisecond)
			}
		}
		require.True(t, received, "datagram %d reached one of the sockets", i)
	}
	assert.Positive(t, got[0], "first socket received")
	assert.Positive(t, got[1], "second socket received")
}

// inNetns runs f on an OS thread of its own that has entered a new network
// namespace, whose lo it brings up with the MULTICAST flag, after running
// the ip(8) commands in cmds there. Sockets f creates belong to that
// namespace for their whole life, whichever thread uses them later, so the
// test sees only traffic it makes itself and changes nothing on the host.
// The thread is never unlocked: Go ends it with the goroutine, and the
// namespace goes with its last socket. It skips the test when not root.
func inNetns(t *testing.T, cmds [][]string, f func() error) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("creating a network namespace needs root (CAP_SYS_ADMIN)")
	}
	if _, err := exec.LookPath("ip"); err != nil && len(cmds) > 0 {
		t.Skip("the ip command (iproute2) is needed to set up the test's namespace")
	}
	done := make(chan error)
	go func() {
		runtime.LockOSThread()
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			done <- fmt.Errorf("unshare(CLONE_NEWNET): %w", err)
			return
		}
		if err := setLinkFlags("lo", unix.IFF_UP|unix.IFF_MULTICAST); err != nil {
			done <- err
			return
		}
		for _, c := range cmds {
			// A child process starts in its parent thread's namespace.
			if out, err := exec.Command("ip", c...).CombinedOutput(); err != nil {
				done <- fmt.Errorf("ip %s: %v: %s", strings.Join(c, " "), err, out)
				return
			}
		}
		done <- f()
	}()
	require.NoError(t, <-done)
}

// setLinkFlags adds flags to an interface with SIOCSIFFLAGS, as
// "ip link set lo up multicast on" does.
func setLinkFlags(ifname string, flags uint16) error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq(ifname)
	if err != nil {
		return err
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return fmt.Errorf("SIOCGIFFLAGS %s: %w", ifname, err)
	}
	ifr.SetUint16(ifr.Uint16() | flags)
	if err := unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr); err != nil {
		return fmt.Errorf("SIOCSIFFLAGS %s: %w", ifname, err)
	}
	return nil
}

// loIndex is the index of lo in every network namespace.
const loIndex = 1

// vethPair makes two linked interfaces in the test's namespace, with
// addresses from the unique-local range that exist only there ("nodad":
// usable at once). Linux routes IPv6 multicast out of real interfaces such
// as these but not through lo.
var vethPair = [][]string{
	{"link", "add", "veth0", "type", "veth", "peer", "name", "veth1"},
	{"link", "set", "veth0", "up"},
	{"link", "set", "veth1", "up"},
	{"-6", "addr", "add", "fd00::1/64", "dev", "veth0", "nodad"},
	{"-6", "addr", "add", "fd00::2/64", "dev", "veth1", "nodad"},
}

// TestMulticastExchange holds requirement 4: a receiver that joined a group
// gets the datagram a sender addresses to the group, and no longer after
// leaving it. IPv4 runs over lo, IPv6 over a veth pair, both in a namespace
// the test makes (see inNetns); the host's lo keeps its flags.
func TestMulticastExchange(t *testing.T) {
	for _, c := range []struct {
		name      string
		family    Family
		group     string
		setup     [][]string
		rxIf      string // the receiver joins here
		txIf      string // the sender sends out of here
		rxUnicast string // a unicast address of the receiver's
	}{
		{"IPv4/lo", AF_INET, "239.1.2.3", nil, "lo", "lo", "127.0.0.1"},
		{"IPv6/veth", AF_INET6, "ff12::1:2:3", vethPair, "veth1", "veth0", "fd00::2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rx, tx := netnsPair(t, c.family, c.setup)
			rxIf, txIf := ifIndexOf(t, rx, c.rxIf), ifIndexOf(t, tx, c.txIf)
			group := netip.MustParseAddr(c.group)

			wildcard := netip.IPv4Unspecified()
			if c.family == AF_INET6 {
				wildcard = netip.IPv6Unspecified()
			}
			require.NoError(t, rx.Bind(AddrFrom(netip.AddrPortFrom(wildcard, 0))))
			require.NoError(t, rx.JoinGroup(rxIf, group))
			assert.ErrorIs(t, rx.JoinGroup(rxIf, group), unix.EADDRINUSE, "already a member")
			bound, err := rx.Getsockname()
			require.NoError(t, err)
			port := uint16(bound.Port())
			to := AddrFrom(netip.AddrPortFrom(group, port))

			if c.family == AF_INET {
				require.NoError(t, tx.SetMulticastInterface(netip.MustParseAddr("127.0.0.1")))
				require.NoError(t, tx.SetMulticastTTL(2))
				require.NoError(t, rx.SetRecvPktInfo(true))
				require.NoError(t, rx.SetRecvTTL(true))
			} else {
				require.NoError(t, tx.SetMulticastInterfaceV6(txIf))
				require.NoError(t, tx.SetMulticastHopLimit(2))
				require.NoError(t, rx.SetRecvPktInfoV6(true))
				require.NoError(t, rx.SetRecvHopLimit(true))
			}
			_, err = tx.Sendto([]byte("to the group"), 0, to)
			require.NoError(t, err)

			rx.SetTimeout(10 * time.Second)
			buf, oob := make([]byte, 64), make([]byte, 256)
			m, err := rx.Recvmsg(buf, oob, 0)
			require.NoError(t, err)
			assert.Equal(t, "to the group", string(buf[:m.N]))
			ci, err := ParseControl(oob[:m.OOBN])
			require.NoError(t, err)
			assert.Equal(t, group, ci.Dst, "packet info names the group as destination")
			assert.Equal(t, rxIf, ci.IfIndex, "and the interface it was joined on")
			if c.family == AF_INET {
				assert.Equal(t, 2, ci.TTL, "the multicast TTL the sender set")
			} else {
				assert.Equal(t, 2, ci.HopLimit, "the multicast hop limit the sender set")
			}

			// After leaving, the next datagram to the group is dropped: the
			// unicast one sent after it is the first to arrive.
			require.NoError(t, rx.LeaveGroup(rxIf, group))
			assert.ErrorIs(t, rx.LeaveGroup(rxIf, group), unix.EADDRNOTAVAIL, "no longer a member")
			_, err = tx.Sendto([]byte("to the group again"), 0, to)
			require.NoError(t, err)
			_, err = tx.Sendto([]byte("unicast"), 0, AddrFrom(netip.AddrPortFrom(netip.MustParseAddr(c.rxUnicast), port)))
			require.NoError(t, err)
			n, err := rx.Recv(buf, 0)
			require.NoError(t, err)
			assert.Equal(t, "unicast", string(buf[:n]))
		})
	}
}

// netnsPair returns two datagram sockets of family made in a new network
// namespace set up by cmds (see inNetns), closed when the test ends.
func netnsPair(t *testing.T, family Family, cmds [][]string) (rx, tx *Socket) {
	t.Helper()
	inNetns(t, cmds, func() error {
		var err error
		if rx, err = New(family, SOCK_DGRAM, 0); err != nil {
			return err
		}
		if tx, err = New(family, SOCK_DGRAM, 0); err != nil {
			rx.Close()
		}
		return err
	})
	t.Cleanup(func() { rx.Close(); tx.Close() })
	return rx, tx
}

// ifIndexOf returns the index of the interface named in s's network
// namespace, with ioctl(SIOCGIFINDEX) on s, which the kernel answers in the
// socket's namespace whatever the calling thread's.
func ifIndexOf(t *testing.T, s *Socket, name string) int {
	t.Helper()
	ifr, err := unix.NewIfreq(name)
	require.NoError(t, err)
	rc, err := s.SyscallConn()
	require.NoError(t, err)
	var ierr error
	require.NoError(t, rc.Control(func(fd uintptr) { ierr = unix.IoctlIfreq(int(fd), unix.SIOCGIFINDEX, ifr) }))
	require.NoError(t, ierr, "SIOCGIFINDEX %s", name)
	return int(ifr.Uint32())
}

// TestSourceSpecificMulticast joins a (source, group) channel: datagrams
// from that source arrive.
func TestSourceSpecificMulticast(t *testing.T) {
	rx, tx := netnsPair(t, AF_INET, nil)
	group, source := netip.MustParseAddr("232.1.2.3"), netip.MustParseAddr("127.0.0.1")
	require.NoError(t, rx.Bind(AddrFrom(netip.AddrPortFrom(netip.IPv4Unspecified(), 0))))
	require.NoError(t, rx.JoinSourceGroup(loIndex, group, source))
	require.NoError(t, tx.Bind(AddrFrom(netip.AddrPortFrom(source, 0))))
	require.NoError(t, tx.SetMulticastInterface(source))
	bound, err := rx.Getsockname()
	require.NoError(t, err)
	_, err = tx.Sendto([]byte("ssm"), 0, AddrFrom(netip.AddrPortFrom(group, uint16(bound.Port()))))
	require.NoError(t, err)
	rx.SetTimeout(10 * time.Second)
	buf := make([]byte, 8)
	n, err := rx.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "ssm", string(buf[:n]))
	require.NoError(t, rx.LeaveSourceGroup(loIndex, group, source))
}

func TestJoinGroupBadInput(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	assert.ErrorIs(t, s.JoinGroup(loIndex, netip.MustParseAddr("127.0.0.1")), unix.EINVAL, "not a multicast address")
	assert.ErrorIs(t, s.JoinGroup(loIndex, netip.Addr{}), unix.EINVAL, "no address")
	assert.ErrorIs(t, s.JoinGroup(-1, netip.MustParseAddr("239.1.1.1")), unix.ENODEV)
	assert.ErrorIs(t, s.JoinGroup(1<<20, netip.MustParseAddr("239.1.1.1")), unix.ENODEV, "no such interface")
	assert.ErrorIs(t, s.JoinSourceGroup(loIndex, netip.MustParseAddr("232.1.1.1"), netip.MustParseAddr("::1")), unix.EINVAL)
	assert.ErrorIs(t, s.JoinSourceGroup(loIndex, netip.MustParseAddr("ff3e::1"), netip.Addr{}), unix.EINVAL, "no source")
	err := s.JoinGroup(loIndex, netip.MustParseAddr("ff12::1"))
	assert.Error(t, err, "an IPv6 group on an AF_INET socket")
}

// TestDontFragment shows the DF bit at work: with a 1280-byte MTU on lo (in
// the test's namespace), a 2000-byte datagram is fragmented by default and
// refused with EMSGSIZE under IP_PMTUDISC_DO or IPV6_DONTFRAG.
func TestDontFragment(t *testing.T) {
	for _, c := range []struct {
		name   string
		family Family
		df     func(*Socket, bool) error
	}{
		{"IPv4/IP_MTU_DISCOVER", AF_INET, func(s *Socket, on bool) error {
			mode := IP_PMTUDISC_DONT
			if on {
				mode = IP_PMTUDISC_DO
			}
			return s.SetMTUDiscover(mode)
		}},
		{"IPv6/IPV6_DONTFRAG", AF_INET6, (*Socket).SetDontFrag},
	} {
		t.Run(c.name, func(t *testing.T) {
			rx, tx := netnsPair(t, c.family, [][]string{{"link", "set", "lo", "mtu", "1280"}})
			require.NoError(t, rx.Bind(loopback(t, c.family)))
			to, err := rx.Getsockname()
			require.NoError(t, err)
			big := make([]byte, 2000)

			require.NoError(t, c.df(tx, false))
			_, err = tx.Sendto(big, 0, to)
			require.NoError(t, err, "fragmented")
			rx.SetTimeout(10 * time.Second)
			n, err := rx.Recv(make([]byte, 4096), 0)
			require.NoError(t, err)
			assert.Equal(t, len(big), n, "reassembled whole")

			require.NoError(t, c.df(tx, true))
			_, err = tx.Sendto(big, 0, to)
			assert.ErrorIs(t, err, unix.EMSGSIZE, "DF set: too big for the path")
			_, err = tx.Sendto(big[:1000], 0, to)
			assert.NoError(t, err, "a datagram that fits still goes")
		})
	}
}
