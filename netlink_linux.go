package socket

import (
	"github.com/bsdsock/socket/internal/sockaddr"
	"golang.org/x/sys/unix"
)

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

// NetlinkAddr returns the AF_NETLINK address (struct sockaddr_nl) with
// port ID pid and multicast group mask groups, Python's (pid, groups)
// tuple. Bound with pid 0, a socket gets a port ID from the kernel
// (Getsockname reads it back); sent to, pid 0 is the kernel itself. It
// makes no system call and does not allocate. Linux only.
func NetlinkAddr(pid, groups uint32) Addr {
	var a Addr
	a.len = sockaddr.PutNetlink(&a.raw, pid, groups)
	return a
}

// Netlink returns the port ID and multicast group mask of an AF_NETLINK
// address (struct sockaddr_nl), Python's (pid, groups) tuple; ok is false
// for another family or an address too short to be a sockaddr_nl. It makes
// no system call and does not allocate. Linux only.
func (a Addr) Netlink() (pid, groups uint32, ok bool) {
	if a.Family() != AF_NETLINK {
		return 0, 0, false
	}
	return sockaddr.Netlink(&a.raw, a.len)
}
