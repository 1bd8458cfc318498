package socket

import (
	"context"

	"golang.org/x/sys/unix"
)

// ErrMsg is one message of the socket's error queue, as RecvErrQueue
// received it: the Msg (N bytes of the datagram the message is about
// copied into p, the control bytes, MSG_ERRQUEUE and MSG_TRUNC in Flags,
// and in From the datagram's destination) and its control messages
// decoded (Err, and for a transmit timestamp Timestamping).
type ErrMsg struct {
	Msg
	ControlInfo
}

// RecvErrQueue receives one message of the socket's error queue with
// recvmsg(2) and MSG_ERRQUEUE, the data into p and the control messages
// into oob, and decodes them. Linux queues there what it has to say about
// the sends of the socket: ICMP errors, with SetRecvErr or SetRecvErrV6;
// transmit timestamps, with SetTimestamping; completions of MSG_ZEROCOPY
// sends, with SetZerocopy. Size oob for one message: CmsgSpace(16+28)
// holds any error with its offender; add CmsgSpace(48) for the
// timestamps. p receives the start of the datagram the message is about
// (none for zero-copy completions), and may be empty.
//
// It reads the queue at once, without waiting for either direction's
// turn: a goroutine blocked in Recv, or sending, on the same socket
// delays it not at all. When the queue is empty, a blocking socket waits,
// without a thread, until the kernel queues a message (epoll's EPOLLERR),
// a socket with a timeout waits at most that long, and a non-blocking
// socket (or MSG_DONTWAIT in flags) fails with EAGAIN. The read deadline
// (SetReadDeadline, SetDeadline) bounds the wait, as it bounds Recv: a
// passed deadline, or a done context, fails the call even with a message
// queued. The first wait on a socket makes an epoll instance that watches
// it for errors alone (one descriptor), to wait apart from the data calls
// (docs/design.md, "The error queue").
//
// A message on the queue does not fail the socket's ordinary receives, and
// does not end a Recv waiting for data. But an ICMP error about a UDP
// datagram also sets the socket's pending error (SO_ERROR), as Linux does
// for a connected socket, or any socket with IP_RECVERR: the next Recv,
// Send or GetsockoptInt(SOL_SOCKET, SO_ERROR) reports it once (for a port
// unreachable, ECONNREFUSED) and clears it, whether or not the queue was
// read; the message stays on the queue.
//
// Python has no method for it: recvmsg with MSG_ERRQUEUE returns the raw
// bytes (Recvmsg does too). Linux only.
func (s *Socket) RecvErrQueue(p, oob []byte, flags MsgFlag) (ErrMsg, error) {
	return s.recvErrQueue(context.Background(), p, oob, flags)
}

// RecvErrQueueContext is RecvErrQueue (recvmsg(2) with MSG_ERRQUEUE),
// interrupted when ctx is done (see RecvContext).
//
// Linux only.
func (s *Socket) RecvErrQueueContext(ctx context.Context, p, oob []byte, flags MsgFlag) (ErrMsg, error) {
	if err := s.checkContext("recverrqueue", ctx); err != nil {
		return ErrMsg{}, err
	}
	return s.recvErrQueue(ctx, p, oob, flags)
}

func (s *Socket) recvErrQueue(ctx context.Context, p, oob []byte, flags MsgFlag) (ErrMsg, error) {
	const op = "recverrqueue"
	if err := s.checkOpen(op); err != nil {
		return ErrMsg{}, err
	}
	if err := s.checkFlags(op, flags); err != nil {
		return ErrMsg{}, err
	}
	var m ErrMsg
	r, err := s.fd.RecvErrQueue(ctx, s.recvMode(flags), nil, p, oob, int(flags), &m.From.raw)
	if err != nil {
		return m, s.callError(op, "recvmsg", nil, err)
	}
	m.N, m.OOBN, m.Flags = r.N, r.OOBN, MsgFlag(r.Flags)
	m.From.setLen(r.FromLen)
	if m.ControlInfo, err = ParseControl(oob[:m.OOBN]); err != nil {
		return m, s.opError(op, nil, err)
	}
	return m, nil
}

// The options of the error queue.
var (
	ipRecvErr      = sockopt{SOL_IP, IP_RECVERR, "IP_RECVERR"}
	ip6RecvErr     = sockopt{SOL_IPV6, IPV6_RECVERR, "IPV6_RECVERR"}
	soTimestamping = sockopt{SOL_SOCKET, SO_TIMESTAMPING, "SO_TIMESTAMPING"}
	soZerocopy     = sockopt{SOL_SOCKET, SO_ZEROCOPY, "SO_ZEROCOPY"}
)

// SetRecvErr sets IP_RECVERR (SOL_IP) with setsockopt(2): the ICMP errors
// about the IPv4 datagrams the socket sends, and the local errors of its
// sends, are then queued on its error queue with the router that reported
// them (RecvErrQueue), as traceroute and tracepath read them without
// privileges. Without it Linux reports only the errors of a connected
// socket, as the pending error of the next call. See ip(7).
//
// Linux only.
func (s *Socket) SetRecvErr(on bool) error { return s.setBool(ipRecvErr, on) }

// RecvErr reports IP_RECVERR (SOL_IP) with getsockopt(2).
//
// Linux only.
func (s *Socket) RecvErr() (bool, error) { return s.getBool(ipRecvErr) }

// SetRecvErrV6 sets IPV6_RECVERR (SOL_IPV6) with setsockopt(2): SetRecvErr
// for the ICMPv6 errors about the IPv6 datagrams the socket sends. See
// ipv6(7).
//
// Linux only.
func (s *Socket) SetRecvErrV6(on bool) error { return s.setBool(ip6RecvErr, on) }

// RecvErrV6 reports IPV6_RECVERR (SOL_IPV6) with getsockopt(2).
//
// Linux only.
func (s *Socket) RecvErrV6() (bool, error) { return s.getBool(ip6RecvErr) }

// TimestampingFlags are SO_TIMESTAMPING's flags: which timestamps the
// kernel takes, which it reports, and how (the kernel's
// Documentation/networking/timestamping.rst).
type TimestampingFlags uint32

// The flags of SO_TIMESTAMPING. The TX_ and RX_ flags say what to stamp;
// SOFTWARE and RAW_HARDWARE say which times to report (a software time
// and a device time, Timestamps.Software and Hardware); the OPT_ flags
// change what comes with them. Hardware stamps also need the device
// turned on with the SIOCSHWTSTAMP ioctl (hwstamp_ctl, or ethtool's -T to
// see what it can do).
const (
	SOF_TIMESTAMPING_TX_HARDWARE  TimestampingFlags = unix.SOF_TIMESTAMPING_TX_HARDWARE  // stamp sends in the device
	SOF_TIMESTAMPING_TX_SOFTWARE  TimestampingFlags = unix.SOF_TIMESTAMPING_TX_SOFTWARE  // stamp sends as they leave for the device
	SOF_TIMESTAMPING_RX_HARDWARE  TimestampingFlags = unix.SOF_TIMESTAMPING_RX_HARDWARE  // stamp receives in the device
	SOF_TIMESTAMPING_RX_SOFTWARE  TimestampingFlags = unix.SOF_TIMESTAMPING_RX_SOFTWARE  // stamp receives as they come from the device
	SOF_TIMESTAMPING_SOFTWARE     TimestampingFlags = unix.SOF_TIMESTAMPING_SOFTWARE     // report software times
	SOF_TIMESTAMPING_RAW_HARDWARE TimestampingFlags = unix.SOF_TIMESTAMPING_RAW_HARDWARE // report device times
	SOF_TIMESTAMPING_OPT_ID       TimestampingFlags = unix.SOF_TIMESTAMPING_OPT_ID       // number each send (ExtendedErr.Timestamp)
	SOF_TIMESTAMPING_TX_SCHED     TimestampingFlags = unix.SOF_TIMESTAMPING_TX_SCHED     // stamp sends entering the packet scheduler
	SOF_TIMESTAMPING_TX_ACK       TimestampingFlags = unix.SOF_TIMESTAMPING_TX_ACK       // stamp TCP sends when all is acknowledged
	SOF_TIMESTAMPING_OPT_CMSG     TimestampingFlags = unix.SOF_TIMESTAMPING_OPT_CMSG     // IP_PKTINFO with error-queue messages
	SOF_TIMESTAMPING_OPT_TSONLY   TimestampingFlags = unix.SOF_TIMESTAMPING_OPT_TSONLY   // queue the timestamp without the sent packet
	SOF_TIMESTAMPING_OPT_STATS    TimestampingFlags = unix.SOF_TIMESTAMPING_OPT_STATS    // TCP statistics with the timestamp
	SOF_TIMESTAMPING_OPT_PKTINFO  TimestampingFlags = unix.SOF_TIMESTAMPING_OPT_PKTINFO  // the receiving interface with hardware stamps
	SOF_TIMESTAMPING_OPT_TX_SWHW  TimestampingFlags = unix.SOF_TIMESTAMPING_OPT_TX_SWHW  // both software and hardware transmit stamps
)

// SetTimestamping sets SO_TIMESTAMPING (SOL_SOCKET) with setsockopt(2) to
// flags: the kernel then stamps received packets, reported with each
// as an SCM_TIMESTAMPING control message (ParseControl's Timestamping), and
// sends, reported on the error queue (RecvErrQueue: the times in
// Timestamping, which send in Err.Timestamp). With
// SOF_TIMESTAMPING_OPT_ID the kernel numbers the sends from the moment the
// option is set. 0 turns stamping off. See socket(7).
//
// Python has the constant but no typed method. Linux only.
func (s *Socket) SetTimestamping(flags TimestampingFlags) error {
	return s.setInt(soTimestamping, int(flags))
}

// Timestamping reports SO_TIMESTAMPING (SOL_SOCKET) with getsockopt(2).
//
// Linux only.
func (s *Socket) Timestamping() (TimestampingFlags, error) {
	v, err := s.getInt(soTimestamping)
	return TimestampingFlags(v), err
}

// SetZerocopy sets SO_ZEROCOPY (SOL_SOCKET) with setsockopt(2): a send
// with MSG_ZEROCOPY then hands the caller's pages to the device instead of
// copying them, and the buffer must not be written until the send's
// completion comes on the error queue (RecvErrQueue, Err.Zerocopy says
// which sends are done). Without it MSG_ZEROCOPY is ignored. It pays for
// large sends (about 10 KB and up); a small one costs more than the copy.
// TCP, UDP and raw sockets. See the kernel's msg_zerocopy.rst.
//
// Linux only.
func (s *Socket) SetZerocopy(on bool) error { return s.setBool(soZerocopy, on) }

// Zerocopy reports SO_ZEROCOPY (SOL_SOCKET) with getsockopt(2).
//
// Linux only.
func (s *Socket) Zerocopy() (bool, error) { return s.getBool(soZerocopy) }
