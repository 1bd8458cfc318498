package socket

import (
	"encoding/binary"
	"net/netip"
	"strconv"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// SCM_RIGHTS is the type of a control message of level SOL_SOCKET that
// carries open descriptors over an AF_UNIX socket (SendFDs and RecvFDs
// build and read it).
const SCM_RIGHTS = unix.SCM_RIGHTS

// Cmsg is one control message: Python's (cmsg_level, cmsg_type, cmsg_data)
// tuple. Data is a view into the buffer it was parsed from.
type Cmsg struct {
	Level int
	Type  int
	Data  []byte
}

// cmsgHdrLen is CMSG_LEN(0), the size of struct cmsghdr.
var cmsgHdrLen = unix.CmsgLen(0)

// NextCmsg splits the first control message off b, the oob[:m.OOBN] of a
// Recvmsg, and returns it and the messages after it, without a system call
// or an allocation:
//
//	for b := oob[:m.OOBN]; len(b) > 0; {
//		c, rest, err := socket.NextCmsg(b)
//		if err != nil { ... }
//		// use c.Level, c.Type, c.Data
//		b = rest
//	}
//
// A header that does not fit b, or claims more bytes than b holds, is an
// error wrapping EINVAL; the kernel never writes one (it truncates the list
// and sets MSG_CTRUNC).
func NextCmsg(b []byte) (c Cmsg, rest []byte, err error) {
	if len(b) < cmsgHdrLen {
		return Cmsg{}, nil, argError("control message", "header of "+strconv.Itoa(len(b))+
			" bytes, want "+strconv.Itoa(cmsgHdrLen), unix.EINVAL)
	}
	var h unix.Cmsghdr // for its layout only: b may be unaligned
	var n uint64
	if unsafe.Sizeof(h.Len) == 8 {
		n = binary.NativeEndian.Uint64(b)
	} else {
		n = uint64(binary.NativeEndian.Uint32(b))
	}
	if n < uint64(cmsgHdrLen) || n > uint64(len(b)) {
		return Cmsg{}, nil, argError("control message", "length "+strconv.FormatUint(n, 10)+
			" outside "+strconv.Itoa(cmsgHdrLen)+".."+strconv.Itoa(len(b)), unix.EINVAL)
	}
	c = Cmsg{
		Level: int(int32(binary.NativeEndian.Uint32(b[unsafe.Offsetof(h.Level):]))),
		Type:  int(int32(binary.NativeEndian.Uint32(b[unsafe.Offsetof(h.Type):]))),
		Data:  b[cmsgHdrLen:n:n],
	}
	next := min(cmsgAlign(int(n)), len(b))
	return c, b[next:], nil
}

// cmsgAlign rounds n up to the alignment of control messages, a long's.
func cmsgAlign(n int) int {
	return (n + unix.SizeofPtr - 1) &^ (unix.SizeofPtr - 1)
}

// ControlFlags says which fields of a ControlInfo were reported.
type ControlFlags uint8

// The fields of ControlInfo, and the receive options that ask for them.
const (
	CtrlTTL          ControlFlags = 1 << iota // TTL: SetRecvTTL (IP_TTL message)
	CtrlHopLimit                              // HopLimit: SetRecvHopLimit (IPV6_HOPLIMIT)
	CtrlTOS                                   // TOS: SetRecvTOS (IP_TOS)
	CtrlTrafficClass                          // TrafficClass: SetRecvTrafficClass (IPV6_TCLASS)
	CtrlPktInfo                               // Dst and IfIndex: SetRecvPktInfo or SetRecvPktInfoV6
	CtrlTimestamp                             // Timestamp: SetTimestampNS, or SO_TIMESTAMP
	CtrlGRO                                   // GROSize: SetUDPGRO (UDP_GRO message)
)

// ControlInfo is what the control messages of one received datagram said,
// decoded. A field is meaningful only when Has holds its flag.
type ControlInfo struct {
	Has          ControlFlags
	TTL          int        // IPv4 time-to-live
	HopLimit     int        // IPv6 hop limit
	TOS          int        // IPv4 type-of-service byte
	TrafficClass int        // IPv6 traffic class
	Dst          netip.Addr // destination address of the datagram (ipi_addr, ipi6_addr)
	IfIndex      int        // index of the interface it arrived on
	Timestamp    time.Time  // when the kernel received it
	GROSize      int        // segment size of a buffer coalesced by UDP_GRO (SplitGRO)
}

// ParseControl decodes the control messages in b, the oob[:m.OOBN] of a
// Recvmsg, into a ControlInfo. Size oob as the sum of CmsgSpace over the
// messages expected: a TTL, hop limit or traffic class is CmsgSpace(4), a
// TOS CmsgSpace(1), an IPv4 packet info CmsgSpace(12), an IPv6 one
// CmsgSpace(20), a timestamp CmsgSpace(16), a UDP_GRO segment size
// CmsgSpace(4); a buffer too small sets
// MSG_CTRUNC in Msg.Flags and loses the messages that did not fit. It makes no system call and allocates
// nothing. Messages of other kinds
// are skipped (walk them with NextCmsg). A malformed list, or a known
// message too short for its type, is an error wrapping EINVAL.
//
// x/net's ipv4.ControlMessage and ipv6.ControlMessage decode the same
// messages, with allocation; Python leaves them to the caller's struct.unpack.
func ParseControl(b []byte) (ControlInfo, error) {
	var ci ControlInfo
	for len(b) >= cmsgHdrLen {
		c, rest, err := NextCmsg(b)
		if err != nil {
			return ci, err
		}
		if err := ci.decode(c); err != nil {
			return ci, err
		}
		b = rest
	}
	return ci, nil
}

// decode stores one message in ci, if it is of a kind ParseControl knows.
func (ci *ControlInfo) decode(c Cmsg) error {
	d := c.Data
	need := 0
	switch [2]int{c.Level, c.Type} {
	case [2]int{SOL_IP, IP_TTL}:
		need = 4
		if len(d) >= need {
			ci.TTL, ci.Has = int(int32(binary.NativeEndian.Uint32(d))), ci.Has|CtrlTTL
		}
	case [2]int{SOL_IP, IP_TOS}:
		need = 1
		if len(d) >= need {
			ci.TOS, ci.Has = int(d[0]), ci.Has|CtrlTOS
		}
	case [2]int{SOL_IPV6, IPV6_HOPLIMIT}:
		need = 4
		if len(d) >= need {
			ci.HopLimit, ci.Has = int(int32(binary.NativeEndian.Uint32(d))), ci.Has|CtrlHopLimit
		}
	case [2]int{SOL_IPV6, IPV6_TCLASS}:
		need = 4
		if len(d) >= need {
			ci.TrafficClass, ci.Has = int(int32(binary.NativeEndian.Uint32(d))), ci.Has|CtrlTrafficClass
		}
	case [2]int{SOL_IPV6, IPV6_PKTINFO}:
		need = unix.SizeofInet6Pktinfo
		if len(d) >= need {
			ci.Dst = netip.AddrFrom16([16]byte(d[:16]))
			ci.IfIndex, ci.Has = int(binary.NativeEndian.Uint32(d[16:])), ci.Has|CtrlPktInfo
		}
	default:
		need = ci.decodeLinux(c, d) // cmsg_linux.go; nothing elsewhere
	}
	if len(d) < need {
		return argError("control message", "level "+strconv.Itoa(c.Level)+" type "+strconv.Itoa(c.Type)+
			" carries "+strconv.Itoa(len(d))+" bytes, want "+strconv.Itoa(need), unix.EINVAL)
	}
	return nil
}

func (ci *ControlInfo) setTimestamp(sec, frac int64, micro bool) {
	if micro {
		frac *= 1000
	}
	ci.Timestamp, ci.Has = time.Unix(sec, frac), ci.Has|CtrlTimestamp
}

// nativeLong reads a C long.
func nativeLong(b []byte) int64 {
	if unix.SizeofPtr == 8 {
		return int64(binary.NativeEndian.Uint64(b))
	}
	return int64(int32(binary.NativeEndian.Uint32(b)))
}
