//go:build linux

package socket

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// echoConns serves ln until it is closed, echoing each connection once.
func echoConns(t *testing.T, ln net.Listener) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			io.Copy(c, c)
			c.Close()
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })
}

// roundTripConn writes msg on c, closes its sending side and reads the echo.
func roundTripConn(t *testing.T, c net.Conn, msg string) string {
	t.Helper()
	_, err := io.WriteString(c, msg)
	require.NoError(t, err)
	require.NoError(t, c.(*Conn).CloseWrite())
	got, err := io.ReadAll(c)
	require.NoError(t, err)
	return string(got)
}

func TestDialerListenConfigTCP(t *testing.T) {
	for _, tc := range []struct{ network, address string }{
		{"tcp", "127.0.0.1:0"}, {"tcp4", "127.0.0.1:0"}, {"tcp6", "[::1]:0"}, {"tcp", "[::1]:0"},
	} {
		t.Run(tc.network+" "+tc.address, func(t *testing.T) {
			var lc ListenConfig
			ln, err := lc.Listen(context.Background(), tc.network, tc.address)
			require.NoError(t, err)
			require.IsType(t, &Listener{}, ln)
			echoConns(t, ln)

			var d Dialer
			c, err := d.DialContext(context.Background(), tc.network, ln.Addr().String())
			require.NoError(t, err)
			defer c.Close()
			assert.Equal(t, ln.Addr().String(), c.RemoteAddr().String())
			assert.Equal(t, "dialed", roundTripConn(t, c, "dialed"))
		})
	}
}

// The adapters and helpers have net's types and signatures, so they plug
// into http.Transport.DialContext, http.Server.Serve and the like: this
// does not compile otherwise.
var (
	_ func(context.Context, string, string) (net.Conn, error)       = (&Dialer{}).DialContext
	_ func(context.Context, string, string) (net.Listener, error)   = (&ListenConfig{}).Listen
	_ func(context.Context, string, string) (net.PacketConn, error) = (&ListenConfig{}).ListenPacket
	_ net.Conn                                                      = (*Socket)(nil)
	_ net.Conn                                                      = (*Conn)(nil)
	_ net.Listener                                                  = (*Listener)(nil)
	_ net.PacketConn                                                = (*PacketConn)(nil)
)

func TestListenConfigReusePort(t *testing.T) {
	ctx := context.Background()
	first, err := (&ListenConfig{ReusePort: true}).ListenSocket(ctx, "tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer first.Close()
	a, err := first.Getsockname()
	require.NoError(t, err)

	second, err := (&ListenConfig{ReusePort: true}).ListenSocket(ctx, "tcp", a.String())
	require.NoError(t, err, "SO_REUSEPORT lets a second listener bind the port")
	second.Close()

	_, err = (&ListenConfig{}).ListenSocket(ctx, "tcp", a.String())
	assert.ErrorIs(t, err, unix.EADDRINUSE, "without SO_REUSEPORT the port is taken")
}

// readOpt reads an int option inside Control, which runs after the
// Dialer's or ListenConfig's options are set.
func readOpt(got map[string]int, name string, level Protocol, opt int) func(*Socket) error {
	return func(s *Socket) error {
		v, err := s.GetsockoptInt(level, opt)
		got[name] = v
		return err
	}
}

func TestListenConfigOptions(t *testing.T) {
	got := map[string]int{}
	lc := ListenConfig{FreeBind: true, FastOpen: 5}
	lc.Control = func(s *Socket) error {
		for _, o := range []struct {
			name  string
			level Protocol
			opt   int
		}{
			{"IP_FREEBIND", unix.SOL_IP, unix.IP_FREEBIND},
			{"TCP_FASTOPEN", unix.IPPROTO_TCP, unix.TCP_FASTOPEN},
			{"SO_REUSEADDR", unix.SOL_SOCKET, unix.SO_REUSEADDR},
			{"SO_REUSEPORT", unix.SOL_SOCKET, unix.SO_REUSEPORT},
		} {
			if err := readOpt(got, o.name, o.level, o.opt)(s); err != nil {
				return err
			}
		}
		return nil
	}
	s, err := lc.ListenSocket(context.Background(), "tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, map[string]int{"IP_FREEBIND": 1, "TCP_FASTOPEN": 5, "SO_REUSEADDR": 1, "SO_REUSEPORT": 0}, got)
}

func TestDialerOptions(t *testing.T) {
	var lc ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	require.NoError(t, err)
	echoConns(t, ln)

	got := map[string]int{}
	local, err := InetAddr("127.0.0.1", 0)
	require.NoError(t, err)
	d := Dialer{LocalAddr: local, ReuseAddr: true, FastOpen: true,
		Control: readOpt(got, "TCP_FASTOPEN_CONNECT", unix.IPPROTO_TCP, unix.TCP_FASTOPEN_CONNECT)}
	c, err := d.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer c.Close()
	assert.Equal(t, 1, got["TCP_FASTOPEN_CONNECT"])
	assert.Equal(t, "127.0.0.1", c.LocalAddr().(*net.TCPAddr).IP.String())
	assert.Equal(t, "fast", roundTripConn(t, c, "fast"))
}

func TestBindToDevice(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("SO_BINDTODEVICE needs CAP_NET_RAW on older kernels: run as root")
	}
	var dev string
	lc := ListenConfig{BindToDevice: "lo", Control: func(s *Socket) (err error) {
		dev, err = s.BindToDevice()
		return err
	}}
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	require.NoError(t, err)
	echoConns(t, ln)
	assert.Equal(t, "lo", dev)

	c, err := (&Dialer{BindToDevice: "lo"}).Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer c.Close()
	assert.Equal(t, "lo", roundTripConn(t, c, "lo"))
}

func TestDialerTimeoutAndContext(t *testing.T) {
	to := stalledListener(t)
	d := Dialer{Timeout: 20 * time.Millisecond}
	err := returns(t, func() error { _, err := d.Dial("tcp", to.String()); return err })
	assertTimeout(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = (&Dialer{}).DialContext(ctx, "tcp", to.String())
	assert.ErrorIs(t, err, context.Canceled)

	_, err = (&Dialer{Control: func(*Socket) error { return fs.ErrPermission }}).Dial("tcp", to.String())
	assert.ErrorIs(t, err, fs.ErrPermission, "an error from Control fails the dial")
}

func TestDialerListenConfigUnix(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sock")
	var lc ListenConfig
	ln, err := lc.Listen(context.Background(), "unix", path)
	require.NoError(t, err)
	assert.Equal(t, path, ln.Addr().String())
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		if err == nil {
			io.Copy(c, c)
			c.Close()
		}
	}()
	c, err := (&Dialer{}).Dial("unix", path)
	require.NoError(t, err)
	defer c.Close()
	assert.Equal(t, "over unix", roundTripConn(t, c, "over unix"))
	<-done

	require.NoError(t, ln.Close())
	_, err = os.Stat(path)
	assert.ErrorIs(t, err, fs.ErrNotExist, "Close removes the path Listen created, as net does")
}

func TestListenPacketDialUDP(t *testing.T) {
	var lc ListenConfig
	pc, err := lc.ListenPacket(context.Background(), "udp", "[::1]:0")
	require.NoError(t, err)
	defer pc.Close()
	require.IsType(t, &PacketConn{}, pc)

	c, err := (&Dialer{}).Dial("udp6", pc.LocalAddr().String())
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Write([]byte("datagram"))
	require.NoError(t, err)
	buf := make([]byte, 16)
	n, from, err := pc.ReadFrom(buf)
	require.NoError(t, err)
	assert.Equal(t, "datagram", string(buf[:n]))
	assert.Equal(t, c.LocalAddr().String(), from.String())

	_, err = pc.WriteTo([]byte("reply"), from)
	require.NoError(t, err)
	n, err = c.Read(buf)
	require.NoError(t, err)
	assert.Equal(t, "reply", string(buf[:n]))
}

func TestDialListenRefusals(t *testing.T) {
	ctx := context.Background()
	var d Dialer
	var lc ListenConfig
	for _, tc := range []struct {
		name string
		err  error
		want unix.Errno
	}{
		{"unknown network", func() error { _, err := d.Dial("sctp", "127.0.0.1:1"); return err }(), unix.EPROTONOSUPPORT},
		{"no port", func() error { _, err := d.Dial("tcp", "127.0.0.1"); return err }(), unix.EINVAL},
		{"tcp4 with IPv6", func() error { _, err := d.Dial("tcp4", "[::1]:80"); return err }(), unix.EAFNOSUPPORT},
		{"tcp6 with IPv4", func() error { _, err := d.Dial("tcp6", "127.0.0.1:80"); return err }(), unix.EAFNOSUPPORT},
		{"Listen on udp", func() error { _, err := lc.Listen(ctx, "udp", "127.0.0.1:0"); return err }(), unix.EPROTOTYPE},
		{"ListenPacket on tcp", func() error { _, err := lc.ListenPacket(ctx, "tcp", "127.0.0.1:0"); return err }(), unix.EPROTOTYPE},
	} {
		assert.ErrorIs(t, tc.err, tc.want, tc.name)
		var oe *net.OpError
		assert.ErrorAs(t, tc.err, &oe, tc.name)
	}
}

// TestDialResolvesNames: host and service names go through Getaddrinfo
// (localhost is in /etc/hosts: no DNS query leaves the machine).
func TestDialResolvesNames(t *testing.T) {
	l, la := listenTCP(t, AF_INET)
	var d Dialer
	c, err := d.Dial("tcp", "localhost:"+strconv.Itoa(la.Port()))
	require.NoError(t, err)
	defer c.Close()
	s, _, err := l.Accept()
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, la.String(), c.RemoteAddr().String())

	_, err = d.Dial("tcp", "localhost:no-such-service")
	assert.ErrorIs(t, err, EAI_SERVICE)
	var oe *net.OpError
	assert.ErrorAs(t, err, &oe, "the lookup error comes wrapped as net's are")

	gone := closedPort(t)
	_, err = d.Dial("tcp4", "localhost:"+strconv.Itoa(gone.Port()))
	assert.ErrorIs(t, err, unix.ECONNREFUSED, "a single address's error is inside the one error shape")
}

// TestParseTarget: what ListenConfig binds and what Dialer connects to for
// each network and numeric address. No host means the unspecified address
// when listening (as in net) and this machine when dialing: ::1 then
// 127.0.0.1, as Getaddrinfo gives for no host (net dials 127.0.0.1 only).
func TestParseTarget(t *testing.T) {
	for _, tc := range []struct {
		network, address string
		listen           bool
		family           Family
		typ              Type
		addrs            []string
		v6Only           bool
		dualStack        bool
	}{
		{"tcp", "127.0.0.1:80", false, AF_INET, SOCK_STREAM, []string{"127.0.0.1:80"}, false, false},
		{"tcp", "[::1]:80", false, AF_INET6, SOCK_STREAM, []string{"[::1]:80"}, false, false},
		{"tcp", ":80", false, AF_INET6, SOCK_STREAM, []string{"[::1]:80", "127.0.0.1:80"}, false, false},
		{"tcp6", ":80", false, AF_INET6, SOCK_STREAM, []string{"[::1]:80"}, false, false},
		{"tcp4", ":80", false, AF_INET, SOCK_STREAM, []string{"127.0.0.1:80"}, false, false},
		{"tcp", ":80", true, AF_INET6, SOCK_STREAM, []string{"[::]:80"}, false, true},
		{"tcp4", ":80", true, AF_INET, SOCK_STREAM, []string{"0.0.0.0:80"}, false, false},
		{"tcp6", ":80", true, AF_INET6, SOCK_STREAM, []string{"[::]:80"}, true, false},
		{"tcp6", "[::1]:80", true, AF_INET6, SOCK_STREAM, []string{"[::1]:80"}, true, false},
		{"udp", "[::ffff:127.0.0.1]:53", false, AF_INET, SOCK_DGRAM, []string{"127.0.0.1:53"}, false, false},
		{"udp6", "[::ffff:127.0.0.1]:53", false, AF_INET6, SOCK_DGRAM, []string{"[::ffff:127.0.0.1]:53"}, false, false},
		{"udp", "127.0.0.1:", true, AF_INET, SOCK_DGRAM, []string{"127.0.0.1:0"}, false, false},
		{"unix", "/run/x.sock", false, AF_UNIX, SOCK_STREAM, []string{"/run/x.sock"}, false, false},
		{"unixgram", "@name", true, AF_UNIX, SOCK_DGRAM, []string{"@name"}, false, false},
		{"unixpacket", "rel.sock", false, AF_UNIX, SOCK_SEQPACKET, []string{"rel.sock"}, false, false},
	} {
		name := fmt.Sprintf("%s %s listen=%v", tc.network, tc.address, tc.listen)
		var got []target
		if tc.listen {
			lt, err := listenTarget(tc.network, tc.address)
			require.NoError(t, err, name)
			got = []target{lt}
		} else {
			var err error
			got, err = dialTargets(context.Background(), tc.network, tc.address)
			require.NoError(t, err, name)
		}
		var addrs []string
		for _, g := range got {
			addrs = append(addrs, g.addr.String())
			assert.Equal(t, tc.typ, g.typ, name)
		}
		assert.Equal(t, tc.addrs, addrs, name)
		assert.Equal(t, tc.family, got[0].family, name)
		assert.Equal(t, tc.v6Only, got[0].v6Only, name)
		assert.Equal(t, tc.dualStack, got[0].dualStack, name)
	}
}

// TestDialErrorShape: once an address was tried, a Dialer and
// CreateConnection fail with the same *CreateConnectionError, one address
// or several, naming the operation and the network, and it is a net.Error
// as net's dial errors are.
func TestDialErrorShape(t *testing.T) {
	gone := closedPort(t)
	_, dialErr := (&Dialer{}).Dial("tcp", gone.String())
	_, createErr := CreateConnection(context.Background(), gone.String(), NoTimeout, Addr{})
	for op, err := range map[string]error{"dial": dialErr, "create_connection": createErr} {
		var ce *CreateConnectionError
		require.ErrorAs(t, err, &ce, op)
		assert.Equal(t, op, ce.Op)
		assert.Equal(t, "tcp", ce.Net)
		assert.Equal(t, gone.String(), ce.Address)
		require.Len(t, ce.Errs, 1, op)
		assert.ErrorIs(t, err, unix.ECONNREFUSED, op)
		ne, ok := err.(net.Error)
		require.True(t, ok, "%s: %T is a net.Error", op, err)
		assert.False(t, ne.Timeout(), op)
		assert.Equal(t, op+" tcp "+gone.String()+": "+ce.Errs[0].Error(), err.Error())
	}
}

// TestDialerConnectTimeout: ConnectTimeout bounds each address on its own,
// so an address that does not answer (::1, whose accept queue is full)
// leaves time to connect to the next (127.0.0.1, on the same port).
func TestDialerConnectTimeout(t *testing.T) {
	s4, s6 := reservePort(t)
	require.NoError(t, s4.Listen(1))
	require.NoError(t, s6.Listen(0))
	a6, err := s6.Getsockname()
	require.NoError(t, err)
	filler := newTestSocket(t, AF_INET6, SOCK_STREAM, 0)
	require.NoError(t, filler.Connect(a6))

	d := Dialer{ConnectTimeout: 100 * time.Millisecond}
	_, err = d.DialSocket(context.Background(), "tcp6", a6.String())
	assertTimeout(t, err)
	ne, ok := err.(net.Error)
	require.True(t, ok)
	assert.True(t, ne.Timeout(), "the last attempt timed out")

	start := time.Now()
	c, err := d.DialSocket(context.Background(), "tcp", ":"+strconv.Itoa(a6.Port()))
	require.NoError(t, err)
	defer c.Close()
	assert.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond, "::1 was tried first")
	peer, err := c.Getpeername()
	require.NoError(t, err)
	assert.Equal(t, AF_INET, peer.Family())
	assert.Equal(t, DefaultTimeout(), c.Timeout(), "the socket is in the default mode, as a new one")
	conn, _, err := s4.Accept()
	require.NoError(t, err)
	conn.Close()
}

// TestListenConfigV6Only: tcp6 listeners are IPv6 only, as net's are and
// as CreateServer's AF_INET6 sockets are; a tcp listener is not. The
// option is read in Control, before bind(2): binding ::1 turns it on in
// any case.
func TestListenConfigV6Only(t *testing.T) {
	for network, want := range map[string]bool{"tcp6": true, "tcp": false} {
		var v6Only bool
		lc := ListenConfig{Control: func(s *Socket) (err error) {
			v6Only, err = s.V6Only()
			return err
		}}
		s, err := lc.ListenSocket(context.Background(), network, "[::1]:0")
		require.NoError(t, err, network)
		s.Close()
		assert.Equal(t, want, v6Only, network)
	}
}
