package sockfd

import "golang.org/x/sys/unix"

// Mmsghdr is NetBSD's struct mmsghdr (sys/socket.h): a message header and
// the bytes the kernel moved for it, an unsigned int.
type Mmsghdr struct {
	Hdr unix.Msghdr
	Len uint32
}
