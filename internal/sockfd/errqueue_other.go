//go:build !linux

package sockfd

// msgErrQueue is MSG_ERRQUEUE where the system has an error queue: none
// here.
const msgErrQueue = 0
