package raw

import (
	"cmp"
	"context"
	"net/netip"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// TraceMethod is what Traceroute probes with.
type TraceMethod int

const (
	// TraceUDP sends UDP datagrams to ports 33434 and up, as traceroute(8)
	// and tracepath do by default, and reads the ICMP errors they cause
	// from the socket's error queue (IP_RECVERR, IPV6_RECVERR): no
	// privileges needed. The destination answers port unreachable. Linux
	// only.
	TraceUDP TraceMethod = iota
	// TraceICMP sends ICMP echo requests from a raw socket, as traceroute
	// -I does, and reads the routers' errors and the echo reply from it:
	// CAP_NET_RAW (root) needed.
	TraceICMP
)

// String returns traceroute's name of the method: "udp" or "icmp". It
// makes no system call.
func (m TraceMethod) String() string {
	switch m {
	case TraceUDP:
		return "udp"
	case TraceICMP:
		return "icmp"
	}
	return "TraceMethod(" + strconv.Itoa(int(m)) + ")"
}

// TraceConfig holds Traceroute's settings; a zero field takes
// traceroute(8)'s default.
type TraceConfig struct {
	Method  TraceMethod   // TraceUDP (the zero value, unprivileged) or TraceICMP (root)
	MaxHops int           // the highest TTL tried: 30 when 0 (traceroute -m)
	Probes  int           // probes per hop, at most 10: 3 when 0 (traceroute -q)
	Wait    time.Duration // for each probe's answer: 5 s when 0 (traceroute -w)
	Port    int           // TraceUDP: the first probe's port, each next probe the next port: 33434 when 0 (traceroute -p)
}

// maxProbes is the most probes per hop, as traceroute -q allows.
const maxProbes = 10

// TraceDataLen is the number of data bytes after the UDP or ICMP header
// of each probe: traceroute's default of 60-byte IPv4 packets (80-byte
// IPv6).
const TraceDataLen = 32

// tracePort is traceroute's first UDP port, "the base port".
const tracePort = 33434

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
// dst (an echo reply, a UDP probe's port unreachable, any answer from dst
// itself) or met a destination unreachable, as traceroute(8) stops after
// a line marked !N or !H. It makes no system call.
func (h Hop) Final(dst netip.Addr) bool {
	for _, pr := range h.Probes {
		if pr.Answered && (pr.Reply.Reached() || pr.Reply.From == dst || pr.Reply.Unreachable()) {
			return true
		}
	}
	return false
}

// prober sends the probes of one Traceroute: UDP datagrams
// (traceudp_linux.go) or ICMP echo requests (traceicmp.go).
type prober interface {
	setTTL(ttl int) error
	// probe sends one probe to dst and waits at most wait for its
	// answer; answered is false when none came in time.
	probe(ctx context.Context, dst netip.Addr, wait time.Duration) (r Reply, answered bool, err error)
	close() error
}

// Traceroute finds the routers on the way to dst: it sends cfg.Probes
// probes with a TTL (IPv6 hop limit) of 1, then 2, ... up to cfg.MaxHops,
// one after the other, each waiting at most cfg.Wait for its answer; each
// router that drops a probe answers with ICMP time exceeded, and dst
// itself with a port unreachable (TraceUDP) or an echo reply (TraceICMP).
// It stops after the hop that is Final, as traceroute(8) does, and
// returns the hops seen so far when ctx ends.
//
// It is not one system call. TraceUDP, the default, needs no privileges:
// socket(2) for a UDP socket with IP_RECVERR (IPV6_RECVERR), setsockopt(2)
// per hop for the TTL, sendto(2) per probe to the next port from cfg.Port,
// and recvmsg(2) with MSG_ERRQUEUE (socket.RecvErrQueue) for the ICMP
// error, which the kernel gives any socket with IP_RECVERR, privileged or
// not, with the router's address (the offender); a probe's answer is told
// by the destination port of the datagram the error quotes. TraceICMP
// opens a raw ICMP socket (a Pinger, CAP_NET_RAW) and pings (Ping) with
// each TTL. Either way the socket is Traceroute's own and is closed when
// it returns.
//
// Errors: an *socket.ArgError wrapping EINVAL for a nil ctx, an invalid
// dst, a negative field of cfg, a MaxHops above 255, Probes above 10
// (traceroute -q's limit), a Port range past 65535 or an unknown Method;
// EOPNOTSUPP for TraceUDP outside Linux; socket(2)'s (EPERM for
// TraceICMP without CAP_NET_RAW), sendto(2)'s and recvmsg(2)'s
// (ENETUNREACH when the host has no route to dst); ctx's error when ctx
// ended first.
func Traceroute(ctx context.Context, dst netip.Addr, cfg TraceConfig) ([]Hop, error) {
	if err := cfg.check(ctx, dst); err != nil {
		return nil, err
	}
	cfg.MaxHops = cmp.Or(cfg.MaxHops, 30)
	cfg.Probes = cmp.Or(cfg.Probes, 3)
	cfg.Wait = cmp.Or(cfg.Wait, 5*time.Second)
	cfg.Port = cmp.Or(cfg.Port, tracePort)
	dst = dst.Unmap()
	var pr prober
	var err error
	if cfg.Method == TraceICMP {
		pr, err = newICMPProber(dst)
	} else {
		pr, err = newUDPProber(dst, cfg.Port)
	}
	if err != nil {
		return nil, err
	}
	defer pr.close()
	var hops []Hop
	for ttl := 1; ttl <= cfg.MaxHops; ttl++ {
		if err := pr.setTTL(ttl); err != nil {
			return hops, err
		}
		h := Hop{TTL: ttl, Probes: make([]Probe, 0, cfg.Probes)}
		for range cfg.Probes {
			r, answered, err := pr.probe(ctx, dst, cfg.Wait)
			if ctx.Err() != nil {
				return append(hops, h), ctx.Err()
			}
			if err != nil {
				return append(hops, h), err
			}
			h.Probes = append(h.Probes, Probe{Reply: r, Answered: answered})
		}
		hops = append(hops, h)
		if h.Final(dst) {
			break
		}
	}
	return hops, nil
}

// check refuses what Traceroute cannot do, before any socket exists.
func (cfg TraceConfig) check(ctx context.Context, dst netip.Addr) error {
	network := "udp"
	if cfg.Method == TraceICMP {
		network = "ip:icmp"
	}
	bad := func(arg, reason string) error { return argError("traceroute", network, arg, reason, unix.EINVAL) }
	probes := max(cmp.Or(cfg.Probes, 3), 0) * max(cmp.Or(cfg.MaxHops, 30), 0)
	switch {
	case ctx == nil:
		return bad("ctx", "nil Context (pass context.Background())")
	case !dst.IsValid():
		return bad("dst", "the zero netip.Addr")
	case cfg.Method != TraceUDP && cfg.Method != TraceICMP:
		return bad("Method", "neither TraceUDP nor TraceICMP")
	case cfg.MaxHops < 0 || cfg.MaxHops > 255:
		return bad("MaxHops", "the TTL is 1..255")
	case cfg.Probes < 0 || cfg.Probes > maxProbes:
		return bad("Probes", "the probes per hop are 1..10")
	case cfg.Wait < 0:
		return bad("Wait", "a negative wait")
	case cfg.Port < 0 || cmp.Or(cfg.Port, tracePort) > 65536-probes:
		return bad("Port", "the probes' ports must stay within 1..65535")
	}
	return nil
}
