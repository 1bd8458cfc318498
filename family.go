package socket

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// Family is an address family, the first argument of socket(2): AF_INET,
// AF_INET6, AF_UNIX and so on. It mirrors Python's socket.AddressFamily.
type Family int

// Address families, New's first argument: the kind of address a socket
// uses. AF_INET is IPv4 (127.0.0.1 port 80), AF_INET6 IPv6 (::1 port 80),
// AF_UNIX a file path or abstract name on this machine; AF_PACKET reaches
// link-layer frames and AF_NETLINK talks to the kernel. Under Python's
// names; the values are the system's (family_linux.go and family_bsd.go
// hold the families only some systems have).
const (
	AF_UNSPEC Family = unix.AF_UNSPEC
	AF_UNIX   Family = unix.AF_UNIX
	AF_INET   Family = unix.AF_INET
	AF_INET6  Family = unix.AF_INET6
)

var familyNames = withNames(map[Family]string{
	AF_UNSPEC: "AF_UNSPEC", AF_UNIX: "AF_UNIX", AF_INET: "AF_INET", AF_INET6: "AF_INET6",
}, osFamilyNames)

// String returns the constant's name, such as "AF_INET", or "Family(N)" for
// a value this package has no name for.
func (f Family) String() string { return nameOf(familyNames, f, "Family") }

// Type is a socket type, the second argument of socket(2): SOCK_STREAM,
// SOCK_DGRAM and so on. It mirrors Python's socket.SocketKind.
type Type int

// Socket types, New's second argument: how data travels. SOCK_STREAM is a
// connection carrying a reliable, ordered stream of bytes (TCP with AF_INET
// and AF_INET6); SOCK_DGRAM carries separate messages, each with its own
// address (UDP with AF_INET and AF_INET6); SOCK_SEQPACKET is a connection
// of messages (AF_UNIX); SOCK_RAW gives whole IP packets. Under Python's
// names.
const (
	SOCK_STREAM    Type = unix.SOCK_STREAM
	SOCK_DGRAM     Type = unix.SOCK_DGRAM
	SOCK_RAW       Type = unix.SOCK_RAW
	SOCK_RDM       Type = unix.SOCK_RDM
	SOCK_SEQPACKET Type = unix.SOCK_SEQPACKET
)

// Flags that may be or-ed into the Type given to New or Socketpair. Every
// socket of this package is close-on-exec and non-blocking at the OS level
// whatever is asked (the blocking mode is kept by the Go runtime poller, see
// SetBlocking), so these are accepted for Python compatibility and change
// only the initial mode: SOCK_NONBLOCK starts the socket in non-blocking mode.
// On macOS, which has no such flags, they are this package's own values.
const (
	SOCK_NONBLOCK Type = sockNonblock
	SOCK_CLOEXEC  Type = sockCloexec
)

var typeNames = map[Type]string{
	SOCK_STREAM: "SOCK_STREAM", SOCK_DGRAM: "SOCK_DGRAM", SOCK_RAW: "SOCK_RAW",
	SOCK_RDM: "SOCK_RDM", SOCK_SEQPACKET: "SOCK_SEQPACKET",
}

// String returns the constant's name, such as "SOCK_STREAM"; flags are
// appended with "|" ("SOCK_DGRAM|SOCK_NONBLOCK").
func (t Type) String() string {
	base := nameOf(typeNames, t&^(SOCK_NONBLOCK|SOCK_CLOEXEC), "Type")
	if t&SOCK_NONBLOCK != 0 {
		base += "|SOCK_NONBLOCK"
	}
	if t&SOCK_CLOEXEC != 0 {
		base += "|SOCK_CLOEXEC"
	}
	return base
}

// Protocol is a protocol number, the third argument of socket(2). Zero
// lets the kernel choose the family's default for the type.
type Protocol int

// Protocol numbers: New's third argument (0 takes the family's usual one,
// IPPROTO_TCP for a stream and IPPROTO_UDP for datagrams), and the level of
// a protocol's socket options (IPPROTO_TCP for TCP_NODELAY). Under Python's
// names (IPPROTO_*), from Linux's <netinet/in.h>.
const (
	IPPROTO_IP       Protocol = unix.IPPROTO_IP
	IPPROTO_ICMP     Protocol = unix.IPPROTO_ICMP
	IPPROTO_IGMP     Protocol = unix.IPPROTO_IGMP
	IPPROTO_IPIP     Protocol = unix.IPPROTO_IPIP
	IPPROTO_TCP      Protocol = unix.IPPROTO_TCP
	IPPROTO_EGP      Protocol = unix.IPPROTO_EGP
	IPPROTO_PUP      Protocol = unix.IPPROTO_PUP
	IPPROTO_UDP      Protocol = unix.IPPROTO_UDP
	IPPROTO_IDP      Protocol = unix.IPPROTO_IDP
	IPPROTO_TP       Protocol = unix.IPPROTO_TP
	IPPROTO_IPV6     Protocol = unix.IPPROTO_IPV6
	IPPROTO_ROUTING  Protocol = unix.IPPROTO_ROUTING
	IPPROTO_FRAGMENT Protocol = unix.IPPROTO_FRAGMENT
	IPPROTO_RSVP     Protocol = unix.IPPROTO_RSVP
	IPPROTO_GRE      Protocol = unix.IPPROTO_GRE
	IPPROTO_ESP      Protocol = unix.IPPROTO_ESP
	IPPROTO_AH       Protocol = unix.IPPROTO_AH
	IPPROTO_ICMPV6   Protocol = unix.IPPROTO_ICMPV6
	IPPROTO_NONE     Protocol = unix.IPPROTO_NONE
	IPPROTO_DSTOPTS  Protocol = unix.IPPROTO_DSTOPTS
	IPPROTO_PIM      Protocol = unix.IPPROTO_PIM
	IPPROTO_RAW      Protocol = unix.IPPROTO_RAW
)

// IPPROTO_HOPOPTS shares the value 0 with IPPROTO_IP; String prints IPPROTO_IP.
const IPPROTO_HOPOPTS Protocol = unix.IPPROTO_HOPOPTS

var protocolNames = withNames(map[Protocol]string{
	IPPROTO_IP: "IPPROTO_IP", IPPROTO_ICMP: "IPPROTO_ICMP", IPPROTO_IGMP: "IPPROTO_IGMP",
	IPPROTO_IPIP: "IPPROTO_IPIP", IPPROTO_TCP: "IPPROTO_TCP", IPPROTO_EGP: "IPPROTO_EGP",
	IPPROTO_PUP: "IPPROTO_PUP", IPPROTO_UDP: "IPPROTO_UDP", IPPROTO_IDP: "IPPROTO_IDP",
	IPPROTO_TP: "IPPROTO_TP", IPPROTO_IPV6: "IPPROTO_IPV6", IPPROTO_ROUTING: "IPPROTO_ROUTING",
	IPPROTO_FRAGMENT: "IPPROTO_FRAGMENT", IPPROTO_RSVP: "IPPROTO_RSVP", IPPROTO_GRE: "IPPROTO_GRE",
	IPPROTO_ESP: "IPPROTO_ESP", IPPROTO_AH: "IPPROTO_AH", IPPROTO_ICMPV6: "IPPROTO_ICMPV6",
	IPPROTO_NONE: "IPPROTO_NONE", IPPROTO_DSTOPTS: "IPPROTO_DSTOPTS", IPPROTO_PIM: "IPPROTO_PIM",
	IPPROTO_RAW: "IPPROTO_RAW",
}, osProtocolNames)

// String returns the constant's name, such as "IPPROTO_TCP", or
// "Protocol(N)".
func (p Protocol) String() string { return nameOf(protocolNames, p, "Protocol") }

// MsgFlag holds the flags of send(2), recv(2), sendmsg(2) and recvmsg(2),
// or-ed together: MSG_PEEK|MSG_WAITALL. Python passes them as a plain int.
type MsgFlag int

// Message flags, the flags argument of Send, Recv and their siblings: each
// changes one call. MSG_PEEK receives without consuming, MSG_WAITALL waits
// for a full buffer, MSG_DONTWAIT makes the call non-blocking, MSG_OOB is
// TCP's urgent data; in Recvmsg's result MSG_TRUNC and MSG_CTRUNC say that
// data or control messages were cut short. Under Python's names.
const (
	MSG_OOB       MsgFlag = unix.MSG_OOB
	MSG_PEEK      MsgFlag = unix.MSG_PEEK
	MSG_DONTROUTE MsgFlag = unix.MSG_DONTROUTE
	MSG_CTRUNC    MsgFlag = unix.MSG_CTRUNC
	MSG_TRUNC     MsgFlag = unix.MSG_TRUNC
	MSG_DONTWAIT  MsgFlag = unix.MSG_DONTWAIT
	MSG_EOR       MsgFlag = unix.MSG_EOR
	MSG_WAITALL   MsgFlag = unix.MSG_WAITALL
	MSG_NOSIGNAL  MsgFlag = unix.MSG_NOSIGNAL
)

// msgFlagName is a flag and its name.
type msgFlagName struct {
	flag MsgFlag
	name string
}

// msgFlagOrder lists the flags in bit order, so String is deterministic.
var msgFlagOrder = func() []msgFlagName {
	o := append([]msgFlagName{
		{MSG_OOB, "MSG_OOB"}, {MSG_PEEK, "MSG_PEEK"}, {MSG_DONTROUTE, "MSG_DONTROUTE"},
		{MSG_CTRUNC, "MSG_CTRUNC"}, {MSG_TRUNC, "MSG_TRUNC"}, {MSG_DONTWAIT, "MSG_DONTWAIT"},
		{MSG_EOR, "MSG_EOR"}, {MSG_WAITALL, "MSG_WAITALL"}, {MSG_NOSIGNAL, "MSG_NOSIGNAL"},
	}, osMsgFlags...)
	slices.SortFunc(o, func(a, b msgFlagName) int { return int(a.flag - b.flag) })
	return o
}()

// String returns the set flags' names joined by "|", "0" for none, and any
// bits without a name in hexadecimal.
func (f MsgFlag) String() string {
	if f == 0 {
		return "0"
	}
	var parts []string
	rest := f
	for _, m := range msgFlagOrder {
		if f&m.flag != 0 {
			parts = append(parts, m.name)
			rest &^= m.flag
		}
	}
	if rest != 0 {
		parts = append(parts, "0x"+strconv.FormatInt(int64(rest), 16))
	}
	return strings.Join(parts, "|")
}

// ShutdownHow says which direction shutdown(2) closes.
type ShutdownHow int

// Shutdown directions, Shutdown's argument: SHUT_WR ends sending (the peer
// then receives the end of the stream), SHUT_RD ends receiving, SHUT_RDWR
// both. Under Python's names.
const (
	SHUT_RD   ShutdownHow = unix.SHUT_RD
	SHUT_WR   ShutdownHow = unix.SHUT_WR
	SHUT_RDWR ShutdownHow = unix.SHUT_RDWR
)

var shutdownNames = map[ShutdownHow]string{SHUT_RD: "SHUT_RD", SHUT_WR: "SHUT_WR", SHUT_RDWR: "SHUT_RDWR"}

// String returns the constant's name, such as "SHUT_WR".
func (h ShutdownHow) String() string { return nameOf(shutdownNames, h, "ShutdownHow") }

// withNames adds the names of the constants only some systems have
// (family_linux.go, family_bsd.go) to names.
func withNames[T ~int](names, os map[T]string) map[T]string {
	maps.Copy(names, os)
	return names
}

// nameOf looks v up in names, falling back to "Kind(N)" like fmt does for
// unknown enum values.
func nameOf[T ~int](names map[T]string, v T, kind string) string {
	if s, ok := names[v]; ok {
		return s
	}
	return kind + "(" + strconv.Itoa(int(v)) + ")"
}
