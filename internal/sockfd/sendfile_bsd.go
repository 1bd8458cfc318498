//go:build darwin || freebsd

package sockfd

import "golang.org/x/sys/unix"

// sendfileChunk is the most one sendfile(2) is asked for, the bound
// (maxSendfileSize) of Go's src/internal/poll/sendfile_bsd.go up to Go 1.22;
// its successor, sendfile_unix.go, asks for up to 1<<31-1 bytes a call. On
// a non-blocking socket the kernel stops at EAGAIN once the socket buffer
// is full, so one call seldom sends more than a few megabytes either way.
const sendfileChunk = 4 << 20

// sendfile calls sendfile(2) until count bytes are sent or the file ends,
// the way Go's src/internal/poll/sendfile_unix.go drives it on macOS and
// FreeBSD: their sendfile(2) takes the offset by value and, on a
// non-blocking socket, reports the bytes it sent also when it fails with
// EAGAIN or EINTR (sendfile(2) of each, sbytes and len), so progress is
// counted before the error is looked at, and the offset is advanced here.
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
		off := o.offset
		n, err := unix.Sendfile(int(s), o.inFD, &off, int(want))
		if n > 0 {
			o.offset += int64(n)
			o.n += n
		}
		switch e := errno(err); {
		case e == unix.EINTR:
			continue
		case e == unix.EAGAIN:
			// The bytes counted above may complete the call: then it
			// is done, not waiting for room it no longer needs, as in
			// Go's src/internal/poll/sendfile_unix.go.
			if o.count > 0 && int64(o.n) >= o.count {
				o.errno = 0
				return true
			}
			o.errno = e
			return o.wouldBlock()
		case e != 0:
			o.errno = e
			return true
		case n == 0: // end of file
			o.errno = 0
			return true
		}
	}
}
