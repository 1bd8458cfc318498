//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package sockfd

import "golang.org/x/sys/unix"

// sendfile reports ENOSYS having sent nothing, so that the caller falls back
// to reading the file and sending it, as Python's socket.sendfile does
// (_sendfile_use_send) where os.sendfile is missing. OpenBSD and NetBSD have
// no sendfile(2); macOS's and FreeBSD's take other arguments (sendfile(2) of
// each, and Go's src/internal/poll/sendfile_unix.go) and are not used yet.
func (o *WriteOp) sendfile(uintptr) bool {
	o.errno = unix.ENOSYS
	return true
}
