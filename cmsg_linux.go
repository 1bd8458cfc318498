package socket

import (
	"encoding/binary"
	"net/netip"

	"golang.org/x/sys/unix"
)

// SCM_CREDENTIALS is the type of a control message of level SOL_SOCKET
// that carries a process's credentials (struct ucred: pid, uid, gid) over
// an AF_UNIX socket; the receiver gets it with SO_PASSCRED set (package
// unix's AppendCredentials and ParseCredentials). Linux only.
const SCM_CREDENTIALS = unix.SCM_CREDENTIALS

// decodeLinux decodes the control messages only Linux sends (IP_PKTINFO,
// UDP_GRO, IP_ORIGDSTADDR and IPV6_ORIGDSTADDR, SO_RXQ_OVFL, SO_TIMESTAMP
// and SO_TIMESTAMPNS in both time layouts) into ci,
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
