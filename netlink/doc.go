// Package netlink frames the messages of AF_NETLINK sockets: the header
// every message starts with (struct nlmsghdr), a request appended to a
// caller's buffer, the messages of a reply walked in place, the kernel's
// NLMSG_ERROR and NLMSG_DONE answers turned into errors that unwrap to the
// errno, and the attributes (struct rtattr, struct nlattr) that follow a
// message's fixed part. It is what the kernel's NLMSG_* and RTA_* macros
// do in C. Nothing here makes a system call: the socket is the root
// package's,
//
//	s, _ := socket.New(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
//	s.Bind(socket.NetlinkAddr(0, 0)) // the kernel picks the port ID
//	req, _ := netlink.AppendMessage(nil, netlink.Header{Type: unix.RTM_GETLINK,
//		Flags: unix.NLM_F_REQUEST | unix.NLM_F_DUMP, Seq: 1}, ifinfomsg)
//	s.Sendto(req, 0, socket.NetlinkAddr(0, 0)) // pid 0: the kernel
//	n, _, _ := s.Recvfrom(buf, 0)
//	for m, err := range netlink.Messages(buf[:n]) { ... }
//
// and the payloads (struct ifinfomsg, struct rtmsg, ...) are the caller's:
// x/sys/unix has their layouts and constants (RTM_*, IFLA_*, NLM_F_*,
// NLMSG_*), which this package uses rather than repeats.
//
// # Why a package of its own
//
// The root package is Python's socket module, and Python has no netlink
// message helper (a Python program packs struct nlmsghdr itself with
// struct.pack). The framing is a protocol spoken over a socket, as the
// headers of raw/ and the control messages of unix/ are, so it sits beside
// them rather than in Python's API; and netlink is a family of protocols
// (routing, netfilter, generic netlink) whose helpers would grow here, not
// in the root.
//
// Walking a reply allocates nothing: Messages and Attrs yield views into
// the caller's buffer. Only an error allocates. A malformed buffer (a
// length that runs past its end, or is shorter than a header) is an error
// wrapping EINVAL, never a panic.
//
// Linux only: elsewhere the package is empty.
package netlink
