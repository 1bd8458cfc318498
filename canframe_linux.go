package socket

import (
	"encoding/binary"
	"slices"
	"strconv"

	"golang.org/x/sys/unix"
)

// Sizes and flags of CAN frames: CAN_MTU is the size of struct can_frame
// (a classic frame, at most CAN_MAX_DLEN data bytes), CANFD_MTU of struct
// canfd_frame (a CAN FD frame, at most CANFD_MAX_DLEN); CANFD_BRS (bit
// rate switch), CANFD_ESI (error state indicator) and CANFD_FDF (an FD
// frame, set by the kernel on one it received) are the flags of a
// canfd_frame. From linux/can.h; Python has none of them (its programs
// pack the structs with struct.pack("=IB3x8s", ...)). Linux only.
const (
	CAN_MTU        = unix.CAN_MTU
	CANFD_MTU      = 72
	CAN_MAX_DLEN   = unix.CAN_MAX_DLEN
	CANFD_MAX_DLEN = 64
	CANFD_BRS      = 0x01
	CANFD_ESI      = 0x02
	CANFD_FDF      = 0x04
)

// CANFrame is one frame of a CAN_RAW socket, as the kernel's struct
// can_frame (CAN_MTU bytes) or, with FD set, struct canfd_frame (CANFD_MTU
// bytes): what one Send writes and one Recv reads. A socket receives FD
// frames only after SetsockoptInt(SOL_CAN_RAW, CAN_RAW_FD_FRAMES, 1), and
// may then receive either kind, told apart by the size Recv returns.
type CANFrame struct {
	ID      uint32 // can_id: the 11- or 29-bit identifier with CAN_EFF_FLAG, CAN_RTR_FLAG, CAN_ERR_FLAG
	Len     uint8  // len: data bytes, up to CAN_MAX_DLEN, or CANFD_MAX_DLEN with FD
	FD      bool   // a canfd_frame
	Flags   uint8  // canfd_frame's flags: CANFD_BRS, CANFD_ESI, CANFD_FDF (FD only)
	Len8DLC uint8  // can_frame's len8_dlc: a classic 8-byte frame's DLC of 9 to 15, or 0 (not FD)
	Data    [CANFD_MAX_DLEN]byte
}

// Payload returns the frame's data, Data[:Len], a view into f (Len
// clipped to the frame kind's maximum). It makes no system call and does
// not allocate.
func (f *CANFrame) Payload() []byte {
	return f.Data[:min(int(f.Len), f.maxLen())]
}

// maxLen is the most data bytes f's kind carries.
func (f *CANFrame) maxLen() int {
	if f.FD {
		return CANFD_MAX_DLEN
	}
	return CAN_MAX_DLEN
}

// AppendCANFrame appends to b the struct can_frame (CAN_MTU bytes) or,
// for an FD frame, struct canfd_frame (CANFD_MTU bytes) of f, and returns
// the extended buffer: it allocates only when b's capacity is too small,
// as append does. Data bytes past Len are written as they are (the kernel
// ignores them). It makes no system call. A Len over the kind's maximum,
// Flags on a classic frame, or a Len8DLC other than 0 or 9 to 15 on an
// 8-byte classic frame is an error wrapping EINVAL, with b returned as it
// was.
func AppendCANFrame(b []byte, f CANFrame) ([]byte, error) {
	if err := f.check(); err != nil {
		return b, err
	}
	size := CAN_MTU
	if f.FD {
		size = CANFD_MTU
	}
	start := len(b)
	b = slices.Grow(b, size)[:start+size] // in place when b has room
	clear(b[start:])                      // padding and reserved bytes are zeros
	c := b[start:]
	binary.NativeEndian.PutUint32(c, f.ID)
	c[4] = f.Len
	if f.FD {
		c[5] = f.Flags
	} else {
		c[7] = f.Len8DLC
	}
	copy(c[8:], f.Data[:size-8])
	return b, nil
}

// check refuses the fields no frame of f's kind can carry.
func (f *CANFrame) check() error {
	switch {
	case int(f.Len) > f.maxLen():
		return argError("CAN frame", "length "+strconv.Itoa(int(f.Len))+" over "+strconv.Itoa(f.maxLen()), unix.EINVAL)
	case !f.FD && f.Flags != 0:
		return argError("CAN frame", "flags on a classic frame (set FD for a canfd_frame)", unix.EINVAL)
	case !f.FD && f.Len8DLC != 0 && (f.Len != CAN_MAX_DLEN || f.Len8DLC < 9 || f.Len8DLC > 15):
		return argError("CAN frame", "len8_dlc "+strconv.Itoa(int(f.Len8DLC))+" is for an 8-byte frame, 9 to 15", unix.EINVAL)
	case f.FD && f.Len8DLC != 0:
		return argError("CAN frame", "len8_dlc on an FD frame", unix.EINVAL)
	}
	return nil
}

// ParseCANFrame decodes b, the bytes one Recv on a CAN_RAW socket read: a
// struct can_frame of CAN_MTU bytes or a struct canfd_frame of CANFD_MTU
// bytes (FD set), padding and reserved bytes skipped, every data byte
// kept. It makes no system call and does not allocate. Any other size,
// or a len beyond the kind's maximum, is an error wrapping EINVAL.
func ParseCANFrame(b []byte) (CANFrame, error) {
	var f CANFrame
	switch len(b) {
	case CAN_MTU:
		f.Len8DLC = b[7]
	case CANFD_MTU:
		f.FD, f.Flags = true, b[5]
	default:
		return CANFrame{}, argError("CAN frame", strconv.Itoa(len(b))+" bytes, want "+
			strconv.Itoa(CAN_MTU)+" (CAN_MTU) or "+strconv.Itoa(CANFD_MTU)+" (CANFD_MTU)", unix.EINVAL)
	}
	f.ID, f.Len = binary.NativeEndian.Uint32(b), b[4]
	copy(f.Data[:], b[8:])
	if int(f.Len) > f.maxLen() {
		return CANFrame{}, argError("CAN frame", "length "+strconv.Itoa(int(f.Len))+" over "+strconv.Itoa(f.maxLen()), unix.EINVAL)
	}
	return f, nil
}
