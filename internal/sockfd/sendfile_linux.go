package sockfd

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// sendfileChunk is the most one sendfile(2) is asked for: the kernel moves at
// most about 2 GiB per call anyway.
const sendfileChunk = 1 << 30

// sendfile calls sendfile(2) until count bytes are sent or the file ends.
// It uses Syscall6: the copy can be long.
func (o *WriteOp) sendfile(s uintptr) bool {
	for {
		want := int64(sendfileChunk)
		if o.count > 0 {
			want = min(want, o.count-int64(o.n))
		}
		if want == 0 {
			o.errno = 0
			return true
		}
		r, _, e := unix.Syscall6(unix.SYS_SENDFILE, s, uintptr(o.inFD), uintptr(unsafe.Pointer(&o.offset)), uintptr(want), 0, 0)
		switch {
		case e == unix.EINTR:
			continue
		case e == unix.EAGAIN:
			o.errno = e
			return o.wouldBlock()
		case e != 0:
			o.errno = e
			return true
		case r == 0: // end of file
			o.errno = 0
			return true
		}
		o.n += int(r)
	}
}
