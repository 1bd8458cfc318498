package raw

import (
	"context"
	"errors"
	"net/netip"
	"os"
	"time"

	"github.com/bsdsock/socket"
	"golang.org/x/net/icmp"
	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
)

// udpProber probes with UDP datagrams and reads the ICMP errors about
// them from its socket's error queue (TraceUDP), as traceroute(8) and
// tracepath do without privileges.
type udpProber struct {
	s     *socket.Socket
	v6    bool
	port  int // the next probe's destination port
	local int // the socket's own port, bound by its first send
	data  [TraceDataLen]byte
	oob   []byte
}

// newUDPProber opens the UDP socket of dst's family with IP_RECVERR and
// IP_RECVTTL (IPV6_RECVERR and IPV6_RECVHOPLIMIT): the ICMP errors about
// its datagrams, with the TTL they arrived with, come to its error queue.
func newUDPProber(dst netip.Addr, port int) (*udpProber, error) {
	u := &udpProber{v6: dst.Is6(), port: port, oob: make([]byte, socket.CmsgSpace(16+28)+socket.CmsgSpace(4))}
	family := socket.AF_INET
	if u.v6 {
		family = socket.AF_INET6
	}
	s, err := socket.New(family, socket.SOCK_DGRAM, 0)
	if err != nil {
		return nil, err
	}
	u.s = s
	if u.v6 {
		err = errors.Join(s.SetRecvErrV6(true), s.SetRecvHopLimit(true))
	} else {
		err = errors.Join(s.SetRecvErr(true), s.SetRecvTTL(true))
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	return u, nil
}

func (u *udpProber) close() error { return u.s.Close() }

func (u *udpProber) setTTL(ttl int) error {
	if u.v6 {
		return u.s.SetHopLimit(ttl)
	}
	return u.s.SetTTL(ttl)
}

// probe sends one datagram to the next port and reads the error queue
// until the error about it comes or the wait is over. Errors about
// earlier probes that came too late are skipped. The read deadline, not a
// Context per probe, bounds the wait, so that a probe allocates nothing.
func (u *udpProber) probe(ctx context.Context, dst netip.Addr, wait time.Duration) (Reply, bool, error) {
	port := u.port
	u.port++
	to := socket.AddrFrom(netip.AddrPortFrom(dst, uint16(port)))
	sent := time.Now()
	if _, err := u.s.SendtoContext(ctx, u.data[:], 0, to); err != nil {
		// An ICMP error also sets the socket's pending error (SO_ERROR),
		// which reading it from the queue clears; one that came after
		// its probe's wait and before this send fails the send once and
		// is cleared by it. A second failure is the send's own.
		sent = time.Now()
		if _, err := u.s.SendtoContext(ctx, u.data[:], 0, to); err != nil {
			return Reply{}, false, err
		}
	}
	if err := u.s.SetReadDeadline(sent.Add(wait)); err != nil {
		return Reply{}, false, err
	}
	for {
		m, err := u.s.RecvErrQueueContext(ctx, nil, u.oob, 0)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return Reply{}, false, nil
		}
		if err != nil {
			return Reply{}, false, err
		}
		if r, ok := u.match(m, dst, port); ok {
			r.RTT = time.Since(sent)
			return r, true, nil
		}
	}
}

// match reports whether m is an ICMP error about the probe sent to dst's
// port, and decodes it: the kernel gives the quoted datagram's
// destination as m.From.
func (u *udpProber) match(m socket.ErrMsg, dst netip.Addr, port int) (Reply, bool) {
	e := m.Err
	ap, _ := m.From.AddrPort()
	if m.Has&socket.CtrlExtendedErr == 0 || (e.Origin != socket.SO_EE_ORIGIN_ICMP && e.Origin != socket.SO_EE_ORIGIN_ICMP6) ||
		ap.Addr().Unmap() != dst || int(ap.Port()) != port {
		return Reply{}, false
	}
	r := Reply{From: e.Offender.Unmap().WithZone(""), Code: int(e.Code), Seq: port, TTL: max(m.TTL, m.HopLimit), MTU: e.MTU()}
	if u.local == 0 {
		if a, err := u.s.Getsockname(); err == nil {
			u.local = a.Port()
		}
	}
	r.ID = u.local
	var t icmp.Type = ipv4.ICMPType(e.Type)
	if e.Origin == socket.SO_EE_ORIGIN_ICMP6 {
		t = ipv6.ICMPType(e.Type)
	}
	r.Type = t
	return r, true
}
