//go:build !linux

package sockfd

import (
	"os"

	"golang.org/x/sys/unix"
)

// msgErrQueue is MSG_ERRQUEUE where the system has an error queue: none
// here.
const msgErrQueue = 0

// errWaitFile is never called here: no caller asks for an error queue
// (Recvmsg passes MSG_ERRQUEUE on, and RecvErrQueue is Linux's only).
func errWaitFile(int) (*os.File, error) {
	return nil, os.NewSyscallError("recvmsg", unix.EOPNOTSUPP)
}

// eventWaitFile has no epoll to make here: a receive refused by the
// poller sleeps out the refusal instead (eventWait).
func eventWaitFile(int) (*os.File, error) {
	return nil, os.NewSyscallError("epoll_create1", unix.EOPNOTSUPP)
}
