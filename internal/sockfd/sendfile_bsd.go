//go:build darwin || freebsd

package sockfd

import "golang.org/x/sys/unix"

// sendfileChunk is the most one sendfile(2) is asked for, the bound
// (maxSendfileSize) of Go's src/internal/poll/sendfile_bsd.go up to Go 1.22;
// its successor, sendfile_unix.go, asks for up to 1<<31-1 bytes a call. On
// a non-blocking socket the kernel stops at EAGAIN once the socket buffer
// is full, so one call seldom sends more than a few megabytes either way.
const sendfileChunk = 4 << 20

// sendfileOnce is one sendfile(2) of up to want bytes from inFD at
// *offset, as Go's src/internal/poll/sendfile_unix.go drives it on macOS
// and FreeBSD: their sendfile(2) takes the offset by value and, on a
// non-blocking socket, reports the bytes it sent also when it fails with
// EAGAIN or EINTR (sendfile(2) of each, sbytes and len), so the offset is
// advanced here by that count whatever the error.
func sendfileOnce(s uintptr, inFD int, offset *int64, want int64) (int, unix.Errno) {
	off := *offset
	n, err := unix.Sendfile(int(s), inFD, &off, int(want))
	if n > 0 {
		*offset += int64(n)
	}
	return n, errno(err)
}
