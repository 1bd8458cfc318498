package socket

import (
	"context"
	"encoding/binary"
	"errors"
	"net"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// requireCPUs01 skips t unless this process may run on CPUs 0 and 1: the
// steering tests send from each of them.
func requireCPUs01(t *testing.T) {
	t.Helper()
	var allowed unix.CPUSet
	require.NoError(t, unix.SchedGetaffinity(0, &allowed))
	if !allowed.IsSet(0) || !allowed.IsSet(1) {
		t.Skip("needs CPUs 0 and 1 in the affinity mask, to send from each")
	}
}

// listenTestGroup makes a group of n sockets on network at address, closed
// when the test ends.
func listenTestGroup(t *testing.T, network, address string, n int) *ReusePortGroup {
	t.Helper()
	var lc ListenConfig
	g, err := lc.ListenGroup(context.Background(), network, address, n)
	require.NoError(t, err)
	t.Cleanup(func() { g.Close() })
	require.Len(t, g.Sockets, n)
	return g
}

// onCPU runs fn on a goroutine locked to a thread pinned to cpu, and
// waits for it. The thread exits with the goroutine.
func onCPU(t *testing.T, cpu int, fn func()) {
	t.Helper()
	errc := make(chan error, 1)
	go func() {
		if err := pinThread(cpu); err != nil {
			errc <- err
			return
		}
		fn()
		errc <- nil
	}()
	require.NoError(t, <-errc)
}

// On loopback the kernel handles a datagram on the CPU that sent it (the
// receive runs in the softirq raised by the send, or in that CPU's
// ksoftirqd), so senders pinned to CPUs 0 and 1 feed both sockets; each
// source socket is a flow. The kernel updates SO_INCOMING_CPU only on a
// connected UDP socket (__udp_queue_rcv_skb), never on the group's, so
// each sender reads the CPU its datagrams are handled on from a connected
// witness pair: after each datagram to the group, one to the witness, and
// the witness's SO_INCOMING_CPU.
func TestReusePortGroupSteersUDPByCPU(t *testing.T) {
	requireCPUs01(t)
	const (
		cpus     = 2
		flows    = 200 // source ports, half from each CPU
		perFlow  = 50  // 10,000 datagrams in all
		total    = flows * perFlow
		inFlight = 32 // per CPU, so that no receive queue overflows
	)
	g := listenTestGroup(t, "udp4", "127.0.0.1:0", cpus)
	to, err := g.Sockets[0].Getsockname()
	require.NoError(t, err)

	type arrival struct{ flow, handledOn int }
	var (
		got      [cpus][]arrival
		received atomic.Int64
		credit   [cpus]chan struct{}
		wg       sync.WaitGroup
	)
	for c := range credit {
		credit[c] = make(chan struct{}, inFlight)
	}
	for i, s := range g.Sockets {
		s.SetTimeout(100 * time.Millisecond)
		wg.Go(func() {
			buf := make([]byte, 16)
			deadline := time.Now().Add(30 * time.Second)
			for received.Load() < total && time.Now().Before(deadline) {
				n, _, err := s.Recvfrom(buf, 0)
				if errors.Is(err, os.ErrDeadlineExceeded) {
					continue
				}
				if !assert.NoError(t, err) || !assert.Equal(t, 3, n) {
					return
				}
				a := arrival{flow: int(binary.BigEndian.Uint16(buf)), handledOn: int(buf[2])}
				got[i] = append(got[i], a)
				received.Add(1)
				<-credit[a.handledOn]
			}
		})
	}
	for c := range cpus {
		wg.Go(func() {
			onCPU(t, c, func() {
				witness, rx := udpPair(t, AF_INET)
				var src [flows / cpus]*Socket
				for k := range src {
					src[k] = newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
				}
				msg := make([]byte, 3)
				for range perFlow {
					for k, s := range src {
						binary.BigEndian.PutUint16(msg, uint16(c*len(src)+k))
						msg[2] = byte(c)
						credit[c] <- struct{}{}
						_, err := s.Sendto(msg, 0, to)
						require.NoError(t, err)
						_, err = witness.Send(msg, 0)
						require.NoError(t, err)
						_, err = rx.Recv(msg, 0)
						require.NoError(t, err)
						cpu, err := rx.IncomingCPU()
						require.NoError(t, err)
						require.Equal(t, c, cpu, "a datagram sent on CPU %d was handled on CPU %d", c, cpu)
					}
				}
			})
		})
	}
	wg.Wait()
	require.EqualValues(t, total, received.Load(), "datagrams received")

	socketOf := map[int]int{}
	for i := range got {
		assert.Equal(t, total/cpus, len(got[i]), "datagrams on socket %d", i)
		for _, a := range got[i] {
			if prev, ok := socketOf[a.flow]; ok && prev != i {
				t.Fatalf("flow %d reached sockets %d and %d", a.flow, prev, i)
			}
			socketOf[a.flow] = i
			if a.handledOn != i {
				t.Fatalf("socket %d got flow %d, handled on CPU %d", i, a.flow, a.handledOn)
			}
		}
	}
	assert.Len(t, socketOf, flows)
}

func TestReusePortGroupSteersTCPByCPU(t *testing.T) {
	requireCPUs01(t)
	g := listenTestGroup(t, "tcp4", "127.0.0.1:0", 2)
	to, err := g.Sockets[0].Getsockname()
	require.NoError(t, err)
	for _, cpu := range []int{1, 0, 1} {
		c := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
		onCPU(t, cpu, func() { require.NoError(t, c.Connect(to)) })
		// The listener of that CPU takes it (waiting, in case the
		// handshake's last segment went to ksoftirqd), and no other.
		l := g.Sockets[cpu]
		l.SetTimeout(5 * time.Second)
		conn, _, err := l.Accept()
		require.NoError(t, err, "listener %d", cpu)
		for i, other := range g.Sockets {
			if i != cpu {
				other.SetBlocking(false)
				_, _, err := other.Accept()
				require.ErrorIs(t, err, unix.EAGAIN, "listener %d took a connection made on CPU %d", i, cpu)
			}
		}
		// The accepted socket's SO_INCOMING_CPU is the CPU its last
		// segment was handled on: the listener's index.
		onCPU(t, cpu, func() { _, err := c.Send([]byte("x"), 0); require.NoError(t, err) })
		conn.SetTimeout(5 * time.Second)
		_, err = conn.Recv(make([]byte, 1), 0)
		require.NoError(t, err)
		handled, err := conn.IncomingCPU()
		require.NoError(t, err)
		assert.Equal(t, cpu, handled, "connection accepted on listener %d", cpu)
		conn.Close()
	}
}

func TestReusePortGroupRunPinsWorkers(t *testing.T) {
	requireCPUs01(t)
	g := listenTestGroup(t, "udp", ":0", 2)
	var masks [2]unix.CPUSet
	sentinel := errors.New("worker 1 failed")
	err := g.Run(func(cpu int, s *Socket) error {
		assert.Same(t, g.Sockets[cpu], s)
		if err := unix.SchedGetaffinity(0, &masks[cpu]); err != nil {
			return err
		}
		if cpu == 1 {
			return sentinel
		}
		return nil
	})
	require.ErrorIs(t, err, sentinel)
	for cpu, m := range masks {
		assert.Equal(t, 1, m.Count(), "worker %d's thread runs on one CPU", cpu)
		assert.True(t, m.IsSet(cpu), "worker %d's thread runs on CPU %d", cpu, cpu)
	}
	// The dual-stack wildcard group takes IPv4 too.
	a, err := g.Sockets[0].Getsockname()
	require.NoError(t, err)
	port := a.Port()
	c := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	dst, err := InetAddr("127.0.0.1", port)
	require.NoError(t, err)
	_, err = c.Sendto([]byte("x"), 0, dst)
	require.NoError(t, err)
}

func TestListenGroupBadInput(t *testing.T) {
	var lc ListenConfig
	for _, n := range []int{0, -1, 1025} {
		g, err := lc.ListenGroup(context.Background(), "udp4", "127.0.0.1:0", n)
		require.ErrorIs(t, err, unix.EINVAL, "n=%d", n)
		var ae *ArgError
		require.ErrorAs(t, err, &ae)
		require.Equal(t, "n", ae.Arg)
		require.Nil(t, g)
	}
	_, err := lc.ListenGroup(context.Background(), "udp4", "not an address", 2)
	require.ErrorIs(t, err, unix.EINVAL)
	_, err = lc.ListenGroup(nil, "udp4", "127.0.0.1:0", 2) //nolint:staticcheck // a nil context must not panic
	require.Error(t, err)
	g := listenTestGroup(t, "udp4", "127.0.0.1:0", 1)
	err = g.Run(nil)
	require.ErrorIs(t, err, unix.EINVAL)
	require.ErrorContains(t, err, "run: invalid worker")
	// A port taken by a socket outside the group: the second socket's
	// bind fails and the first is closed.
	before := countFDs()
	taken := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	require.NoError(t, taken.Bind(loopback(t, AF_INET)))
	a, err := taken.Getsockname()
	require.NoError(t, err)
	_, err = lc.ListenGroup(context.Background(), "udp4", a.String(), 2)
	require.ErrorIs(t, err, unix.EADDRINUSE)
	require.Equal(t, before+1, countFDs(), listFDs())
}

// A port already held by an SO_REUSEPORT socket of the same user: the
// group would join that socket's reuseport group behind it, so that CPU 0's
// datagrams went to the outsider, not Sockets[0]. ListenGroup refuses.
func TestReview6ListenGroupRefusesHeldPort(t *testing.T) {
	requireCPUs01(t)
	for _, c := range []struct{ network, outside, group string }{
		{"udp4", "127.0.0.1:0", "127.0.0.1"},
		{"udp", "0.0.0.0:0", ""},
		{"tcp4", "127.0.0.1:0", "127.0.0.1"},
	} {
		var lc ListenConfig
		lc.ReusePort = true
		outside, err := lc.ListenSocket(context.Background(), c.network, c.outside)
		require.NoError(t, err)
		a, err := outside.Getsockname()
		require.NoError(t, err)
		before := countFDs()
		g, err := lc.ListenGroup(context.Background(), c.network, net.JoinHostPort(c.group, strconv.Itoa(int(a.Port()))), 2)
		if err == nil && c.network == "udp4" {
			// Show where CPU 0's datagram goes.
			dst, _ := InetAddr("127.0.0.1", a.Port())
			onCPU(t, 0, func() {
				cl, _ := New(AF_INET, SOCK_DGRAM, 0)
				defer cl.Close()
				_, _ = cl.Sendto([]byte("x"), 0, dst)
			})
			outside.SetTimeout(100 * time.Millisecond)
			_, err := outside.Recv(make([]byte, 1), 0)
			t.Logf("%s: CPU 0's datagram reached the outside socket: %t", c.network, err == nil)
		}
		if g != nil {
			g.Close()
		}
		outside.Close()
		require.ErrorIs(t, err, unix.EADDRINUSE, c.network)
		require.Nil(t, g)
		require.Equal(t, before-1, countFDs(), listFDs())
	}
}
