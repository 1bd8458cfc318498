package netlink

import (
	"encoding/binary"
	"iter"
	"strconv"
)

// attrHeaderLen is the size of struct rtattr and struct nlattr.
const attrHeaderLen = 4

// Attr is one netlink attribute (struct rtattr of the routing messages,
// struct nlattr of generic netlink: the same four-byte header): its type
// (IFLA_IFNAME, IFLA_MTU, ...; a nested attribute has NLA_F_NESTED set in
// nlattr's) and its value, Data, a view into the buffer it was read from.
type Attr struct {
	Type uint16
	Data []byte
}

// Attrs walks the attributes in b, the bytes of a message's payload after
// its fixed part (after the struct ifinfomsg of an RTM_NEWLINK, say), and
// yields each with a nil error, without a system call or an allocation,
// as the RTA_OK and RTA_NEXT macros do in C:
//
//	for a, err := range netlink.Attrs(m.Data[unix.SizeofIfInfomsg:]) {
//		if err != nil { ... }
//		if a.Type == unix.IFLA_MTU { mtu := binary.NativeEndian.Uint32(a.Data) }
//	}
//
// Walk a nested attribute's Data with Attrs again. Fewer than four bytes
// left at the end (padding) end the walk quietly, as RTA_OK does; an
// attribute whose length is shorter than its header or runs past b's end
// yields an error wrapping EINVAL and ends the walk.
func Attrs(b []byte) iter.Seq2[Attr, error] {
	return func(yield func(Attr, error) bool) {
		for len(b) >= attrHeaderLen {
			n := int(binary.NativeEndian.Uint16(b))
			if n < attrHeaderLen || n > len(b) {
				yield(Attr{}, malformed("netlink attribute", "length "+strconv.Itoa(n)+
					" outside "+strconv.Itoa(attrHeaderLen)+".."+strconv.Itoa(len(b))))
				return
			}
			if !yield(Attr{Type: binary.NativeEndian.Uint16(b[2:]), Data: b[attrHeaderLen:n:n]}, nil) {
				return
			}
			b = b[min(align(n), len(b)):]
		}
	}
}
