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
