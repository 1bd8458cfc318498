package socket

import (
	"math"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// The options of level SOL_SOCKET that this file's typed methods read and
// set, each with one getsockopt(2) or setsockopt(2) call.
var (
	soAcceptConn = sockopt{SOL_SOCKET, SO_ACCEPTCONN, "SO_ACCEPTCONN"}
	soBroadcast  = sockopt{SOL_SOCKET, SO_BROADCAST, "SO_BROADCAST"}
	soError      = sockopt{SOL_SOCKET, SO_ERROR, "SO_ERROR"}
	soKeepAlive  = sockopt{SOL_SOCKET, SO_KEEPALIVE, "SO_KEEPALIVE"}
	soLinger     = sockopt{SOL_SOCKET, SO_LINGER, "SO_LINGER"}
	soOOBInline  = sockopt{SOL_SOCKET, SO_OOBINLINE, "SO_OOBINLINE"}
	soRcvBuf     = sockopt{SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF"}
	soRcvLowat   = sockopt{SOL_SOCKET, SO_RCVLOWAT, "SO_RCVLOWAT"}
	soRcvTimeo   = sockopt{SOL_SOCKET, SO_RCVTIMEO, "SO_RCVTIMEO"}
	soReuseAddr  = sockopt{SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR"}
	soReusePort  = sockopt{SOL_SOCKET, SO_REUSEPORT, "SO_REUSEPORT"}
	soSndBuf     = sockopt{SOL_SOCKET, SO_SNDBUF, "SO_SNDBUF"}
	soSndTimeo   = sockopt{SOL_SOCKET, SO_SNDTIMEO, "SO_SNDTIMEO"}
	soType       = sockopt{SOL_SOCKET, SO_TYPE, "SO_TYPE"}
)

// SetReuseAddr sets SO_REUSEADDR (SOL_SOCKET) with setsockopt(2). On a TCP
// socket it lets Bind take a local address still held by connections in
// TIME_WAIT, so a restarted server can bind its port at once; set it before
// Bind. It does not let two listeners share a port (see SetReusePort).
func (s *Socket) SetReuseAddr(on bool) error { return s.setBool(soReuseAddr, on) }

// ReuseAddr reports SO_REUSEADDR (SOL_SOCKET) with getsockopt(2).
func (s *Socket) ReuseAddr() (bool, error) { return s.getBool(soReuseAddr) }

// SetReusePort sets SO_REUSEPORT (SOL_SOCKET) with setsockopt(2): sockets of
// the same user that all set it before Bind may bind the same address and
// port, and the kernel spreads incoming connections or datagrams among them
// by a hash of the sender's address and port.
func (s *Socket) SetReusePort(on bool) error { return s.setBool(soReusePort, on) }

// ReusePort reports SO_REUSEPORT (SOL_SOCKET) with getsockopt(2).
func (s *Socket) ReusePort() (bool, error) { return s.getBool(soReusePort) }

// SetKeepAlive sets SO_KEEPALIVE (SOL_SOCKET) with setsockopt(2): a TCP
// connection idle for KeepIdle sends probes every KeepInterval and is reset
// after KeepCount unanswered ones.
func (s *Socket) SetKeepAlive(on bool) error { return s.setBool(soKeepAlive, on) }

// KeepAlive reports SO_KEEPALIVE (SOL_SOCKET) with getsockopt(2).
func (s *Socket) KeepAlive() (bool, error) { return s.getBool(soKeepAlive) }

// SetBroadcast sets SO_BROADCAST (SOL_SOCKET) with setsockopt(2): without
// it, sending a datagram to a broadcast address fails with EACCES.
func (s *Socket) SetBroadcast(on bool) error { return s.setBool(soBroadcast, on) }

// Broadcast reports SO_BROADCAST (SOL_SOCKET) with getsockopt(2).
func (s *Socket) Broadcast() (bool, error) { return s.getBool(soBroadcast) }

// SetOOBInline sets SO_OOBINLINE (SOL_SOCKET) with setsockopt(2): TCP urgent
// data is then received in the normal stream instead of with MSG_OOB.
func (s *Socket) SetOOBInline(on bool) error { return s.setBool(soOOBInline, on) }

// OOBInline reports SO_OOBINLINE (SOL_SOCKET) with getsockopt(2).
func (s *Socket) OOBInline() (bool, error) { return s.getBool(soOOBInline) }

// SetRecvBuffer sets the receive buffer size SO_RCVBUF (SOL_SOCKET), in
// bytes, with setsockopt(2). The kernel doubles the value to leave room for
// its own bookkeeping and clamps it between a small minimum (a few KiB) and
// twice net.core.rmem_max, so RecvBuffer returns 2*n, not n: after
// SetRecvBuffer(65536), RecvBuffer gives 131072. Set it before Listen or
// Connect for it to shape the TCP window. A negative n is refused (EINVAL).
func (s *Socket) SetRecvBuffer(n int) error { return s.setSize(soRcvBuf, n) }

// RecvBuffer returns the receive buffer size SO_RCVBUF (SOL_SOCKET), in
// bytes, with getsockopt(2): the doubled value SetRecvBuffer describes.
func (s *Socket) RecvBuffer() (int, error) { return s.getInt(soRcvBuf) }

// SetSendBuffer sets the send buffer size SO_SNDBUF (SOL_SOCKET), in bytes,
// with setsockopt(2). As with SetRecvBuffer the kernel doubles the value and
// clamps it, to twice net.core.wmem_max here.
func (s *Socket) SetSendBuffer(n int) error { return s.setSize(soSndBuf, n) }

// SendBuffer returns the send buffer size SO_SNDBUF (SOL_SOCKET), in bytes,
// with getsockopt(2): the doubled value.
func (s *Socket) SendBuffer() (int, error) { return s.getInt(soSndBuf) }

// setSize sets a size in bytes, refusing a negative one: the kernel reads
// it as a huge unsigned number and silently sets its maximum (twice
// net.core.rmem_max or wmem_max), which a caller asking for -1 never meant.
func (s *Socket) setSize(o sockopt, n int) error {
	if n < 0 {
		return s.opError("setsockopt", nil, argError(o.name, strconv.Itoa(n)+" is negative", unix.EINVAL))
	}
	return s.setInt(o, n)
}

// SetRecvLowat sets SO_RCVLOWAT (SOL_SOCKET), in bytes, with setsockopt(2):
// a stream socket is not readable, and a receive does not return, until that
// many bytes are queued (or end of stream, an error, a timeout). The kernel
// treats 0 as 1.
func (s *Socket) SetRecvLowat(n int) error { return s.setInt(soRcvLowat, n) }

// RecvLowat returns SO_RCVLOWAT (SOL_SOCKET), in bytes, with getsockopt(2).
func (s *Socket) RecvLowat() (int, error) { return s.getInt(soRcvLowat) }

// SetLinger sets SO_LINGER (SOL_SOCKET) with setsockopt(2). With on, Close
// of a TCP socket with unsent data waits until the peer has acknowledged
// it or d (seconds, rounded up) has passed, and, with d = 0, resets the
// connection at once (RST) instead of the orderly FIN. Linux makes that
// wait in close(2) even though every Socket is non-blocking at the OS
// level, so Close blocks its goroutine (and an OS thread) for up to d, as
// net.TCPConn's Close does after SetLinger. A negative d is refused
// (EINVAL).
func (s *Socket) SetLinger(on bool, d time.Duration) error {
	secs, ok := durationUnits(d, time.Second)
	if !ok {
		return s.opError("setsockopt", nil, argError("SO_LINGER", d.String()+" is negative or too long", unix.EINVAL))
	}
	l := unix.Linger{Linger: int32(secs)}
	if on {
		l.Onoff = 1
	}
	return setStruct(s, soLinger, &l)
}

// Linger returns SO_LINGER (SOL_SOCKET) with getsockopt(2): whether it is on
// and the linger time, in whole seconds.
func (s *Socket) Linger() (on bool, d time.Duration, err error) {
	var l unix.Linger
	_, err = getStruct(s, soLinger, &l)
	return l.Onoff != 0, time.Duration(l.Linger) * time.Second, err
}

// SetRecvTimeout sets SO_RCVTIMEO (SOL_SOCKET), a struct timeval (d is
// rounded up to microseconds; 0 means none), with setsockopt(2). The kernel
// keeps it in clock ticks, so RecvTimeout reads it back rounded up to a tick
// (1 to 10 ms, by the kernel's HZ).
//
// It does not bound this package's calls: every Socket is non-blocking at
// the OS level, and the kernel applies SO_RCVTIMEO only to receives that
// block inside the kernel. Use SetTimeout, which is how Python's settimeout
// works too. The option matters only to another owner of the descriptor
// that makes it blocking (a child process after Detach, C code). A negative
// d is refused (EINVAL).
func (s *Socket) SetRecvTimeout(d time.Duration) error { return s.setTimeval(soRcvTimeo, d) }

// RecvTimeout returns SO_RCVTIMEO (SOL_SOCKET) with getsockopt(2); 0 means
// none. See SetRecvTimeout for why it does not affect Recv.
func (s *Socket) RecvTimeout() (time.Duration, error) { return s.getTimeval(soRcvTimeo) }

// SetSendTimeout sets SO_SNDTIMEO (SOL_SOCKET) with setsockopt(2), as
// SetRecvTimeout does SO_RCVTIMEO. Like it, it does not bound this package's
// sends or connects; use SetTimeout.
func (s *Socket) SetSendTimeout(d time.Duration) error { return s.setTimeval(soSndTimeo, d) }

// SendTimeout returns SO_SNDTIMEO (SOL_SOCKET) with getsockopt(2); 0 means
// none.
func (s *Socket) SendTimeout() (time.Duration, error) { return s.getTimeval(soSndTimeo) }

func (s *Socket) setTimeval(o sockopt, d time.Duration) error {
	if d < 0 {
		return s.opError("setsockopt", nil, argError(o.name, d.String()+" is negative", unix.EINVAL))
	}
	// NsecToTimeval rounds up to whole microseconds, so a positive timeout
	// never becomes 0, which means none. Its rounding adds 999 ns, which
	// would wrap the largest Durations (time.Duration(math.MaxInt64), a
	// common "forever") negative, and the kernel takes a negative timeval
	// as 0 ticks: a blocking receive would fail with EAGAIN at once.
	tv := unix.NsecToTimeval(int64(min(d, math.MaxInt64-999)))
	return setStruct(s, o, &tv)
}

func (s *Socket) getTimeval(o sockopt) (time.Duration, error) {
	var tv unix.Timeval
	_, err := getStruct(s, o, &tv)
	return time.Duration(tv.Nano()), err
}

// TakeError returns and clears the socket's pending error SO_ERROR
// (SOL_SOCKET) with getsockopt(2): the errno of an asynchronous failure,
// such as the ECONNREFUSED of a non-blocking Connect, or 0. The kernel
// clears it on reading, so a second call returns 0 (socket2's take_error;
// Python reads it with getsockopt). The error result is that of
// getsockopt(2) itself.
func (s *Socket) TakeError() (unix.Errno, error) {
	v, err := s.getInt(soError)
	return unix.Errno(v), err
}

// AcceptConn reports SO_ACCEPTCONN (SOL_SOCKET), whether the socket is
// listening, with getsockopt(2). It is read-only.
func (s *Socket) AcceptConn() (bool, error) { return s.getBool(soAcceptConn) }

// SoType reads the option SO_TYPE (SOL_SOCKET), the socket type as the
// kernel reports it, with getsockopt(2). It is read-only; Type returns the
// type the Socket was made with, without a system call.
func (s *Socket) SoType() (Type, error) {
	v, err := s.getInt(soType)
	return Type(v), err
}
