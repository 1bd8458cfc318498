package socket

// OpenBSD has no per-socket keepalive options (tcp(4)): these keys make
// the calls fail with ENOPROTOOPT before any system call (checkOpt).
var (
	tcpKeepCnt   = sockopt{SOL_TCP, optAbsent, "TCP_KEEPCNT"}
	tcpKeepIdle  = sockopt{SOL_TCP, optAbsent, "TCP_KEEPIDLE"}
	tcpKeepIntvl = sockopt{SOL_TCP, optAbsent, "TCP_KEEPINTVL"}
)
