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
// as TCP_CORK), MSG_FASTOPEN (TCP Fast Open's data in the SYN) and
// MSG_CMSG_CLOEXEC (received descriptors are close-on-exec). Linux only.
const (
	MSG_CONFIRM      MsgFlag = unix.MSG_CONFIRM
	MSG_ERRQUEUE     MsgFlag = unix.MSG_ERRQUEUE
	MSG_MORE         MsgFlag = unix.MSG_MORE
	MSG_FASTOPEN     MsgFlag = unix.MSG_FASTOPEN
	MSG_CMSG_CLOEXEC MsgFlag = unix.MSG_CMSG_CLOEXEC
)

// The names of the constants above, for String.
var (
	osFamilyNames = map[Family]string{
		AF_PACKET: "AF_PACKET", AF_NETLINK: "AF_NETLINK", AF_ALG: "AF_ALG",
		AF_BLUETOOTH: "AF_BLUETOOTH", AF_CAN: "AF_CAN", AF_KEY: "AF_KEY",
		AF_QIPCRTR: "AF_QIPCRTR", AF_RDS: "AF_RDS", AF_TIPC: "AF_TIPC",
		AF_VSOCK: "AF_VSOCK", AF_XDP: "AF_XDP",
	}
	osProtocolNames = map[Protocol]string{
		IPPROTO_SCTP: "IPPROTO_SCTP", IPPROTO_UDPLITE: "IPPROTO_UDPLITE", IPPROTO_MPTCP: "IPPROTO_MPTCP",
	}
	osMsgFlags = []msgFlagName{
		{MSG_CONFIRM, "MSG_CONFIRM"}, {MSG_ERRQUEUE, "MSG_ERRQUEUE"}, {MSG_MORE, "MSG_MORE"},
		{MSG_FASTOPEN, "MSG_FASTOPEN"}, {MSG_CMSG_CLOEXEC, "MSG_CMSG_CLOEXEC"},
	}
)
