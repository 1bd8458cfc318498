package socket

import (
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"
)

// CAN_INV_FILTER, set in a CANFilter's ID, inverts the filter: it then
// passes the frames that do not match. CAN_RAW_FILTER_MAX is the most
// filters one socket takes. From linux/can.h and linux/can/raw.h. Linux
// only.
const (
	CAN_INV_FILTER     = unix.CAN_INV_FILTER
	CAN_RAW_FILTER_MAX = unix.CAN_RAW_FILTER_MAX
)

// CANFilter is struct can_filter, one receive filter of a CAN_RAW socket:
// a frame passes when its can_id&Mask equals ID&Mask (or does not, with
// CAN_INV_FILTER in ID). The Go struct has the C struct's layout, so a
// []CANFilter goes to the kernel as it is.
type CANFilter struct {
	ID   uint32 // can_id
	Mask uint32 // can_mask
}

var canRawFilter = sockopt{SOL_CAN_RAW, CAN_RAW_FILTER, "CAN_RAW_FILTER"}

// SetCANRawFilter sets CAN_RAW_FILTER (SOL_CAN_RAW) with setsockopt(2):
// the socket then receives the frames that pass any of filters (all of
// them, with CAN_RAW_JOIN_FILTERS), and none when filters is empty. A new
// CAN_RAW socket has one filter that passes every frame. Python's
// s.setsockopt(SOL_CAN_RAW, CAN_RAW_FILTER, struct.pack("=II", id, mask)).
// It allocates nothing. More than CAN_RAW_FILTER_MAX filters are refused
// (EINVAL); a socket that is not CAN_RAW gets ENOPROTOOPT.
//
// Linux only.
func (s *Socket) SetCANRawFilter(filters []CANFilter) error {
	if len(filters) > CAN_RAW_FILTER_MAX {
		return s.opError("setsockopt", nil, argError("filters", strconv.Itoa(len(filters))+
			" filters, over CAN_RAW_FILTER_MAX ("+strconv.Itoa(CAN_RAW_FILTER_MAX)+")", unix.EINVAL))
	}
	return s.setsockopt(canRawFilter, canFilterBytes(filters), 0)
}

// CANRawFilter reads CAN_RAW_FILTER (SOL_CAN_RAW) into dst with
// getsockopt(2) and returns how many filters the socket has. It allocates
// nothing. A dst too short for them all gets ERANGE, whose count is
// unknown: size dst CAN_RAW_FILTER_MAX long to be sure.
//
// Linux only.
func (s *Socket) CANRawFilter(dst []CANFilter) (int, error) {
	_, n, err := s.getsockopt(canRawFilter, canFilterBytes(dst))
	return n / int(unsafe.Sizeof(CANFilter{})), err
}

// canFilterBytes is the bytes of filters, which have struct can_filter's
// layout; never nil (a nil value means a C int to setsockopt).
func canFilterBytes(filters []CANFilter) []byte {
	if len(filters) == 0 {
		return noBytes
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&filters[0])), len(filters)*int(unsafe.Sizeof(filters[0])))
}
