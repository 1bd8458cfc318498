//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package sockaddr

import "golang.org/x/sys/unix"

// abstractNames is false: BSD has no abstract AF_UNIX namespace, and a
// sun_path starting with NUL is an empty (unnamed) address, as unix(4)
// describes.
const abstractNames = false

// setLen sets the sa_len byte that starts every BSD sockaddr, as Go's
// src/syscall/syscall_bsd.go does in (*SockaddrInet4).sockaddr and
// (*SockaddrUnix).sockaddr. A system call's address argument has its sa_len
// overwritten with the length argument (getsockaddr in FreeBSD's and
// macOS's uipc_syscalls.c, sockargs in OpenBSD's), but a sockaddr inside an
// option value is read as written: FreeBSD's and macOS's in_mcast.c refuse
// a group_req whose sin_len is wrong.
func setLen(sa *unix.RawSockaddrAny, n uint32) { sa.Addr.Len = uint8(n) }
