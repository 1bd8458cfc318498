package raw

import (
	"encoding/binary"
	"net"
	"strconv"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// PacketAddr is an AF_PACKET address, the kernel's struct sockaddr_ll:
// where a link-layer frame came from or goes to. It is a plain value,
// converted to and from socket.Addr without allocating.
//
// Linux only.
type PacketAddr struct {
	Ifindex  int     // the interface's index (IfNametoindex)
	Protocol uint16  // the EtherType, in host order: unix.ETH_P_IP, unix.ETH_P_ALL, ...
	HAType   uint16  // the link type, an ARPHRD_* value (ARPHRD_ETHER, ARPHRD_LOOPBACK, ...)
	PktType  uint8   // for received frames: PACKET_HOST, PACKET_BROADCAST, PACKET_OUTGOING, ...
	HWLen    uint8   // how many bytes of HWAddr hold the hardware address
	HWAddr   [8]byte // the hardware (MAC) address, of HWLen bytes
}

// Addr returns the address as a socket.Addr of family AF_PACKET, for
// Bind, Sendto and the other socket methods.
//
// Linux only.
func (a PacketAddr) Addr() socket.Addr {
	var b [unix.SizeofSockaddrLinklayer]byte
	binary.NativeEndian.PutUint16(b[0:], unix.AF_PACKET)
	binary.BigEndian.PutUint16(b[2:], a.Protocol)
	binary.NativeEndian.PutUint32(b[4:], uint32(int32(a.Ifindex)))
	binary.NativeEndian.PutUint16(b[8:], a.HAType)
	b[10], b[11] = a.PktType, min(a.HWLen, 8)
	copy(b[12:], a.HWAddr[:])
	sa, _ := socket.AddrFromRaw(b[:]) // 20 bytes always fit
	return sa
}

// PacketAddrFrom returns the AF_PACKET address held in a, as Recvfrom
// returns it. It allocates nothing.
//
// Errors: an *socket.ArgError wrapping EAFNOSUPPORT when a is of another
// family, EINVAL when it is shorter than a sockaddr_ll's fixed part.
//
// Linux only.
func PacketAddrFrom(a socket.Addr) (PacketAddr, error) {
	if a.Family() != socket.AF_PACKET {
		return PacketAddr{}, &socket.ArgError{Arg: "addr", Reason: a.Family().String() + " address is not AF_PACKET", Err: unix.EAFNOSUPPORT}
	}
	b := a.Bytes()
	if len(b) < 12 {
		return PacketAddr{}, &socket.ArgError{Arg: "addr", Reason: "sockaddr_ll of " + strconv.Itoa(len(b)) + " bytes", Err: unix.EINVAL}
	}
	p := PacketAddr{
		Protocol: binary.BigEndian.Uint16(b[2:]),
		Ifindex:  int(int32(binary.NativeEndian.Uint32(b[4:]))),
		HAType:   binary.NativeEndian.Uint16(b[8:]),
		PktType:  b[10],
		HWLen:    min(b[11], 8),
	}
	copy(p.HWAddr[:], b[12:])
	return p, nil
}

// HardwareAddr returns the hardware address as a net.HardwareAddr (a new
// slice).
//
// Linux only.
func (a PacketAddr) HardwareAddr() net.HardwareAddr {
	return net.HardwareAddr(append([]byte(nil), a.HWAddr[:min(a.HWLen, 8)]...))
}

// String formats the address as "ifindex 1 proto 0x0800 hatype 772
// pkttype 0 00:00:00:00:00:00".
//
// Linux only.
func (a PacketAddr) String() string {
	return "ifindex " + strconv.Itoa(a.Ifindex) + " proto 0x" + hex4(a.Protocol) +
		" hatype " + strconv.Itoa(int(a.HAType)) + " pkttype " + strconv.Itoa(int(a.PktType)) +
		" " + a.HardwareAddr().String()
}

func hex4(v uint16) string { return string(appendHex(nil, uint64(v), 4)) }
