//go:build linux

// Command sniff prints a line per packet as tcpdump -nn does, captured
// with an AF_PACKET socket and filtered in the kernel by a BPF program:
//
//	go run ./examples/sniff -i IFACE [-port P] [-tcp|-udp] [-c N] [-e] [-S] [-B KiB]
//
// It needs root. The lines are tcpdump's, timestamps aside (its local
// time to the microsecond, as here): TCP sequence numbers relative to
// each connection's start unless -S is given, -e's link-level header
// (the EtherType stands for the "IP " or "ARP, " that starts a line
// without -e), and -port P matches TCP, UDP and SCTP as tcpdump's "port
// P" does. On SIGINT, SIGTERM or after -c packets it prints tcpdump's
// counts to stderr: packets printed, packets the filter passed
// (PACKET_STATISTICS, which counts those dropped too), packets the
// kernel dropped for want of buffer. On lo that middle count is half
// tcpdump's: libpcap receives each frame twice there and discards the
// outgoing copy itself, where sniff asks the kernel not to send it
// (PACKET_IGNORE_OUTGOING).
//
// Where it differs on purpose: frames longer than the snapshot length
// (262144 bytes, tcpdump's default) are cut and decoded as far as they
// go, and a packet of a kind tcpdump prints in hex on further lines
// (an unknown EtherType, an unknown ICMPv6 type) gets only its first
// line.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/raw"
)

// snapLen is tcpdump's default snapshot length: no frame an interface
// with a 64 KiB MTU carries, nor a GSO segment of 64 KiB, is cut.
const snapLen = 262144

func main() {
	iface := flag.String("i", "lo", "capture on `IFACE`")
	port := flag.Int("port", 0, "only TCP, UDP and SCTP packets from or to `P` (tcpdump's port P)")
	tcp := flag.Bool("tcp", false, "with -port, TCP only (tcpdump's tcp port P)")
	udp := flag.Bool("udp", false, "with -port, UDP only (tcpdump's udp port P)")
	count := flag.Int("c", 0, "stop after `N` packets (0: never)")
	link := flag.Bool("e", false, "print the link-level header too")
	absolute := flag.Bool("S", false, "print absolute TCP sequence numbers (default: relative, as tcpdump)")
	bufKiB := flag.Int("B", 4096, "the socket's receive buffer in `KiB` (tcpdump's -B)")
	flag.Parse()

	cfg := raw.PacketConfig{Interface: *iface, IgnoreOutgoing: *iface == "lo", RecvBuffer: *bufKiB << 10}
	if *port != 0 {
		var proto socket.Protocol // 0: TCP, UDP and SCTP
		switch {
		case *tcp:
			proto = socket.IPPROTO_TCP
		case *udp:
			proto = socket.IPPROTO_UDP
		}
		cfg.Filter = raw.PortFilter(raw.LinkEthernet, proto, uint16(*port))
	}
	c, err := raw.ListenPacket(cfg)
	if err != nil {
		log.Fatalf("sniff: %v", err)
	}
	fmt.Fprintf(os.Stderr, "listening on %s, link-type EN10MB (Ethernet), snapshot length %d bytes\n", *iface, snapLen)

	var captured atomic.Uint64 // read by the signal handler while the loop runs
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		exit(c, captured.Load())
	}()

	// The loop reuses its buffers, its Packet and its sequence table:
	// nothing is allocated per packet.
	var p raw.Packet
	seqs := new(raw.TCPSeqs)
	buf, line := make([]byte, snapLen), make([]byte, 0, 512)
	for *count == 0 || captured.Load() < uint64(*count) {
		n, _, err := c.ReadPacket(buf)
		if err != nil {
			log.Fatalf("sniff: %v", err)
		}
		line = time.Now().AppendFormat(line[:0], "15:04:05.000000 ")
		err = p.Decode(buf[:n], c.Link())
		if !*absolute {
			seqs.Relative(&p)
		}
		if *link {
			line = p.AppendLinkText(line)
		} else {
			line = p.AppendText(line)
		}
		if err != nil {
			line = append(append(line, " ["...), err.Error()...)
			line = append(line, ']')
		}
		os.Stdout.Write(append(line, '\n'))
		captured.Add(1)
	}
	exit(c, captured.Load())
}

// exit prints tcpdump's counts at the end of a capture and exits. It
// leaves the socket open for the exit to close: closing it here would
// wake the loop's read with an error to report on the way out.
func exit(c *raw.PacketConn, captured uint64) {
	st, err := c.Stats()
	if err != nil {
		log.Fatalf("sniff: %v", err)
	}
	fmt.Fprintf(os.Stderr, "%d %s captured\n", captured, plural(captured))
	fmt.Fprintf(os.Stderr, "%d %s received by filter\n", st.Packets, plural(uint64(st.Packets)))
	fmt.Fprintf(os.Stderr, "%d %s dropped by kernel\n", st.Drops, plural(uint64(st.Drops)))
	os.Exit(0)
}

func plural(n uint64) string {
	if n == 1 {
		return "packet"
	}
	return "packets"
}
