// Package cmsgbuf builds control messages (struct cmsghdr and its data) in
// a caller's buffer, for the Append* builders of the root package and
// unix/: one header writer, whatever the level.
package cmsgbuf

import (
	"encoding/binary"
	"slices"
	"unsafe"

	"golang.org/x/sys/unix"
)

// hdrLen is CMSG_LEN(0), the aligned size of struct cmsghdr.
var hdrLen = unix.CmsgLen(0)

// Append appends to b a control message of level and typ with room for n
// bytes of data, zeroed, padded to CMSG_SPACE(n), and returns the buffer
// and the data's room: no allocation within b's capacity. The header is
// written byte by byte: b[len(b):] need not be aligned.
func Append(b []byte, level, typ, n int) (out, data []byte) {
	start := len(b)
	// Grown in place when b has room (append of a make allocates under
	// the race detector), and zeroed: padding goes out as zeros.
	space := unix.CmsgSpace(n)
	out = slices.Grow(b, space)[:start+space]
	clear(out[start:])
	c := out[start:]
	var h unix.Cmsghdr // for its layout only
	if unsafe.Sizeof(h.Len) == 8 {
		binary.NativeEndian.PutUint64(c, uint64(unix.CmsgLen(n)))
	} else {
		binary.NativeEndian.PutUint32(c, uint32(unix.CmsgLen(n)))
	}
	binary.NativeEndian.PutUint32(c[unsafe.Offsetof(h.Level):], uint32(level))
	binary.NativeEndian.PutUint32(c[unsafe.Offsetof(h.Type):], uint32(typ))
	return out, c[hdrLen : hdrLen+n]
}
