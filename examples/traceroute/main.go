// Command traceroute lists the routers on the way to a host, as
// traceroute(8) does: it sends probes with a rising TTL, three per hop,
// and prints who answered each and in what time, reading the ICMP time
// exceeded messages the routers send back:
//
//	go run ./examples/traceroute [-I | -U] [-m MAXHOPS] [-q NQUERIES] [-w WAIT] [-p PORT] HOST
//
// By default, and with -U, the probes are UDP datagrams to ports 33434
// and up, one port per probe, as traceroute's default method: no
// privileges needed, for the kernel queues the routers' errors on the
// socket's error queue (IP_RECVERR) and the host itself answers port
// unreachable. With -I they are ICMP echo requests from a raw socket, as
// traceroute -I, which needs root.
//
// Each line is a hop: the address that answered, each probe's time, "*"
// for a probe nothing answered within the wait, and after a time the mark
// of a destination unreachable (!N network, !H host, !P protocol, !X
// prohibited, !F-<mtu> fragmentation needed, ...). The trace stops after
// the hop that reached the host or answered unreachable, as traceroute's
// does.
//
// Where it differs from traceroute on purpose: it prints addresses only
// (traceroute -n: no reverse lookup), sends the probes one after the
// other rather than sixteen at once (traceroute -N 1), its -U is the
// default method with its rising ports (traceroute's -U probes the one
// port 53), and of the options has -I, -U, -m, -q, -w (seconds, fractions
// allowed; traceroute's default of 5) and -p (the first port).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/raw"
)

func main() {
	maxHops := flag.Int("m", 30, "at most `MAXHOPS` hops (1..255)")
	queries := flag.Int("q", 3, "send `NQUERIES` probes per hop")
	wait := flag.Float64("w", 5, "wait `SECONDS` for each probe's answer")
	icmpEcho := flag.Bool("I", false, "probe with ICMP echo from a raw socket (root)")
	flag.Bool("U", false, "probe with UDP datagrams to rising ports (the default; no privileges)")
	port := flag.Int("p", 33434, "send the first probe to `PORT`, each next probe to the next")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: traceroute [-I | -U] [-m MAXHOPS] [-q NQUERIES] [-w WAIT] [-p PORT] HOST")
		os.Exit(2)
	}
	switch {
	case *maxHops < 1 || *maxHops > 255:
		fail("max hops cannot be more than 255", 2)
	case *queries < 1 || *queries > 10:
		fail("no more than 10 probes per hop", 2)
	case *wait < 0 || *wait != *wait:
		fail(fmt.Sprintf("bad wait specifications `%g' used", *wait), 2)
	case *port < 1 || *port > 65535:
		fail(fmt.Sprintf("port %d is outside 1..65535", *port), 2)
	}
	host := flag.Arg(0)
	ai, err := socket.Getaddrinfo(host, "", socket.AF_UNSPEC, socket.SOCK_DGRAM, 0, 0)
	var ae *socket.AddrInfoError
	if errors.As(err, &ae) {
		fail(fmt.Sprintf("%s: %v", host, ae.Code), 2)
	} else if err != nil {
		fail(fmt.Sprintf("%s: %v", host, err), 2)
	}
	ap, _ := ai[0].Addr.AddrPort()
	dst := ap.Addr().Unmap()

	size := 20 + 8 + raw.TraceDataLen
	if dst.Is6() {
		size = 40 + 8 + raw.TraceDataLen
	}
	fmt.Printf("traceroute to %s (%s), %d hops max, %d byte packets\n", host, dst, *maxHops, size)
	cfg := raw.TraceConfig{MaxHops: *maxHops, Probes: *queries, Wait: time.Duration(*wait * float64(time.Second)), Port: *port}
	if *icmpEcho {
		cfg.Method = raw.TraceICMP
	}
	if cfg.Wait == 0 {
		cfg.Wait = time.Nanosecond // -w 0: do not wait, as traceroute
	}
	if last := 65536 - cfg.MaxHops*cfg.Probes; cfg.Port > last {
		cfg.Port = last // traceroute lets the ports run past 65535; these stay below
	}
	hops, err := raw.Traceroute(context.Background(), dst, cfg)
	for _, h := range hops {
		fmt.Println(hopLine(h))
	}
	if err != nil && *icmpEcho && errors.Is(err, os.ErrPermission) {
		fail(err.Error()+" (-I needs a raw socket: root or CAP_NET_RAW; the default UDP probes need neither)", 1)
	} else if err != nil {
		fail(err.Error(), 1)
	}
}

// hopLine prints a hop as traceroute -n does: the TTL, then per probe the
// address when it differs from the previous probe's, its time and mark,
// or "*".
func hopLine(h raw.Hop) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%2d ", h.TTL)
	var last netip.Addr
	for _, pr := range h.Probes {
		if !pr.Answered {
			b.WriteString(" *")
			continue
		}
		if pr.Reply.From != last {
			last = pr.Reply.From
			fmt.Fprintf(&b, " %s", last)
		}
		fmt.Fprintf(&b, "  %.3f ms", float64(pr.Reply.RTT.Microseconds())/1000)
		if mark := pr.Reply.Annotation(); mark != "" {
			b.WriteString(" " + mark)
		}
	}
	return b.String()
}

// fail prints msg as traceroute's errors are printed and exits.
func fail(msg string, code int) {
	fmt.Fprintln(os.Stderr, "traceroute: "+msg)
	os.Exit(code)
}
