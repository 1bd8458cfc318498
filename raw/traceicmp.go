package raw

import (
	"context"
	"errors"
	"net/netip"
	"time"

	"github.com/bsdsock/socket"
)

// icmpProber probes with ICMP echo requests from a raw socket (TraceICMP).
type icmpProber struct{ p *Pinger }

// newICMPProber opens a raw ICMP socket of dst's family sending
// traceroute's 32 data bytes.
func newICMPProber(dst netip.Addr) (icmpProber, error) {
	family := socket.AF_INET
	if dst.Is6() {
		family = socket.AF_INET6
	}
	p, err := NewPinger(family, socket.SOCK_RAW)
	if err != nil {
		return icmpProber{}, err
	}
	if err := p.SetDataLen(TraceDataLen); err != nil {
		p.Close()
		return icmpProber{}, err
	}
	return icmpProber{p}, nil
}

func (ip icmpProber) setTTL(ttl int) error { return ip.p.SetTTL(ttl) }

func (ip icmpProber) close() error { return ip.p.Close() }

func (ip icmpProber) probe(ctx context.Context, dst netip.Addr, wait time.Duration) (Reply, bool, error) {
	pctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	r, err := ip.p.Ping(pctx, dst)
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
		return Reply{}, false, nil
	}
	return r, err == nil, err
}
