//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package sockaddr

import "golang.org/x/sys/unix"

// abstractNames is false: BSD has no abstract AF_UNIX namespace, and a
// sun_path starting with NUL is an empty (unnamed) address, as unix(4)
// describes.
const abstractNames = false

// setLen sets the sa_len byte that starts every BSD sockaddr, as Go's
// src/syscall/syscall_bsd.go does in (*SockaddrInet4).sockaddr and
// (*SockaddrUnix).sockaddr; the kernel checks it against the length
// argument (sockargs in sys/kern/uipc_syscalls.c).
func setLen(sa *unix.RawSockaddrAny, n uint32) { sa.Addr.Len = uint8(n) }
