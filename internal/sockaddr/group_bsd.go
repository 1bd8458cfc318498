//go:build dragonfly || freebsd || netbsd || openbsd

package sockaddr

import "unsafe"

// groupPad is the padding after gr_interface in struct group_req:
// sockaddr_storage holds an int64 (__ss_align in sys/socket.h), which
// aligns it (netinet/in.h, FreeBSD's ip(4) MCAST_JOIN_GROUP).
const groupPad = unsafe.Alignof(int64(0)) - 4
