package socket

import "golang.org/x/sys/unix"

// The keepalive options of macOS's tcp(4): the idle time is TCP_KEEPALIVE,
// as Go's src/net/tcpsockopt_darwin.go sets it.
var (
	tcpKeepCnt   = sockopt{SOL_TCP, unix.TCP_KEEPCNT, "TCP_KEEPCNT"}
	tcpKeepIdle  = sockopt{SOL_TCP, unix.TCP_KEEPALIVE, "TCP_KEEPALIVE"}
	tcpKeepIntvl = sockopt{SOL_TCP, unix.TCP_KEEPINTVL, "TCP_KEEPINTVL"}
)
