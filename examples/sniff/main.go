//go:build linux

// Command sniff prints a line per packet in tcpdump's style, captured with
// an AF_PACKET socket and filtered in the kernel by a BPF program:
// go run ./examples/sniff -i IFACE [-port P] [-udp] [-c N] [-e] [-S].
// TCP sequence numbers are relative to each connection's start unless -S
// is given, as in tcpdump. It needs
// root.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/raw"
)

func main() {
	iface := flag.String("i", "lo", "capture on `IFACE`")
	port := flag.Int("port", 0, "only TCP (or, with -udp, UDP) packets from or to `P`")
	udp := flag.Bool("udp", false, "filter UDP instead of TCP with -port")
	count := flag.Int("c", 0, "stop after `N` packets (0: never)")
	link := flag.Bool("e", false, "print the link-level header too")
	absolute := flag.Bool("S", false, "print absolute TCP sequence numbers (default: relative, as tcpdump)")
	flag.Parse()

	cfg := raw.PacketConfig{Interface: *iface, IgnoreOutgoing: *iface == "lo"}
	if *port != 0 {
		proto := socket.IPPROTO_TCP
		if *udp {
			proto = socket.IPPROTO_UDP
		}
		cfg.Filter = raw.PortFilter(raw.LinkEthernet, proto, uint16(*port))
	}
	c, err := raw.ListenPacket(cfg)
	if err != nil {
		log.Fatalf("sniff: %v", err)
	}
	defer c.Close()
	fmt.Fprintf(os.Stderr, "listening on %s, link-type EN10MB (Ethernet)\n", *iface)

	// The loop reuses its buffers: nothing is allocated per packet.
	var p raw.Packet
	seqs := new(raw.TCPSeqs) // fixed size: a long capture does not grow it
	buf, line := make([]byte, 65536), make([]byte, 0, 512)
	for i := 0; *count == 0 || i < *count; i++ {
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
			line = p.AppendLink(line)
		}
		line = p.AppendText(line)
		if err != nil {
			line = append(append(line, " ["...), err.Error()...)
			line = append(line, ']')
		}
		os.Stdout.Write(append(line, '\n'))
	}
}
