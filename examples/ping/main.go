// Command ping sends ICMP echo requests and prints a line per reply, as
// ping(8) does: go run ./examples/ping [-c N] [-i INTERVAL] [-dgram] HOST.
// It needs root (a raw ICMP socket) unless -dgram is given and the sysctl
// net.ipv4.ping_group_range includes the user's group.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/raw"
)

func main() {
	count := flag.Int("c", 4, "stop after `N` replies")
	interval := flag.Duration("i", time.Second, "wait `INTERVAL` between requests")
	wait := flag.Duration("W", 2*time.Second, "wait at most `TIMEOUT` for each reply")
	dgram := flag.Bool("dgram", false, "use the unprivileged ICMP datagram socket instead of a raw one")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: ping [-c N] [-i INTERVAL] [-W TIMEOUT] [-dgram] HOST")
		os.Exit(2)
	}
	host := flag.Arg(0)
	ai, err := socket.Getaddrinfo(host, "", socket.AF_UNSPEC, socket.SOCK_RAW, 0, 0)
	if err != nil {
		log.Fatalf("ping: %s: %v", host, err)
	}
	dst, _ := ai[0].Addr.AddrPort()
	typ := socket.SOCK_RAW
	if *dgram {
		typ = socket.SOCK_DGRAM
	}
	p, err := raw.NewPinger(ai[0].Family, typ)
	if err != nil {
		log.Fatalf("ping: %v", err)
	}
	defer p.Close()

	fmt.Printf("PING %s (%s) %d data bytes\n", host, dst.Addr(), raw.PingPayload)
	sent, received := 0, 0
	for i := 0; i < *count; i++ {
		if i > 0 {
			time.Sleep(*interval)
		}
		ctx, cancel := context.WithTimeout(context.Background(), *wait)
		r, err := p.Ping(ctx, dst.Addr())
		cancel()
		sent++
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			fmt.Printf("no answer to icmp_seq=%d\n", i+1)
		case err != nil:
			log.Fatalf("ping: %v", err)
		case r.Reached():
			received++
			fmt.Printf("%d bytes from %s: icmp_seq=%d ttl=%d time=%.3f ms\n",
				r.Len, r.From, r.Seq, r.TTL, float64(r.RTT.Microseconds())/1000)
		default:
			fmt.Printf("From %s icmp_seq=%d %v\n", r.From, r.Seq, r.Type)
		}
	}
	fmt.Printf("\n--- %s ping statistics ---\n%d packets transmitted, %d received, %d%% packet loss\n",
		host, sent, received, (sent-received)*100/sent)
}
