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
const (
	SOL_SOCKET = unix.SOL_SOCKET
	SOL_IP     = unix.SOL_IP
	SOL_TCP    = unix.SOL_TCP
	SOL_UDP    = unix.SOL_UDP
	SOL_IPV6   = unix.SOL_IPV6
)

// Options of level SOL_SOCKET, those every socket has whatever its
// protocol: address reuse, buffer sizes, keepalive, timestamps, filters.
// Every option constant here has its C name,
// the one Python's socket module exports where it has it (Python 3.11 has
// about half of them; the values agree), and its value from
// golang.org/x/sys/unix for the architecture.
const (
	SO_ACCEPTCONN       = unix.SO_ACCEPTCONN
	SO_ATTACH_FILTER    = unix.SO_ATTACH_FILTER
	SO_BINDTODEVICE     = unix.SO_BINDTODEVICE
	SO_BINDTOIFINDEX    = unix.SO_BINDTOIFINDEX
	SO_BROADCAST        = unix.SO_BROADCAST
	SO_BUSY_POLL        = unix.SO_BUSY_POLL
	SO_COOKIE           = unix.SO_COOKIE
	SO_DEBUG            = unix.SO_DEBUG
	SO_DETACH_FILTER    = unix.SO_DETACH_FILTER
	SO_DOMAIN           = unix.SO_DOMAIN
	SO_DONTROUTE        = unix.SO_DONTROUTE
	SO_ERROR            = unix.SO_ERROR
	SO_INCOMING_CPU     = unix.SO_INCOMING_CPU
	SO_INCOMING_NAPI_ID = unix.SO_INCOMING_NAPI_ID
	SO_KEEPALIVE        = unix.SO_KEEPALIVE
	SO_LINGER           = unix.SO_LINGER
	SO_LOCK_FILTER      = unix.SO_LOCK_FILTER
	SO_MARK             = unix.SO_MARK
	SO_MAX_PACING_RATE  = unix.SO_MAX_PACING_RATE
	SO_OOBINLINE        = unix.SO_OOBINLINE
	SO_PASSCRED         = unix.SO_PASSCRED
	SO_PASSSEC          = unix.SO_PASSSEC
	SO_PEEK_OFF         = unix.SO_PEEK_OFF
	SO_PEERCRED         = unix.SO_PEERCRED
	SO_PEERGROUPS       = unix.SO_PEERGROUPS
	SO_PEERSEC          = unix.SO_PEERSEC
	SO_PRIORITY         = unix.SO_PRIORITY
	SO_PROTOCOL         = unix.SO_PROTOCOL
	SO_RCVBUF           = unix.SO_RCVBUF
	SO_RCVBUFFORCE      = unix.SO_RCVBUFFORCE
	SO_RCVLOWAT         = unix.SO_RCVLOWAT
	SO_RCVTIMEO         = unix.SO_RCVTIMEO
	SO_REUSEADDR        = unix.SO_REUSEADDR
	SO_REUSEPORT        = unix.SO_REUSEPORT
	SO_RXQ_OVFL         = unix.SO_RXQ_OVFL
	SO_SNDBUF           = unix.SO_SNDBUF
	SO_SNDBUFFORCE      = unix.SO_SNDBUFFORCE
	SO_SNDLOWAT         = unix.SO_SNDLOWAT
	SO_SNDTIMEO         = unix.SO_SNDTIMEO
	SO_TIMESTAMP        = unix.SO_TIMESTAMP
	SO_TIMESTAMPING     = unix.SO_TIMESTAMPING
	SO_TIMESTAMPNS      = unix.SO_TIMESTAMPNS
	SO_TXTIME           = unix.SO_TXTIME
	SO_TYPE             = unix.SO_TYPE
	SO_ZEROCOPY         = unix.SO_ZEROCOPY
)

// Options of level SOL_TCP (IPPROTO_TCP): TCP's own behaviour, such as
// Nagle's algorithm (TCP_NODELAY), keepalive timing, fast open and the
// congestion control algorithm.
const (
	TCP_CONGESTION           = unix.TCP_CONGESTION
	TCP_CORK                 = unix.TCP_CORK
	TCP_DEFER_ACCEPT         = unix.TCP_DEFER_ACCEPT
	TCP_FASTOPEN             = unix.TCP_FASTOPEN
	TCP_FASTOPEN_CONNECT     = unix.TCP_FASTOPEN_CONNECT
	TCP_FASTOPEN_NO_COOKIE   = unix.TCP_FASTOPEN_NO_COOKIE
	TCP_INFO                 = unix.TCP_INFO
	TCP_INQ                  = unix.TCP_INQ
	TCP_KEEPCNT              = unix.TCP_KEEPCNT
	TCP_KEEPIDLE             = unix.TCP_KEEPIDLE
	TCP_KEEPINTVL            = unix.TCP_KEEPINTVL
	TCP_LINGER2              = unix.TCP_LINGER2
	TCP_MAXSEG               = unix.TCP_MAXSEG
	TCP_MD5SIG               = unix.TCP_MD5SIG
	TCP_NODELAY              = unix.TCP_NODELAY
	TCP_NOTSENT_LOWAT        = unix.TCP_NOTSENT_LOWAT
	TCP_QUICKACK             = unix.TCP_QUICKACK
	TCP_SAVE_SYN             = unix.TCP_SAVE_SYN
	TCP_SAVED_SYN            = unix.TCP_SAVED_SYN
	TCP_SYNCNT               = unix.TCP_SYNCNT
	TCP_THIN_DUPACK          = unix.TCP_THIN_DUPACK
	TCP_THIN_LINEAR_TIMEOUTS = unix.TCP_THIN_LINEAR_TIMEOUTS
	TCP_TIMESTAMP            = unix.TCP_TIMESTAMP
	TCP_TX_DELAY             = unix.TCP_TX_DELAY
	TCP_ULP                  = unix.TCP_ULP
	TCP_USER_TIMEOUT         = unix.TCP_USER_TIMEOUT
	TCP_WINDOW_CLAMP         = unix.TCP_WINDOW_CLAMP
	TCP_ZEROCOPY_RECEIVE     = unix.TCP_ZEROCOPY_RECEIVE
)

// Options of level SOL_IP (IPPROTO_IP), and the values of IP_MTU_DISCOVER:
// fields of the IPv4 packets a socket sends (TTL, TOS), what it receives
// about each packet, multicast membership and path MTU discovery.
const (
	IP_ADD_MEMBERSHIP         = unix.IP_ADD_MEMBERSHIP
	IP_ADD_SOURCE_MEMBERSHIP  = unix.IP_ADD_SOURCE_MEMBERSHIP
	IP_BIND_ADDRESS_NO_PORT   = unix.IP_BIND_ADDRESS_NO_PORT
	IP_BLOCK_SOURCE           = unix.IP_BLOCK_SOURCE
	IP_CHECKSUM               = unix.IP_CHECKSUM
	IP_DEFAULT_MULTICAST_LOOP = unix.IP_DEFAULT_MULTICAST_LOOP
	IP_DEFAULT_MULTICAST_TTL  = unix.IP_DEFAULT_MULTICAST_TTL
	IP_DROP_MEMBERSHIP        = unix.IP_DROP_MEMBERSHIP
	IP_DROP_SOURCE_MEMBERSHIP = unix.IP_DROP_SOURCE_MEMBERSHIP
	IP_FREEBIND               = unix.IP_FREEBIND
	IP_HDRINCL                = unix.IP_HDRINCL
	IP_LOCAL_PORT_RANGE       = unix.IP_LOCAL_PORT_RANGE
	IP_MAX_MEMBERSHIPS        = unix.IP_MAX_MEMBERSHIPS
	IP_MINTTL                 = unix.IP_MINTTL
	IP_MTU                    = unix.IP_MTU
	IP_MTU_DISCOVER           = unix.IP_MTU_DISCOVER
	IP_MULTICAST_ALL          = unix.IP_MULTICAST_ALL
	IP_MULTICAST_IF           = unix.IP_MULTICAST_IF
	IP_MULTICAST_LOOP         = unix.IP_MULTICAST_LOOP
	IP_MULTICAST_TTL          = unix.IP_MULTICAST_TTL
	IP_NODEFRAG               = unix.IP_NODEFRAG
	IP_OPTIONS                = unix.IP_OPTIONS
	IP_ORIGDSTADDR            = unix.IP_ORIGDSTADDR
	IP_PASSSEC                = unix.IP_PASSSEC
	IP_PKTINFO                = unix.IP_PKTINFO
	IP_RECVERR                = unix.IP_RECVERR
	IP_RECVFRAGSIZE           = unix.IP_RECVFRAGSIZE
	IP_RECVOPTS               = unix.IP_RECVOPTS
	IP_RECVORIGDSTADDR        = unix.IP_RECVORIGDSTADDR
	IP_RECVRETOPTS            = unix.IP_RECVRETOPTS
	IP_RECVTOS                = unix.IP_RECVTOS
	IP_RECVTTL                = unix.IP_RECVTTL
	IP_RETOPTS                = unix.IP_RETOPTS
	IP_ROUTER_ALERT           = unix.IP_ROUTER_ALERT
	IP_TOS                    = unix.IP_TOS
	IP_TRANSPARENT            = unix.IP_TRANSPARENT
	IP_TTL                    = unix.IP_TTL
	IP_UNBLOCK_SOURCE         = unix.IP_UNBLOCK_SOURCE
	IP_UNICAST_IF             = unix.IP_UNICAST_IF

	IP_PMTUDISC_DONT      = unix.IP_PMTUDISC_DONT      // never set DF
	IP_PMTUDISC_WANT      = unix.IP_PMTUDISC_WANT      // per-route default
	IP_PMTUDISC_DO        = unix.IP_PMTUDISC_DO        // always set DF, discover the path MTU
	IP_PMTUDISC_PROBE     = unix.IP_PMTUDISC_PROBE     // set DF, ignore the path MTU
	IP_PMTUDISC_INTERFACE = unix.IP_PMTUDISC_INTERFACE // use the interface MTU, ignore ICMP
	IP_PMTUDISC_OMIT      = unix.IP_PMTUDISC_OMIT      // like INTERFACE, and fragment if needed
)

// Options of level SOL_IPV6 (IPPROTO_IPV6), and the values of
// IPV6_MTU_DISCOVER: the IPv6 counterparts of SOL_IP's (hop limit, traffic
// class, multicast, path MTU), and IPV6_V6ONLY.
const (
	IPV6_ADDRFORM           = unix.IPV6_ADDRFORM
	IPV6_ADD_MEMBERSHIP     = unix.IPV6_ADD_MEMBERSHIP
	IPV6_AUTOFLOWLABEL      = unix.IPV6_AUTOFLOWLABEL
	IPV6_CHECKSUM           = unix.IPV6_CHECKSUM
	IPV6_DONTFRAG           = unix.IPV6_DONTFRAG
	IPV6_DROP_MEMBERSHIP    = unix.IPV6_DROP_MEMBERSHIP
	IPV6_DSTOPTS            = unix.IPV6_DSTOPTS
	IPV6_FREEBIND           = unix.IPV6_FREEBIND
	IPV6_HOPLIMIT           = unix.IPV6_HOPLIMIT
	IPV6_HOPOPTS            = unix.IPV6_HOPOPTS
	IPV6_JOIN_GROUP         = unix.IPV6_JOIN_GROUP
	IPV6_LEAVE_GROUP        = unix.IPV6_LEAVE_GROUP
	IPV6_MINHOPCOUNT        = unix.IPV6_MINHOPCOUNT
	IPV6_MTU                = unix.IPV6_MTU
	IPV6_MTU_DISCOVER       = unix.IPV6_MTU_DISCOVER
	IPV6_MULTICAST_ALL      = unix.IPV6_MULTICAST_ALL
	IPV6_MULTICAST_HOPS     = unix.IPV6_MULTICAST_HOPS
	IPV6_MULTICAST_IF       = unix.IPV6_MULTICAST_IF
	IPV6_MULTICAST_LOOP     = unix.IPV6_MULTICAST_LOOP
	IPV6_NEXTHOP            = unix.IPV6_NEXTHOP
	IPV6_ORIGDSTADDR        = unix.IPV6_ORIGDSTADDR
	IPV6_PATHMTU            = unix.IPV6_PATHMTU
	IPV6_PKTINFO            = unix.IPV6_PKTINFO
	IPV6_RECVDSTOPTS        = unix.IPV6_RECVDSTOPTS
	IPV6_RECVERR            = unix.IPV6_RECVERR
	IPV6_RECVFRAGSIZE       = unix.IPV6_RECVFRAGSIZE
	IPV6_RECVHOPLIMIT       = unix.IPV6_RECVHOPLIMIT
	IPV6_RECVHOPOPTS        = unix.IPV6_RECVHOPOPTS
	IPV6_RECVORIGDSTADDR    = unix.IPV6_RECVORIGDSTADDR
	IPV6_RECVPATHMTU        = unix.IPV6_RECVPATHMTU
	IPV6_RECVPKTINFO        = unix.IPV6_RECVPKTINFO
	IPV6_RECVRTHDR          = unix.IPV6_RECVRTHDR
	IPV6_RECVTCLASS         = unix.IPV6_RECVTCLASS
	IPV6_ROUTER_ALERT       = unix.IPV6_ROUTER_ALERT
	IPV6_RTHDR              = unix.IPV6_RTHDR
	IPV6_RTHDRDSTOPTS       = unix.IPV6_RTHDRDSTOPTS
	IPV6_RTHDR_TYPE_0       = unix.IPV6_RTHDR_TYPE_0
	IPV6_TCLASS             = unix.IPV6_TCLASS
	IPV6_TRANSPARENT        = unix.IPV6_TRANSPARENT
	IPV6_UNICAST_HOPS       = unix.IPV6_UNICAST_HOPS
	IPV6_UNICAST_IF         = unix.IPV6_UNICAST_IF
	IPV6_V6ONLY             = unix.IPV6_V6ONLY
	IPV6_PMTUDISC_DONT      = unix.IPV6_PMTUDISC_DONT
	IPV6_PMTUDISC_WANT      = unix.IPV6_PMTUDISC_WANT
	IPV6_PMTUDISC_DO        = unix.IPV6_PMTUDISC_DO
	IPV6_PMTUDISC_PROBE     = unix.IPV6_PMTUDISC_PROBE
	IPV6_PMTUDISC_INTERFACE = unix.IPV6_PMTUDISC_INTERFACE
	IPV6_PMTUDISC_OMIT      = unix.IPV6_PMTUDISC_OMIT
)

// Protocol-independent multicast options (RFC 3678), valid at SOL_IP and
// SOL_IPV6; JoinGroup and JoinSourceGroup use them.
const (
	MCAST_JOIN_GROUP         = unix.MCAST_JOIN_GROUP
	MCAST_LEAVE_GROUP        = unix.MCAST_LEAVE_GROUP
	MCAST_JOIN_SOURCE_GROUP  = unix.MCAST_JOIN_SOURCE_GROUP
	MCAST_LEAVE_SOURCE_GROUP = unix.MCAST_LEAVE_SOURCE_GROUP
	MCAST_BLOCK_SOURCE       = unix.MCAST_BLOCK_SOURCE
	MCAST_UNBLOCK_SOURCE     = unix.MCAST_UNBLOCK_SOURCE
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

// checkOpt refuses a closed socket, and a level or option number that would
// be truncated to another one on its way to the kernel's C int.
func (s *Socket) checkOpt(op string, o sockopt) error {
	if err := s.checkOpen(op); err != nil {
		return err
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
