//go:build linux

package examples_test

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/internal/netnstest"
	"github.com/bsdsock/socket/raw"
	"github.com/stretchr/testify/require"
)

// The fixed traffic the sniffer comparison sends between two namespaces,
// a and b, joined by a veth pair: each helper opens its sockets in its
// namespace and leaves the kernel to send what it sends.

// family returns the socket family of ap's address.
func family(ap netip.AddrPort) socket.Family {
	if ap.Addr().Is4() {
		return socket.AF_INET
	}
	return socket.AF_INET6
}

// open makes a socket in namespace ns, bound to bind unless it is the
// zero AddrPort, closed when the test ends.
func open(t *testing.T, ns string, fam socket.Family, typ socket.Type, bind netip.AddrPort) *socket.Socket {
	t.Helper()
	var s *socket.Socket
	var err error
	netnstest.In(t, ns, func() {
		if s, err = socket.New(fam, typ, 0); err == nil && bind.IsValid() {
			err = s.Bind(socket.AddrFrom(bind))
		}
	})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	s.SetTimeout(10 * time.Second)
	return s
}

// serveTCP listens on addr in namespace ns; each connection is read to
// its end, answered "bye\n" and closed, or, with reset, closed at once
// with a reset when the client's data arrives. It returns a channel that
// gets each connection's error when the connection is done.
func serveTCP(t *testing.T, ns string, addr netip.AddrPort) <-chan error {
	t.Helper()
	ln := open(t, ns, family(addr), socket.SOCK_STREAM, addr)
	require.NoError(t, ln.Listen(4))
	done := make(chan error, 8)
	go func() {
		for {
			c, _, err := ln.Accept()
			if err != nil {
				return // the listener closed as the test ended
			}
			c.SetTimeout(10 * time.Second)
			buf := make([]byte, 64<<10)
			for err == nil {
				var n int
				if n, err = c.Recv(buf, 0); n == 0 && err == nil {
					_, err = c.Sendall([]byte("bye\n"), 0)
					break
				}
			}
			c.Close()
			done <- err
		}
	}()
	return done
}

// converseTCP connects from namespace ns to addr, sends data (the first
// byte urgent when urgent is set), half-closes, reads the server's
// answer to its end and closes: handshake, data both ways, four-way
// close. With abort it closes with a reset instead, after the data.
func converseTCP(t *testing.T, ns string, addr netip.AddrPort, data []byte, urgent, abort bool, served <-chan error) {
	t.Helper()
	c := open(t, ns, family(addr), socket.SOCK_STREAM, netip.AddrPort{})
	require.NoError(t, c.Connect(socket.AddrFrom(addr)))
	if urgent {
		_, err := c.Send(data[:1], socket.MSG_OOB)
		require.NoError(t, err)
		data = data[1:]
	}
	_, err := c.Sendall(data, 0)
	require.NoError(t, err)
	if abort {
		time.Sleep(50 * time.Millisecond) // let the data be acknowledged first
		require.NoError(t, c.SetLinger(true, 0))
		require.NoError(t, c.Close())
		<-served // the server sees the reset
		return
	}
	require.NoError(t, c.Shutdown(socket.SHUT_WR))
	buf := make([]byte, 64)
	for {
		n, err := c.Recv(buf, 0)
		require.NoError(t, err)
		if n == 0 {
			break
		}
	}
	require.NoError(t, <-served)
	require.NoError(t, c.Close())
}

// refusedTCP connects from ns to addr, where nothing listens: a SYN and
// the reset that refuses it.
func refusedTCP(t *testing.T, ns string, addr netip.AddrPort) {
	t.Helper()
	c := open(t, ns, family(addr), socket.SOCK_STREAM, netip.AddrPort{})
	require.Error(t, c.Connect(socket.AddrFrom(addr)))
}

// sendUDP sends one datagram of n bytes from namespace ns to addr, with
// path MTU discovery off so that the kernel fragments what its route
// does not carry whole.
func sendUDP(t *testing.T, ns string, addr netip.AddrPort, n int) {
	t.Helper()
	c := open(t, ns, family(addr), socket.SOCK_DGRAM, netip.AddrPort{})
	if addr.Addr().Is4() {
		require.NoError(t, c.SetMTUDiscover(socket.IP_PMTUDISC_DONT))
	}
	_, err := c.Sendto(make([]byte, n), 0, socket.AddrFrom(addr))
	require.NoError(t, err)
}

// echoUDP answers each datagram to addr in namespace ns with the same
// bytes, until the test ends.
func echoUDP(t *testing.T, ns string, addr netip.AddrPort) {
	t.Helper()
	s := open(t, ns, family(addr), socket.SOCK_DGRAM, addr)
	require.NoError(t, s.SetRecvBuffer(1<<20))
	s.SetBlocking(true) // until the socket closes with the test
	go func() {
		buf := make([]byte, 64<<10)
		for {
			n, from, err := s.Recvfrom(buf, 0)
			if err != nil {
				return
			}
			if n <= 64 { // answer the small ones only
				s.Sendto(buf[:n], 0, from)
			}
		}
	}()
}

// ping sends one echo request from namespace ns to dst and waits for the
// reply.
func ping(t *testing.T, ns string, dst netip.Addr) {
	t.Helper()
	fam := socket.AF_INET
	if dst.Is6() {
		fam = socket.AF_INET6
	}
	var p *raw.Pinger
	var err error
	netnstest.In(t, ns, func() { p, err = raw.NewPinger(fam, socket.SOCK_RAW) })
	require.NoError(t, err)
	defer p.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := p.Ping(ctx, dst)
	require.NoError(t, err)
	require.True(t, r.Reached())
}

// joinLeave joins group on interface ifname of namespace ns and leaves
// it, with IGMP version (2 or 3) forced on the interface, waiting after
// each for the kernel's reports (their repeats come within the 10 ms
// the test's sysctls allow).
func joinLeave(t *testing.T, ns, ifname string, version string, group netip.Addr) {
	t.Helper()
	netnstest.Sysctl(t, ns, "net.ipv4.conf."+ifname+".force_igmp_version", version)
	s := open(t, ns, socket.AF_INET, socket.SOCK_DGRAM, netip.AddrPort{})
	var ifindex int
	var err error
	netnstest.In(t, ns, func() { ifindex, err = socket.IfNametoindex(ifname) })
	require.NoError(t, err)
	require.NoError(t, s.JoinGroup(ifindex, group))
	time.Sleep(200 * time.Millisecond)
	require.NoError(t, s.LeaveGroup(ifindex, group))
	time.Sleep(200 * time.Millisecond)
}
