//go:build darwin || linux

package socket

import (
	"encoding/binary"

	"github.com/bsdsock/socket/internal/cmsgbuf"
	"golang.org/x/sys/unix"
)

// appendPktInfo4 appends IP_PKTINFO, whose struct in_pktinfo Linux and
// macOS share: ipi_spec_dst is the source, and the kernel ignores ipi_addr
// on send. Linux refuses a message of any other length.
func appendPktInfo4(oob []byte, src [4]byte, ifindex int) []byte {
	oob, d := cmsgbuf.Append(oob, SOL_IP, unix.IP_PKTINFO, unix.SizeofInet4Pktinfo)
	binary.NativeEndian.PutUint32(d, uint32(ifindex))
	copy(d[4:8], src[:])
	return oob
}
