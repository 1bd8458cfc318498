//go:build linux || freebsd || netbsd || openbsd

package socket

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"
	"weak"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// newMmsgs returns n slots of one size-byte buffer each.
func newMmsgs(n, size int) []Mmsg {
	msgs := make([]Mmsg, n)
	for i := range msgs {
		msgs[i].Buffers = [][]byte{make([]byte, size)}
	}
	return msgs
}

// boundUDP returns a UDP socket bound on loopback and its address.
func boundUDP(t testing.TB, family Family) (*Socket, Addr) {
	t.Helper()
	s := newTestSocket(t, family, SOCK_DGRAM, 0)
	require.NoError(t, s.Bind(loopback(t, family)))
	a, err := s.Getsockname()
	require.NoError(t, err)
	return s, a
}

// A batch of fewer datagrams than slots fills the first slots, each with
// its length and sender, and leaves the others alone.
func TestMmsgPartialBatch(t *testing.T) {
	tx, from := boundUDP(t, AF_INET)
	rx, to := boundUDP(t, AF_INET)
	out := make([]Mmsg, 5)
	for i := range out {
		out[i] = Mmsg{Buffers: [][]byte{[]byte("part-"), []byte(fmt.Sprint(i))}, Addr: to}
	}
	n, err := tx.Sendmmsg(out, 0)
	require.NoError(t, err)
	require.Equal(t, 5, n)
	for i := range out {
		assert.Equal(t, 6, out[i].N, "bytes sent of message %d", i)
	}

	in := newMmsgs(8, 32)
	in[5].N = -1 // a slot past the batch keeps what it had
	n, err = rx.Recvmmsg(in, 0)
	require.NoError(t, err)
	require.Equal(t, 5, n, "all five were queued: one call takes them and no more")
	for i, m := range in[:n] {
		assert.Equal(t, fmt.Sprint("part-", i), string(m.Buffers[0][:m.N]))
		assert.Zero(t, m.Flags)
		assert.True(t, m.Addr == from, "sender of message %d: %v", i, m.Addr)
	}
	assert.Equal(t, -1, in[5].N)
	assert.True(t, in[5].Addr.IsZero())
}

// Each datagram of a batch reports its own sender, and a datagram longer
// than its slot is cut and flagged.
func TestMmsgSourcesAndTruncation(t *testing.T) {
	rx, to := boundUDP(t, AF_INET)
	var senders []Addr
	for i, size := range []int{3, 40, 8} {
		tx, a := boundUDP(t, AF_INET)
		_, err := tx.Sendto(make([]byte, size), 0, to)
		require.NoError(t, err, "sender %d", i)
		senders = append(senders, a)
	}
	in := newMmsgs(4, 16)
	// Stale bytes in a slot's address must not survive a shorter one.
	in[0].Addr, _ = Inet6Addr("2001:db8::1", 9, 0, 0)
	n, err := rx.Recvmmsg(in, 0)
	require.NoError(t, err)
	require.Equal(t, 3, n)
	for i, want := range []struct {
		n     int
		trunc bool
	}{{3, false}, {16, true}, {8, false}} {
		assert.Equal(t, want.n, in[i].N, "message %d", i)
		assert.Equal(t, want.trunc, in[i].Flags&MSG_TRUNC != 0, "MSG_TRUNC on message %d", i)
		assert.True(t, in[i].Addr == senders[i], "message %d from %v, want %v", i, in[i].Addr, senders[i])
	}

	// With MSG_TRUNC in the call's flags N is the datagram's real length.
	tx, _ := boundUDP(t, AF_INET)
	_, err = tx.Sendto(make([]byte, 40), 0, to)
	require.NoError(t, err)
	n, err = rx.Recvmmsg(in[:1], MSG_TRUNC)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	assert.Equal(t, 40, in[0].N)
	assert.NotZero(t, in[0].Flags&MSG_TRUNC)
}

// One batch from a dual-stack AF_INET6 socket reaches an IPv4 receiver
// (through its v4-mapped address) and an IPv6 one.
func TestMmsgMixedFamilies(t *testing.T) {
	tx := newTestSocket(t, AF_INET6, SOCK_DGRAM, 0)
	require.NoError(t, tx.SetV6Only(false))
	rx4, to4 := boundUDP(t, AF_INET)
	rx6, to6 := boundUDP(t, AF_INET6)
	ap4, ok := to4.AddrPort()
	require.True(t, ok)
	mapped := AddrFrom(netip.AddrPortFrom(netip.AddrFrom16(ap4.Addr().As16()), ap4.Port()))
	require.Equal(t, AF_INET6, mapped.Family())

	out := []Mmsg{
		{Buffers: [][]byte{[]byte("to v4")}, Addr: mapped},
		{Buffers: [][]byte{[]byte("to v6")}, Addr: to6},
		{Buffers: [][]byte{[]byte("v4 again")}, Addr: mapped},
	}
	n, err := tx.Sendmmsg(out, 0)
	require.NoError(t, err)
	require.Equal(t, 3, n)

	in := newMmsgs(4, 16)
	n, err = rx4.Recvmmsg(in, 0)
	require.NoError(t, err)
	require.Equal(t, 2, n)
	assert.Equal(t, "to v4", string(in[0].Buffers[0][:in[0].N]))
	assert.Equal(t, "v4 again", string(in[1].Buffers[0][:in[1].N]))
	assert.Equal(t, AF_INET, in[0].Addr.Family(), "the IPv4 receiver sees an IPv4 sender")
	n, err = rx6.Recvmmsg(in, 0)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	assert.Equal(t, "to v6", string(in[0].Buffers[0][:in[0].N]))
	assert.Equal(t, AF_INET6, in[0].Addr.Family())
}

// The three modes, for the first datagram of a batch.
func TestMmsgModes(t *testing.T) {
	in := newMmsgs(4, 16)
	t.Run("non-blocking", func(t *testing.T) {
		_, rx, _ := udpPairInMode(t, 0)
		n, err := rx.Recvmmsg(in, 0)
		assert.Zero(t, n)
		assert.ErrorIs(t, err, unix.EAGAIN)
		assert.EqualError(t, err, "recvmmsg udp4: recvmmsg: resource temporarily unavailable")
	})
	t.Run("MSG_DONTWAIT", func(t *testing.T) {
		_, rx, _ := udpPairInMode(t, NoTimeout)
		_, err := rx.Recvmmsg(in, MSG_DONTWAIT)
		assert.ErrorIs(t, err, unix.EAGAIN)
	})
	t.Run("timeout", func(t *testing.T) {
		_, rx, _ := udpPairInMode(t, 50*time.Millisecond)
		start := time.Now()
		_, err := rx.Recvmmsg(in, 0)
		assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
		var ne net.Error
		require.ErrorAs(t, err, &ne)
		assert.True(t, ne.Timeout())
		assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
	})
	t.Run("blocking", func(t *testing.T) {
		tx, rx, _ := udpPairInMode(t, NoTimeout)
		got := make(chan int, 1)
		go func() {
			n, err := rx.Recvmmsg(in, 0)
			assert.NoError(t, err)
			got <- n
		}()
		require.Eventually(t, func() bool { return rx.fd.Parked(false) }, 5*time.Second, time.Millisecond)
		_, err := tx.Sendmmsg([]Mmsg{{Buffers: [][]byte{[]byte("wake")}}}, 0)
		require.NoError(t, err)
		assert.Equal(t, 1, <-got, "a blocking batch returns with the first datagram")
	})
	t.Run("context", func(t *testing.T) {
		_, rx, _ := udpPairInMode(t, NoTimeout)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		_, err := rx.RecvmmsgContext(ctx, in, 0)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
	t.Run("send non-blocking full", func(t *testing.T) {
		tx, _, _ := udpPairInMode(t, 0)
		require.NoError(t, tx.SetSendBuffer(1024))
		out := make([]Mmsg, 64)
		for i := range out {
			out[i].Buffers = [][]byte{make([]byte, 1000)}
		}
		// UDP charges a datagram to the send buffer until the receiver
		// has it queued: with a tiny buffer the batch stops early.
		total := 0
		var err error
		for i := 0; i < 100 && err == nil; i++ {
			var n int
			n, err = tx.Sendmmsg(out, 0)
			total += n
		}
		if err != nil {
			assert.ErrorIs(t, err, unix.EAGAIN)
		}
		assert.Positive(t, total)
	})
}

// Two goroutines receiving batches on one socket each get their own
// datagrams, and Close ends a parked batch with net.ErrClosed.
func TestMmsgConcurrent(t *testing.T) {
	tx, rx, _ := udpPairInMode(t, NoTimeout)
	var wg sync.WaitGroup
	counts := make(chan int, 2)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := newMmsgs(1, 16)
			n, err := rx.Recvmmsg(in, 0)
			assert.NoError(t, err)
			counts <- n
		}()
	}
	require.Eventually(t, func() bool { return rx.fd.Parked(false) }, 5*time.Second, time.Millisecond)
	for range 2 {
		_, err := tx.Send([]byte("x"), 0)
		require.NoError(t, err)
		time.Sleep(time.Millisecond)
	}
	wg.Wait()
	assert.Equal(t, 2, <-counts+<-counts)

	done := make(chan error, 1)
	go func() {
		_, err := rx.Recvmmsg(newMmsgs(2, 8), 0)
		done <- err
	}()
	require.Eventually(t, func() bool { return rx.fd.Parked(false) }, 5*time.Second, time.Millisecond)
	require.NoError(t, rx.Close())
	select {
	case err := <-done:
		assert.ErrorIs(t, err, net.ErrClosed)
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not wake a parked Recvmmsg")
	}
}

// TestMmsgAllocs holds the rule of docs/design.md ("The hot path allocates
// nothing") for batches: none in any mode once the socket's vectors have
// grown, and none for a non-blocking empty poll.
func TestMmsgAllocs(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			tx, rx, _ := udpPairInMode(t, m.timeout)
			out := make([]Mmsg, 16)
			for i := range out {
				out[i].Buffers = [][]byte{make([]byte, 64)}
			}
			in := newMmsgs(16, 128)
			allocs := testing.AllocsPerRun(200, func() {
				n, err := tx.Sendmmsg(out, 0)
				mustNil(t, err)
				for got := 0; got < n; {
					k, err := rx.Recvmmsg(in, 0)
					mustNil(t, err)
					got += k
				}
			})
			assert.Zero(t, allocs)
		})
	}
	_, rx, _ := udpPairInMode(t, 0)
	in := newMmsgs(4, 16)
	assert.Zero(t, testing.AllocsPerRun(100, func() { rx.Recvmmsg(in, 0) }), "EAGAIN")
}

// Bad arguments are refused before the system call, with the errno the
// kernel would give.
func TestMmsgBadInput(t *testing.T) {
	s := newTestSocket(t, AF_INET6, SOCK_DGRAM, 0)
	v4, err := InetAddr("127.0.0.1", 9)
	require.NoError(t, err)
	_, err = s.Sendmmsg([]Mmsg{{Addr: v4}}, 0)
	assert.ErrorIs(t, err, unix.EAFNOSUPPORT)
	_, err = s.Recvmmsg(newMmsgs(1, 1), -1)
	assert.ErrorIs(t, err, unix.EINVAL)
	_, err = s.Recvmmsg([]Mmsg{{Buffers: make([][]byte, maxBatch+1)}}, 0)
	assert.ErrorIs(t, err, unix.EMSGSIZE)
	n, err := s.Recvmmsg(nil, 0)
	assert.Zero(t, n)
	assert.NoError(t, err, "an empty batch makes no call")
	require.NoError(t, s.Close())
	_, err = s.Sendmmsg(nil, 0)
	assert.ErrorIs(t, err, net.ErrClosed)
}

// Between calls the socket's batch state holds no reference to the
// caller's vector or buffers.
func TestMmsgKeepsNoBuffers(t *testing.T) {
	tx, rx := udpPair(t, AF_INET)
	held := func(call func(msgs []Mmsg)) weak.Pointer[byte] {
		msgs := newMmsgs(2, 64) // not 8: the tiny allocator would share the block
		call(msgs)
		return weak.Make(&msgs[1].Buffers[0][0])
	}
	for name, call := range map[string]func([]Mmsg){
		"Sendmmsg": func(msgs []Mmsg) {
			_, err := tx.Sendmmsg(msgs, 0)
			require.NoError(t, err)
		},
		"Recvmmsg": func(msgs []Mmsg) {
			_, err := rx.Recvmmsg(msgs, 0)
			require.NoError(t, err)
		},
	} {
		if name == "Recvmmsg" {
			_, err := tx.Sendmmsg(newMmsgs(2, 64), 0)
			require.NoError(t, err)
		}
		p := held(call)
		runtime.GC()
		assert.Nil(t, p.Value(), "%s keeps the buffers", name)
	}
}

// TestBatchFailsBeforeFirstAttempt: a batch call that fails before it
// reaches the kernel (an expired deadline, a done context, Close) on a
// socket's first batch returns the error; it panicked clearing headers
// that were never built.
func TestBatchFailsBeforeFirstAttempt(t *testing.T) {
	msgs := func() []Mmsg {
		return []Mmsg{{Buffers: [][]byte{make([]byte, 8)}}, {Buffers: [][]byte{make([]byte, 8)}}}
	}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	for name, call := range map[string]func(s *Socket) error{
		"Recvmmsg deadline": func(s *Socket) error {
			require.NoError(t, s.SetReadDeadline(time.Unix(1, 0)))
			_, err := s.Recvmmsg(msgs(), 0)
			return err
		},
		"Sendmmsg deadline": func(s *Socket) error {
			require.NoError(t, s.SetWriteDeadline(time.Unix(1, 0)))
			_, err := s.Sendmmsg(msgs(), 0)
			return err
		},
		"RecvmmsgContext done": func(s *Socket) error { _, err := s.RecvmmsgContext(done, msgs(), 0); return err },
		"SendmmsgContext done": func(s *Socket) error { _, err := s.SendmmsgContext(done, msgs(), 0); return err },
	} {
		t.Run(name, func(t *testing.T) {
			_, b := socketpair(t, SOCK_DGRAM)
			var err error
			require.NotPanics(t, func() { err = call(b) })
			assert.Error(t, err)
			assert.ErrorContains(t, err, "mmsg")
		})
	}
}
