package sockaddr

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// abstractNames reports whether AF_UNIX has Linux's abstract namespace: a
// sun_path starting with NUL names a socket outside the filesystem.
const abstractNames = true

// groupPad is the padding after gr_interface in struct group_req: the
// kernel aligns sockaddr_storage as a pointer (include/uapi/linux/socket.h).
const groupPad = unsafe.Sizeof(uintptr(0)) - 4

// setLen does nothing: a Linux sockaddr has no length field, its length
// travels beside it. The empty body inlines away.
func setLen(*unix.RawSockaddrAny, uint32) {}
