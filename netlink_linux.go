package socket

import "golang.org/x/sys/unix"

// Netlink protocols, New's third argument for an AF_NETLINK socket: which
// kernel subsystem the socket talks to. NETLINK_ROUTE carries the routing
// messages (links, addresses, routes, neighbours: what ip(8) speaks),
// NETLINK_XFRM IPsec policy, NETLINK_CRYPTO the crypto API's
// configuration; the others are older or narrower. Under Python's names.
// Linux only.
const (
	NETLINK_ROUTE    Protocol = unix.NETLINK_ROUTE
	NETLINK_USERSOCK Protocol = unix.NETLINK_USERSOCK
	NETLINK_FIREWALL Protocol = unix.NETLINK_FIREWALL
	NETLINK_NFLOG    Protocol = unix.NETLINK_NFLOG
	NETLINK_XFRM     Protocol = unix.NETLINK_XFRM
	NETLINK_IP6_FW   Protocol = unix.NETLINK_IP6_FW
	NETLINK_DNRTMSG  Protocol = unix.NETLINK_DNRTMSG
	NETLINK_CRYPTO   Protocol = unix.NETLINK_CRYPTO
)
