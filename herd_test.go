package socket

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// herdRate is the pace of BenchmarkHerd's sender, in datagrams per second:
// below what one receiver handles, so that each datagram finds the socket
// idle with every receiver parked, the case where waking them all costs
// most (issue 21 measured at this rate). An unpaced sender would keep data
// queued, so that receivers would rarely park and the figure would measure
// the sender's speed and the kernel's drops rather than the wake-ups.
const herdRate = 20000

// herdWarmup is how many datagrams go before the measurement: every
// receiver has then started and the socket has joined the poller.
const herdWarmup = 1000

// herdGrace is how long after the last send a datagram still counts as on
// its way, not lost.
const herdGrace = 2 * time.Second

// BenchmarkHerd is issue 21's third "must show": the CPU time the process
// spends per datagram (user and system, from getrusage(2)) when 1, 64 or
// 256 goroutines are blocked in Recv on one UDP socket in blocking mode
// and a sender paces b.N datagrams at herdRate. Each datagram should wake
// one receiver, so the figure should hardly grow with the receivers
// (256 within 1.3x of 1); the net sub-benchmark is the same with a
// net.UDPConn, for comparison in the same run. ns/op is the pacing
// interval and says nothing. Every datagram must arrive exactly once: a
// loss or a duplicate fails the benchmark.
func BenchmarkHerd(b *testing.B) {
	for _, n := range []int{1, 64, 256} {
		b.Run(fmt.Sprintf("receivers=%d", n), func(b *testing.B) {
			b.Run("socket", func(b *testing.B) {
				s, err := New(AF_INET, SOCK_DGRAM, 0)
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				if err := s.Bind(loopback(b, AF_INET)); err != nil {
					b.Fatal(err)
				}
				if err := s.SetRecvBuffer(1 << 20); err != nil {
					b.Fatal(err)
				}
				a, err := s.Getsockname()
				if err != nil {
					b.Fatal(err)
				}
				s.SetBlocking(true)
				runHerd(b, n, a.Port(), func(buf []byte) (int, error) { return s.Recv(buf, 0) }, s.Close)
			})
			b.Run("net", func(b *testing.B) {
				c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
				if err != nil {
					b.Fatal(err)
				}
				defer c.Close()
				if err := c.SetReadBuffer(1 << 20); err != nil {
					b.Fatal(err)
				}
				runHerd(b, n, c.LocalAddr().(*net.UDPAddr).Port, c.Read, c.Close)
			})
		})
	}
}

// runHerd starts receivers goroutines looping on recv, sends herdWarmup
// and then b.N numbered datagrams to port on 127.0.0.1 at herdRate, and
// reports the CPU time per datagram of the second lot, from its first
// send to its last arrival. closeConn ends the receivers.
func runHerd(b *testing.B, receivers, port int, recv func([]byte) (int, error), closeConn func() error) {
	total := herdWarmup + b.N
	seen := make([]atomic.Bool, total)
	var got, dups, bad atomic.Int64
	var want atomic.Int64 // the count at which arrived is signalled
	arrived := make(chan struct{}, 1)
	var recvErr atomic.Pointer[error]
	var wg sync.WaitGroup
	for range receivers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 64)
			for {
				n, err := recv(buf)
				if err != nil {
					if !errors.Is(err, net.ErrClosed) {
						recvErr.CompareAndSwap(nil, &err)
					}
					return
				}
				seq := binary.LittleEndian.Uint64(buf)
				switch {
				case n != 8 || seq >= uint64(total):
					bad.Add(1)
				case seen[seq].Swap(true):
					dups.Add(1)
				}
				if got.Add(1) == want.Load() {
					select {
					case arrived <- struct{}{}:
					default: // a signal nobody took, after a loss
					}
				}
			}
		}()
	}
	stop := func() {
		closeConn()
		wg.Wait()
	}
	defer stop()

	// The same sender for both sides under test, so that its cost, in
	// the figure too, is the same.
	sender, err := net.DialUDP("udp4", nil, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port})
	if err != nil {
		b.Fatal(err)
	}
	defer sender.Close()
	// await sends datagrams from up to to and waits until every datagram
	// sent so far has arrived (true), or until herdGrace has passed.
	await := func(from, to int) bool {
		want.Store(int64(to))
		if err := sendPaced(sender, from, to); err != nil {
			b.Fatal(err)
		}
		select {
		case <-arrived:
			return true
		case <-time.After(herdGrace):
			return false
		}
	}

	if !await(0, herdWarmup) {
		b.Fatalf("warm-up: %d of %d datagrams arrived", got.Load(), herdWarmup)
	}
	before := cpuTime(b)
	b.ResetTimer()
	await(herdWarmup, total)
	b.StopTimer()
	cpu := cpuTime(b) - before
	stop()

	if p := recvErr.Load(); p != nil {
		b.Fatalf("a receiver failed: %v", *p)
	}
	if lost := int64(total) - (got.Load() - dups.Load() - bad.Load()); lost != 0 || dups.Load() != 0 || bad.Load() != 0 {
		b.Fatalf("of %d datagrams %d were lost, %d duplicated, %d malformed", total, lost, dups.Load(), bad.Load())
	}
	b.ReportMetric(cpu.Seconds()*1e6/float64(b.N), "cpu-us/datagram")
}

// sendPaced sends the datagrams numbered from up to to on c, at herdRate
// on average: it sleeps whenever it is ahead of the schedule.
func sendPaced(c *net.UDPConn, from, to int) error {
	const interval = time.Second / herdRate
	var msg [8]byte
	start := time.Now()
	for i := from; i < to; i++ {
		if ahead := time.Duration(i-from)*interval - time.Since(start); ahead > 0 {
			time.Sleep(ahead)
		}
		binary.LittleEndian.PutUint64(msg[:], uint64(i))
		if _, err := c.Write(msg[:]); err != nil {
			return err
		}
	}
	return nil
}

// cpuTime is the CPU time, user and system, the process has used so far.
func cpuTime(b *testing.B) time.Duration {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
