package raw

import (
	"context"
	"errors"
	"net/netip"
	"time"
)

// Hop is one line of a traceroute: the probe sent with TTL (hop limit)
// and what answered it.
type Hop struct {
	TTL      int
	Reply    Reply // the answer; its From is the zero Addr when none came
	Answered bool  // false: nothing came within the wait ("*" in traceroute)
}

// Traceroute finds the routers on the way to dst: it sends echo requests
// from p with a TTL (IPv6 hop limit) of 1, 2, ... up to maxHops, each
// router that drops a probe answers with ICMP time exceeded, and dst
// itself with an echo reply, where it stops. It waits at most wait per
// probe, and returns the hops seen so far when ctx ends. p must be a
// SOCK_RAW Pinger: an ICMP datagram socket is not given the routers'
// ICMP errors. It leaves p's TTL at the system default.
//
// Errors: Ping's, and ctx's error when ctx ended first.
func Traceroute(ctx context.Context, p *Pinger, dst netip.Addr, maxHops int, wait time.Duration) ([]Hop, error) {
	defer p.SetTTL(-1)
	var hops []Hop
	for ttl := 1; ttl <= maxHops; ttl++ {
		if err := p.SetTTL(ttl); err != nil {
			return hops, err
		}
		pctx, cancel := context.WithTimeout(ctx, wait)
		r, err := p.Ping(pctx, dst)
		cancel()
		switch {
		case ctx.Err() != nil:
			return hops, ctx.Err()
		case errors.Is(err, context.DeadlineExceeded):
			hops = append(hops, Hop{TTL: ttl})
			continue
		case err != nil:
			return hops, err
		}
		hops = append(hops, Hop{TTL: ttl, Reply: r, Answered: true})
		if r.Reached() || r.From == dst {
			break // the host answered: an echo reply, or unreachable from dst itself
		}
	}
	return hops, nil
}
