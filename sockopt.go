package socket

import (
	"math"
	"os"
	"strconv"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Option levels, the first argument of getsockopt(2) and setsockopt(2):
// which layer an option belongs to (the socket itself, TCP, IPv4, IPv6).
// They are under their C names, which Python's socket module uses (SOL_IPV6 is
// Linux's; Python spells it IPPROTO_IPV6). A level other than SOL_SOCKET is
// the number of the protocol that owns the option, so the raw methods take
// the level as a Protocol: IPPROTO_TCP and SOL_TCP both work, as in C and
// Python.
//
// SOL_IP, SOL_TCP, SOL_UDP and SOL_IPV6 are Linux's names, whose values
// are the protocol numbers (netinet/in.h); they are spelled that way here
// so that they mean the same level on the BSDs, which name only
// IPPROTO_*.
const (
	SOL_SOCKET = unix.SOL_SOCKET
	SOL_IP     = unix.IPPROTO_IP
	SOL_TCP    = unix.IPPROTO_TCP
	SOL_UDP    = unix.IPPROTO_UDP
	SOL_IPV6   = unix.IPPROTO_IPV6
)

// Options of level SOL_SOCKET, those every socket has whatever its
// protocol: address reuse, buffer sizes, keepalive, timestamps, filters.
// Every option constant here has its C name,
// the one Python's socket module exports where it has it (Python 3.11 has
// about half of them; the values agree), and its value from
// golang.org/x/sys/unix for the architecture.
const (
	SO_ACCEPTCONN = unix.SO_ACCEPTCONN
	SO_BROADCAST  = unix.SO_BROADCAST
	SO_DEBUG      = unix.SO_DEBUG
	SO_DONTROUTE  = unix.SO_DONTROUTE
	SO_ERROR      = unix.SO_ERROR
	SO_KEEPALIVE  = unix.SO_KEEPALIVE
	SO_LINGER     = unix.SO_LINGER
	SO_OOBINLINE  = unix.SO_OOBINLINE
	SO_RCVBUF     = unix.SO_RCVBUF
	SO_RCVLOWAT   = unix.SO_RCVLOWAT
	SO_RCVTIMEO   = unix.SO_RCVTIMEO
	SO_REUSEADDR  = unix.SO_REUSEADDR
	SO_REUSEPORT  = unix.SO_REUSEPORT
	SO_SNDBUF     = unix.SO_SNDBUF
	SO_SNDLOWAT   = unix.SO_SNDLOWAT
	SO_SNDTIMEO   = unix.SO_SNDTIMEO
	SO_TIMESTAMP  = unix.SO_TIMESTAMP
	SO_TYPE       = unix.SO_TYPE
)

// Options of level SOL_TCP (IPPROTO_TCP): TCP's own behaviour, such as
// Nagle's algorithm (TCP_NODELAY), keepalive timing, fast open and the
// congestion control algorithm.
const (
	TCP_MAXSEG  = unix.TCP_MAXSEG
	TCP_NODELAY = unix.TCP_NODELAY
)

// Options of level SOL_IP (IPPROTO_IP), and the values of IP_MTU_DISCOVER:
// fields of the IPv4 packets a socket sends (TTL, TOS), what it receives
// about each packet, multicast membership and path MTU discovery.
const (
	IP_ADD_MEMBERSHIP         = unix.IP_ADD_MEMBERSHIP
	IP_DEFAULT_MULTICAST_LOOP = unix.IP_DEFAULT_MULTICAST_LOOP
	IP_DEFAULT_MULTICAST_TTL  = unix.IP_DEFAULT_MULTICAST_TTL
	IP_DROP_MEMBERSHIP        = unix.IP_DROP_MEMBERSHIP
	IP_HDRINCL                = unix.IP_HDRINCL
	IP_MAX_MEMBERSHIPS        = unix.IP_MAX_MEMBERSHIPS
	IP_MULTICAST_IF           = unix.IP_MULTICAST_IF
	IP_MULTICAST_LOOP         = unix.IP_MULTICAST_LOOP
	IP_MULTICAST_TTL          = unix.IP_MULTICAST_TTL
	IP_OPTIONS                = unix.IP_OPTIONS
	IP_RECVOPTS               = unix.IP_RECVOPTS
	IP_RECVRETOPTS            = unix.IP_RECVRETOPTS
	IP_RECVTTL                = unix.IP_RECVTTL
	IP_RETOPTS                = unix.IP_RETOPTS
	IP_TOS                    = unix.IP_TOS
	IP_TTL                    = unix.IP_TTL
)

// Options of level SOL_IPV6 (IPPROTO_IPV6), and the values of
// IPV6_MTU_DISCOVER: the IPv6 counterparts of SOL_IP's (hop limit, traffic
// class, multicast, path MTU), and IPV6_V6ONLY.
const (
	IPV6_CHECKSUM       = unix.IPV6_CHECKSUM
	IPV6_DONTFRAG       = unix.IPV6_DONTFRAG
	IPV6_DSTOPTS        = unix.IPV6_DSTOPTS
	IPV6_HOPLIMIT       = unix.IPV6_HOPLIMIT
	IPV6_HOPOPTS        = unix.IPV6_HOPOPTS
	IPV6_JOIN_GROUP     = unix.IPV6_JOIN_GROUP
	IPV6_LEAVE_GROUP    = unix.IPV6_LEAVE_GROUP
	IPV6_MULTICAST_HOPS = unix.IPV6_MULTICAST_HOPS
	IPV6_MULTICAST_IF   = unix.IPV6_MULTICAST_IF
	IPV6_MULTICAST_LOOP = unix.IPV6_MULTICAST_LOOP
	IPV6_NEXTHOP        = unix.IPV6_NEXTHOP
	IPV6_PATHMTU        = unix.IPV6_PATHMTU
	IPV6_PKTINFO        = unix.IPV6_PKTINFO
	IPV6_RECVDSTOPTS    = unix.IPV6_RECVDSTOPTS
	IPV6_RECVHOPLIMIT   = unix.IPV6_RECVHOPLIMIT
	IPV6_RECVHOPOPTS    = unix.IPV6_RECVHOPOPTS
	IPV6_RECVPATHMTU    = unix.IPV6_RECVPATHMTU
	IPV6_RECVPKTINFO    = unix.IPV6_RECVPKTINFO
	IPV6_RECVRTHDR      = unix.IPV6_RECVRTHDR
	IPV6_RECVTCLASS     = unix.IPV6_RECVTCLASS
	IPV6_RTHDR          = unix.IPV6_RTHDR
	IPV6_RTHDRDSTOPTS   = unix.IPV6_RTHDRDSTOPTS
	IPV6_RTHDR_TYPE_0   = unix.IPV6_RTHDR_TYPE_0
	IPV6_TCLASS         = unix.IPV6_TCLASS
	IPV6_UNICAST_HOPS   = unix.IPV6_UNICAST_HOPS
	IPV6_V6ONLY         = unix.IPV6_V6ONLY
)

// maxOptLen bounds GetsockoptBytes' buflen: every option value the kernel
// has fits (the largest, a full classic BPF program, is 32 KiB), and a
// mistaken huge length is refused instead of allocated.
const maxOptLen = 64 << 10

// GetsockoptInt returns the value of an integer option with getsockopt(2),
// as Python's socket.getsockopt(level, optname) does. Boolean options read
// as 0 or 1 (some, like SO_KEEPALIVE, as any non-zero value). It allocates
// nothing. Errors to expect: ENOPROTOOPT for an option the level does not
// have, EINVAL for an option whose value is not an int (use GetsockoptBytes),
// EOPNOTSUPP for one the socket's protocol does not support, net.ErrClosed on
// a closed socket.
func (s *Socket) GetsockoptInt(level Protocol, opt int) (int, error) {
	v, _, err := s.getsockopt(sockopt{int(level), opt, ""}, nil)
	return v, err
}

// SetsockoptInt sets an integer option with setsockopt(2), as Python's
// socket.setsockopt(level, optname, value) does with an int; booleans are 0
// and 1. It allocates nothing. A value outside the C int range is refused
// (EINVAL); the errors are otherwise GetsockoptInt's, and EPERM or EACCES for
// options that need a capability (SO_MARK, IP_TRANSPARENT: CAP_NET_ADMIN).
func (s *Socket) SetsockoptInt(level Protocol, opt, v int) error {
	if v < math.MinInt32 || v > math.MaxInt32 {
		return s.opError("setsockopt", nil, argError("value", strconv.Itoa(v)+" does not fit a C int", unix.EINVAL))
	}
	return s.setsockopt(sockopt{int(level), opt, ""}, nil, v)
}

// GetsockoptBytes returns the value of an option with getsockopt(2) as at
// most buflen bytes, as Python's socket.getsockopt(level, optname, buflen)
// does: the slice is as long as the kernel says the value is. It allocates
// the result; GetsockoptInto does not. A negative buflen, or one over 64 KiB,
// is refused with EINVAL before any system call; other errors are
// GetsockoptInt's.
func (s *Socket) GetsockoptBytes(level Protocol, opt, buflen int) ([]byte, error) {
	if buflen < 0 || buflen > maxOptLen {
		return nil, s.opError("getsockopt", nil, argError("buflen", strconv.Itoa(buflen)+" is outside 0.."+strconv.Itoa(maxOptLen), unix.EINVAL))
	}
	b := make([]byte, buflen)
	n, err := s.GetsockoptInto(level, opt, b)
	if err != nil {
		return nil, err
	}
	return b[:n], nil
}

// GetsockoptInto reads the value of an option into b with getsockopt(2) and
// returns its length as the kernel reports it (never more than len(b); most
// options that do not fit are truncated, a few fail with EINVAL). It is
// GetsockoptBytes into the caller's buffer and allocates nothing. Errors are
// GetsockoptInt's.
func (s *Socket) GetsockoptInto(level Protocol, opt int, b []byte) (int, error) {
	if b == nil {
		b = noBytes // nil means "an int" to the control op
	}
	_, n, err := s.getsockopt(sockopt{int(level), opt, ""}, b)
	return n, err
}

// SetsockoptBytes sets an option to the bytes of b with setsockopt(2), as
// Python's socket.setsockopt(level, optname, value) does with a bytes-like
// value (a struct packed by the caller). Python's setsockopt(level, optname,
// None, optlen) is SetsockoptBytes with a nil b: a null value of length 0.
// It allocates nothing. Errors are SetsockoptInt's, and EINVAL or EFAULT for
// a value of the wrong size.
func (s *Socket) SetsockoptBytes(level Protocol, opt int, b []byte) error {
	if b == nil {
		b = noBytes
	}
	return s.setsockopt(sockopt{int(level), opt, ""}, b, 0)
}

// noBytes is an empty, non-nil value: the control op takes a nil Val to mean
// an int.
var noBytes = []byte{}

// sockopt names one option: its level, its number and, for the typed
// methods, its name for error messages.
type sockopt struct {
	level, num int
	name       string
}

// getsockopt is the one getsockopt(2) path. With b nil it reads a C int and
// returns it as v; otherwise it reads into b and returns the length the
// kernel reported as n.
func (s *Socket) getsockopt(o sockopt, b []byte) (v, n int, err error) {
	const op = "getsockopt"
	if err := s.checkOpt(op, o); err != nil {
		return 0, 0, err
	}
	iv, vlen, err := s.fd.Getsockopt(o.level, o.num, b)
	if err != nil {
		return 0, 0, s.optError(op, o, err)
	}
	if b == nil {
		return iv, 0, nil
	}
	return 0, min(vlen, len(b)), nil
}

// setsockopt is the one setsockopt(2) path: it sets b, or the C int v when b
// is nil.
func (s *Socket) setsockopt(o sockopt, b []byte, v int) error {
	const op = "setsockopt"
	if err := s.checkOpt(op, o); err != nil {
		return err
	}
	return s.optError(op, o, s.fd.Setsockopt(o.level, o.num, b, int32(v)))
}

// optAbsent is the option number of a typed option this system does not
// have: no C int, so no option a caller could mean by it.
const optAbsent = math.MinInt

// checkOpt refuses a closed socket, an option this system lacks
// (optAbsent, ENOPROTOOPT), and a level or option number that would
// be truncated to another one on its way to the kernel's C int.
func (s *Socket) checkOpt(op string, o sockopt) error {
	if err := s.checkOpen(op); err != nil {
		return err
	}
	if o.num == optAbsent {
		return s.optError(op, o, unix.ENOPROTOOPT)
	}
	if o.level < math.MinInt32 || o.level > math.MaxInt32 || o.num < math.MinInt32 || o.num > math.MaxInt32 {
		return s.opError(op, nil, argError("option", "level "+strconv.Itoa(o.level)+
			", option "+strconv.Itoa(o.num)+" do not fit a C int", unix.EINVAL))
	}
	return nil
}

// optError is callError for an option call: the error names the option,
// as "setsockopt tcp4: setsockopt TCP_CONGESTION: no such file or
// directory".
func (s *Socket) optError(op string, o sockopt, err error) error {
	errno, ok := err.(unix.Errno)
	if !ok {
		return s.callError(op, op, nil, err)
	}
	name := o.name
	if name == "" {
		name = "level " + strconv.Itoa(o.level) + " option " + strconv.Itoa(o.num)
	}
	return s.opError(op, nil, os.NewSyscallError(op+" "+name, errno))
}

// The typed methods are built on these: each converts between the kernel's
// representation and a Go type, and nothing else.

func (s *Socket) getInt(o sockopt) (int, error) {
	v, _, err := s.getsockopt(o, nil)
	return v, err
}

func (s *Socket) setInt(o sockopt, v int) error {
	if v < math.MinInt32 || v > math.MaxInt32 {
		return s.opError("setsockopt", nil, argError(o.name, strconv.Itoa(v)+" does not fit a C int", unix.EINVAL))
	}
	return s.setsockopt(o, nil, v)
}

func (s *Socket) getBool(o sockopt) (bool, error) {
	v, err := s.getInt(o)
	return v != 0, err
}

func (s *Socket) setBool(o sockopt, on bool) error {
	v := 0
	if on {
		v = 1
	}
	return s.setsockopt(o, nil, v)
}

// getDuration reads an int option counted in unit.
func (s *Socket) getDuration(o sockopt, unit time.Duration) (time.Duration, error) {
	v, err := s.getInt(o)
	return time.Duration(v) * unit, err
}

// setDuration sets an int option counted in unit to d, rounded up to a
// whole unit (as net.TCPConn.SetKeepAlivePeriod does: a positive duration
// never becomes the 0 that often means "off").
func (s *Socket) setDuration(o sockopt, d, unit time.Duration) error {
	n, ok := durationUnits(d, unit)
	if !ok {
		return s.opError("setsockopt", nil, argError(o.name, d.String()+" is negative or too long", unix.EINVAL))
	}
	return s.setsockopt(o, nil, n)
}

// durationUnits converts d to whole units, rounding up; ok is false for a
// negative d or one that does not fit a C int of units.
func durationUnits(d, unit time.Duration) (n int, ok bool) {
	if d < 0 {
		return 0, false
	}
	q := d / unit
	if d%unit != 0 {
		q++
	}
	if q > math.MaxInt32 {
		return 0, false
	}
	return int(q), true
}

// getStruct reads an option whose value is the C struct *p.
func getStruct[T any](s *Socket, o sockopt, p *T) (int, error) {
	_, n, err := s.getsockopt(o, structBytes(p))
	return n, err
}

// setStruct sets an option whose value is the C struct *p.
func setStruct[T any](s *Socket, o sockopt, p *T) error {
	return s.setsockopt(o, structBytes(p), 0)
}

// structBytes views *p as the bytes the kernel reads or writes.
func structBytes[T any](p *T) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(p)), unsafe.Sizeof(*p))
}

// getString reads an option whose value is a NUL-terminated name of at most
// max bytes (SO_BINDTODEVICE, TCP_CONGESTION).
func (s *Socket) getString(o sockopt, max int) (string, error) {
	b := make([]byte, max)
	_, n, err := s.getsockopt(o, b)
	if err != nil {
		return "", err
	}
	b = b[:n]
	for i, c := range b {
		if c == 0 {
			return string(b[:i]), nil
		}
	}
	return string(b), nil
}
