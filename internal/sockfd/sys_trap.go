// This file makes the socket system calls by number, the way Go's own
// syscall package does on these systems (src/syscall/zsyscall_linux_amd64.go,
// zsyscall_freebsd_amd64.go, zsyscall_netbsd_amd64.go): their kernels keep
// the system call table a stable interface. macOS and OpenBSD do not, and
// get the same functions through libc in sys_libc.go.

//go:build dragonfly || freebsd || linux || netbsd

package sockfd

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// rawMax is the largest transfer issued with RawSyscall6, which skips the
// scheduler hand-off of Syscall6 (faster on small messages) and keeps the
// P through the call. That is safe only because every data call passes
// MSG_DONTWAIT (call.go), so none sleeps in the kernel whatever the
// description's O_NONBLOCK says; a long copy would still hold the P, so
// larger transfers take the ordinary path (docs/design.md, "Never block in
// the kernel").
const rawMax = 16 << 10

// Each pointer is converted to uintptr inside the system call's argument
// list, where the compiler keeps what it points to alive and in place
// (package unsafe, rule 4), so a caller's stack variable may be passed.

// sysRecvfrom is recvfrom(2); from and fromLen may be nil.
func sysRecvfrom(s uintptr, b []byte, flags int, from *unix.RawSockaddrAny, fromLen *uint32) (uintptr, unix.Errno) {
	p := bufPtr(b)
	if len(b) <= rawMax {
		r, _, e := unix.RawSyscall6(unix.SYS_RECVFROM, s, uintptr(p), uintptr(len(b)), uintptr(flags), uintptr(unsafe.Pointer(from)), uintptr(unsafe.Pointer(fromLen)))
		return r, e
	}
	r, _, e := unix.Syscall6(unix.SYS_RECVFROM, s, uintptr(p), uintptr(len(b)), uintptr(flags), uintptr(unsafe.Pointer(from)), uintptr(unsafe.Pointer(fromLen)))
	return r, e
}

// sysSendto is sendto(2); to is nil for a connected socket.
func sysSendto(s uintptr, b []byte, flags int, to *unix.RawSockaddrAny, toLen uint32) (uintptr, unix.Errno) {
	p := bufPtr(b)
	if len(b) <= rawMax && !mayBlockOnPath(to) {
		r, _, e := unix.RawSyscall6(unix.SYS_SENDTO, s, uintptr(p), uintptr(len(b)), uintptr(flags), uintptr(unsafe.Pointer(to)), uintptr(toLen))
		return r, e
	}
	r, _, e := unix.Syscall6(unix.SYS_SENDTO, s, uintptr(p), uintptr(len(b)), uintptr(flags), uintptr(unsafe.Pointer(to)), uintptr(toLen))
	return r, e
}

// sysMsg is recvmsg(2) or sendmsg(2) (trap), moving at most n bytes.
func sysMsg(trap, s uintptr, hdr *unix.Msghdr, flags int, n int) (uintptr, unix.Errno) {
	if n <= rawMax {
		r, _, e := unix.RawSyscall(trap, s, uintptr(unsafe.Pointer(hdr)), uintptr(flags))
		return r, e
	}
	r, _, e := unix.Syscall(trap, s, uintptr(unsafe.Pointer(hdr)), uintptr(flags))
	return r, e
}

// sysRecvmsg is recvmsg(2) into buffers of n bytes in all.
func sysRecvmsg(s uintptr, hdr *unix.Msghdr, flags int, n int) (uintptr, unix.Errno) {
	return sysMsg(unix.SYS_RECVMSG, s, hdr, flags, n)
}

// sysSendmsg is sendmsg(2) of n bytes in all.
func sysSendmsg(s uintptr, hdr *unix.Msghdr, flags int, n int) (uintptr, unix.Errno) {
	if mayBlockOnPath((*unix.RawSockaddrAny)(unsafe.Pointer(hdr.Name))) {
		n = rawMax + 1 // the ordinary path, see mayBlockOnPath
	}
	return sysMsg(unix.SYS_SENDMSG, s, hdr, flags, n)
}

// mayBlockOnPath reports whether a send to the address to may wait for the
// disk, so that it must not be made with RawSyscall, which keeps the P
// through the call: the kernel looks up an AF_UNIX path name in the file
// system (unix_find_other in net/unix/af_unix.c), as bind does.
func mayBlockOnPath(to *unix.RawSockaddrAny) bool {
	return to != nil && to.Addr.Family == unix.AF_UNIX
}

// sysConnect is connect(2).
func sysConnect(s uintptr, to *unix.RawSockaddrAny, toLen uint32) unix.Errno {
	_, _, e := unix.Syscall(unix.SYS_CONNECT, s, uintptr(unsafe.Pointer(to)), uintptr(toLen))
	return e
}

// sysBind is bind(2). Binding a filesystem path creates an inode and may
// sleep: not RawSyscall.
func sysBind(s uintptr, sa *unix.RawSockaddrAny, saLen uint32) unix.Errno {
	_, _, e := unix.Syscall(unix.SYS_BIND, s, uintptr(unsafe.Pointer(sa)), uintptr(saLen))
	return e
}

// sysListen is listen(2).
func sysListen(s uintptr, backlog int) unix.Errno {
	_, _, e := unix.RawSyscall(unix.SYS_LISTEN, s, uintptr(backlog), 0)
	return e
}

// sysShutdown is shutdown(2).
func sysShutdown(s uintptr, how int) unix.Errno {
	_, _, e := unix.RawSyscall(unix.SYS_SHUTDOWN, s, uintptr(how), 0)
	return e
}

// sysGetsockname is getsockname(2).
func sysGetsockname(s uintptr, sa *unix.RawSockaddrAny, n *uint32) unix.Errno {
	_, _, e := unix.RawSyscall(unix.SYS_GETSOCKNAME, s, uintptr(unsafe.Pointer(sa)), uintptr(unsafe.Pointer(n)))
	return e
}

// sysGetpeername is getpeername(2).
func sysGetpeername(s uintptr, sa *unix.RawSockaddrAny, n *uint32) unix.Errno {
	_, _, e := unix.RawSyscall(unix.SYS_GETPEERNAME, s, uintptr(unsafe.Pointer(sa)), uintptr(unsafe.Pointer(n)))
	return e
}

// sysGetsockopt is getsockopt(2). Some options take the socket lock and
// may sleep (TCP_ZEROCOPY_RECEIVE): not RawSyscall6.
func sysGetsockopt(s uintptr, level, opt int, val unsafe.Pointer, n *uint32) unix.Errno {
	_, _, e := unix.Syscall6(unix.SYS_GETSOCKOPT, s, uintptr(level), uintptr(opt), uintptr(val), uintptr(unsafe.Pointer(n)), 0)
	return e
}

// sysSetsockopt is setsockopt(2). Some options sleep (TCP_CONGESTION may
// load a module): not RawSyscall6.
func sysSetsockopt(s uintptr, level, opt int, val unsafe.Pointer, n uintptr) unix.Errno {
	_, _, e := unix.Syscall6(unix.SYS_SETSOCKOPT, s, uintptr(level), uintptr(opt), uintptr(val), n, 0)
	return e
}
