//go:build darwin || freebsd || linux

package sockfd

import "golang.org/x/sys/unix"

// sendfile calls sendfile(2) (sendfileOnce, per system) until the file
// ends or the offset reaches its end (0: no end), the descriptor made
// non-blocking again before each call: sendfile(2) takes no MSG_DONTWAIT. The offset is the call's
// progress: it advances by what each call sent, so a count past 2 GiB is
// kept exactly on 32-bit systems too. A call that reports EAGAIN with the
// bytes it sent (macOS, FreeBSD) and so reaches the end is done, not left
// waiting for room it no longer needs, as in Go's
// src/internal/poll/sendfile_unix.go.
func (o *op) sendfile(s uintptr) bool {
	f := o.file
	for {
		want := int64(sendfileChunk)
		if f.end > 0 {
			want = min(want, f.end-f.offset)
		}
		if want <= 0 {
			o.errno = 0
			return true
		}
		n, e := 0, EnsureNonblock(s)
		if e == 0 {
			n, e = sendfileOnce(s, f.inFD, &f.offset, want)
		}
		switch {
		case e == unix.EINTR:
			continue
		case e == unix.EAGAIN && f.end > 0 && f.offset >= f.end:
			o.errno = 0
			return true
		case e == unix.EAGAIN:
			o.setErrno(e)
			return o.wouldBlock()
		case e != 0:
			o.setErrno(e)
			return true
		case n == 0: // end of file
			o.errno = 0
			return true
		}
	}
}
