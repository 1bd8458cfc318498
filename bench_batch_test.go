//go:build linux

package socket

import (
	"net"
	"testing"

	"golang.org/x/net/ipv4"
)

// The benchmarks (docs/design.md, "Benchmarks") beyond one datagram or one
// stream: batches, segmentation offload, and connection setup. One op of UDPBatch and
// UDPGSO is a whole batch: batchLen datagrams of batchSize bytes sent and
// received.

const (
	batchLen  = 64
	batchSize = 64
)

// BenchmarkAcceptConnect closes each client with SO_LINGER 0, a reset in
// place of FIN and TIME_WAIT, in both variants: otherwise some 30,000
// connections a second fill the ephemeral port range with TIME_WAIT
// entries within a run, connect(2)'s port search grows with them, and the
// variant that runs later is timed on a fuller table (measured: the same
// code moved between 51 and 65 µs by its place in the run).
func BenchmarkAcceptConnect(b *testing.B) {
	b.Run("socket", func(b *testing.B) {
		l, addr := listenTCP(b, AF_INET)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			c, err := New(AF_INET, SOCK_STREAM, 0)
			if err != nil {
				b.Fatal(err)
			}
			if err := c.Connect(addr); err != nil {
				b.Fatal(err)
			}
			s, _, err := l.Accept()
			if err != nil {
				b.Fatal(err)
			}
			if err := c.SetLinger(true, 0); err != nil {
				b.Fatal(err)
			}
			c.Close()
			s.Close()
		}
	})
	b.Run("net", func(b *testing.B) {
		l, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		defer l.Close()
		addr := l.Addr().String()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			c, err := net.Dial("tcp4", addr)
			if err != nil {
				b.Fatal(err)
			}
			s, err := l.Accept()
			if err != nil {
				b.Fatal(err)
			}
			if err := c.(*net.TCPConn).SetLinger(0); err != nil {
				b.Fatal(err)
			}
			c.Close()
			s.Close()
		}
	})
}

func BenchmarkUDPBatch(b *testing.B) {
	b.Run("socket", func(b *testing.B) {
		tx, _ := boundUDP(b, AF_INET)
		rx, to := boundUDP(b, AF_INET)
		out := make([]Mmsg, batchLen)
		for i := range out {
			out[i] = Mmsg{Buffers: [][]byte{make([]byte, batchSize)}, Addr: to}
		}
		in := newMmsgs(batchLen, 2*batchSize)
		runBatches(b, func() {
			whole(b, func(done int) (int, error) { return tx.Sendmmsg(out[done:], 0) })
			whole(b, func(done int) (int, error) { return rx.Recvmmsg(in[done:], 0) })
		})
	})
	b.Run("net", benchUDPOneByOne)
	b.Run("xnet", func(b *testing.B) {
		tx, rx := netUDPPair(b)
		ptx, prx := ipv4.NewPacketConn(tx), ipv4.NewPacketConn(rx)
		out := make([]ipv4.Message, batchLen)
		for i := range out {
			out[i] = ipv4.Message{Buffers: [][]byte{make([]byte, batchSize)}, Addr: rx.LocalAddr()}
		}
		in := make([]ipv4.Message, batchLen)
		for i := range in {
			in[i].Buffers = [][]byte{make([]byte, 2*batchSize)}
		}
		runBatches(b, func() {
			whole(b, func(done int) (int, error) { return ptx.WriteBatch(out[done:], 0) })
			whole(b, func(done int) (int, error) { return prx.ReadBatch(in[done:], 0) })
		})
	})
}

func BenchmarkUDPGSO(b *testing.B) {
	b.Run("socket", func(b *testing.B) {
		tx, _ := boundUDP(b, AF_INET)
		rx, to := boundUDP(b, AF_INET)
		if err := tx.SetUDPSegment(batchSize); err != nil {
			b.Fatal(err)
		}
		if err := rx.SetUDPGRO(true); err != nil {
			b.Fatal(err)
		}
		msg := make([]byte, batchLen*batchSize)
		buf, oob := make([]byte, 64<<10), make([]byte, CmsgSpace(4))
		runBatches(b, func() {
			if _, err := tx.Sendto(msg, 0, to); err != nil {
				b.Fatal(err)
			}
			for got := 0; got < batchLen; {
				m, err := rx.Recvmsg(buf, oob, 0)
				if err != nil {
					b.Fatal(err)
				}
				ci, err := ParseControl(oob[:m.OOBN])
				if err != nil {
					b.Fatal(err)
				}
				for range SplitGRO(buf[:m.N], ci.GROSize) {
					got++
				}
			}
		})
	})
	b.Run("net", benchUDPOneByOne)
}

// benchUDPOneByOne is net's way to move a batch: a datagram per call.
func benchUDPOneByOne(b *testing.B) {
	tx, rx := netUDPPair(b)
	to := rx.LocalAddr().(*net.UDPAddr).AddrPort()
	msg, buf := make([]byte, batchSize), make([]byte, 2*batchSize)
	runBatches(b, func() {
		for range batchLen {
			if _, err := tx.WriteToUDPAddrPort(msg, to); err != nil {
				b.Fatal(err)
			}
		}
		for range batchLen {
			if _, _, err := rx.ReadFromUDPAddrPort(buf); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// whole repeats a batch call until it has moved batchLen datagrams: call
// gets how many are done and returns how many more it moved.
func whole(b *testing.B, call func(done int) (int, error)) {
	for done := 0; done < batchLen; {
		n, err := call(done)
		if err != nil {
			b.Fatal(err)
		}
		done += n
	}
}

// runBatches times b.N batches, after one that grows what the first call
// allocates (the socket's vectors), so that allocs/op is steady state.
func runBatches(b *testing.B, batch func()) {
	batch()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		batch()
	}
}

// netUDPPair returns two net.UDPConns on loopback, closed when b ends.
func netUDPPair(b *testing.B) (tx, rx *net.UDPConn) {
	b.Helper()
	var conns [2]*net.UDPConn
	for i := range conns {
		c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { c.Close() })
		conns[i] = c
	}
	return conns[0], conns[1]
}
