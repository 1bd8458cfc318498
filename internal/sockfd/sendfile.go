//go:build darwin || freebsd || linux

package sockfd

import "golang.org/x/sys/unix"

// sendfile calls sendfile(2) (sendfileOnce, per system) until the file
// ends or the offset reaches o.end (0: no end). The offset is the call's
// progress: it advances by what each call sent, so a count past 2 GiB is
// kept exactly on 32-bit systems too. A call that reports EAGAIN with the
// bytes it sent (macOS, FreeBSD) and so reaches the end is done, not left
// waiting for room it no longer needs, as in Go's
// src/internal/poll/sendfile_unix.go.
func (o *WriteOp) sendfile(s uintptr) bool {
	for {
		want := int64(sendfileChunk)
		if o.end > 0 {
			want = min(want, o.end-o.offset)
		}
		if want <= 0 {
			o.errno = 0
			return true
		}
		n, e := sendfileOnce(s, o.inFD, &o.offset, want)
		switch {
		case e == unix.EINTR:
			continue
		case e == unix.EAGAIN && o.end > 0 && o.offset >= o.end:
			o.errno = 0
			return true
		case e == unix.EAGAIN:
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
