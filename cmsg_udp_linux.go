package socket

import (
	"encoding/binary"
	"iter"

	"github.com/bsdsock/socket/internal/cmsgbuf"
	"golang.org/x/sys/unix"
)

// AppendUDPSegment appends to oob a SOL_UDP/UDP_SEGMENT control message
// that makes one Sendmsg or Sendmmsg message leave as datagrams of size
// bytes each (generic segmentation offload), whatever SetUDPSegment says;
// 0 sends it unsegmented. It makes no system call and takes
// CmsgSpace(2) bytes: it allocates nothing when oob has that room.
//
// Linux only.
func AppendUDPSegment(oob []byte, size uint16) []byte {
	oob, data := cmsgbuf.Append(oob, unix.SOL_UDP, unix.UDP_SEGMENT, 2)
	binary.NativeEndian.PutUint16(data, size)
	return oob
}

// decodeGRO stores the segment size of a UDP_GRO control message, a C int.
func (ci *ControlInfo) decodeGRO(d []byte) (need int) {
	if len(d) >= 4 {
		ci.GROSize, ci.Has = int(int32(binary.NativeEndian.Uint32(d))), ci.Has|CtrlGRO
	}
	return 4
}

// SplitGRO returns the datagrams of b, a buffer received with UDP_GRO on,
// as views into it: segments of size bytes, the last possibly shorter.
// A size of 0 or less (no UDP_GRO message came: the kernel did not
// coalesce) yields b whole, as one datagram. It makes no system call and
// allocates nothing:
//
//	m, _ := s.Recvmsg(buf, oob, 0)
//	ci, _ := socket.ParseControl(oob[:m.OOBN])
//	for d := range socket.SplitGRO(buf[:m.N], ci.GROSize) { ... }
//
// Linux only.
func SplitGRO(b []byte, size int) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		if size <= 0 {
			if len(b) > 0 {
				yield(b)
			}
			return
		}
		for len(b) > 0 {
			n := min(size, len(b))
			if !yield(b[:n:n]) {
				return
			}
			b = b[n:]
		}
	}
}
