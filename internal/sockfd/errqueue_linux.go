package sockfd

import "golang.org/x/sys/unix"

// msgErrQueue is MSG_ERRQUEUE where the system has an error queue.
const msgErrQueue = unix.MSG_ERRQUEUE
