package socket

import (
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// tcpCANameMax is TCP_CA_NAME_MAX, the size of an algorithm's name.
const tcpCANameMax = 16

// The options of level SOL_TCP whose typed methods only Linux has.
var (
	tcpCongestion      = sockopt{SOL_TCP, TCP_CONGESTION, "TCP_CONGESTION"}
	tcpCork            = sockopt{SOL_TCP, TCP_CORK, "TCP_CORK"}
	tcpFastOpen        = sockopt{SOL_TCP, TCP_FASTOPEN, "TCP_FASTOPEN"}
	tcpFastOpenConnect = sockopt{SOL_TCP, TCP_FASTOPEN_CONNECT, "TCP_FASTOPEN_CONNECT"}
	tcpInfo            = sockopt{SOL_TCP, TCP_INFO, "TCP_INFO"}
	tcpNotSentLowat    = sockopt{SOL_TCP, TCP_NOTSENT_LOWAT, "TCP_NOTSENT_LOWAT"}
	tcpQuickAck        = sockopt{SOL_TCP, TCP_QUICKACK, "TCP_QUICKACK"}
	tcpUserTimeout     = sockopt{SOL_TCP, TCP_USER_TIMEOUT, "TCP_USER_TIMEOUT"}
)

// SetCork sets TCP_CORK (SOL_TCP) with setsockopt(2): while on, only full
// segments are sent; turning it off sends what is queued. Corked data waits
// at most 200 ms.
//
// Linux only.
func (s *Socket) SetCork(on bool) error { return s.setBool(tcpCork, on) }

// Cork reports TCP_CORK (SOL_TCP) with getsockopt(2).
//
// Linux only.
func (s *Socket) Cork() (bool, error) { return s.getBool(tcpCork) }

// SetQuickAck sets TCP_QUICKACK (SOL_TCP) with setsockopt(2): on sends
// acknowledgements at once instead of delaying them. The setting is not
// permanent: the kernel returns to delayed acks when it judges the
// connection interactive, so set it again after each receive if it matters.
// A new socket reads as on.
//
// Linux only.
func (s *Socket) SetQuickAck(on bool) error { return s.setBool(tcpQuickAck, on) }

// QuickAck reports TCP_QUICKACK (SOL_TCP) with getsockopt(2): whether the
// connection is in quick-ack mode now.
//
// Linux only.
func (s *Socket) QuickAck() (bool, error) { return s.getBool(tcpQuickAck) }

// SetUserTimeout sets TCP_USER_TIMEOUT (SOL_TCP) with setsockopt(2): how
// long sent data may stay unacknowledged before the kernel drops the
// connection with ETIMEDOUT, in milliseconds (d is rounded up); 0 means the
// system default.
//
// Linux only.
func (s *Socket) SetUserTimeout(d time.Duration) error {
	return s.setDuration(tcpUserTimeout, d, time.Millisecond)
}

// UserTimeout returns TCP_USER_TIMEOUT (SOL_TCP), in whole milliseconds,
// with getsockopt(2).
//
// Linux only.
func (s *Socket) UserTimeout() (time.Duration, error) {
	return s.getDuration(tcpUserTimeout, time.Millisecond)
}

// SetCongestion selects the congestion control algorithm TCP_CONGESTION
// (SOL_TCP), such as "cubic", "reno" or "bbr", with setsockopt(2). Without
// CAP_NET_ADMIN only those in net.ipv4.tcp_allowed_congestion_control may be
// chosen (EPERM); an unknown name gives ENOENT.
//
// Linux only.
func (s *Socket) SetCongestion(name string) error {
	if len(name) >= tcpCANameMax {
		return s.opError("setsockopt", nil, argError("TCP_CONGESTION", strconv.Quote(name)+" is longer than an algorithm name", unix.ENOENT))
	}
	return s.setsockopt(tcpCongestion, []byte(name), 0)
}

// Congestion returns the congestion control algorithm TCP_CONGESTION
// (SOL_TCP) with getsockopt(2).
//
// Linux only.
func (s *Socket) Congestion() (string, error) { return s.getString(tcpCongestion, tcpCANameMax) }

// SetFastOpen sets TCP_FASTOPEN (SOL_TCP) on a listening socket (before or
// after Listen) with setsockopt(2): the length of its queue of TCP Fast Open
// connections not yet accepted, capped by SOMAXCONN; 0 turns server-side
// Fast Open off. net.ipv4.tcp_fastopen must allow the server side.
//
// Linux only.
func (s *Socket) SetFastOpen(qlen int) error { return s.setInt(tcpFastOpen, qlen) }

// FastOpen returns TCP_FASTOPEN (SOL_TCP) with getsockopt(2): the Fast Open
// queue length.
//
// Linux only.
func (s *Socket) FastOpen() (int, error) { return s.getInt(tcpFastOpen) }

// SetFastOpenConnect sets TCP_FASTOPEN_CONNECT (SOL_TCP) with setsockopt(2)
// on a client before Connect: the data of the first Send then travels in the
// SYN when the client holds a Fast Open cookie for the server.
//
// Linux only.
func (s *Socket) SetFastOpenConnect(on bool) error { return s.setBool(tcpFastOpenConnect, on) }

// FastOpenConnect reports TCP_FASTOPEN_CONNECT (SOL_TCP) with getsockopt(2).
//
// Linux only.
func (s *Socket) FastOpenConnect() (bool, error) { return s.getBool(tcpFastOpenConnect) }

// SetNotSentLowat sets TCP_NOTSENT_LOWAT (SOL_TCP) with setsockopt(2): the
// socket is writable only while fewer than n bytes are queued and not yet
// sent, which keeps a sender's data fresh (HTTP/2, streaming) without a huge
// send buffer. 0 uses net.ipv4.tcp_notsent_lowat.
//
// Linux only.
func (s *Socket) SetNotSentLowat(n int) error { return s.setInt(tcpNotSentLowat, n) }

// NotSentLowat returns TCP_NOTSENT_LOWAT (SOL_TCP), in bytes, with
// getsockopt(2).
//
// Linux only.
func (s *Socket) NotSentLowat() (int, error) { return s.getInt(tcpNotSentLowat) }

// TCPState is the state of a TCP connection, as TCPInfo reports it.
//
// Linux only.
type TCPState uint8

// TCP states, the stages of a connection's life (RFC 9293) as TCPInfo
// reports them: TCP_SYN_SENT during the handshake, TCP_ESTABLISHED while
// data flows, TCP_FIN_WAIT1 to TCP_TIME_WAIT while it closes. Under the
// kernel's names. Linux only.
const (
	TCP_ESTABLISHED  TCPState = unix.BPF_TCP_ESTABLISHED
	TCP_SYN_SENT     TCPState = unix.BPF_TCP_SYN_SENT
	TCP_SYN_RECV     TCPState = unix.BPF_TCP_SYN_RECV
	TCP_FIN_WAIT1    TCPState = unix.BPF_TCP_FIN_WAIT1
	TCP_FIN_WAIT2    TCPState = unix.BPF_TCP_FIN_WAIT2
	TCP_TIME_WAIT    TCPState = unix.BPF_TCP_TIME_WAIT
	TCP_CLOSE        TCPState = unix.BPF_TCP_CLOSE
	TCP_CLOSE_WAIT   TCPState = unix.BPF_TCP_CLOSE_WAIT
	TCP_LAST_ACK     TCPState = unix.BPF_TCP_LAST_ACK
	TCP_LISTEN       TCPState = unix.BPF_TCP_LISTEN
	TCP_CLOSING      TCPState = unix.BPF_TCP_CLOSING
	TCP_NEW_SYN_RECV TCPState = unix.BPF_TCP_NEW_SYN_RECV
)

var tcpStateNames = map[TCPState]string{
	TCP_ESTABLISHED: "ESTABLISHED", TCP_SYN_SENT: "SYN_SENT", TCP_SYN_RECV: "SYN_RECV",
	TCP_FIN_WAIT1: "FIN_WAIT1", TCP_FIN_WAIT2: "FIN_WAIT2", TCP_TIME_WAIT: "TIME_WAIT",
	TCP_CLOSE: "CLOSE", TCP_CLOSE_WAIT: "CLOSE_WAIT", TCP_LAST_ACK: "LAST_ACK",
	TCP_LISTEN: "LISTEN", TCP_CLOSING: "CLOSING", TCP_NEW_SYN_RECV: "NEW_SYN_RECV",
}

// String returns the state's name as ss(8) prints it, such as "ESTABLISHED".
//
// Linux only.
func (st TCPState) String() string {
	if n, ok := tcpStateNames[st]; ok {
		return n
	}
	return "TCPState(" + strconv.Itoa(int(st)) + ")"
}

// TCPInfo is what TCP_INFO reports about a connection, with times as
// time.Duration and the most used fields named; Raw holds every field as the
// kernel filled it, for the rest.
//
// Linux only.
type TCPInfo struct {
	State        TCPState
	CAState      uint8 // congestion-avoidance state: 0 open, 1 disorder, 2 CWR, 3 recovery, 4 loss
	Retransmits  uint8 // retransmission timeouts since the last acked data
	Probes       uint8 // unanswered zero-window or keepalive probes
	Backoff      uint8 // retransmission timer backoff exponent
	RTO          time.Duration
	ATO          time.Duration // delayed-ack timeout
	SndMSS       uint32        // bytes
	RcvMSS       uint32        // bytes
	Unacked      uint32        // segments sent, not yet acknowledged
	Lost         uint32        // segments thought lost
	Retrans      uint32        // segments being retransmitted
	PMTU         uint32        // bytes
	RTT          time.Duration // smoothed round-trip time
	RTTVar       time.Duration
	MinRTT       time.Duration
	SndCwnd      uint32 // congestion window, in segments
	SndSsthresh  uint32
	RcvSpace     uint32 // bytes
	TotalRetrans uint32 // segments retransmitted over the connection's life
	PacingRate   uint64 // bytes per second
	DeliveryRate uint64 // bytes per second
	BytesSent    uint64 // bytes sent, retransmissions included
	BytesAcked   uint64
	BytesRetrans uint64
	BytesRecv    uint64
	SegsOut      uint32
	SegsIn       uint32
	NotSent      uint32 // bytes queued and not yet sent
	SndWnd       uint32 // the peer's advertised window, in bytes
	RcvWnd       uint32 // our advertised window, in bytes

	// Raw is struct tcp_info as the kernel filled it.
	Raw unix.TCPInfo
	// Len is how many bytes of Raw the kernel filled: an older kernel fills
	// fewer, and the fields past Len are zero.
	Len int
}

// TCPInfo returns TCP_INFO (SOL_TCP) with getsockopt(2): the connection's
// state, round-trip times, windows and counters. Python's
// getsockopt(IPPROTO_TCP, TCP_INFO, n) returns the same bytes unparsed.
//
// Linux only.
func (s *Socket) TCPInfo() (TCPInfo, error) {
	var ti TCPInfo
	n, err := getStruct(s, tcpInfo, &ti.Raw)
	if err != nil {
		return TCPInfo{}, err
	}
	r := &ti.Raw
	us := func(v uint32) time.Duration { return time.Duration(v) * time.Microsecond }
	ti.State, ti.CAState, ti.Retransmits, ti.Probes, ti.Backoff = TCPState(r.State), r.Ca_state, r.Retransmits, r.Probes, r.Backoff
	ti.RTO, ti.ATO, ti.RTT, ti.RTTVar, ti.MinRTT = us(r.Rto), us(r.Ato), us(r.Rtt), us(r.Rttvar), us(r.Min_rtt)
	ti.SndMSS, ti.RcvMSS, ti.Unacked, ti.Lost, ti.Retrans = r.Snd_mss, r.Rcv_mss, r.Unacked, r.Lost, r.Retrans
	ti.PMTU, ti.SndCwnd, ti.SndSsthresh, ti.RcvSpace, ti.TotalRetrans = r.Pmtu, r.Snd_cwnd, r.Snd_ssthresh, r.Rcv_space, r.Total_retrans
	ti.PacingRate, ti.DeliveryRate = r.Pacing_rate, r.Delivery_rate
	ti.BytesSent, ti.BytesAcked, ti.BytesRetrans, ti.BytesRecv = r.Bytes_sent, r.Bytes_acked, r.Bytes_retrans, r.Bytes_received
	ti.SegsOut, ti.SegsIn, ti.NotSent, ti.SndWnd, ti.RcvWnd = r.Segs_out, r.Segs_in, r.Notsent_bytes, r.Snd_wnd, r.Rcv_wnd
	ti.Len = n
	return ti, nil
}
