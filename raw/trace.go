package raw

import (
	"cmp"
	"context"
	"errors"
	"net/netip"
	"time"

	"golang.org/x/sys/unix"
)

// TraceConfig holds Traceroute's settings; a zero field takes
// traceroute(8)'s default.
type TraceConfig struct {
	MaxHops int           // the highest TTL tried: 30 when 0 (traceroute -m)
	Probes  int           // probes per hop, at most 10: 3 when 0 (traceroute -q)
	Wait    time.Duration // for each probe's answer: 5 s when 0 (traceroute -w)
}

// maxProbes is the most probes per hop, as traceroute -q allows.
const maxProbes = 10

// Probe is one probe of a hop: what answered it, if anything did.
type Probe struct {
	Reply    Reply // the answer; its From is the zero Addr when none came
	Answered bool  // false: nothing came within the wait ("*" in traceroute)
}

// Hop is one line of a traceroute: the probes sent with TTL (hop limit)
// and what answered each.
type Hop struct {
	TTL    int // the probes' TTL (IPv6 hop limit)
	Probes []Probe
}

// Final reports whether traceroute stops after this hop: a probe reached
// dst (an echo reply, or any answer from dst itself) or met a destination
// unreachable, as traceroute(8) stops after a line marked !N or !H. It
// makes no system call.
func (h Hop) Final(dst netip.Addr) bool {
	for _, pr := range h.Probes {
		if pr.Answered && (pr.Reply.Reached() || pr.Reply.From == dst || pr.Reply.Unreachable()) {
			return true
		}
	}
	return false
}

// Traceroute finds the routers on the way to dst: it sends cfg.Probes
// echo requests from p with a TTL (IPv6 hop limit) of 1, then 2, ... up
// to cfg.MaxHops, one after the other, each waiting at most cfg.Wait for
// its answer; each router that drops a probe answers with ICMP time
// exceeded, dst itself with an echo reply. It stops after the hop that is
// Final, as traceroute(8) does, and returns the hops seen so far when ctx
// ends. p must be a SOCK_RAW Pinger: an ICMP datagram socket is not given
// the routers' ICMP errors. It leaves p's TTL at the system default. It
// is not one system call: setsockopt(2) per hop, sendto(2) and recvmsg(2)
// per probe (Ping).
//
// Errors: an *socket.ArgError wrapping EPROTOTYPE for a SOCK_DGRAM
// Pinger (every probe would go unanswered), EINVAL for a nil p or ctx, a negative
// field of cfg, a MaxHops above 255 or Probes above 10 (traceroute -q's
// limit); Ping's; ctx's error when ctx ended first.
func Traceroute(ctx context.Context, p *Pinger, dst netip.Addr, cfg TraceConfig) ([]Hop, error) {
	if p == nil {
		return nil, argError("traceroute", "ip", "p", "nil *Pinger", unix.EINVAL)
	}
	switch {
	case p.dgram:
		return nil, sockArgError(p.s, "traceroute", "p", "an ICMP datagram socket is not given the routers' errors: use a SOCK_RAW Pinger", unix.EPROTOTYPE)
	case ctx == nil:
		return nil, sockArgError(p.s, "traceroute", "ctx", "nil Context (pass context.Background())", unix.EINVAL)
	case cfg.MaxHops < 0 || cfg.MaxHops > 255:
		return nil, sockArgError(p.s, "traceroute", "MaxHops", "the TTL is 1..255", unix.EINVAL)
	case cfg.Probes < 0 || cfg.Probes > maxProbes:
		return nil, sockArgError(p.s, "traceroute", "Probes", "the probes per hop are 1..10", unix.EINVAL)
	case cfg.Wait < 0:
		return nil, sockArgError(p.s, "traceroute", "Wait", "a negative wait", unix.EINVAL)
	}
	cfg.MaxHops = cmp.Or(cfg.MaxHops, 30)
	cfg.Probes = cmp.Or(cfg.Probes, 3)
	cfg.Wait = cmp.Or(cfg.Wait, 5*time.Second)
	defer p.SetTTL(-1)
	var hops []Hop
	for ttl := 1; ttl <= cfg.MaxHops; ttl++ {
		if err := p.SetTTL(ttl); err != nil {
			return hops, err
		}
		h := Hop{TTL: ttl, Probes: make([]Probe, 0, cfg.Probes)}
		for range cfg.Probes {
			pctx, cancel := context.WithTimeout(ctx, cfg.Wait)
			r, err := p.Ping(pctx, dst)
			cancel()
			switch {
			case ctx.Err() != nil:
				return append(hops, h), ctx.Err()
			case errors.Is(err, context.DeadlineExceeded):
				h.Probes = append(h.Probes, Probe{})
			case err != nil:
				return append(hops, h), err
			default:
				h.Probes = append(h.Probes, Probe{Reply: r, Answered: true})
			}
		}
		hops = append(hops, h)
		if h.Final(dst) {
			break
		}
	}
	return hops, nil
}
