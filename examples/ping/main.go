// Command ping sends ICMP echo requests and prints a line per reply, then
// the statistics, as iputils ping(8) does:
//
//	go run ./examples/ping [-c COUNT] [-i SECONDS] [-W SECONDS] [-4|-6] HOST
//
// It opens the unprivileged ICMP datagram socket first (allowed to the
// groups in the sysctl net.ipv4.ping_group_range) and falls back to a raw
// ICMP socket (root, or CAP_NET_RAW); when both are refused it says why,
// ping_group_range included. Options may come before or after the host,
// and a value may be glued to its option (-c1). It runs until
// interrupted unless -c is given; Ctrl-C (SIGINT) prints the statistics
// and exits as ping does: status 0 when any reply came, 1 when none did,
// 2 for a host that does not resolve or a socket that cannot be opened.
//
// Where it differs from iputils on purpose:
//   - it prints addresses only, as ping -n does (no reverse lookup);
//   - it waits for each reply at most until the next request is due (the
//     -i interval), and for the last one at most -W (10 s by default):
//     a reply later than that counts as lost, where iputils, which
//     receives while it sends, would still count it (and -i 0 waits
//     10 ms for each reply rather than sending at once);
//   - of iputils' options it has -c, -i, -W, -n, -4 and -6; a bad -i or
//     -W value is refused (exit 1) where iputils warns and goes on;
//   - a request the kernel refuses to send (a local unreachable route)
//     prints "ping: sendmsg: ..." and counts as an error.
package main

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/signal"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/raw"
)

func main() {
	o, err := parseArgs(os.Args[1:])
	if err != nil {
		var ue *usageError
		errors.As(err, &ue)
		fmt.Fprintln(os.Stderr, ue.msg)
		if ue.usage {
			fmt.Fprint(os.Stderr, usage)
		}
		os.Exit(ue.code)
	}
	dst, err := resolve(o.host, o.family)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ping: %s: %v\n", o.host, err)
		os.Exit(2)
	}
	p, err := open(dst)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ping: %v\n", err)
		os.Exit(2)
	}
	defer p.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if run(ctx, p, o, dst) == 0 {
		p.Close()
		os.Exit(1)
	}
}

// resolve returns the host's first address of the family asked (0: any),
// with getaddrinfo(3); its error is glibc's message, as ping prints it.
func resolve(host string, family int) (netip.Addr, error) {
	fam := map[int]socket.Family{0: socket.AF_UNSPEC, 4: socket.AF_INET, 6: socket.AF_INET6}[family]
	ai, err := socket.Getaddrinfo(host, "", fam, socket.SOCK_RAW, 0, 0)
	var ae *socket.AddrInfoError
	if errors.As(err, &ae) {
		return netip.Addr{}, ae.Code
	}
	if err != nil {
		return netip.Addr{}, err
	}
	ap, _ := ai[0].Addr.AddrPort()
	return ap.Addr().Unmap(), nil
}

// open opens the ICMP datagram socket, or a raw one when that is refused.
func open(dst netip.Addr) (*raw.Pinger, error) {
	family := socket.AF_INET
	if dst.Is6() {
		family = socket.AF_INET6
	}
	p, derr := raw.NewPinger(family, socket.SOCK_DGRAM)
	if derr == nil {
		return p, nil
	}
	p, rerr := raw.NewPinger(family, socket.SOCK_RAW)
	if rerr == nil {
		return p, nil
	}
	return nil, fmt.Errorf("%v\nping: and SOCK_RAW: %v (needs root or CAP_NET_RAW)", derr, rerr)
}

// minWait is the least a request waits for its reply, so that -i 0
// (iputils' flood-like pace, for root) still hears its replies.
const minWait = 10 * time.Millisecond

// run pings dst until o.count requests were sent or ctx ends, printing
// a line per answer and the statistics, and returns the number of echo
// replies received.
func run(ctx context.Context, p *raw.Pinger, o options, dst netip.Addr) int {
	header := fmt.Sprintf("PING %s (%s) %d(%d) bytes of data.", o.host, dst, raw.PingPayload, raw.PingPayload+28)
	if dst.Is6() {
		header = fmt.Sprintf("PING %s(%s) %d data bytes", o.host, dst, raw.PingPayload)
	}
	fmt.Println(header)
	var stats raw.PingStats
	start := time.Now()
	for seq := 1; o.count == 0 || seq <= o.count; seq++ {
		if seq > 1 && sleep(ctx, start.Add(time.Duration(seq-1)*o.interval)) != nil {
			break
		}
		wait := max(o.interval, minWait)
		if seq == o.count {
			wait = o.wait
		}
		pctx, cancel := context.WithTimeout(ctx, wait)
		r, err := p.Ping(pctx, dst)
		cancel()
		switch {
		case errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil:
			stats.Add(r, false)
		case err != nil:
			var se *os.SyscallError
			if errors.As(err, &se) {
				err = se.Err
			}
			fmt.Printf("ping: sendmsg: %v\n", err)
			stats.Add(r, true) // not an echo reply: counted as an error
		case r.Reached():
			stats.Add(r, true)
			fmt.Printf("%d bytes from %s: icmp_seq=%d ttl=%d time=%s ms\n", r.Len, r.From, r.Seq, r.TTL, raw.MillisText(r.RTT))
		default:
			stats.Add(r, true)
			fmt.Printf("From %s icmp_seq=%d %s\n", r.From, r.Seq, r.Text())
		}
		if ctx.Err() != nil {
			break
		}
	}
	fmt.Printf("\n--- %s ping statistics ---\n%s", o.host, stats.Summary(time.Since(start)))
	if stats.Received == 0 {
		fmt.Println()
	}
	return stats.Received
}

// sleep waits until t or until ctx ends, and returns ctx's error then.
func sleep(ctx context.Context, t time.Time) error {
	tm := time.NewTimer(time.Until(t))
	defer tm.Stop()
	select {
	case <-tm.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
