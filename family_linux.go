package socket

import "golang.org/x/sys/unix"

// Address families only Linux has: AF_PACKET reaches link-layer frames (see
// package raw), AF_NETLINK talks to the kernel, the others name Linux
// subsystems. Linux only.
const (
	AF_PACKET    Family = unix.AF_PACKET
	AF_NETLINK   Family = unix.AF_NETLINK
	AF_ALG       Family = unix.AF_ALG
	AF_BLUETOOTH Family = unix.AF_BLUETOOTH
	AF_CAN       Family = unix.AF_CAN
	AF_KEY       Family = unix.AF_KEY
	AF_QIPCRTR   Family = unix.AF_QIPCRTR
	AF_RDS       Family = unix.AF_RDS
	AF_TIPC      Family = unix.AF_TIPC
	AF_VSOCK     Family = unix.AF_VSOCK
	AF_XDP       Family = unix.AF_XDP
)

// Address families of older or rarer Linux subsystems, which Python's
// socket module exports on Linux: AppleTalk, amateur radio (AX.25, NET/ROM,
// ROSE), ATM, bridging, DECnet, Econet, IPX, IrDA, 802.2 LLC, NetBEUI,
// PPPoX, SNA, WAN pipes and X.25. New takes them, but this package has no
// address constructors for them (AddrFromRaw builds any address), and most
// kernels build none of them in (EAFNOSUPPORT). Linux only.
const (
	AF_APPLETALK Family = unix.AF_APPLETALK
	AF_ASH       Family = unix.AF_ASH
	AF_ATMPVC    Family = unix.AF_ATMPVC
	AF_ATMSVC    Family = unix.AF_ATMSVC
	AF_AX25      Family = unix.AF_AX25
	AF_BRIDGE    Family = unix.AF_BRIDGE
	AF_DECnet    Family = unix.AF_DECnet
	AF_ECONET    Family = unix.AF_ECONET
	AF_IPX       Family = unix.AF_IPX
	AF_IRDA      Family = unix.AF_IRDA
	AF_LLC       Family = unix.AF_LLC
	AF_NETBEUI   Family = unix.AF_NETBEUI
	AF_NETROM    Family = unix.AF_NETROM
	AF_PPPOX     Family = unix.AF_PPPOX
	AF_ROSE      Family = unix.AF_ROSE
	AF_SECURITY  Family = unix.AF_SECURITY
	AF_SNA       Family = unix.AF_SNA
	AF_WANPIPE   Family = unix.AF_WANPIPE
	AF_X25       Family = unix.AF_X25
)

// PF_CAN, PF_PACKET and PF_RDS are the protocol-family spellings of AF_CAN,
// AF_PACKET and AF_RDS, the only PF_ names Python's socket module exports.
// Linux only.
const (
	PF_CAN    = AF_CAN
	PF_PACKET = AF_PACKET
	PF_RDS    = AF_RDS
)

// SOL_RDS is the option level of AF_RDS sockets (Reliable Datagram
// Sockets). Linux only.
const SOL_RDS = unix.SOL_RDS

// Packet types, the sll_pkttype of an AF_PACKET address (raw.PacketAddr's
// PktType): whom a received frame was addressed to. PACKET_HOST is this
// machine, PACKET_BROADCAST and PACKET_MULTICAST a group it belongs to,
// PACKET_OTHERHOST another machine (seen in promiscuous mode),
// PACKET_OUTGOING a frame this machine sent; PACKET_LOOPBACK and
// PACKET_FASTROUTE are kernel-internal. Linux only.
const (
	PACKET_HOST      = unix.PACKET_HOST
	PACKET_BROADCAST = unix.PACKET_BROADCAST
	PACKET_MULTICAST = unix.PACKET_MULTICAST
	PACKET_OTHERHOST = unix.PACKET_OTHERHOST
	PACKET_OUTGOING  = unix.PACKET_OUTGOING
	PACKET_LOOPBACK  = unix.PACKET_LOOPBACK
	PACKET_FASTROUTE = unix.PACKET_FASTROUTE
)

// AF_ROUTE is Linux's alias of AF_NETLINK, as in Python.
const AF_ROUTE = AF_NETLINK

// Protocol numbers only Linux has sockets for. Linux only.
const (
	IPPROTO_SCTP    Protocol = unix.IPPROTO_SCTP
	IPPROTO_UDPLITE Protocol = unix.IPPROTO_UDPLITE
	IPPROTO_MPTCP   Protocol = unix.IPPROTO_MPTCP
)

// Message flags only Linux has: MSG_CONFIRM (the neighbour is reachable),
// MSG_ERRQUEUE (receive from the error queue), MSG_MORE (more data follows,
// as TCP_CORK), MSG_FASTOPEN (TCP Fast Open's data in the SYN),
// MSG_CMSG_CLOEXEC (received descriptors are close-on-exec) and
// MSG_ZEROCOPY (send from the caller's pages, with SetZerocopy: see
// RecvErrQueue for when they may be reused). Linux only.
const (
	MSG_CONFIRM      MsgFlag = unix.MSG_CONFIRM
	MSG_ERRQUEUE     MsgFlag = unix.MSG_ERRQUEUE
	MSG_MORE         MsgFlag = unix.MSG_MORE
	MSG_FASTOPEN     MsgFlag = unix.MSG_FASTOPEN
	MSG_CMSG_CLOEXEC MsgFlag = unix.MSG_CMSG_CLOEXEC
	MSG_ZEROCOPY     MsgFlag = unix.MSG_ZEROCOPY
)

// The names of the constants above, for String.
var (
	osFamilyNames = map[Family]string{
		AF_PACKET: "AF_PACKET", AF_NETLINK: "AF_NETLINK", AF_ALG: "AF_ALG",
		AF_BLUETOOTH: "AF_BLUETOOTH", AF_CAN: "AF_CAN", AF_KEY: "AF_KEY",
		AF_QIPCRTR: "AF_QIPCRTR", AF_RDS: "AF_RDS", AF_TIPC: "AF_TIPC",
		AF_VSOCK: "AF_VSOCK", AF_XDP: "AF_XDP",
		AF_APPLETALK: "AF_APPLETALK", AF_ASH: "AF_ASH", AF_ATMPVC: "AF_ATMPVC", AF_ATMSVC: "AF_ATMSVC", AF_AX25: "AF_AX25", AF_BRIDGE: "AF_BRIDGE", AF_DECnet: "AF_DECnet", AF_ECONET: "AF_ECONET", AF_IPX: "AF_IPX", AF_IRDA: "AF_IRDA", AF_LLC: "AF_LLC", AF_NETBEUI: "AF_NETBEUI", AF_NETROM: "AF_NETROM", AF_PPPOX: "AF_PPPOX", AF_ROSE: "AF_ROSE", AF_SECURITY: "AF_SECURITY", AF_SNA: "AF_SNA", AF_WANPIPE: "AF_WANPIPE", AF_X25: "AF_X25",
	}
	osProtocolNames = map[Protocol]string{
		IPPROTO_SCTP: "IPPROTO_SCTP", IPPROTO_UDPLITE: "IPPROTO_UDPLITE", IPPROTO_MPTCP: "IPPROTO_MPTCP",
	}
	osMsgFlags = []msgFlagName{
		{MSG_CONFIRM, "MSG_CONFIRM"}, {MSG_ERRQUEUE, "MSG_ERRQUEUE"}, {MSG_MORE, "MSG_MORE"},
		{MSG_FASTOPEN, "MSG_FASTOPEN"}, {MSG_CMSG_CLOEXEC, "MSG_CMSG_CLOEXEC"},
		{MSG_ZEROCOPY, "MSG_ZEROCOPY"},
	}
)
