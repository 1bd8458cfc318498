//go:build linux

// Command udp-server is the UDP server a QUIC, DNS or NTP server starts
// from: an echo on a dual-stack wildcard address, served by one socket per
// CPU steered by CPU (ListenGroup), each read by a worker pinned to its CPU
// (ReusePortGroup.Run), receiving with UDP_GRO (the kernel hands over a
// burst of one flow's datagrams as one buffer) and answering a whole
// buffer with one GSO send (UDP_SEGMENT: the kernel cuts it back into
// datagrams):
//
//	go run ./examples/udp-server [-addr :9999] [-n N]
//
// It prints "listening on ADDR" and then a line per buffer: the client,
// the address it wrote to (IP_PKTINFO / IPV6_PKTINFO), the socket and
// CPU that served it, and how many datagrams the buffer held. It exits
// after N datagrams (0: never).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/bsdsock/socket"
)

func main() {
	addr := flag.String("addr", ":9999", "serve `HOST:PORT` (no host: every address, IPv4 and IPv6)")
	limit := flag.Int64("n", 0, "exit after `N` datagrams (0: never)")
	flag.Parse()

	// One socket per CPU: socket i gets the datagrams CPU i handles. Each
	// is set up before bind(2), so that no burst can arrive before
	// UDP_GRO is on (the kernel would queue it cut into datagrams).
	lc := socket.ListenConfig{Control: setup}
	g, err := lc.ListenGroup(context.Background(), "udp", *addr, runtime.NumCPU())
	check(err)
	bound, err := g.Sockets[0].Getsockname()
	check(err)
	fmt.Printf("listening on %v with %d sockets\n", bound, len(g.Sockets))

	var served atomic.Int64
	var out sync.Mutex
	err = g.Run(func(cpu int, s *socket.Socket) error {
		buf := make([]byte, 64<<10) // a GRO buffer holds up to 64 KiB
		oob := make([]byte, 128)
		reply := make([]byte, 0, socket.CmsgSpace(2))
		for {
			m, err := s.Recvmsg(buf, oob, 0)
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			if err != nil {
				return err
			}
			ci, err := socket.ParseControl(oob[:m.OOBN])
			if err != nil {
				return err
			}
			n := 0
			for range socket.SplitGRO(buf[:m.N], ci.GROSize) {
				n++
			}
			// The echo of the whole buffer in one send, cut by the
			// kernel into datagrams of the size they came in.
			//
			// GAP (issue 26, the control-message half): the reply
			// should leave from ci.Dst, the address the client wrote
			// to, with an IP_PKTINFO / IPV6_PKTINFO control message
			// appended to reply, as a server bound to a wildcard
			// address must on a host with several addresses. Its
			// builder is being added on another branch; until it
			// lands the kernel picks the source by route, which is
			// ci.Dst on loopback and on a host with one address.
			reply = reply[:0]
			if ci.GROSize > 0 {
				reply = socket.AppendUDPSegment(reply, uint16(ci.GROSize))
			}
			if _, err := s.Sendmsg(buf[:m.N], reply, 0, m.From); err != nil && !errors.Is(err, net.ErrClosed) {
				return err
			}
			out.Lock()
			fmt.Printf("from %v to %v: socket %d (cpu %d), %d datagram(s) in one buffer\n", m.From, ci.Dst, cpu, cpu, n)
			out.Unlock()
			if total := served.Add(int64(n)); *limit > 0 && total >= *limit {
				g.Close() // every worker's Recvmsg returns net.ErrClosed
			}
		}
	})
	g.Close()
	check(err)
}

// setup asks for coalesced receives and for the destination address of
// every datagram, of both families: on an AF_INET6 socket serving IPv4 too,
// IPv4 datagrams carry IP_PKTINFO.
func setup(s *socket.Socket) error {
	if err := s.SetUDPGRO(true); err != nil {
		return err
	}
	if err := s.SetRecvPktInfo(true); err != nil {
		return err
	}
	if s.Family() == socket.AF_INET6 {
		return s.SetRecvPktInfoV6(true)
	}
	return nil
}

func check(err error) {
	if err != nil {
		log.Fatalf("udp-server: %v", err)
	}
}
