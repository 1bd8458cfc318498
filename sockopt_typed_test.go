//go:build linux

package socket

import (
	"errors"
	"math"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// optCase is one typed integer-valued option: set each of values through
// the typed setter, then read it back through the typed getter and through
// GetsockoptInt, expecting want(v) from both.
type optCase struct {
	name   string
	family Family
	typ    Type
	level  Protocol
	opt    int
	set    func(*Socket, int) error
	get    func(*Socket) (int, error)
	values []int
	want   func(int) int // what the kernel reads back; nil: the value set
	isBool bool          // raw reads are compared as zero or not
}

func boolCase(name string, f Family, typ Type, level Protocol, opt int,
	set func(*Socket, bool) error, get func(*Socket) (bool, error)) optCase {
	return optCase{
		name: name, family: f, typ: typ, level: level, opt: opt, isBool: true,
		set: func(s *Socket, v int) error { return set(s, v != 0) },
		get: func(s *Socket) (int, error) {
			on, err := get(s)
			if on {
				return 1, err
			}
			return 0, err
		},
		// Both directions from whatever the default is: booleans really toggle.
		values: []int{1, 0, 1, 0},
	}
}

func intCase(name string, f Family, typ Type, level Protocol, opt int,
	set func(*Socket, int) error, get func(*Socket) (int, error), values ...int) optCase {
	return optCase{name: name, family: f, typ: typ, level: level, opt: opt, set: set, get: get, values: values}
}

// durCase tests a time.Duration option whose kernel unit is unit; values
// are in units.
func durCase(name string, f Family, typ Type, level Protocol, opt int, unit time.Duration,
	set func(*Socket, time.Duration) error, get func(*Socket) (time.Duration, error), values ...int) optCase {
	return optCase{
		name: name, family: f, typ: typ, level: level, opt: opt, values: values,
		set: func(s *Socket, v int) error { return set(s, time.Duration(v)*unit) },
		get: func(s *Socket) (int, error) {
			d, err := get(s)
			return int(d / unit), err
		},
	}
}

// withWant sets what the kernel reads back.
func (c optCase) withWant(want func(int) int) optCase { c.want = want; return c }

// procInt reads an integer sysctl.
func procInt(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	v, err := strconv.Atoi(strings.TrimSpace(string(b)))
	require.NoError(t, err)
	return v
}

const (
	tcp4, udp4 = SOCK_STREAM, SOCK_DGRAM
	v4, v6     = AF_INET, AF_INET6
)

func typedCases(t *testing.T) []optCase {
	double := func(v int) int { return 2 * v }
	defaultTTL := procInt(t, "/proc/sys/net/ipv4/ip_default_ttl")
	defaultHops := procInt(t, "/proc/sys/net/ipv6/conf/all/hop_limit")
	orDefault := func(def int) func(int) int {
		return func(v int) int {
			if v == -1 {
				return def
			}
			return v
		}
	}
	return []optCase{
		// SOL_SOCKET
		boolCase("ReuseAddr", v4, tcp4, SOL_SOCKET, SO_REUSEADDR, (*Socket).SetReuseAddr, (*Socket).ReuseAddr),
		boolCase("ReusePort", v4, udp4, SOL_SOCKET, SO_REUSEPORT, (*Socket).SetReusePort, (*Socket).ReusePort),
		boolCase("KeepAlive", v4, tcp4, SOL_SOCKET, SO_KEEPALIVE, (*Socket).SetKeepAlive, (*Socket).KeepAlive),
		boolCase("Broadcast", v4, udp4, SOL_SOCKET, SO_BROADCAST, (*Socket).SetBroadcast, (*Socket).Broadcast),
		boolCase("OOBInline", v4, tcp4, SOL_SOCKET, SO_OOBINLINE, (*Socket).SetOOBInline, (*Socket).OOBInline),
		boolCase("TimestampNS", v4, udp4, SOL_SOCKET, SO_TIMESTAMPNS, (*Socket).SetTimestampNS, (*Socket).TimestampNS),
		// The kernel doubles buffer sizes (documented on SetRecvBuffer).
		intCase("RecvBuffer", v4, udp4, SOL_SOCKET, SO_RCVBUF, (*Socket).SetRecvBuffer, (*Socket).RecvBuffer, 65536, 100000).withWant(double),
		intCase("SendBuffer", v4, udp4, SOL_SOCKET, SO_SNDBUF, (*Socket).SetSendBuffer, (*Socket).SendBuffer, 65536, 100000).withWant(double),
		intCase("RecvLowat", v4, tcp4, SOL_SOCKET, SO_RCVLOWAT, (*Socket).SetRecvLowat, (*Socket).RecvLowat, 10, 1),
		intCase("Priority", v4, udp4, SOL_SOCKET, SO_PRIORITY, (*Socket).SetPriority, (*Socket).Priority, 3, 6, 0),
		intCase("IncomingCPU", v4, udp4, SOL_SOCKET, SO_INCOMING_CPU, (*Socket).SetIncomingCPU, (*Socket).IncomingCPU, 1, 0),
		intCase("Mark", v4, udp4, SOL_SOCKET, SO_MARK,
			func(s *Socket, v int) error { return s.SetMark(uint32(v)) },
			func(s *Socket) (int, error) { m, err := s.Mark(); return int(m), err }, 7, 0),

		// SOL_TCP
		boolCase("NoDelay", v4, tcp4, SOL_TCP, TCP_NODELAY, (*Socket).SetNoDelay, (*Socket).NoDelay),
		boolCase("Cork", v4, tcp4, SOL_TCP, TCP_CORK, (*Socket).SetCork, (*Socket).Cork),
		boolCase("QuickAck", v4, tcp4, SOL_TCP, TCP_QUICKACK, (*Socket).SetQuickAck, (*Socket).QuickAck),
		boolCase("FastOpenConnect", v4, tcp4, SOL_TCP, TCP_FASTOPEN_CONNECT, (*Socket).SetFastOpenConnect, (*Socket).FastOpenConnect),
		durCase("KeepIdle", v4, tcp4, SOL_TCP, TCP_KEEPIDLE, time.Second, (*Socket).SetKeepIdle, (*Socket).KeepIdle, 30, 7200),
		durCase("KeepInterval", v4, tcp4, SOL_TCP, TCP_KEEPINTVL, time.Second, (*Socket).SetKeepInterval, (*Socket).KeepInterval, 5, 75),
		intCase("KeepCount", v4, tcp4, SOL_TCP, TCP_KEEPCNT, (*Socket).SetKeepCount, (*Socket).KeepCount, 3, 9),
		durCase("UserTimeout", v4, tcp4, SOL_TCP, TCP_USER_TIMEOUT, time.Millisecond, (*Socket).SetUserTimeout, (*Socket).UserTimeout, 1500, 0),
		intCase("MaxSeg", v4, tcp4, SOL_TCP, TCP_MAXSEG, (*Socket).SetMaxSeg, (*Socket).MaxSeg, 1000, 1400),
		intCase("FastOpen", v4, tcp4, SOL_TCP, TCP_FASTOPEN, (*Socket).SetFastOpen, (*Socket).FastOpen, 5, 0),
		intCase("NotSentLowat", v4, tcp4, SOL_TCP, TCP_NOTSENT_LOWAT, (*Socket).SetNotSentLowat, (*Socket).NotSentLowat, 16384, 1),

		// SOL_IP
		intCase("TTL", v4, udp4, SOL_IP, IP_TTL, (*Socket).SetTTL, (*Socket).TTL, 42, 255, -1).withWant(orDefault(defaultTTL)),
		intCase("TOS", v4, udp4, SOL_IP, IP_TOS, (*Socket).SetTOS, (*Socket).TOS, 0x20, 0xb8, 0),
		boolCase("RecvTTL", v4, udp4, SOL_IP, IP_RECVTTL, (*Socket).SetRecvTTL, (*Socket).RecvTTL),
		boolCase("RecvTOS", v4, udp4, SOL_IP, IP_RECVTOS, (*Socket).SetRecvTOS, (*Socket).RecvTOS),
		boolCase("RecvPktInfo", v4, udp4, SOL_IP, IP_PKTINFO, (*Socket).SetRecvPktInfo, (*Socket).RecvPktInfo),
		intCase("MTUDiscover", v4, udp4, SOL_IP, IP_MTU_DISCOVER, (*Socket).SetMTUDiscover, (*Socket).MTUDiscover,
			IP_PMTUDISC_DO, IP_PMTUDISC_DONT, IP_PMTUDISC_PROBE, IP_PMTUDISC_WANT),
		boolCase("Freebind", v4, udp4, SOL_IP, IP_FREEBIND, (*Socket).SetFreebind, (*Socket).Freebind),
		boolCase("Freebind/AF_INET6", v6, udp4, SOL_IP, IP_FREEBIND, (*Socket).SetFreebind, (*Socket).Freebind),
		boolCase("Transparent", v4, tcp4, SOL_IP, IP_TRANSPARENT, (*Socket).SetTransparent, (*Socket).Transparent),
		intCase("MulticastTTL", v4, udp4, SOL_IP, IP_MULTICAST_TTL, (*Socket).SetMulticastTTL, (*Socket).MulticastTTL, 5, 1),
		boolCase("MulticastLoop", v4, udp4, SOL_IP, IP_MULTICAST_LOOP, (*Socket).SetMulticastLoop, (*Socket).MulticastLoop),

		// SOL_IPV6
		intCase("HopLimit", v6, udp4, SOL_IPV6, IPV6_UNICAST_HOPS, (*Socket).SetHopLimit, (*Socket).HopLimit, 33, -1).withWant(orDefault(defaultHops)),
		intCase("TrafficClass", v6, udp4, SOL_IPV6, IPV6_TCLASS, (*Socket).SetTrafficClass, (*Socket).TrafficClass, 0x20, -1).withWant(orDefault(0)),
		boolCase("V6Only", v6, udp4, SOL_IPV6, IPV6_V6ONLY, (*Socket).SetV6Only, (*Socket).V6Only),
		boolCase("RecvHopLimit", v6, udp4, SOL_IPV6, IPV6_RECVHOPLIMIT, (*Socket).SetRecvHopLimit, (*Socket).RecvHopLimit),
		boolCase("RecvTrafficClass", v6, udp4, SOL_IPV6, IPV6_RECVTCLASS, (*Socket).SetRecvTrafficClass, (*Socket).RecvTrafficClass),
		boolCase("RecvPktInfoV6", v6, udp4, SOL_IPV6, IPV6_RECVPKTINFO, (*Socket).SetRecvPktInfoV6, (*Socket).RecvPktInfoV6),
		intCase("MTUDiscoverV6", v6, udp4, SOL_IPV6, IPV6_MTU_DISCOVER, (*Socket).SetMTUDiscoverV6, (*Socket).MTUDiscoverV6,
			IPV6_PMTUDISC_DO, IPV6_PMTUDISC_DONT),
		boolCase("DontFrag", v6, udp4, SOL_IPV6, IPV6_DONTFRAG, (*Socket).SetDontFrag, (*Socket).DontFrag),
		intCase("MulticastHopLimit", v6, udp4, SOL_IPV6, IPV6_MULTICAST_HOPS, (*Socket).SetMulticastHopLimit, (*Socket).MulticastHopLimit, 5, -1).withWant(orDefault(1)),
		boolCase("MulticastLoopV6", v6, udp4, SOL_IPV6, IPV6_MULTICAST_LOOP, (*Socket).SetMulticastLoopV6, (*Socket).MulticastLoopV6),
		intCase("MulticastInterfaceV6", v6, udp4, SOL_IPV6, IPV6_MULTICAST_IF, (*Socket).SetMulticastInterfaceV6, (*Socket).MulticastInterfaceV6, 1, 0),
	}
}

// needsPrivilege reports an EPERM, which the options that need
// CAP_NET_ADMIN give when the tests do not run as root.
func needsPrivilege(err error) bool { return errors.Is(err, unix.EPERM) && os.Geteuid() != 0 }

// TestTypedOptionsReadBack holds requirement 1: every typed option, set
// through its setter, reads back the same (or the kernel's documented
// adjustment) through its getter and through GetsockoptInt.
func TestTypedOptionsReadBack(t *testing.T) { checkReadBack(t, typedCases(t)) }

// checkReadBack sets every value of each case through its typed setter and
// reads it back through its typed getter and GetsockoptInt.
func checkReadBack(t *testing.T, cases []optCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newTestSocket(t, c.family, c.typ, 0)
			for _, v := range c.values {
				err := c.set(s, v)
				if needsPrivilege(err) {
					t.Skipf("%s needs CAP_NET_ADMIN: %v", c.name, err)
				}
				require.NoError(t, err, "set %d", v)
				want := v
				if c.want != nil {
					want = c.want(v)
				}
				got, err := c.get(s)
				require.NoError(t, err)
				assert.Equal(t, want, got, "typed getter after setting %d", v)
				raw, err := s.GetsockoptInt(c.level, c.opt)
				require.NoError(t, err)
				if c.isBool {
					assert.Equal(t, want != 0, raw != 0, "raw getsockopt after setting %d", v)
				} else {
					assert.Equal(t, want, raw, "raw getsockopt after setting %d", v)
				}
			}
		})
	}
}

func TestBufferSizeClamped(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	max := procInt(t, "/proc/sys/net/core/rmem_max")
	require.NoError(t, s.SetRecvBuffer(max*4))
	got, err := s.RecvBuffer()
	require.NoError(t, err)
	assert.Equal(t, 2*max, got, "capped at twice net.core.rmem_max")
	require.NoError(t, s.SetRecvBuffer(1))
	got, err = s.RecvBuffer()
	require.NoError(t, err)
	assert.Greater(t, got, 2, "raised to the kernel's minimum")
}

func TestLingerReadBack(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	on, d, err := s.Linger()
	require.NoError(t, err)
	assert.False(t, on, "off by default")
	assert.Zero(t, d)

	require.NoError(t, s.SetLinger(true, 1500*time.Millisecond))
	on, d, err = s.Linger()
	require.NoError(t, err)
	assert.True(t, on)
	assert.Equal(t, 2*time.Second, d, "rounded up to whole seconds")
	raw, err := s.GetsockoptBytes(SOL_SOCKET, SO_LINGER, 8)
	require.NoError(t, err)
	assert.Equal(t, []byte{1, 0, 0, 0, 2, 0, 0, 0}, raw)

	require.NoError(t, s.SetLinger(false, 0))
	on, _, err = s.Linger()
	require.NoError(t, err)
	assert.False(t, on)
}

// TestLingerCloseWaits shows what SetLinger documents: with SO_LINGER on
// and data still unsent, Close waits for the peer to take it, although the
// descriptor is non-blocking (Linux's close(2) ignores O_NONBLOCK here).
func TestLingerCloseWaits(t *testing.T) {
	c, srv := tcpPair(t, AF_INET)
	c.SetBlocking(false)
	chunk := make([]byte, 64<<10)
	queued := 0
	for {
		n, err := c.Send(chunk, 0)
		if errors.Is(err, unix.EAGAIN) {
			break
		}
		require.NoError(t, err)
		queued += n
	}
	require.NoError(t, c.SetLinger(true, time.Minute))
	closed := make(chan error, 1)
	go func() { closed <- c.Close() }()
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) with %d bytes unsent and the peer not reading", err, queued)
	case <-time.After(100 * time.Millisecond):
	}
	got := 0
	for {
		n, err := srv.Recv(chunk, 0)
		require.NoError(t, err)
		if n == 0 {
			break
		}
		got += n
	}
	assert.Equal(t, queued, got)
	assert.NoError(t, <-closed, "Close returns once the peer has the data")
}

func TestTimeoutOptionsReadBack(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	for _, c := range []struct {
		name string
		opt  int
		set  func(time.Duration) error
		get  func() (time.Duration, error)
	}{
		{"SO_RCVTIMEO", SO_RCVTIMEO, s.SetRecvTimeout, s.RecvTimeout},
		{"SO_SNDTIMEO", SO_SNDTIMEO, s.SetSendTimeout, s.SendTimeout},
	} {
		require.NoError(t, c.set(1500*time.Millisecond+1), c.name)
		// The kernel keeps the timeout in clock ticks (at least 1 ms,
		// at most 10 ms each): it reads back rounded up to a tick.
		d, err := c.get()
		require.NoError(t, err)
		assert.GreaterOrEqual(t, d, 1500*time.Millisecond+time.Microsecond, c.name)
		assert.Less(t, d, 1510*time.Millisecond+time.Microsecond, c.name)
		raw, err := s.GetsockoptBytes(SOL_SOCKET, c.opt, 16)
		require.NoError(t, err)
		require.Len(t, raw, 16)
		var tv unix.Timeval
		copy(structBytes(&tv), raw)
		assert.Equal(t, d, time.Duration(tv.Nano()), "raw getsockopt reads the same timeval")
		require.NoError(t, c.set(0))
		d, err = c.get()
		require.NoError(t, err)
		assert.Zero(t, d)
	}
}

// TestKernelTimeoutsDoNotBoundCalls shows what SetRecvTimeout documents:
// SO_RCVTIMEO does not end a blocking Recv of this package (the descriptor
// is non-blocking); SetTimeout does.
func TestKernelTimeoutsDoNotBoundCalls(t *testing.T) {
	a, b := udpPair(t, AF_INET)
	require.NoError(t, b.SetRecvTimeout(time.Millisecond))
	got := make(chan error, 1)
	go func() {
		_, err := b.Recv(make([]byte, 8), 0)
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("Recv returned %v although only SO_RCVTIMEO was set", err)
	case <-time.After(50 * time.Millisecond):
	}
	_, err := a.Send([]byte("x"), 0)
	require.NoError(t, err)
	assert.NoError(t, <-got, "the datagram ends the wait")
}

// TestHugeKernelTimeoutBlocks: the largest Duration, a common "forever",
// must reach the kernel as a huge timeval, not one whose nanoseconds
// wrapped negative: Linux takes a negative timeval as 0 ticks, and a
// blocking receive then fails with EAGAIN at once. The descriptor is
// detached and made blocking, as another owner would.
func TestHugeKernelTimeoutBlocks(t *testing.T) {
	a, b := udpPair(t, AF_INET)
	require.NoError(t, b.SetRecvTimeout(time.Duration(math.MaxInt64)))
	fd, err := b.Detach()
	require.NoError(t, err)
	defer unix.Close(fd)
	require.NoError(t, unix.SetNonblock(fd, false))
	got := make(chan error, 1)
	go func() {
		_, err := unix.Read(fd, make([]byte, 8))
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("a blocking read with SO_RCVTIMEO \"forever\" returned at once: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	_, err = a.Send([]byte("x"), 0)
	require.NoError(t, err)
	assert.NoError(t, <-got, "the datagram ends the wait")
}

func TestStringOptionsReadBack(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	require.NoError(t, s.SetCongestion("reno"))
	name, err := s.Congestion()
	require.NoError(t, err)
	assert.Equal(t, "reno", name)
	raw, err := s.GetsockoptBytes(SOL_TCP, TCP_CONGESTION, 16)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(raw), "reno\x00"))

	err = s.SetBindToDevice("lo")
	if needsPrivilege(err) {
		t.Skipf("SO_BINDTODEVICE needs CAP_NET_RAW: %v", err)
	}
	require.NoError(t, err)
	dev, err := s.BindToDevice()
	require.NoError(t, err)
	assert.Equal(t, "lo", dev)
	raw, err = s.GetsockoptBytes(SOL_SOCKET, SO_BINDTODEVICE, 16)
	require.NoError(t, err)
	assert.Equal(t, "lo\x00", string(raw))
	assert.ErrorIs(t, newTestSocket(t, AF_INET, SOCK_DGRAM, 0).SetBindToDevice("nosuchdev0"), unix.ENODEV)
	err = s.SetBindToDevice("")
	if os.Geteuid() != 0 {
		assert.ErrorIs(t, err, unix.EPERM, "changing a binding needs CAP_NET_RAW")
		return
	}
	require.NoError(t, err)
	dev, err = s.BindToDevice()
	require.NoError(t, err)
	assert.Empty(t, dev)
}

func TestMulticastInterfaceReadBack(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	ifaddr, err := s.MulticastInterface()
	require.NoError(t, err)
	assert.Equal(t, netip.IPv4Unspecified(), ifaddr)
	require.NoError(t, s.SetMulticastInterface(netip.MustParseAddr("127.0.0.1")))
	ifaddr, err = s.MulticastInterface()
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1", ifaddr.String())
	raw, err := s.GetsockoptBytes(SOL_IP, IP_MULTICAST_IF, 4)
	require.NoError(t, err)
	assert.Equal(t, []byte{127, 0, 0, 1}, raw)
	assert.ErrorIs(t, s.SetMulticastInterface(netip.MustParseAddr("::1")), unix.EINVAL)
	assert.ErrorIs(t, s.SetMulticastInterface(netip.MustParseAddr("192.0.2.1")), unix.EADDRNOTAVAIL, "no interface has it")
}

// TestReadOnlyOptions checks the options the kernel only reports.
func TestReadOnlyOptions(t *testing.T) {
	l, _ := listenTCP(t, AF_INET6)
	u := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)

	on, err := l.AcceptConn()
	require.NoError(t, err)
	assert.True(t, on)
	on, err = u.AcceptConn()
	require.NoError(t, err)
	assert.False(t, on)

	fam, err := l.SoDomain()
	require.NoError(t, err)
	assert.Equal(t, AF_INET6, fam)
	typ, err := u.SoType()
	require.NoError(t, err)
	assert.Equal(t, SOCK_DGRAM, typ)
	proto, err := l.SoProtocol()
	require.NoError(t, err)
	assert.Equal(t, IPPROTO_TCP, proto, "the kernel names the protocol 0 chose")
	assert.Equal(t, Protocol(0), l.Proto())
	proto, err = u.SoProtocol()
	require.NoError(t, err)
	assert.Equal(t, IPPROTO_UDP, proto)

	c1, err := u.Cookie()
	require.NoError(t, err)
	c2, err := l.Cookie()
	require.NoError(t, err)
	assert.NotZero(t, c1)
	assert.NotEqual(t, c1, c2, "each socket has its own cookie")
	again, err := u.Cookie()
	require.NoError(t, err)
	assert.Equal(t, c1, again)
	raw, err := u.GetsockoptBytes(SOL_SOCKET, SO_COOKIE, 8)
	require.NoError(t, err)
	var fromRaw uint64
	copy(structBytes(&fromRaw), raw)
	assert.Equal(t, c1, fromRaw)

	cpu, err := u.IncomingCPU()
	require.NoError(t, err)
	assert.Equal(t, -1, cpu, "no packet yet")

	assert.ErrorIs(t, u.SetsockoptInt(SOL_SOCKET, SO_TYPE, 1), unix.ENOPROTOOPT, "read-only options refuse setsockopt")
	_, err = u.MTU()
	assert.ErrorIs(t, err, unix.ENOTCONN)
}

func TestMTUOnConnectedSocket(t *testing.T) {
	a, _ := udpPair(t, AF_INET)
	mtu, err := a.MTU()
	require.NoError(t, err)
	assert.Equal(t, min(procIfMTU(t, "lo"), 65535), mtu, "the path MTU of loopback is lo's MTU, capped at the IPv4 maximum")
	b6, _ := udpPair(t, AF_INET6)
	mtu, err = b6.MTUV6()
	require.NoError(t, err)
	assert.Equal(t, procIfMTU(t, "lo"), mtu)
}

func procIfMTU(t *testing.T, ifname string) int {
	return procInt(t, "/sys/class/net/"+ifname+"/mtu")
}

func TestTCPInfo(t *testing.T) {
	c, srv := tcpPair(t, AF_INET)
	_, err := c.Sendall([]byte("hello"), 0)
	require.NoError(t, err)
	buf := make([]byte, 8)
	n, err := srv.Recv(buf, 0)
	require.NoError(t, err)
	require.Equal(t, 5, n)

	ti, err := c.TCPInfo()
	require.NoError(t, err)
	assert.Equal(t, TCP_ESTABLISHED, ti.State)
	assert.Equal(t, "ESTABLISHED", ti.State.String())
	assert.Positive(t, ti.SndMSS)
	assert.Positive(t, ti.SndCwnd)
	assert.Positive(t, ti.Len)
	assert.LessOrEqual(t, ti.Len, int(unix.SizeofTCPInfo))
	assert.Equal(t, uint64(5), ti.BytesSent, "the payload went out once")
	assert.Equal(t, time.Duration(ti.Raw.Rtt)*time.Microsecond, ti.RTT)

	raw, err := c.GetsockoptBytes(SOL_TCP, TCP_INFO, 1)
	require.NoError(t, err)
	assert.Equal(t, []byte{byte(TCP_ESTABLISHED)}, raw, "tcpi_state leads the struct")

	l, _ := listenTCP(t, AF_INET)
	ti, err = l.TCPInfo()
	require.NoError(t, err)
	assert.Equal(t, TCP_LISTEN, ti.State)
	assert.Equal(t, "TCPState(99)", TCPState(99).String())
}

// TestOptionDefaults checks the defaults the docs name.
func TestOptionDefaults(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	mss, err := s.MaxSeg()
	require.NoError(t, err)
	assert.Equal(t, 536, mss, "TCP_MAXSEG of an unconnected socket with none set")
	qa, err := s.QuickAck()
	require.NoError(t, err)
	assert.True(t, qa, "a new socket reads as in quick-ack mode")
	u := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	ttl, err := u.MulticastTTL()
	require.NoError(t, err)
	assert.Equal(t, 1, ttl)
	loop, err := u.MulticastLoop()
	require.NoError(t, err)
	assert.True(t, loop)
	mode, err := u.MTUDiscover()
	require.NoError(t, err)
	assert.Equal(t, procInt(t, "/proc/sys/net/ipv4/ip_no_pmtu_disc") == 0, mode == IP_PMTUDISC_WANT, "follows the route unless disabled system-wide")
}

// TestMarkHighBits: SO_MARK is a u32 the kernel passes as a C int; the
// typed methods keep all 32 bits.
func TestMarkHighBits(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	err := s.SetMark(0xfffffff0)
	if needsPrivilege(err) {
		t.Skipf("SO_MARK needs CAP_NET_ADMIN: %v", err)
	}
	require.NoError(t, err)
	m, err := s.Mark()
	require.NoError(t, err)
	assert.Equal(t, uint32(0xfffffff0), m)
	raw, err := s.GetsockoptInt(SOL_SOCKET, SO_MARK)
	require.NoError(t, err)
	assert.Equal(t, -16, raw, "the same bits as a C int")
}
