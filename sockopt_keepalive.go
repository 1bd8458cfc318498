// The keepalive times are per-socket options on Linux, macOS, FreeBSD and
// NetBSD, under the names of keepalive_*.go. OpenBSD has only the
// system-wide sysctls net.inet.tcp.keepidle and keepintvl (tcp(4)): there
// the methods fail with ENOPROTOOPT without a system call, as Go's
// src/net/tcpsockopt_openbsd.go does.

package socket

import "time"

// SetKeepIdle sets how long a connection with SO_KEEPALIVE on stays idle
// before the first probe, in seconds (d is rounded up), with setsockopt(2)
// TCP_KEEPIDLE (SOL_TCP); on macOS the option is TCP_KEEPALIVE. Linux
// accepts 1 to 32767 seconds (EINVAL otherwise). OpenBSD: ENOPROTOOPT.
func (s *Socket) SetKeepIdle(d time.Duration) error {
	return s.setDuration(tcpKeepIdle, d, time.Second)
}

// KeepIdle returns the idle time before the first keepalive probe, in whole
// seconds, with getsockopt(2) TCP_KEEPIDLE (TCP_KEEPALIVE on macOS); before
// it is set, the system's default (tcp_keepalive_time on Linux).
func (s *Socket) KeepIdle() (time.Duration, error) { return s.getDuration(tcpKeepIdle, time.Second) }

// SetKeepInterval sets the time between keepalive probes, in seconds (d is
// rounded up; Linux accepts 1 to 32767), with setsockopt(2) TCP_KEEPINTVL
// (SOL_TCP). OpenBSD: ENOPROTOOPT.
func (s *Socket) SetKeepInterval(d time.Duration) error {
	return s.setDuration(tcpKeepIntvl, d, time.Second)
}

// KeepInterval returns the time between keepalive probes, in whole
// seconds, with getsockopt(2) TCP_KEEPINTVL (SOL_TCP).
func (s *Socket) KeepInterval() (time.Duration, error) {
	return s.getDuration(tcpKeepIntvl, time.Second)
}

// SetKeepCount sets how many unanswered keepalive probes reset the
// connection (Linux accepts 1 to 127), with setsockopt(2) TCP_KEEPCNT
// (SOL_TCP). OpenBSD: ENOPROTOOPT.
func (s *Socket) SetKeepCount(n int) error { return s.setInt(tcpKeepCnt, n) }

// KeepCount returns TCP_KEEPCNT (SOL_TCP) with getsockopt(2).
func (s *Socket) KeepCount() (int, error) { return s.getInt(tcpKeepCnt) }
