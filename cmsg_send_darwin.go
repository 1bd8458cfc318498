package socket

import (
	"encoding/binary"

	"golang.org/x/sys/unix"
)

// tosCmsgLen is the size of the IP_TOS control message's data macOS reads
// on send: an int, though it reports a byte on receipt
// (bsd/netinet/in_tclass.c).
const tosCmsgLen = 4

// appendPktInfo4 appends IP_PKTINFO, whose struct in_pktinfo macOS shares
// with Linux: ipi_spec_dst is the source.
func appendPktInfo4(oob []byte, src [4]byte, ifindex int) []byte {
	oob, d := appendCmsg(oob, SOL_IP, unix.IP_PKTINFO, unix.SizeofInet4Pktinfo)
	binary.NativeEndian.PutUint32(d, uint32(ifindex))
	copy(d[4:8], src[:])
	return oob
}
