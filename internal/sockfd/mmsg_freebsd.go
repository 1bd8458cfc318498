package sockfd

import "golang.org/x/sys/unix"

// Mmsghdr is FreeBSD's struct mmsghdr (sys/socket.h): a message header
// and the bytes moved for it, an ssize_t.
type Mmsghdr struct {
	Hdr unix.Msghdr
	Len int
}

// mmsgLen is a byte count as Mmsghdr.Len holds it.
func mmsgLen(n uintptr) int { return int(n) }
