package sockfd

import (
	"context"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"net"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// Stress tests of the third review: receivers in every mode on one
// datagram socket, with deadline churn, context cancellation and Close,
// checking that no call hangs, no datagram is lost or duplicated, and the
// turn ends idle with no waiter.

// requireQuiet checks that a direction's turn is idle, counts no waiter
// and queues none, once every call has returned.
func requireQuiet(t *testing.T, fd *FD, d *direction, what string) {
	t.Helper()
	p, n := d.state.load()
	require.Equal(t, idle, p, "%s: phase after every call returned", what)
	require.Zero(t, n, "%s: waiters after every call returned", what)
	if o := d.op.Load(); o != nil {
		o.mu.Lock()
		head := o.queue.head
		o.mu.Unlock()
		require.Nil(t, head, "%s: queue after every call returned", what)
	}
}

// endPair ends a test of the pair a (sending) and b (receiving): both
// turns quiet, both closed, and no more goroutines than the test began
// with (before).
func endPair(t *testing.T, a, b *FD, before int) {
	t.Helper()
	requireQuiet(t, a, &a.send, "send")
	requireQuiet(t, b, &b.recv, "receive")
	a.Release()
	b.Release()
	settleGoroutines(t, before)
}

// settleGoroutines waits until no more goroutines run than before (the
// registration goroutines and context.AfterFunc's end on their own).
func settleGoroutines(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines left, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

// mixedModes are the modes a receiver picks from.
var mixedModes = []Mode{
	{Timeout: -1},
	{Timeout: -1},
	{Timeout: time.Millisecond},
	{Timeout: 200 * time.Microsecond},
	{Timeout: 30 * time.Millisecond},
	{},
	{Timeout: -1, Spin: 20 * time.Microsecond},
	{Timeout: 5 * time.Millisecond, Spin: 20 * time.Microsecond},
}

// okRecvErr reports whether err is one a receive may end with here.
func okRecvErr(err error, closed bool) bool {
	switch {
	case err == nil, err == unix.EAGAIN,
		errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.Canceled):
		return true
	case errors.Is(err, net.ErrClosed):
		return closed
	}
	return false
}

// Every datagram sent reaches exactly one receiver, whatever mix of
// blocking, timed, spinning, non-blocking and cancellable receivers share
// the socket, while another goroutine moves the read deadline into the
// past and clears it again: a lost wake-up would leave a blocking receiver
// queued on an idle turn with data waiting (caught by the hang bound), a
// double-held turn could deliver a datagram's bytes to two calls.
func TestMixedReceiversNoLossNoDup(t *testing.T) {
	goroutines := runtime.NumGoroutine()
	const (
		receivers = 24
		total     = 20000
	)
	n := total
	if testing.Short() {
		n = 3000
	}
	a, b := pair(t, unix.SOCK_DGRAM)
	var (
		seen     = make([]atomic.Int32, n)
		got      atomic.Int64
		stop     atomic.Bool
		wg       sync.WaitGroup
		badErr   atomic.Pointer[error]
		recvDone = make(chan struct{})
	)
	for i := range receivers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 3))
			buf := make([]byte, 16)
			var from unix.RawSockaddrAny
			for !stop.Load() {
				m := mixedModes[r.IntN(len(mixedModes))]
				ctx := context.Background()
				var cancel context.CancelFunc = func() {}
				if r.IntN(4) == 0 {
					ctx, cancel = context.WithCancel(ctx)
					if r.IntN(2) == 0 {
						time.AfterFunc(time.Duration(r.IntN(300))*time.Microsecond, cancel)
					}
				}
				var (
					k   int
					err error
				)
				start := time.Now()
				switch r.IntN(4) {
				case 0:
					var res MsgResult
					res, err = b.Recvmsg(ctx, m, nil, buf, nil, 0, &from)
					k = res.N
				case 1:
					k, _, err = b.Recvfrom(ctx, m, buf, 0, &from)
				default:
					k, _, err = b.Recvfrom(ctx, m, buf, 0, nil)
				}
				cancel()
				if m.Timeout > 0 && time.Since(start) > m.Timeout+2*time.Second {
					e := errors.New("a timed receive outlived its timeout by 2 s")
					badErr.CompareAndSwap(nil, &e)
					return
				}
				if err != nil {
					if !okRecvErr(err, false) {
						badErr.CompareAndSwap(nil, &err)
						return
					}
					if m.Timeout == 0 && err == unix.EAGAIN {
						runtime.Gosched()
					}
					continue
				}
				if k != 4 {
					e := errors.New("short datagram")
					badErr.CompareAndSwap(nil, &e)
					return
				}
				seq := binary.LittleEndian.Uint32(buf)
				seen[seq].Add(1)
				if got.Add(1) == int64(n) {
					close(recvDone)
				}
			}
		}()
	}
	// Deadline churn: a past deadline fails the parked call and every
	// queued one; clearing it wakes them all again.
	churnDone := make(chan struct{})
	go func() {
		defer close(churnDone)
		r := rand.New(rand.NewPCG(99, 1))
		for !stop.Load() {
			switch r.IntN(3) {
			case 0:
				b.SetReadDeadline(time.Now().Add(-time.Second))
			case 1:
				b.SetReadDeadline(time.Now().Add(time.Duration(r.IntN(500)) * time.Microsecond))
			}
			time.Sleep(time.Duration(r.IntN(400)) * time.Microsecond)
			b.SetReadDeadline(time.Time{})
			time.Sleep(time.Duration(r.IntN(2000)) * time.Microsecond)
		}
	}()
	msg := make([]byte, 4)
	for i := range n {
		binary.LittleEndian.PutUint32(msg, uint32(i))
		k, err := a.Sendto(context.Background(), blocking, msg, 0, nil, 0)
		require.NoError(t, err)
		require.Equal(t, 4, k)
		if i%64 == 0 {
			runtime.Gosched()
		}
	}
	select {
	case <-recvDone:
	case <-time.After(20 * time.Second):
		t.Errorf("received %d of %d datagrams", got.Load(), n)
	}
	stop.Store(true)
	<-churnDone
	b.SetReadDeadline(time.Time{})
	// The receivers left in blocking calls need a datagram each, or Close.
	end := make(chan struct{})
	go func() { wg.Wait(); close(end) }()
	select {
	case <-end:
	case <-time.After(200 * time.Millisecond):
		// Quiet receivers must be in blocking calls: wake them by Close,
		// after checking the turn holds no stale state with data absent.
		b.Release()
		select {
		case <-end:
		case <-time.After(10 * time.Second):
			t.Fatal("receivers still waiting after Close")
		}
	}
	if e := badErr.Load(); e != nil && !errors.Is(*e, net.ErrClosed) {
		t.Fatalf("a receive failed: %v", *e)
	}
	for i := range seen {
		if c := seen[i].Load(); c != 1 {
			t.Fatalf("datagram %d received %d times", i, c)
		}
	}
	endPair(t, a, b, goroutines)
}

// With the sender slower than the receivers, every blocking receiver sits
// queued while timed receivers with tiny timeouts keep giving up, often
// just after a release picked them: a picked waiter that gives up must pass
// its wake-up on, or the blocking receivers stall with data waiting.
// Every datagram is sent only after the one before it was received, so a
// single lost wake-up hangs the test (caught by the bound, not a speed
// assertion).
func TestPickedWaiterGivesUp(t *testing.T) {
	goroutines := runtime.NumGoroutine()
	rounds := 4000
	if testing.Short() {
		rounds = 500
	}
	a, b := pair(t, unix.SOCK_DGRAM)
	var (
		stop     atomic.Bool
		wg       sync.WaitGroup
		received = make(chan uint32, 1)
	)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 7))
			buf := make([]byte, 4)
			for !stop.Load() {
				m := blocking
				if i%2 == 1 {
					m = Mode{Timeout: time.Duration(1+r.IntN(100)) * time.Microsecond}
				}
				k, _, err := b.Recvfrom(context.Background(), m, buf, 0, nil)
				switch {
				case err == nil && k == 4:
					received <- binary.LittleEndian.Uint32(buf)
				case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, net.ErrClosed):
				default:
					t.Errorf("receive: %d, %v", k, err)
					return
				}
			}
		}()
	}
	msg := make([]byte, 4)
	for i := range rounds {
		binary.LittleEndian.PutUint32(msg, uint32(i))
		_, err := a.Sendto(context.Background(), blocking, msg, 0, nil, 0)
		require.NoError(t, err)
		select {
		case seq := <-received:
			require.Equal(t, uint32(i), seq)
		case <-time.After(10 * time.Second):
			p, w := b.recv.state.load()
			t.Fatalf("datagram %d not received: turn %v with %d waiters", i, p, w)
		}
	}
	stop.Store(true)
	b.Release()
	if !waitAll(t, &wg, "receivers") {
		return
	}
	requireQuiet(t, b, &b.recv, "receive")
	a.Release()
	settleGoroutines(t, goroutines)
}

// Close at a random moment ends every call, whatever it waits in, with
// net.ErrClosed (or the result it had before), and no datagram is
// received twice.
func TestRandomClose(t *testing.T) {
	goroutines := runtime.NumGoroutine()
	rounds := 200
	if testing.Short() {
		rounds = 40
	}
	for round := range rounds {
		r := rand.New(rand.NewPCG(uint64(round), 11))
		a, b := pair(t, unix.SOCK_DGRAM)
		var (
			wg   sync.WaitGroup
			seen sync.Map
			bad  atomic.Pointer[error]
		)
		for i := range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				buf := make([]byte, 4)
				rr := rand.New(rand.NewPCG(uint64(round), uint64(i)))
				for {
					m := mixedModes[rr.IntN(len(mixedModes))]
					ctx, cancel := context.WithCancel(context.Background())
					if rr.IntN(3) == 0 {
						time.AfterFunc(time.Duration(rr.IntN(200))*time.Microsecond, cancel)
					}
					var (
						k   int
						err error
					)
					if rr.IntN(2) == 0 {
						k, _, err = b.Recvfrom(ctx, m, buf, 0, nil)
					} else {
						var res MsgResult
						var from unix.RawSockaddrAny
						res, err = b.Recvmsg(ctx, m, nil, buf, nil, 0, &from)
						k = res.N
					}
					cancel()
					if errors.Is(err, net.ErrClosed) {
						return
					}
					if err != nil {
						if !okRecvErr(err, true) {
							bad.CompareAndSwap(nil, &err)
							return
						}
						if err == unix.EAGAIN {
							runtime.Gosched()
						}
						continue
					}
					if _, dup := seen.LoadOrStore(binary.LittleEndian.Uint32(buf[:k]), true); dup {
						e := errors.New("duplicate datagram")
						bad.CompareAndSwap(nil, &e)
						return
					}
				}
			}()
		}
		sent := r.IntN(50)
		msg := make([]byte, 4)
		for i := range sent {
			binary.LittleEndian.PutUint32(msg, uint32(i))
			a.Sendto(context.Background(), nonBlocking, msg, 0, nil, 0)
			if r.IntN(8) == 0 {
				b.SetReadDeadline(time.Now().Add(time.Duration(r.IntN(300)) * time.Microsecond))
			}
		}
		time.Sleep(time.Duration(r.IntN(2000)) * time.Microsecond)
		b.Release()
		if !waitAll(t, &wg, "receivers after Close", a, b) {
			return
		}
		if e := bad.Load(); e != nil {
			t.Fatalf("round %d: %v", round, *e)
		}
		requireQuiet(t, b, &b.recv, "receive after Close")
		a.Release()
	}
	settleGoroutines(t, goroutines)
}

// Senders in every mode share a stream socket whose peer reads slowly:
// blocking whole sends must each go out whole and in one piece (no send's
// bytes interleaved with another's, which a double-held turn would
// allow), and the send turn ends idle.
func TestMixedSendersStayWhole(t *testing.T) {
	goroutines := runtime.NumGoroutine()
	a, b := pair(t, unix.SOCK_STREAM)
	const (
		senders = 8
		per     = 200
		size    = 3000
	)
	var wg sync.WaitGroup
	for i := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 5))
			msg := make([]byte, size)
			for j := range per {
				for k := range msg {
					msg[k] = byte(i*per + j)
				}
				binary.LittleEndian.PutUint16(msg, uint16(i))
				binary.LittleEndian.PutUint16(msg[2:], uint16(j))
				// The stream's records stay whole only if every
				// send is; mix in waits for writability and
				// non-blocking probes that must not write.
				switch r.IntN(4) {
				case 0:
					if err := a.WaitWritable(context.Background(), Mode{Timeout: 100 * time.Microsecond}); err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
						t.Errorf("wait writable: %v", err)
					}
				case 1:
					a.Sendto(context.Background(), nonBlocking, nil, 0, nil, 0)
				}
				n, err := a.Sendto(context.Background(), Mode{Timeout: -1, Whole: true}, msg, 0, nil, 0)
				if err != nil || n != size {
					t.Errorf("send: %d, %v", n, err)
					return
				}
			}
		}()
	}
	next := make([]int, senders)
	rec := make([]byte, size)
	for range senders * per {
		n, _, err := b.Recvfrom(context.Background(), Mode{Timeout: 10 * time.Second, Whole: true}, rec, 0, nil)
		require.NoError(t, err)
		require.Equal(t, size, n)
		i, j := int(binary.LittleEndian.Uint16(rec)), int(binary.LittleEndian.Uint16(rec[2:]))
		require.Less(t, i, senders)
		require.Equal(t, next[i], j, "sender %d's records in order", i)
		for k := 4; k < size; k++ {
			if rec[k] != byte(i*per+j) {
				t.Fatalf("record %d of sender %d mixed with another at byte %d", j, i, k)
			}
		}
		next[i]++
		if j%32 == 0 {
			time.Sleep(50 * time.Microsecond)
		}
	}
	if !waitAll(t, &wg, "senders", a, b) {
		return
	}
	endPair(t, a, b, goroutines)
}

// Acceptors in every mode share one listener while clients connect: each
// connection is accepted exactly once (by its peer's port), no acceptor
// hangs, the receive turn ends idle, and Close ends the acceptors left.
func TestMixedAcceptors(t *testing.T) {
	goroutines := runtime.NumGoroutine()
	conns := 600
	if testing.Short() {
		conns = 150
	}
	s, err := Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	require.NoError(t, err)
	l, _ := New(s)
	t.Cleanup(func() { l.Release() })
	sa := unix.RawSockaddrInet4{Family: unix.AF_INET, Addr: [4]byte{127, 0, 0, 1}}
	require.NoError(t, l.Bind((*unix.RawSockaddrAny)(unsafe.Pointer(&sa)), unix.SizeofSockaddrInet4))
	require.NoError(t, l.Listen(1024))
	bound, err := unix.Getsockname(s)
	require.NoError(t, err)
	port := bound.(*unix.SockaddrInet4).Port

	var (
		wg       sync.WaitGroup
		accepted sync.Map // peer port -> count
		count    atomic.Int64
		bad      atomic.Pointer[error]
	)
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 13))
			for {
				m := []Mode{blocking, {Timeout: 300 * time.Microsecond}, {Timeout: 20 * time.Millisecond}, nonBlocking}[r.IntN(4)]
				ctx, cancel := context.WithCancel(context.Background())
				if r.IntN(4) == 0 {
					time.AfterFunc(time.Duration(r.IntN(300))*time.Microsecond, cancel)
				}
				var from unix.RawSockaddrAny
				nfd, _, err := l.Accept(ctx, m, &from)
				cancel()
				switch {
				case err == nil:
					p := (*unix.RawSockaddrInet4)(unsafe.Pointer(&from)).Port
					p = p>>8 | p<<8
					v, _ := accepted.LoadOrStore(p, new(atomic.Int32))
					if v.(*atomic.Int32).Add(1) != 1 {
						e := errors.New("connection accepted twice")
						bad.CompareAndSwap(nil, &e)
					}
					unix.Close(nfd)
					count.Add(1)
				case errors.Is(err, net.ErrClosed):
					return
				case okRecvErr(err, false):
					if err == unix.EAGAIN {
						runtime.Gosched()
					}
				default:
					bad.CompareAndSwap(nil, &err)
					return
				}
			}
		}()
	}
	ports := make([]int, 0, conns)
	for range conns {
		c, err := net.Dial("tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		require.NoError(t, err)
		ports = append(ports, c.LocalAddr().(*net.TCPAddr).Port)
		c.Close()
	}
	for end := time.Now().Add(20 * time.Second); count.Load() < int64(conns) && time.Now().Before(end); {
		time.Sleep(time.Millisecond)
	}
	require.EqualValues(t, conns, count.Load(), "connections accepted")
	l.Release()
	if !waitAll(t, &wg, "acceptors") {
		return
	}
	if e := bad.Load(); e != nil {
		t.Fatal(*e)
	}
	for _, p := range ports {
		_, ok := accepted.Load(uint16(p))
		require.True(t, ok, "connection from port %d accepted", p)
	}
	requireQuiet(t, l, &l.recv, "accept")
	settleGoroutines(t, goroutines)
}
