package sockfd

import "golang.org/x/sys/unix"

// Mmsghdr is OpenBSD's struct mmsghdr (sys/socket.h): a message header
// and the bytes moved for it, an unsigned int.
type Mmsghdr struct {
	Hdr unix.Msghdr
	Len uint32
}

// mmsgLen is a byte count as Mmsghdr.Len holds it.
func mmsgLen(n uintptr) uint32 { return uint32(n) }
