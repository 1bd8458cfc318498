//go:build linux

package raw_test

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/bsdsock/socket/raw"
)

// Traceroute needs no privileges with its default UDP probes: the
// kernel hands the ICMP errors about them to the socket's error queue.
// Loopback is one hop away, and it answers the probe with a port
// unreachable, which ends the trace. The probes go to port 7, which only
// root may bind, so that no program listening on traceroute's usual ports
// (33434 and up) swallows them.
func ExampleTraceroute() {
	dst := netip.MustParseAddr("127.0.0.1")
	hops, err := raw.Traceroute(context.Background(), dst, raw.TraceConfig{Probes: 1, Port: 7, Wait: 2 * time.Second})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range hops {
		r := h.Probes[0].Reply
		fmt.Printf("%d %s %v code %d to port %d, final %v\n", h.TTL, r.From, r.Type, r.Code, r.Seq, h.Final(dst))
	}
	// Output: 1 127.0.0.1 destination unreachable code 3 to port 7, final true
}
