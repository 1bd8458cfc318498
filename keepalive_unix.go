//go:build dragonfly || freebsd || linux || netbsd

package socket

import "golang.org/x/sys/unix"

// The keepalive options under their names of Linux's tcp(7), FreeBSD's
// and NetBSD's tcp(4), as Go's src/net/tcpsockopt_unix.go sets them.
var (
	tcpKeepCnt   = sockopt{SOL_TCP, unix.TCP_KEEPCNT, "TCP_KEEPCNT"}
	tcpKeepIdle  = sockopt{SOL_TCP, unix.TCP_KEEPIDLE, "TCP_KEEPIDLE"}
	tcpKeepIntvl = sockopt{SOL_TCP, unix.TCP_KEEPINTVL, "TCP_KEEPINTVL"}
)
