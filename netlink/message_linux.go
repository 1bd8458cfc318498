package netlink

import (
	"encoding/binary"
	"iter"
	"math"
	"slices"
	"strconv"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// HeaderLen is the size of struct nlmsghdr, NLMSG_HDRLEN: a message's
// payload starts this many bytes after the message.
const HeaderLen = unix.NLMSG_HDRLEN

// Header is struct nlmsghdr, the header of every netlink message.
type Header struct {
	Len   uint32 // nlmsg_len: the message's length in bytes, the header included
	Type  uint16 // nlmsg_type: NLMSG_ERROR, NLMSG_DONE or the protocol's (RTM_GETLINK)
	Flags uint16 // nlmsg_flags: NLM_F_REQUEST, NLM_F_DUMP, NLM_F_ACK, NLM_F_MULTI, ...
	Seq   uint32 // nlmsg_seq: the sender's number, echoed in the kernel's answers
	Pid   uint32 // nlmsg_pid: the sending socket's port ID, 0 for the kernel
}

// Message is one message of a netlink buffer: its header and its payload,
// Data, a view into the buffer it was read from (the bytes up to
// Header.Len, without the padding after them).
type Message struct {
	Header
	Data []byte
}

// align rounds n up to NLMSG_ALIGNTO (4), which messages and attributes
// share (NLMSG_ALIGN, RTA_ALIGN, NLA_ALIGN).
func align(n int) int { return (n + unix.NLMSG_ALIGNTO - 1) &^ (unix.NLMSG_ALIGNTO - 1) }

// AppendMessage appends to b a netlink message with header h and payload
// (a struct ifinfomsg for RTM_GETLINK, say), padded to NLMSG_ALIGNTO, and
// returns the extended buffer: it allocates only when b's capacity is too
// small, as append does. h.Len is ignored: the message's length is
// HeaderLen+len(payload), as NLMSG_LENGTH computes it. Several messages
// appended to one buffer go out in one send. It makes no system call.
//
// A request to the kernel carries NLM_F_REQUEST in h.Flags, and
// NLM_F_DUMP for a dump of every object, NLM_F_ACK for an NLMSG_ERROR
// answer of 0 on success; Pid may be 0. A payload whose message would not
// fit nlmsg_len's 32 bits is an error wrapping EMSGSIZE, and b is returned
// as it was.
func AppendMessage(b []byte, h Header, payload []byte) ([]byte, error) {
	if uint64(len(payload)) > math.MaxUint32-HeaderLen-unix.NLMSG_ALIGNTO {
		return b, &socket.ArgError{Arg: "payload", Reason: strconv.Itoa(len(payload)) +
			" bytes do not fit a netlink message's 32-bit length", Err: unix.EMSGSIZE}
	}
	h.Len = uint32(HeaderLen + len(payload))
	start, size := len(b), align(int(h.Len))
	// Grown in place when b has room (append of a make allocates under
	// the race detector), and zeroed: the padding goes out as zeros.
	b = slices.Grow(b, size)[:start+size]
	clear(b[start:])
	m := b[start:]
	binary.NativeEndian.PutUint32(m[0:], h.Len)
	binary.NativeEndian.PutUint16(m[4:], h.Type)
	binary.NativeEndian.PutUint16(m[6:], h.Flags)
	binary.NativeEndian.PutUint32(m[8:], h.Seq)
	binary.NativeEndian.PutUint32(m[12:], h.Pid)
	copy(m[HeaderLen:], payload)
	return b, nil
}

// Messages walks the netlink messages in b, the bytes of one receive, and
// yields each with a nil error, without a system call or an allocation:
//
//	n, _, err := s.Recvfrom(buf, 0)
//	for m, err := range netlink.Messages(buf[:n]) {
//		if err != nil { ... } // the kernel's error, or a malformed buffer
//		if m.Type == unix.NLMSG_DONE { ... } // the end of a dump
//		// m.Data is the payload: a struct ifinfomsg and its attributes
//	}
//
// The kernel's answers of failure come with an error: an NLMSG_ERROR
// message (struct nlmsgerr) whose error is not 0 yields the message and an
// *Error unwrapping to its errno (errors.Is(err, unix.ENODEV)), and so
// does an NLMSG_DONE carrying a negative error (a dump that failed part
// way). An NLMSG_ERROR of 0, the acknowledgement NLM_F_ACK asks for, is a
// message with a nil error. A header that does not fit b, or a length
// shorter than a header or longer than what b holds, yields an error
// wrapping EINVAL and ends the walk; the kernel never sends one.
func Messages(b []byte) iter.Seq2[Message, error] {
	return func(yield func(Message, error) bool) {
		for len(b) > 0 {
			m, err := parseMessage(b)
			if err != nil {
				yield(Message{}, err)
				return
			}
			if !yield(m, m.err()) {
				return
			}
			b = b[min(align(int(m.Len)), len(b)):]
		}
	}
}

// parseMessage reads the message at the start of b.
func parseMessage(b []byte) (Message, error) {
	if len(b) < HeaderLen {
		return Message{}, malformed("netlink message", "header of "+strconv.Itoa(len(b))+" bytes, want "+strconv.Itoa(HeaderLen))
	}
	h := Header{
		Len:   binary.NativeEndian.Uint32(b[0:]),
		Type:  binary.NativeEndian.Uint16(b[4:]),
		Flags: binary.NativeEndian.Uint16(b[6:]),
		Seq:   binary.NativeEndian.Uint32(b[8:]),
		Pid:   binary.NativeEndian.Uint32(b[12:]),
	}
	if h.Len < HeaderLen || uint64(h.Len) > uint64(len(b)) {
		return Message{}, malformed("netlink message", "length "+strconv.FormatUint(uint64(h.Len), 10)+
			" outside "+strconv.Itoa(HeaderLen)+".."+strconv.Itoa(len(b)))
	}
	return Message{Header: h, Data: b[HeaderLen:h.Len:h.Len]}, nil
}

// malformed is the error of bytes that do not hold what they claim.
func malformed(arg, reason string) error {
	return &socket.ArgError{Arg: arg, Reason: reason, Err: unix.EINVAL}
}
