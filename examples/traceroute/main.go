// Command traceroute lists the routers on the way to a host, sending ICMP
// echo requests with a rising TTL and reading the time-exceeded messages
// that come back: go run ./examples/traceroute [-m MAXHOPS] [-w WAIT] HOST.
// It needs root (a raw ICMP socket).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/raw"
)

func main() {
	maxHops := flag.Int("m", 30, "at most `MAXHOPS` hops")
	wait := flag.Duration("w", 2*time.Second, "wait `WAIT` for each probe's answer")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: traceroute [-m MAXHOPS] [-w WAIT] HOST")
		os.Exit(2)
	}
	host := flag.Arg(0)
	ai, err := socket.Getaddrinfo(host, "", socket.AF_UNSPEC, socket.SOCK_RAW, 0, 0)
	if err != nil {
		log.Fatalf("traceroute: %s: %v", host, err)
	}
	dst, _ := ai[0].Addr.AddrPort()
	p, err := raw.NewPinger(ai[0].Family, socket.SOCK_RAW)
	if err != nil {
		log.Fatalf("traceroute: %v", err)
	}
	defer p.Close()

	fmt.Printf("traceroute to %s (%s), %d hops max\n", host, dst.Addr(), *maxHops)
	hops, err := raw.Traceroute(context.Background(), p, dst.Addr(), *maxHops, *wait)
	for _, h := range hops {
		if !h.Answered {
			fmt.Printf("%2d  *\n", h.TTL)
			continue
		}
		fmt.Printf("%2d  %s  %.3f ms\n", h.TTL, h.Reply.From, float64(h.Reply.RTT.Microseconds())/1000)
	}
	if err != nil {
		log.Fatalf("traceroute: %v", err)
	}
}
