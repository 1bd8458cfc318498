package netlink

import (
	"encoding/binary"
	"strconv"

	"golang.org/x/sys/unix"
)

// Error is the kernel's answer of failure to a request: the error of an
// NLMSG_ERROR message (struct nlmsgerr), or of an NLMSG_DONE that ended a
// dump early. errors.Is(err, unix.EPERM) and the like see its errno.
type Error struct {
	Errno unix.Errno // the failure, as a positive errno
	Type  uint16     // the failed request's nlmsg_type (RTM_NEWLINK), or NLMSG_DONE
	Seq   uint32     // the failed request's nlmsg_seq
}

// Error returns "netlink: message type TYPE seq SEQ: ERRNO".
func (e *Error) Error() string {
	return "netlink: message type " + strconv.Itoa(int(e.Type)) + " seq " +
		strconv.FormatUint(uint64(e.Seq), 10) + ": " + e.Errno.Error()
}

// Unwrap returns the errno.
func (e *Error) Unwrap() error { return e.Errno }

// err is the error an NLMSG_ERROR or NLMSG_DONE message carries, nil for
// any other message and for success. struct nlmsgerr is a negative errno
// (an int) followed by the request's header; NLMSG_DONE carries the int
// alone, or nothing from an old kernel.
func (m Message) err() error {
	if m.Type != unix.NLMSG_ERROR && m.Type != unix.NLMSG_DONE {
		return nil
	}
	if len(m.Data) < 4 {
		if m.Type == unix.NLMSG_DONE {
			return nil
		}
		return malformed("netlink message", "NLMSG_ERROR of "+strconv.Itoa(len(m.Data))+" bytes, want 4 or more")
	}
	code := int32(binary.NativeEndian.Uint32(m.Data))
	if code >= 0 {
		return nil
	}
	e := &Error{Errno: unix.Errno(-int64(code)), Type: m.Type, Seq: m.Seq}
	if m.Type == unix.NLMSG_ERROR && len(m.Data) >= 4+HeaderLen {
		e.Type = binary.NativeEndian.Uint16(m.Data[4+4:])
	}
	return e
}
