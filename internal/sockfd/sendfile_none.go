//go:build dragonfly || netbsd || openbsd

package sockfd

import "golang.org/x/sys/unix"

// sendfile reports ENOSYS having sent nothing, so that the caller falls back
// to reading the file and sending it, as Python's socket.sendfile does
// (_sendfile_use_send) where os.sendfile is missing: OpenBSD and NetBSD have
// no sendfile(2), and DragonFly's is not wired (not a target this module
// is checked on).
func (o *op) sendfile(uintptr) bool {
	o.setErrno(unix.ENOSYS)
	return true
}
