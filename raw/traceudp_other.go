//go:build !linux

package raw

import (
	"context"
	"net/netip"
	"time"

	"golang.org/x/sys/unix"
)

// udpProber stands in for Linux's: only Linux queues the ICMP errors of
// an unprivileged socket where a program can read them (IP_RECVERR).
type udpProber struct{}

func newUDPProber(netip.Addr, int) (*udpProber, error) {
	return nil, argError("traceroute", "udp", "Method", "TraceUDP reads the error queue (IP_RECVERR), which only Linux has: use TraceICMP", unix.EOPNOTSUPP)
}

func (*udpProber) setTTL(int) error { return nil }

func (*udpProber) close() error { return nil }

func (*udpProber) probe(context.Context, netip.Addr, time.Duration) (Reply, bool, error) {
	return Reply{}, false, nil
}
