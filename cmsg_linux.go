package socket

import (
	"encoding/binary"
	"net/netip"
	"time"

	"golang.org/x/sys/unix"
)

// SCM_CREDENTIALS is the type of a control message of level SOL_SOCKET
// that carries a process's credentials (struct ucred: pid, uid, gid) over
// an AF_UNIX socket; the receiver gets it with SO_PASSCRED set (package
// unix's AppendCredentials and ParseCredentials). Linux only.
const SCM_CREDENTIALS = unix.SCM_CREDENTIALS

// decodeLinux decodes the control messages only Linux sends (IP_PKTINFO,
// UDP_GRO, IP_ORIGDSTADDR and IPV6_ORIGDSTADDR, SO_RXQ_OVFL, SO_TIMESTAMP,
// SO_TIMESTAMPNS and SO_TIMESTAMPING in both time layouts, and the error
// queue's IP_RECVERR and IPV6_RECVERR) into ci,
// and returns how many bytes c's kind needs (0 for a kind it does not
// know).
func (ci *ControlInfo) decodeLinux(c Cmsg, d []byte) (need int) {
	switch [2]int{c.Level, c.Type} {
	case [2]int{SOL_IP, IP_PKTINFO}:
		need = unix.SizeofInet4Pktinfo
		if len(d) >= need {
			ci.IfIndex = int(int32(binary.NativeEndian.Uint32(d)))
			ci.Dst, ci.Has = netip.AddrFrom4([4]byte(d[8:12])), ci.Has|CtrlPktInfo
		}
	case [2]int{SOL_IP, IP_ORIGDSTADDR}:
		// A struct sockaddr_in: the port and address in network order.
		need = unix.SizeofSockaddrInet4
		if len(d) >= need {
			ci.OrigDst = netip.AddrPortFrom(netip.AddrFrom4([4]byte(d[4:8])), binary.BigEndian.Uint16(d[2:]))
			ci.Has |= CtrlOrigDst
		}
	case [2]int{SOL_IPV6, IPV6_ORIGDSTADDR}:
		// A struct sockaddr_in6: port, flow info, address, scope id.
		need = unix.SizeofSockaddrInet6
		if len(d) >= need {
			ci.OrigDst = netip.AddrPortFrom(netip.AddrFrom16([16]byte(d[8:24])), binary.BigEndian.Uint16(d[2:]))
			ci.Has |= CtrlOrigDst
		}
	case [2]int{SOL_SOCKET, SO_RXQ_OVFL}:
		need = 4
		if len(d) >= need {
			ci.Dropped, ci.Has = binary.NativeEndian.Uint32(d), ci.Has|CtrlDropped
		}
	case [2]int{SOL_UDP, UDP_GRO}:
		need = ci.decodeGRO(d)
	case [2]int{SOL_IP, IP_RECVERR}, [2]int{SOL_IPV6, IPV6_RECVERR}, [2]int{unix.SOL_PACKET, unix.PACKET_TX_TIMESTAMP}:
		need = ci.decodeExtendedErr(d)
	case [2]int{SOL_SOCKET, unix.SO_TIMESTAMPING_OLD}:
		need = ci.decodeTimestamping(d, unix.SizeofPtr, nativeLong)
	case [2]int{SOL_SOCKET, unix.SO_TIMESTAMPING_NEW}:
		need = ci.decodeTimestamping(d, 16, nativeInt64)
	case [2]int{SOL_SOCKET, unix.SO_TIMESTAMPNS_OLD}, [2]int{SOL_SOCKET, unix.SO_TIMESTAMP_OLD}:
		// The C library's struct timespec or timeval: longs.
		need = 2 * unix.SizeofPtr
		if len(d) >= need {
			sec, frac := nativeLong(d), nativeLong(d[unix.SizeofPtr:])
			ci.setTimestamp(sec, frac, c.Type == unix.SO_TIMESTAMP_OLD)
		}
	case [2]int{SOL_SOCKET, unix.SO_TIMESTAMPNS_NEW}, [2]int{SOL_SOCKET, unix.SO_TIMESTAMP_NEW}:
		// The 64-bit-time variants every architecture shares.
		need = 16
		if len(d) >= need {
			sec, frac := int64(binary.NativeEndian.Uint64(d)), int64(binary.NativeEndian.Uint64(d[8:]))
			ci.setTimestamp(sec, frac, c.Type == unix.SO_TIMESTAMP_NEW)
		}
	}
	return need
}

// decodeExtendedErr decodes a struct sock_extended_err and the offender's
// sockaddr after it (SO_EE_OFFENDER), which the kernel zeroes (AF_UNSPEC)
// when there is none, and returns the bytes the message needs.
func (ci *ControlInfo) decodeExtendedErr(d []byte) (need int) {
	const size = 16 // sizeof(struct sock_extended_err)
	if len(d) < size {
		return size
	}
	ci.Err = ExtendedErr{
		Errno:  unix.Errno(binary.NativeEndian.Uint32(d)),
		Origin: ErrOrigin(d[4]),
		Type:   d[5],
		Code:   d[6],
		Info:   binary.NativeEndian.Uint32(d[8:]),
		Data:   binary.NativeEndian.Uint32(d[12:]),
	}
	ci.Has |= CtrlExtendedErr
	off := d[size:]
	if len(off) < 2 {
		return size
	}
	switch binary.NativeEndian.Uint16(off) {
	case unix.AF_INET:
		if len(off) >= unix.SizeofSockaddrInet4 {
			ci.Err.Offender = netip.AddrFrom4([4]byte(off[4:8]))
		}
	case unix.AF_INET6:
		if len(off) >= unix.SizeofSockaddrInet6 {
			ci.Err.Offender = netip.AddrFrom16([16]byte(off[8:24]))
		}
	}
	return size
}

// decodeTimestamping decodes struct scm_timestamping: three timespecs of
// two fields of width bytes each, read by field.
func (ci *ControlInfo) decodeTimestamping(d []byte, width int, field func([]byte) int64) (need int) {
	need = 6 * width
	if len(d) < need {
		return need
	}
	at := func(i int) time.Time {
		sec, nsec := field(d[2*i*width:]), field(d[(2*i+1)*width:])
		if sec == 0 && nsec == 0 {
			return time.Time{}
		}
		return time.Unix(sec, nsec)
	}
	ci.Timestamping = Timestamps{Software: at(0), Legacy: at(1), Hardware: at(2)}
	ci.Has |= CtrlTimestamping
	return need
}

// nativeInt64 reads a 64-bit field of the kernel's own time layouts.
func nativeInt64(b []byte) int64 { return int64(binary.NativeEndian.Uint64(b)) }
