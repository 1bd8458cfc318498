package main

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"time"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// maxSends is how often a probe is sent again when its send fails, as
// iputils tries: a send fails when the probe is too big for the
// interface, and once after an ICMP error set the socket's pending error.
const maxSends = 10

// tracer holds one tracepath run, as iputils' run_state does.
type tracer struct {
	s        *socket.Socket
	v6       bool
	dst      netip.Addr
	basePort int
	mtu      int // the next probe's size, headers included
	overhead int // the IP and UDP headers: 28, IPv6 48
	ttl      int
	his      [64]sent // the probes in flight, by port - basePort
	hisptr   int
	hopsTo   int // -1 until the host answered
	hopsFrom int
	buf, oob []byte
}

// sent is a probe in flight: its TTL (0 once answered) and send time.
type sent struct {
	hops int
	at   time.Time
}

// run traces the path to host and prints it; it returns the exit status.
func run(host string, pktlen, maxHops, port int) int {
	ai, err := socket.Getaddrinfo(host, "", socket.AF_UNSPEC, socket.SOCK_DGRAM, 0, 0)
	if err != nil {
		fmt.Fprintf(os.Stderr, "tracepath: %s: %v\n", host, err)
		return 1
	}
	ap, _ := ai[0].Addr.AddrPort()
	t := &tracer{dst: ap.Addr().Unmap(), basePort: port, hopsTo: -1, hopsFrom: -1, mtu: 65535, overhead: 28}
	t.v6 = t.dst.Is6()
	if t.v6 {
		t.mtu, t.overhead = 128000, 48
	}
	if pktlen > 0 {
		t.mtu = pktlen
	}
	if t.mtu <= t.overhead {
		fmt.Fprintf(os.Stderr, "tracepath: pktlen must be greater than %d\n", t.overhead)
		return 1
	}
	if err := t.open(); err != nil {
		fmt.Fprintln(os.Stderr, "tracepath:", err)
		return 1
	}
	defer t.s.Close()
	t.buf, t.oob = make([]byte, t.mtu), make([]byte, 512)
	if !t.trace(maxHops) {
		fmt.Printf("     Too many hops: pmtu %d\n", t.mtu)
	}
	fmt.Printf("     Resume: pmtu %d ", t.mtu)
	if t.hopsTo >= 0 {
		fmt.Printf("hops %d ", t.hopsTo)
	}
	if t.hopsFrom >= 0 {
		fmt.Printf("back %d ", t.hopsFrom)
	}
	fmt.Println()
	return 0
}

// open makes the probe socket: UDP, the don't-fragment bit on every
// probe whatever the path MTU (PROBE, or DO where PROBE is refused), the
// ICMP errors on the error queue, with the TTL they arrived with.
func (t *tracer) open() error {
	family, probe, do := socket.AF_INET, socket.IP_PMTUDISC_PROBE, socket.IP_PMTUDISC_DO
	if t.v6 {
		family, probe, do = socket.AF_INET6, socket.IPV6_PMTUDISC_PROBE, socket.IPV6_PMTUDISC_DO
	}
	s, err := socket.New(family, socket.SOCK_DGRAM, 0)
	if err != nil {
		return err
	}
	t.s = s
	if t.v6 {
		if err = s.SetMTUDiscoverV6(probe); err != nil {
			err = s.SetMTUDiscoverV6(do)
		}
		err = errors.Join(err, s.SetRecvErrV6(true), s.SetRecvHopLimit(true))
	} else {
		if err = s.SetMTUDiscover(probe); err != nil {
			err = s.SetMTUDiscover(do)
		}
		err = errors.Join(err, s.SetRecvErr(true), s.SetRecvTTL(true))
	}
	if err != nil {
		s.Close()
	}
	return err
}

// trace probes each TTL up to maxHops until the host, or an unreachable,
// ends the trace; it reports whether one did. A hop is probed up to three
// times while nothing answers, and again from the start whenever an MTU
// message shrank the probe, as iputils does (so the first hop's line
// often comes twice, once for the LOCALHOST probe's restart).
func (t *tracer) trace(maxHops int) bool {
	for t.ttl = 1; t.ttl <= maxHops; t.ttl++ {
		var err error
		if t.v6 {
			err = t.s.SetHopLimit(t.ttl)
		} else {
			err = t.s.SetTTL(t.ttl)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "tracepath:", err)
			return true
		}
		res := -1
		for i := 0; i < 3; i++ {
			old := t.mtu
			res = t.probeTTL()
			if t.mtu != old {
				i = -1 // a smaller probe: this hop again from the start
				continue
			}
			if res == 0 {
				return true
			}
			if res > 0 {
				break
			}
		}
		if res < 0 {
			fmt.Printf("%2d:  no reply\n", t.ttl)
		}
	}
	return false
}

// probeTTL sends one probe at the current TTL and size and reads what
// comes back: 0 when the trace is over, above 0 when something answered,
// below 0 when nothing did.
func (t *tracer) probeTTL() int {
	clear(t.buf)
	i := 0
	for i < maxSends {
		slot := &t.his[t.hisptr]
		slot.hops, slot.at = t.ttl, time.Now()
		to := socket.AddrFrom(netip.AddrPortFrom(t.dst, uint16(t.basePort+t.hisptr)))
		if _, err := t.s.Sendto(t.buf[:t.size()], 0, to); err == nil {
			break
		}
		// The send failed: the error queue says why (too big for the
		// interface: origin LOCAL), or it was the pending error of an
		// earlier ICMP error, and the probe goes again.
		res := t.recvErr(false)
		slot.hops = 0
		switch {
		case res == 0:
			return 0
		case res > 0:
			i = 0
		default:
			i++
		}
	}
	t.hisptr = (t.hisptr + 1) % len(t.his)
	if i == maxSends {
		fmt.Printf("%2d: send failed\n", t.ttl)
		return 0
	}
	return t.recvErr(true)
}

// size is the probe's data size: the MTU less the headers, held within
// the buffer whatever MTU a router named (a broken or hostile one may name
// one below the headers or above the first probe).
func (t *tracer) size() int { return min(max(t.mtu-t.overhead, 0), len(t.buf)) }

// recvErr reads and prints the messages on the error queue, waiting at
// most a second for the first when wait is set; it returns as probeTTL
// does.
func (t *tracer) recvErr(wait bool) int {
	progress := -1
	for first := true; ; first = false {
		flags := socket.MSG_DONTWAIT
		if wait && first {
			flags = 0
			t.s.SetReadDeadline(time.Now().Add(time.Second))
		}
		m, err := t.s.RecvErrQueue(t.buf[:0], t.oob, flags)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			// Nothing came: perhaps the host answered the probe itself.
			if n, err := t.s.Recv(t.buf, socket.MSG_DONTWAIT); err == nil && n > 0 {
				fmt.Printf("%2d?: reply received 8)\n", t.ttl)
				return 0
			}
			return progress
		}
		if err != nil {
			return progress
		}
		progress = t.mtu
		if m.Has&socket.CtrlExtendedErr == 0 {
			fmt.Println("no info")
			return 0
		}
		if done := t.report(m); done {
			return 0
		}
	}
}

// report prints one error-queue message as iputils does and reports
// whether it ends the trace.
func (t *tracer) report(m socket.ErrMsg) bool {
	e := m.Err
	sndhops, rethops := -1, -1
	var at time.Time
	if slot := m.From.Port() - t.basePort; slot >= 0 && slot < len(t.his)-1 && t.his[slot].hops != 0 {
		sndhops, at = t.his[slot].hops, t.his[slot].at
		t.his[slot].hops = 0
	}
	if m.Has&(socket.CtrlTTL|socket.CtrlHopLimit) != 0 {
		rethops = hopsBack(max(m.TTL, m.HopLimit))
	}
	switch e.Origin {
	case socket.SO_EE_ORIGIN_LOCAL:
		fmt.Printf("%2d?: %-32s ", t.ttl, "[LOCALHOST]")
	case socket.SO_EE_ORIGIN_ICMP, socket.SO_EE_ORIGIN_ICMP6:
		if sndhops > 0 {
			fmt.Printf("%2d:  ", sndhops)
		} else {
			fmt.Printf("%2d?: ", t.ttl)
		}
		fmt.Printf("%-52s", e.Offender.Unmap().WithZone(""))
	}
	if !at.IsZero() {
		us := time.Since(at).Microseconds()
		fmt.Printf("%3d.%03dms ", us/1000, us%1000)
	}
	switch e.Errno {
	case unix.ETIMEDOUT:
		fmt.Println()
	case unix.EMSGSIZE:
		fmt.Printf("pmtu %d\n", e.Info)
		t.mtu = int(e.Info)
	case unix.ECONNREFUSED:
		fmt.Println("reached")
		t.hopsTo, t.hopsFrom = sndhops, rethops
		if sndhops < 0 {
			t.hopsTo = t.ttl
		}
		return true
	case unix.EPROTO:
		fmt.Println("!P")
		return true
	case unix.EHOSTUNREACH:
		if !timeExceeded(e) {
			fmt.Println("!H")
			return true
		}
		if rethops >= 0 && (sndhops >= 0 && rethops != sndhops || sndhops < 0 && rethops != t.ttl) {
			fmt.Printf("asymm %2d ", rethops)
		}
		fmt.Println()
	case unix.ENETUNREACH:
		fmt.Println("!N")
		return true
	case unix.EACCES:
		fmt.Println("!A")
		return true
	default:
		fmt.Println()
		fmt.Fprintln(os.Stderr, "NET ERROR:", e.Errno)
		return true
	}
	return false
}

// timeExceeded reports whether e is a router's "time to live exceeded in
// transit", which the kernel reports as EHOSTUNREACH like a host
// unreachable.
func timeExceeded(e socket.ExtendedErr) bool {
	return e.Origin == socket.SO_EE_ORIGIN_ICMP && e.Type == 11 && e.Code == 0 ||
		e.Origin == socket.SO_EE_ORIGIN_ICMP6 && e.Type == 3 && e.Code == 0
}

// hopsBack guesses how many hops an answer came over from the TTL it
// arrived with: senders start at 64, 128 or 255.
func hopsBack(ttl int) int {
	switch {
	case ttl <= 64:
		return 65 - ttl
	case ttl <= 128:
		return 129 - ttl
	}
	return 256 - ttl
}
