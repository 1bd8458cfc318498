// This file makes the socket system calls through libc, the only way
// macOS supports and, since OpenBSD 7.5, the only way OpenBSD allows: a
// system call by number from a program's own text is killed there
// (pinsyscalls(2); golang/go#63900). Go's own syscall package goes through
// libc on both (src/syscall/syscall_darwin.go, syscall_openbsd_libc.go).
//
// The wrappers are x/sys/unix's unexported ones, generated from the //sys
// lines of its syscall_bsd.go, reached by go:linkname because the exported
// functions allocate (a Sockaddr interface per call). They take pointers
// and keep none, hence go:noescape; TestLibcSignatures checks each
// declaration against the //sys line of the x/sys this module builds with.

//go:build darwin || openbsd

package sockfd

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

//go:linkname xRecvfrom golang.org/x/sys/unix.recvfrom
//go:noescape
func xRecvfrom(fd int, p []byte, flags int, from *unix.RawSockaddrAny, fromlen *uint32) (n int, err error)

//go:linkname xRecvmsg golang.org/x/sys/unix.recvmsg
//go:noescape
func xRecvmsg(s int, msg *unix.Msghdr, flags int) (n int, err error)

//go:linkname xSendmsg golang.org/x/sys/unix.sendmsg
//go:noescape
func xSendmsg(s int, msg *unix.Msghdr, flags int) (n int, err error)

//go:linkname xAccept golang.org/x/sys/unix.accept
//go:noescape
func xAccept(s int, rsa *unix.RawSockaddrAny, addrlen *uint32) (fd int, err error)

//go:linkname xBind golang.org/x/sys/unix.bind
//go:noescape
func xBind(s int, addr unsafe.Pointer, addrlen uint32) (err error)

//go:linkname xConnect golang.org/x/sys/unix.connect
//go:noescape
func xConnect(s int, addr unsafe.Pointer, addrlen uint32) (err error)

//go:linkname xGetsockopt golang.org/x/sys/unix.getsockopt
//go:noescape
func xGetsockopt(s int, level int, name int, val unsafe.Pointer, vallen *uint32) (err error)

//go:linkname xSetsockopt golang.org/x/sys/unix.setsockopt
//go:noescape
func xSetsockopt(s int, level int, name int, val unsafe.Pointer, vallen uintptr) (err error)

//go:linkname xGetpeername golang.org/x/sys/unix.getpeername
//go:noescape
func xGetpeername(fd int, rsa *unix.RawSockaddrAny, addrlen *uint32) (err error)

//go:linkname xGetsockname golang.org/x/sys/unix.getsockname
//go:noescape
func xGetsockname(fd int, rsa *unix.RawSockaddrAny, addrlen *uint32) (err error)

// count is a data wrapper's result as the by-number calls give it.
func count(n int, err error) (uintptr, unix.Errno) {
	if err != nil {
		return 0, errno(err)
	}
	return uintptr(n), 0
}

// sysRecvfrom is recvfrom(2); from and fromLen may be nil.
func sysRecvfrom(s uintptr, b []byte, flags int, from *unix.RawSockaddrAny, fromLen *uint32) (uintptr, unix.Errno) {
	return count(xRecvfrom(int(s), b, flags, from, fromLen))
}

// sysSendto is sendto(2), made as sendmsg(2) with one buffer: x/sys's
// sendto wrapper drops the count of bytes sent, which a stream socket's
// partial send needs. The two calls are the same in the kernel, both
// building a msghdr for one send routine: sendit() in OpenBSD's
// sys/kern/uipc_syscalls.c, and in XNU's bsd/kern/uipc_syscalls.c.
func sysSendto(s uintptr, b []byte, flags int, to *unix.RawSockaddrAny, toLen uint32) (uintptr, unix.Errno) {
	var (
		iov unix.Iovec
		hdr unix.Msghdr
	)
	iov.Base = (*byte)(bufPtr(b))
	iov.SetLen(len(b))
	hdr.Iov, hdr.Iovlen = &iov, 1
	if to != nil {
		hdr.Name, hdr.Namelen = (*byte)(unsafe.Pointer(to)), toLen
	}
	return count(xSendmsg(int(s), &hdr, flags))
}

// sysRecvmsg is recvmsg(2).
func sysRecvmsg(s uintptr, hdr *unix.Msghdr, flags int, _ int) (uintptr, unix.Errno) {
	return count(xRecvmsg(int(s), hdr, flags))
}

// sysSendmsg is sendmsg(2).
func sysSendmsg(s uintptr, hdr *unix.Msghdr, flags int, _ int) (uintptr, unix.Errno) {
	return count(xSendmsg(int(s), hdr, flags))
}

// sysAccept is accept(2).
func sysAccept(s uintptr, sa *unix.RawSockaddrAny, n *uint32) (uintptr, unix.Errno) {
	return count(xAccept(int(s), sa, n))
}

// sysConnect is connect(2).
func sysConnect(s uintptr, to *unix.RawSockaddrAny, toLen uint32) unix.Errno {
	return errno(xConnect(int(s), unsafe.Pointer(to), toLen))
}

// sysBind is bind(2).
func sysBind(s uintptr, sa *unix.RawSockaddrAny, saLen uint32) unix.Errno {
	return errno(xBind(int(s), unsafe.Pointer(sa), saLen))
}

// sysListen is listen(2), whose x/sys wrapper is exported and allocates
// nothing.
func sysListen(s uintptr, backlog int) unix.Errno {
	return errno(unix.Listen(int(s), backlog))
}

// sysShutdown is shutdown(2), whose x/sys wrapper is exported and
// allocates nothing.
func sysShutdown(s uintptr, how int) unix.Errno {
	return errno(unix.Shutdown(int(s), how))
}

// sysGetsockname is getsockname(2).
func sysGetsockname(s uintptr, sa *unix.RawSockaddrAny, n *uint32) unix.Errno {
	return errno(xGetsockname(int(s), sa, n))
}

// sysGetpeername is getpeername(2).
func sysGetpeername(s uintptr, sa *unix.RawSockaddrAny, n *uint32) unix.Errno {
	return errno(xGetpeername(int(s), sa, n))
}

// sysGetsockopt is getsockopt(2).
func sysGetsockopt(s uintptr, level, opt int, val unsafe.Pointer, n *uint32) unix.Errno {
	return errno(xGetsockopt(int(s), level, opt, val, n))
}

// sysSetsockopt is setsockopt(2).
func sysSetsockopt(s uintptr, level, opt int, val unsafe.Pointer, n uintptr) unix.Errno {
	return errno(xSetsockopt(int(s), level, opt, val, n))
}
