// Command traceroute lists the routers on the way to a host, as
// traceroute(8) -I does: it sends ICMP echo requests with a rising TTL,
// three per hop, and prints who answered each and in what time, reading
// the time-exceeded messages the routers send back:
//
//	go run ./examples/traceroute [-m MAXHOPS] [-q NQUERIES] [-w WAIT] HOST
//
// Each line is a hop: the address that answered, each probe's time, "*"
// for a probe nothing answered within the wait, and after a time the mark
// of a destination unreachable (!N network, !H host, !P protocol, !X
// prohibited, ...). The trace stops after the hop that reached the host
// or answered unreachable, as traceroute's does.
//
// It needs root (a raw ICMP socket, which is given the routers' ICMP
// errors). traceroute's unprivileged way, a UDP or ICMP datagram socket
// reading the errors from its error queue (IP_RECVERR), waits for the
// error-queue issue and is not here.
//
// Where it differs from traceroute on purpose: it always probes with ICMP
// echo (traceroute -I; traceroute's default is UDP), prints addresses
// only (traceroute -n: no reverse lookup), sends the probes one after the
// other rather than several at once, and of the options has -m, -q and
// -w (seconds, fractions allowed; traceroute's default of 5).
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

// probeData is the echo data that makes traceroute's packet sizes: 60
// bytes over IPv4, 80 over IPv6.
const probeData = 32

func main() {
	maxHops := flag.Int("m", 30, "at most `MAXHOPS` hops (1..255)")
	queries := flag.Int("q", 3, "send `NQUERIES` probes per hop")
	wait := flag.Float64("w", 5, "wait `SECONDS` for each probe's answer")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: traceroute [-m MAXHOPS] [-q NQUERIES] [-w WAIT] HOST")
		os.Exit(2)
	}
	switch {
	case *maxHops < 1 || *maxHops > 255:
		fail("max hops cannot be more than 255", 2)
	case *queries < 1 || *queries > 10:
		fail("no more than 10 probes per hop", 2)
	case *wait < 0 || *wait != *wait:
		fail(fmt.Sprintf("bad wait specifications `%g' used", *wait), 2)
	}
	host := flag.Arg(0)
	ai, err := socket.Getaddrinfo(host, "", socket.AF_UNSPEC, socket.SOCK_RAW, 0, 0)
	var ae *socket.AddrInfoError
	if errors.As(err, &ae) {
		fail(fmt.Sprintf("%s: %v", host, ae.Code), 2)
	} else if err != nil {
		fail(fmt.Sprintf("%s: %v", host, err), 2)
	}
	ap, _ := ai[0].Addr.AddrPort()
	dst := ap.Addr().Unmap()
	p, err := raw.NewPinger(ai[0].Family, socket.SOCK_RAW)
	if err == nil {
		err = p.SetDataLen(probeData)
	}
	if err != nil {
		fail(err.Error(), 2)
	}
	defer p.Close()

	size := 20 + 8 + probeData
	if dst.Is6() {
		size = 40 + 8 + probeData
	}
	fmt.Printf("traceroute to %s (%s), %d hops max, %d byte packets\n", host, dst, *maxHops, size)
	cfg := raw.TraceConfig{MaxHops: *maxHops, Probes: *queries, Wait: time.Duration(*wait * float64(time.Second))}
	if cfg.Wait == 0 {
		cfg.Wait = time.Nanosecond // -w 0: do not wait, as traceroute
	}
	hops, err := raw.Traceroute(context.Background(), p, dst, cfg)
	for _, h := range hops {
		fmt.Println(hopLine(h))
	}
	if err != nil {
		p.Close()
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
