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
// Each reply leaves from the address the client wrote to (IP_PKTINFO /
// IPV6_PKTINFO), and is marked ECT(0) when the client's datagram was
// ECN-capable (IP_TOS / IPV6_TCLASS per message). It prints "listening on
// ADDR" and then a line per buffer: the client, the address it wrote to,
// the socket and CPU that served it, how many datagrams the buffer held,
// and their ECN codepoint. It exits after N datagrams (0: never).
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
		// Room for UDP_SEGMENT, IPV6_PKTINFO and IP_TOS or IPV6_TCLASS.
		reply := make([]byte, 0, socket.CmsgSpace(2)+socket.CmsgSpace(20)+socket.CmsgSpace(4))
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
			// kernel into datagrams of the size they came in, from the
			// address the client wrote to (a wildcard socket's reply
			// would otherwise leave from the address the route picks),
			// marked ECT(0) when the client's datagram was ECN-capable,
			// as a QUIC server marks its packets.
			reply = reply[:0]
			if ci.GROSize > 0 {
				reply = socket.AppendUDPSegment(reply, uint16(ci.GROSize))
			}
			reply = ci.AppendReplyPktInfo(reply) // IP_PKTINFO or IPV6_PKTINFO
			ecn := ecnOf(ci)
			if ecn != socket.INET_ECN_NOT_ECT {
				reply = appendECN(reply, ci, socket.INET_ECN_ECT_0)
			}
			if _, err := s.Sendmsg(buf[:m.N], reply, 0, m.From); err != nil && !errors.Is(err, net.ErrClosed) {
				return err
			}
			out.Lock()
			fmt.Printf("from %v to %v: socket %d (cpu %d), %d datagram(s) in one buffer, ECN %s\n", m.From, ci.Dst, cpu, cpu, n, ecnNames[ecn])
			out.Unlock()
			if total := served.Add(int64(n)); *limit > 0 && total >= *limit {
				g.Close() // every worker's Recvmsg returns net.ErrClosed
			}
		}
	})
	g.Close()
	check(err)
}

// setup asks for coalesced receives, and for the destination address and
// the TOS byte (traffic class) of every datagram, of both families: on an
// AF_INET6 socket serving IPv4 too, IPv4 datagrams carry IP_PKTINFO and
// IP_TOS.
func setup(s *socket.Socket) error {
	if err := s.SetUDPGRO(true); err != nil {
		return err
	}
	if err := s.SetRecvPktInfo(true); err != nil {
		return err
	}
	if err := s.SetRecvTOS(true); err != nil {
		return err
	}
	if s.Family() == socket.AF_INET6 {
		if err := s.SetRecvPktInfoV6(true); err != nil {
			return err
		}
		return s.SetRecvTrafficClass(true)
	}
	return nil
}

// ecnOf returns the ECN codepoint a datagram came with.
func ecnOf(ci socket.ControlInfo) byte {
	switch {
	case ci.Has&socket.CtrlTOS != 0:
		return byte(ci.TOS) & socket.INET_ECN_MASK
	case ci.Has&socket.CtrlTrafficClass != 0:
		return byte(ci.TrafficClass) & socket.INET_ECN_MASK
	}
	return socket.INET_ECN_NOT_ECT
}

// appendECN marks the reply with codepoint ecn in the message its
// datagram's path reads: IP_TOS for an IPv4 client (also one an AF_INET6
// socket serves, whose datagrams take Linux's IPv4 path), IPV6_TCLASS for
// an IPv6 one.
func appendECN(oob []byte, ci socket.ControlInfo, ecn byte) []byte {
	if ci.Has&socket.CtrlTOS != 0 {
		return socket.AppendTOS(oob, ecn)
	}
	return socket.AppendTrafficClass(oob, ecn)
}

// ecnNames are the codepoints' names in RFC 3168.
var ecnNames = [4]string{"Not-ECT", "ECT(1)", "ECT(0)", "CE"}

func check(err error) {
	if err != nil {
		log.Fatalf("udp-server: %v", err)
	}
}
