package raw

import (
	"net/netip"
	"strconv"

	"github.com/bsdsock/socket"
	"golang.org/x/net/ipv4"
	"golang.org/x/sys/unix"
)

// IPConn is a raw IP socket (SOCK_RAW) for one IP protocol: it receives
// every packet of that protocol addressed to the host, and sends packets
// whose IP header the kernel writes, or, with SetHeaderIncluded, the
// program. The embedded *socket.Socket gives every socket method
// (Recvfrom, Sendto, Recvmsg, SetTimeout, Close, ...): on an IPv4 socket a
// received packet starts with its IPv4 header; on IPv6 the kernel never
// passes the header up (ask for the hop limit with SetRecvHopLimit and
// Recvmsg instead).
type IPConn struct {
	*socket.Socket
}

// ListenIP opens a raw IP socket with socket(AF_INET or AF_INET6,
// SOCK_RAW, proto), Python's socket.socket(family, SOCK_RAW, proto). proto
// is an IP protocol number from 1 to 255: IPPROTO_ICMP, IPPROTO_UDP,
// IPPROTO_RAW (send only, header included), ... It needs CAP_NET_RAW.
//
// Errors: an *socket.ArgError wrapping EAFNOSUPPORT for a family other
// than AF_INET and AF_INET6, EPROTONOSUPPORT for a protocol outside
// 1..255; EPERM without CAP_NET_RAW.
func ListenIP(family socket.Family, proto socket.Protocol) (*IPConn, error) {
	network := "ip4"
	switch family {
	case socket.AF_INET:
	case socket.AF_INET6:
		network = "ip6"
	default:
		return nil, argError("socket", family.String()+"/SOCK_RAW", "family", family.String()+" is not AF_INET or AF_INET6", unix.EAFNOSUPPORT)
	}
	if proto < 1 || proto > 255 {
		return nil, argError("socket", network, "proto", "IP protocol "+strconv.Itoa(int(proto))+" is outside 1..255", unix.EPROTONOSUPPORT)
	}
	s, err := socket.New(family, socket.SOCK_RAW, proto)
	if err != nil {
		return nil, err
	}
	return &IPConn{s}, nil
}

// SetHeaderIncluded sets IP_HDRINCL (IPV6_HDRINCL on IPv6) with
// setsockopt(2): when on, the data of each send starts with the IP header
// the program built, and the kernel only fills in what is left zero (the
// IPv4 identification and source address) and always the IPv4 total
// length and checksum. IPPROTO_RAW sockets have it on from the start.
func (c *IPConn) SetHeaderIncluded(on bool) error {
	level, opt := socket.IPPROTO_IP, unix.IP_HDRINCL
	if c.Family() == socket.AF_INET6 {
		level, opt = socket.IPPROTO_IPV6, ipv6HdrIncl
	}
	return c.SetsockoptInt(level, opt, boolInt(on))
}

// HeaderIncluded reports whether IP_HDRINCL (IPV6_HDRINCL) is on, with
// getsockopt(2).
func (c *IPConn) HeaderIncluded() (bool, error) {
	level, opt := socket.IPPROTO_IP, unix.IP_HDRINCL
	if c.Family() == socket.AF_INET6 {
		level, opt = socket.IPPROTO_IPV6, ipv6HdrIncl
	}
	v, err := c.GetsockoptInt(level, opt)
	return v != 0, err
}

// ReadIPv4 receives one packet into b with recvfrom(2) and parses its IPv4
// header with x/net/ipv4: h is the header, payload the bytes after it (an
// ICMP message, a UDP datagram, ...), both within b. Modes are Recv's.
// Unlike Recvfrom it allocates the header (its addresses are net.IPs).
//
// Errors: Recvfrom's; on an IPv6 socket an *socket.ArgError wrapping
// EAFNOSUPPORT; a packet shorter than its header (b too small), an
// *socket.ArgError wrapping EMSGSIZE.
func (c *IPConn) ReadIPv4(b []byte) (h *ipv4.Header, payload []byte, err error) {
	if c.Family() != socket.AF_INET {
		return nil, nil, c.argError("readipv4", "socket", "the kernel passes IPv4 headers up on AF_INET sockets only", unix.EAFNOSUPPORT)
	}
	n, _, err := c.Recvfrom(b, 0)
	if err != nil {
		return nil, nil, err
	}
	h, err = ipv4.ParseHeader(b[:n])
	if err != nil {
		return nil, nil, c.argError("readipv4", "packet", strconv.Itoa(n)+" bytes are too short for their IPv4 header ("+err.Error()+")", unix.EMSGSIZE)
	}
	end := min(max(h.TotalLen, h.Len), n)
	return h, b[h.Len:end], nil
}

// WriteIPv4 sends the IPv4 header h followed by payload to h.Dst with
// sendto(2), on a socket with IP_HDRINCL on (SetHeaderIncluded, or
// IPPROTO_RAW). The header is marshalled by x/net/ipv4 with its total
// length and checksum computed here (the kernel would fill them in too);
// h itself is not changed. Modes are Sendto's; it allocates the packet.
//
// Errors: Sendto's; an *socket.ArgError wrapping EINVAL for a header that
// does not marshal (no IPv4 destination, Len below 20) or a packet over
// 65535 bytes.
func (c *IPConn) WriteIPv4(h *ipv4.Header, payload []byte) (int, error) {
	hh := *h
	hh.Version, hh.Len = ipv4.Version, ipv4.HeaderLen+len(h.Options)
	hh.TotalLen = hh.Len + len(payload)
	hh.Checksum = 0
	if hh.TotalLen > 0xffff {
		return 0, c.argError("writeipv4", "payload", strconv.Itoa(hh.TotalLen)+" bytes exceed an IPv4 packet", unix.EINVAL)
	}
	hdr, err := hh.Marshal()
	if err != nil {
		return 0, c.argError("writeipv4", "header", err.Error(), unix.EINVAL)
	}
	cs := Checksum(hdr)
	hdr[10], hdr[11] = byte(cs>>8), byte(cs)
	dst, _ := netip.AddrFromSlice(h.Dst.To4())
	return c.Sendto(append(hdr, payload...), 0, socket.AddrFrom(netip.AddrPortFrom(dst, 0)))
}

// argError wraps an argument error as c's methods wrap theirs.
func (c *IPConn) argError(op, arg, reason string, errno unix.Errno) error {
	return sockArgError(c.Socket, op, arg, reason, errno)
}

func boolInt(on bool) int {
	if on {
		return 1
	}
	return 0
}
