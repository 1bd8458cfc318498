package socket

import (
	"net/netip"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// ErrOrigin is where a message of the error queue comes from: struct
// sock_extended_err's ee_origin (<linux/errqueue.h>).
type ErrOrigin uint8

// The origins of error-queue messages, with the kernel's names.
const (
	SO_EE_ORIGIN_NONE         ErrOrigin = 0 // none
	SO_EE_ORIGIN_LOCAL        ErrOrigin = 1 // the local stack: a send too big for the path MTU, EMSGSIZE
	SO_EE_ORIGIN_ICMP         ErrOrigin = 2 // an ICMP error about a datagram the socket sent (IP_RECVERR)
	SO_EE_ORIGIN_ICMP6        ErrOrigin = 3 // an ICMPv6 error (IPV6_RECVERR)
	SO_EE_ORIGIN_TIMESTAMPING ErrOrigin = 4 // a transmit timestamp (SO_TIMESTAMPING)
	SO_EE_ORIGIN_ZEROCOPY     ErrOrigin = 5 // sends done with the caller's pages (MSG_ZEROCOPY)
	SO_EE_ORIGIN_TXTIME       ErrOrigin = 6 // a send dropped by SO_TXTIME scheduling
)

// String returns the kernel's name of the origin.
func (o ErrOrigin) String() string {
	switch o {
	case SO_EE_ORIGIN_NONE:
		return "SO_EE_ORIGIN_NONE"
	case SO_EE_ORIGIN_LOCAL:
		return "SO_EE_ORIGIN_LOCAL"
	case SO_EE_ORIGIN_ICMP:
		return "SO_EE_ORIGIN_ICMP"
	case SO_EE_ORIGIN_ICMP6:
		return "SO_EE_ORIGIN_ICMP6"
	case SO_EE_ORIGIN_TIMESTAMPING:
		return "SO_EE_ORIGIN_TIMESTAMPING"
	case SO_EE_ORIGIN_ZEROCOPY:
		return "SO_EE_ORIGIN_ZEROCOPY"
	case SO_EE_ORIGIN_TXTIME:
		return "SO_EE_ORIGIN_TXTIME"
	}
	return "ErrOrigin(" + strconv.Itoa(int(o)) + ")"
}

// ExtendedErr is one error-queue message's struct sock_extended_err, the
// data of its IP_RECVERR or IPV6_RECVERR control message, with the address
// that follows it (SO_EE_OFFENDER), decoded by ParseControl. What Type,
// Code, Info and Data mean depends on Origin:
//
//   - ICMP, ICMP6: the ICMP type and code of the error; Info the next-hop
//     MTU of "fragmentation needed" and "packet too big" (MTU); Offender the
//     router or host that sent it; Errno what the kernel made of it
//     (ECONNREFUSED for a port unreachable, EHOSTUNREACH, EMSGSIZE, ...).
//   - LOCAL: Errno EMSGSIZE and Info the path MTU, for a send larger than it
//     with IP_PMTUDISC_DO.
//   - TIMESTAMPING: Errno ENOMSG; Info which moment was stamped
//     (SCM_TSTAMP_SND, SCM_TSTAMP_SCHED, SCM_TSTAMP_ACK); Data the send's id
//     with SOF_TIMESTAMPING_OPT_ID (Timestamp). The times are in
//     ControlInfo.Timestamping.
//   - ZEROCOPY: Errno 0; the sends numbered Info to Data are done with the
//     caller's buffers; Code SO_EE_CODE_ZEROCOPY_COPIED when the kernel
//     copied after all (Zerocopy).
//
// It is an error value: errors.Is(e, unix.ECONNREFUSED) tests its Errno.
type ExtendedErr struct {
	Errno    unix.Errno // ee_errno
	Origin   ErrOrigin  // ee_origin
	Type     uint8      // ee_type
	Code     uint8      // ee_code
	Info     uint32     // ee_info
	Data     uint32     // ee_data
	Offender netip.Addr // SO_EE_OFFENDER: who reported an ICMP error; invalid when none
}

// The moments a transmit timestamp records (ExtendedErr.Info with origin
// SO_EE_ORIGIN_TIMESTAMPING): when the device took the packet
// (SOF_TIMESTAMPING_TX_SOFTWARE or _HARDWARE), when it entered the packet
// scheduler (SOF_TIMESTAMPING_TX_SCHED), when the peer acknowledged all
// of it (SOF_TIMESTAMPING_TX_ACK, TCP).
const (
	SCM_TSTAMP_SND   = 0
	SCM_TSTAMP_SCHED = 1
	SCM_TSTAMP_ACK   = 2
)

// SO_EE_CODE_ZEROCOPY_COPIED is ExtendedErr.Code of a zero-copy
// completion whose sends the kernel copied after all: always on loopback,
// and on devices without scatter-gather or checksum offload. The buffers
// are free either way; a sender that keeps seeing it gains nothing from
// MSG_ZEROCOPY and may stop asking.
const SO_EE_CODE_ZEROCOPY_COPIED = 1

// Error describes the error as the kernel's origin, ICMP type and code,
// offender and errno would.
func (e ExtendedErr) Error() string {
	s := e.Origin.String()
	switch e.Origin {
	case SO_EE_ORIGIN_ICMP, SO_EE_ORIGIN_ICMP6:
		s += " type " + strconv.Itoa(int(e.Type)) + " code " + strconv.Itoa(int(e.Code))
		if e.Offender.IsValid() {
			s += " from " + e.Offender.String()
		}
	case SO_EE_ORIGIN_ZEROCOPY:
		lo, hi, copied, _ := e.Zerocopy()
		s += " " + strconv.FormatUint(uint64(lo), 10) + ".." + strconv.FormatUint(uint64(hi), 10)
		if copied {
			s += " copied"
		}
		return s
	case SO_EE_ORIGIN_TIMESTAMPING:
		return s + " id " + strconv.FormatUint(uint64(e.Data), 10)
	}
	if e.Errno != 0 {
		s += ": " + e.Errno.Error()
	}
	return s
}

// Unwrap returns the errno, so that errors.Is(e, unix.ECONNREFUSED) works.
func (e ExtendedErr) Unwrap() error {
	if e.Errno == 0 {
		return nil
	}
	return e.Errno
}

// MTU returns the next-hop MTU an ICMP "fragmentation needed" (type 3 code
// 4) or ICMPv6 "packet too big" (type 2) reported, or the path MTU a local
// EMSGSIZE reported; 0 for any other message.
func (e ExtendedErr) MTU() int {
	switch {
	case e.Origin == SO_EE_ORIGIN_ICMP && e.Type == 3 && e.Code == 4,
		e.Origin == SO_EE_ORIGIN_ICMP6 && e.Type == 2,
		e.Origin == SO_EE_ORIGIN_LOCAL && e.Errno == unix.EMSGSIZE:
		return int(e.Info)
	}
	return 0
}

// Zerocopy returns the range of MSG_ZEROCOPY sends a completion covers,
// lo to hi inclusive, and whether the kernel copied their data after all;
// ok is false for a message of another origin. The kernel numbers the
// socket's successful MSG_ZEROCOPY sends from 0, one number per send call
// that moved data (32 bits, wrapping); a send that failed takes none. The
// buffer of send k may be written again once a completion with lo <= k <=
// hi has been received, and not before: until then the device may still
// read it. Completions of neighbouring sends are merged into one range.
func (e ExtendedErr) Zerocopy() (lo, hi uint32, copied, ok bool) {
	if e.Origin != SO_EE_ORIGIN_ZEROCOPY {
		return 0, 0, false, false
	}
	return e.Info, e.Data, e.Code&SO_EE_CODE_ZEROCOPY_COPIED != 0, true
}

// Timestamp returns which moment a transmit timestamp records
// (SCM_TSTAMP_SND, _SCHED, _ACK) and the id of the send it belongs to:
// with SOF_TIMESTAMPING_OPT_ID the kernel numbers a datagram socket's
// sends from 0, one per send call, and gives a stream socket's the byte
// offset of the send's last byte; ok is false for a message of another
// origin.
func (e ExtendedErr) Timestamp() (moment int, id uint32, ok bool) {
	if e.Origin != SO_EE_ORIGIN_TIMESTAMPING {
		return 0, 0, false
	}
	return int(e.Info), e.Data, true
}

// Timestamps are the times of an SCM_TIMESTAMPING control message (struct
// scm_timestamping): the kernel's software time and the device's hardware
// time, and between them a field the kernel no longer fills; a zero Time
// was not reported. On a received packet they are when
// it arrived (SOF_TIMESTAMPING_RX_SOFTWARE, _RX_HARDWARE); on an
// error-queue message, the moment ExtendedErr.Timestamp names.
type Timestamps struct {
	Software time.Time // ts[0], with SOF_TIMESTAMPING_SOFTWARE
	Legacy   time.Time // ts[1], the device's time in system time: zero since Linux 3.17
	Hardware time.Time // ts[2], with SOF_TIMESTAMPING_RAW_HARDWARE
}
