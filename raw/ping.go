package raw

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/bsdsock/socket"
	"golang.org/x/net/icmp"
	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
	"golang.org/x/sys/unix"
)

// PingPayload is the number of data bytes a Pinger puts in each echo
// request, ping's default: 56, making a 64-byte ICMP message.
const PingPayload = 56

// Pinger sends ICMP echo requests from one socket and matches each reply
// to its request by identifier and sequence number. Its calls take turns:
// one Ping at a time.
type Pinger struct {
	mu    sync.Mutex
	s     *socket.Socket
	proto int // the IANA protocol number icmp.ParseMessage takes
	dgram bool
	id    int
	seq   int
	buf   []byte
	oob   []byte
	data  []byte
}

// Reply is the answer to one echo request: the echo reply of the host
// pinged, or the ICMP error a router or the host sent about the request
// (time exceeded, destination unreachable), which Traceroute reads. For
// a Traceroute UDP probe it is the ICMP error the error queue held: ID is
// the probe's source port and Seq its destination port.
type Reply struct {
	From    netip.Addr    // who answered
	Type    icmp.Type     // ipv4.ICMPTypeEchoReply, ipv6.ICMPTypeTimeExceeded, ...
	Code    int           // the ICMP code (for unreachable: port, host, ...)
	ID, Seq int           // the identifier and sequence number of the request
	TTL     int           // the reply's IPv4 TTL or IPv6 hop limit, as received
	RTT     time.Duration // from the request's send to the reply's receipt
	Len     int           // the ICMP message's length in bytes; 0 for an error read from the error queue (TraceUDP)
	MTU     int           // the next-hop MTU of a "fragmentation needed" or "packet too big"; else 0
}

// Reached reports whether the reply is an echo reply: the host answered.
func (r Reply) Reached() bool {
	return r.Type == ipv4.ICMPTypeEchoReply || r.Type == ipv6.ICMPTypeEchoReply
}

// NewPinger opens the socket a Pinger sends from, with socket(2): family
// is AF_INET or AF_INET6; typ is SOCK_RAW (a raw ICMP socket, which needs
// CAP_NET_RAW and sees ICMP errors too, as Traceroute needs) or SOCK_DGRAM
// (the unprivileged ICMP datagram socket, allowed to the groups in the
// sysctl net.ipv4.ping_group_range; the kernel then picks the identifier
// and passes up only the echo replies that match it).
//
// Errors: an *socket.ArgError wrapping EAFNOSUPPORT or ESOCKTNOSUPPORT for
// another family or type; EPERM for SOCK_RAW without CAP_NET_RAW; EACCES
// for SOCK_DGRAM when the group is outside ping_group_range, with the
// range in the message.
func NewPinger(family socket.Family, typ socket.Type) (*Pinger, error) {
	p := &Pinger{buf: make([]byte, 1500), oob: make([]byte, socket.CmsgSpace(4)), data: make([]byte, PingPayload)}
	var proto socket.Protocol
	switch family {
	case socket.AF_INET:
		proto, p.proto = socket.IPPROTO_ICMP, 1
	case socket.AF_INET6:
		proto, p.proto = socket.IPPROTO_ICMPV6, 58
	default:
		return nil, argError("socket", "icmp", "family", family.String()+" is not AF_INET or AF_INET6", unix.EAFNOSUPPORT)
	}
	switch typ {
	case socket.SOCK_RAW:
	case socket.SOCK_DGRAM:
		p.dgram = true
	default:
		return nil, argError("socket", "icmp", "type", typ.String()+" is not SOCK_RAW or SOCK_DGRAM", unix.ESOCKTNOSUPPORT)
	}
	s, err := socket.New(family, typ, proto)
	if err != nil {
		return nil, pingGroupError(err, p.dgram)
	}
	p.s = s
	if err := p.setup(family); err != nil {
		s.Close()
		return nil, err
	}
	for i := range p.data {
		p.data[i] = byte(i)
	}
	return p, nil
}

// setup asks for the TTL or hop limit of each reply and settles the
// identifier: the kernel's on a datagram socket (its "port"), a random one
// on a raw socket.
func (p *Pinger) setup(family socket.Family) error {
	if family == socket.AF_INET {
		if err := p.s.SetRecvTTL(true); err != nil {
			return err
		}
	} else if err := p.s.SetRecvHopLimit(true); err != nil {
		return err
	}
	if !p.dgram {
		p.id = int(rand.Uint32N(1 << 16))
		return nil
	}
	any := netip.IPv4Unspecified()
	if family == socket.AF_INET6 {
		any = netip.IPv6Unspecified()
	}
	if err := p.s.Bind(socket.AddrFrom(netip.AddrPortFrom(any, 0))); err != nil {
		return err
	}
	a, err := p.s.Getsockname()
	p.id = a.Port()
	return err
}

// pingGroupError explains an EACCES from an ICMP datagram socket: the
// process's group is outside net.ipv4.ping_group_range.
func pingGroupError(err error, dgram bool) error {
	var se *os.SyscallError
	if !dgram || !errors.Is(err, unix.EACCES) || !errors.As(err, &se) {
		return err
	}
	r, _ := os.ReadFile("/proc/sys/net/ipv4/ping_group_range")
	rng := strings.Join(strings.Fields(string(r)), " ")
	return &net.OpError{Op: "socket", Net: "icmp", Err: fmt.Errorf("%w: group %d is outside net.ipv4.ping_group_range (%s); widen it or use SOCK_RAW with CAP_NET_RAW",
		se, os.Getegid(), rng)}
}

// ID returns the ICMP identifier of the Pinger's requests.
func (p *Pinger) ID() int { return p.id }

// Socket returns the Pinger's socket, for options of its own (SetMark,
// SetBindToDevice, ...) and SetTimeout, which bounds each receive.
func (p *Pinger) Socket() *socket.Socket { return p.s }

// SetTTL sets the IPv4 TTL (IP_TTL) or IPv6 hop limit
// (IPV6_UNICAST_HOPS) of the requests sent from now on, with
// setsockopt(2); -1 restores the system default.
func (p *Pinger) SetTTL(ttl int) error {
	if p.proto == 1 {
		return p.s.SetTTL(ttl)
	}
	return p.s.SetHopLimit(ttl)
}

// SetDataLen sets the number of data bytes in the echo requests sent
// from now on (ping -s; PingPayload, 56, until set): 0 to 65507, the most
// an IPv4 datagram holds after its headers. It makes no system call.
//
// Errors: an *socket.ArgError wrapping EINVAL for n outside 0..65507.
func (p *Pinger) SetDataLen(n int) error {
	if n < 0 || n > maxDataLen {
		return sockArgError(p.s, "ping", "n", fmt.Sprintf("%d data bytes is outside 0..%d", n, maxDataLen), unix.EINVAL)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.data = make([]byte, n)
	for i := range p.data {
		p.data[i] = byte(i)
	}
	if need := n + 8 + 60; need > len(p.buf) { // the reply, its ICMP header and the longest IPv4 header
		p.buf = make([]byte, need)
	}
	return nil
}

// maxDataLen is the most data an echo request carries: 65535 less the
// IPv4 and ICMP headers.
const maxDataLen = 65535 - 20 - 8

// Close closes the Pinger's socket with close(2).
func (p *Pinger) Close() error { return p.s.Close() }

// Ping sends one echo request to dst with sendto(2) and waits with
// recvmsg(2) for the reply that matches its identifier and sequence
// number (each Ping takes the next), or an ICMP error about it, skipping
// every other ICMP message. It waits until ctx is done, and at most the
// socket's timeout per receive (SetTimeout on Socket).
//
// Errors: Sendto's and Recvmsg's (os.ErrDeadlineExceeded, ctx's error),
// an *socket.ArgError wrapping EAFNOSUPPORT for a dst of the other family.
func (p *Pinger) Ping(ctx context.Context, dst netip.Addr) (Reply, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	dst = dst.Unmap()
	if dst.Is4() != (p.proto == 1) {
		return Reply{}, sockArgError(p.s, "ping", "dst", dst.String()+" is not of the socket's family", unix.EAFNOSUPPORT)
	}
	p.seq = (p.seq + 1) & 0xffff
	req := icmp.Message{Type: ipv4.ICMPTypeEcho, Body: &icmp.Echo{ID: p.id, Seq: p.seq, Data: p.data}}
	if p.proto == 58 {
		req.Type = ipv6.ICMPTypeEchoRequest
	}
	// For ICMPv6 the kernel computes the checksum with the
	// pseudo-header; x/net computes ICMPv4's.
	b, err := req.Marshal(nil)
	if err != nil {
		return Reply{}, sockArgError(p.s, "ping", "message", err.Error(), unix.EINVAL)
	}
	sent := time.Now()
	if _, err := p.s.SendtoContext(ctx, b, 0, socket.AddrFrom(netip.AddrPortFrom(dst, 0))); err != nil {
		return Reply{}, err
	}
	for {
		m, err := p.s.RecvmsgContext(ctx, p.buf, p.oob, 0)
		if err != nil {
			return Reply{}, err
		}
		if r, ok := p.match(p.buf[:m.N], p.oob[:m.OOBN], m.From, dst); ok {
			r.RTT = time.Since(sent)
			return r, nil
		}
	}
}

// match decodes one received ICMP message and reports whether it answers
// the request just sent to dst.
func (p *Pinger) match(b, oob []byte, from socket.Addr, dst netip.Addr) (Reply, bool) {
	var r Reply
	ap, _ := from.AddrPort()
	r.From = ap.Addr().WithZone("")
	if ci, err := socket.ParseControl(oob); err == nil {
		r.TTL = max(ci.TTL, ci.HopLimit)
	}
	if p.proto == 1 && !p.dgram {
		// A raw IPv4 socket passes up the IP header too.
		if len(b) < ipv4.HeaderLen || int(b[0]&0x0f)*4 > len(b) {
			return r, false
		}
		if r.TTL == 0 {
			r.TTL = int(b[8])
		}
		b = b[int(b[0]&0x0f)*4:]
	}
	msg, err := icmp.ParseMessage(p.proto, b)
	if err != nil {
		return r, false
	}
	r.Type, r.Code, r.Len = msg.Type, msg.Code, len(b)
	switch body := msg.Body.(type) {
	case *icmp.Echo:
		r.ID, r.Seq = body.ID, body.Seq
		return r, r.Reached() && r.From == dst && (p.dgram || r.ID == p.id) && r.Seq == p.seq
	case *icmp.TimeExceeded:
		return p.matchQuoted(r, body.Data, dst)
	case *icmp.DstUnreach:
		if p.proto == 1 && r.Code == 4 {
			r.MTU = int(binary.BigEndian.Uint16(b[6:8])) // RFC 1191's next-hop MTU, which x/net does not decode
		}
		return p.matchQuoted(r, body.Data, dst)
	case *icmp.PacketTooBig:
		r.MTU = body.MTU
		return p.matchQuoted(r, body.Data, dst)
	}
	return r, false
}

// matchQuoted matches an ICMP error by the request it quotes: the
// original IP header and the first 8 bytes of our echo request.
func (p *Pinger) matchQuoted(r Reply, q []byte, dst netip.Addr) (Reply, bool) {
	var hl int
	var qdst netip.Addr
	switch {
	case p.proto == 1 && len(q) >= ipv4.HeaderLen:
		hl = int(q[0]&0x0f) * 4
		qdst = netip.AddrFrom4([4]byte(q[16:20]))
	case p.proto == 58 && len(q) >= ipv6.HeaderLen:
		hl = ipv6.HeaderLen
		qdst = netip.AddrFrom16([16]byte(q[24:40]))
	default:
		return r, false
	}
	if len(q) < hl+8 {
		return r, false
	}
	r.ID, r.Seq = int(binary.BigEndian.Uint16(q[hl+4:])), int(binary.BigEndian.Uint16(q[hl+6:]))
	return r, qdst == dst && r.ID == p.id && r.Seq == p.seq
}
