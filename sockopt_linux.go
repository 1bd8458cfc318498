package socket

import "golang.org/x/sys/unix"

// Options of level SOL_SOCKET that only Linux has (sockopt.go has the
// others). Linux only.
const (
	SO_ATTACH_FILTER    = unix.SO_ATTACH_FILTER
	SO_BINDTODEVICE     = unix.SO_BINDTODEVICE
	SO_BINDTOIFINDEX    = unix.SO_BINDTOIFINDEX
	SO_BUSY_POLL        = unix.SO_BUSY_POLL
	SO_BUSY_POLL_BUDGET = unix.SO_BUSY_POLL_BUDGET
	SO_COOKIE           = unix.SO_COOKIE
	SO_DETACH_FILTER    = unix.SO_DETACH_FILTER
	SO_DOMAIN           = unix.SO_DOMAIN
	SO_INCOMING_CPU     = unix.SO_INCOMING_CPU
	SO_INCOMING_NAPI_ID = unix.SO_INCOMING_NAPI_ID
	SO_LOCK_FILTER      = unix.SO_LOCK_FILTER
	SO_MARK             = unix.SO_MARK
	SO_MAX_PACING_RATE  = unix.SO_MAX_PACING_RATE
	SO_PASSCRED         = unix.SO_PASSCRED
	SO_PASSSEC          = unix.SO_PASSSEC
	SO_PEEK_OFF         = unix.SO_PEEK_OFF
	SO_PEERCRED         = unix.SO_PEERCRED
	SO_PEERGROUPS       = unix.SO_PEERGROUPS
	SO_PEERSEC          = unix.SO_PEERSEC
	SO_PREFER_BUSY_POLL = unix.SO_PREFER_BUSY_POLL
	SO_PRIORITY         = unix.SO_PRIORITY
	SO_PROTOCOL         = unix.SO_PROTOCOL
	SO_RCVBUFFORCE      = unix.SO_RCVBUFFORCE
	SO_RXQ_OVFL         = unix.SO_RXQ_OVFL
	SO_SNDBUFFORCE      = unix.SO_SNDBUFFORCE
	SO_TIMESTAMPING     = unix.SO_TIMESTAMPING
	SO_TIMESTAMPNS      = unix.SO_TIMESTAMPNS
	SO_TXTIME           = unix.SO_TXTIME
	SO_ZEROCOPY         = unix.SO_ZEROCOPY
)

// Options of level SOL_TCP (IPPROTO_TCP) that only Linux has: keepalive
// timing, fast open, the congestion control algorithm, TCP_INFO and more.
// Linux only.
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
	TCP_MD5SIG               = unix.TCP_MD5SIG
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

// Options of level SOL_IP (IPPROTO_IP) that only Linux has, and the values
// of IP_MTU_DISCOVER. Linux only.
const (
	IP_ADD_SOURCE_MEMBERSHIP  = unix.IP_ADD_SOURCE_MEMBERSHIP
	IP_BIND_ADDRESS_NO_PORT   = unix.IP_BIND_ADDRESS_NO_PORT
	IP_BLOCK_SOURCE           = unix.IP_BLOCK_SOURCE
	IP_CHECKSUM               = unix.IP_CHECKSUM
	IP_DROP_SOURCE_MEMBERSHIP = unix.IP_DROP_SOURCE_MEMBERSHIP
	IP_FREEBIND               = unix.IP_FREEBIND
	IP_LOCAL_PORT_RANGE       = unix.IP_LOCAL_PORT_RANGE
	IP_MINTTL                 = unix.IP_MINTTL
	IP_MTU                    = unix.IP_MTU
	IP_MTU_DISCOVER           = unix.IP_MTU_DISCOVER
	IP_MULTICAST_ALL          = unix.IP_MULTICAST_ALL
	IP_NODEFRAG               = unix.IP_NODEFRAG
	IP_ORIGDSTADDR            = unix.IP_ORIGDSTADDR
	IP_PASSSEC                = unix.IP_PASSSEC
	IP_PKTINFO                = unix.IP_PKTINFO
	IP_RECVERR                = unix.IP_RECVERR
	IP_RECVFRAGSIZE           = unix.IP_RECVFRAGSIZE
	IP_RECVORIGDSTADDR        = unix.IP_RECVORIGDSTADDR
	IP_RECVTOS                = unix.IP_RECVTOS
	IP_ROUTER_ALERT           = unix.IP_ROUTER_ALERT
	IP_TRANSPARENT            = unix.IP_TRANSPARENT
	IP_UNBLOCK_SOURCE         = unix.IP_UNBLOCK_SOURCE
	IP_UNICAST_IF             = unix.IP_UNICAST_IF
	IP_PMTUDISC_DONT          = unix.IP_PMTUDISC_DONT      // never set DF
	IP_PMTUDISC_WANT          = unix.IP_PMTUDISC_WANT      // per-route default
	IP_PMTUDISC_DO            = unix.IP_PMTUDISC_DO        // always set DF, discover the path MTU
	IP_PMTUDISC_PROBE         = unix.IP_PMTUDISC_PROBE     // set DF, ignore the path MTU
	IP_PMTUDISC_INTERFACE     = unix.IP_PMTUDISC_INTERFACE // use the interface MTU, ignore ICMP
	IP_PMTUDISC_OMIT          = unix.IP_PMTUDISC_OMIT      // like INTERFACE, and fragment if needed
)

// Options of level SOL_IPV6 (IPPROTO_IPV6) that only Linux has, and the
// values of IPV6_MTU_DISCOVER. Linux only.
const (
	IPV6_ADDRFORM           = unix.IPV6_ADDRFORM
	IPV6_ADD_MEMBERSHIP     = unix.IPV6_ADD_MEMBERSHIP
	IPV6_AUTOFLOWLABEL      = unix.IPV6_AUTOFLOWLABEL
	IPV6_DROP_MEMBERSHIP    = unix.IPV6_DROP_MEMBERSHIP
	IPV6_FREEBIND           = unix.IPV6_FREEBIND
	IPV6_MINHOPCOUNT        = unix.IPV6_MINHOPCOUNT
	IPV6_MTU                = unix.IPV6_MTU
	IPV6_MTU_DISCOVER       = unix.IPV6_MTU_DISCOVER
	IPV6_MULTICAST_ALL      = unix.IPV6_MULTICAST_ALL
	IPV6_ORIGDSTADDR        = unix.IPV6_ORIGDSTADDR
	IPV6_RECVERR            = unix.IPV6_RECVERR
	IPV6_RECVFRAGSIZE       = unix.IPV6_RECVFRAGSIZE
	IPV6_RECVORIGDSTADDR    = unix.IPV6_RECVORIGDSTADDR
	IPV6_ROUTER_ALERT       = unix.IPV6_ROUTER_ALERT
	IPV6_TRANSPARENT        = unix.IPV6_TRANSPARENT
	IPV6_UNICAST_IF         = unix.IPV6_UNICAST_IF
	IPV6_PMTUDISC_DONT      = unix.IPV6_PMTUDISC_DONT
	IPV6_PMTUDISC_WANT      = unix.IPV6_PMTUDISC_WANT
	IPV6_PMTUDISC_DO        = unix.IPV6_PMTUDISC_DO
	IPV6_PMTUDISC_PROBE     = unix.IPV6_PMTUDISC_PROBE
	IPV6_PMTUDISC_INTERFACE = unix.IPV6_PMTUDISC_INTERFACE
	IPV6_PMTUDISC_OMIT      = unix.IPV6_PMTUDISC_OMIT
)

// Protocol-independent multicast options (RFC 3678), valid at SOL_IP and
// SOL_IPV6; JoinGroup and JoinSourceGroup use them. Linux only (FreeBSD
// and macOS have them too, not yet wired here).
const (
	MCAST_JOIN_GROUP         = unix.MCAST_JOIN_GROUP
	MCAST_LEAVE_GROUP        = unix.MCAST_LEAVE_GROUP
	MCAST_JOIN_SOURCE_GROUP  = unix.MCAST_JOIN_SOURCE_GROUP
	MCAST_LEAVE_SOURCE_GROUP = unix.MCAST_LEAVE_SOURCE_GROUP
	MCAST_BLOCK_SOURCE       = unix.MCAST_BLOCK_SOURCE
	MCAST_UNBLOCK_SOURCE     = unix.MCAST_UNBLOCK_SOURCE
)
