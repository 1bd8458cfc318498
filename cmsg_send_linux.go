package socket

import (
	"encoding/binary"

	"golang.org/x/sys/unix"
)

// tosCmsgLen is the size of the IP_TOS control message's data Linux reads
// on send: it takes a byte or an int, and reports a byte on receipt.
const tosCmsgLen = 1

// appendPktInfo4 appends IP_PKTINFO: struct in_pktinfo, whose ipi_spec_dst
// is the source, and whose ipi_addr the kernel ignores on send. Linux
// refuses a message of any other length.
func appendPktInfo4(oob []byte, src [4]byte, ifindex int) []byte {
	oob, d := appendCmsg(oob, SOL_IP, IP_PKTINFO, unix.SizeofInet4Pktinfo)
	binary.NativeEndian.PutUint32(d, uint32(ifindex))
	copy(d[4:8], src[:])
	return oob
}
