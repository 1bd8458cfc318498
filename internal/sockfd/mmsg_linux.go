package sockfd

import "golang.org/x/sys/unix"

// Mmsghdr is struct mmsghdr: a message header and the bytes the kernel
// moved for it.
type Mmsghdr = unix.Mmsghdr
