//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package socket

import (
	"os"

	"github.com/bsdsock/socket/internal/sockfd"
	"golang.org/x/sys/unix"
)

// socketKind reads a socket's family from getsockname(2) (sa_family) and its
// type with getsockopt(2) SO_TYPE; the protocol is 0. macOS and OpenBSD
// have no SO_DOMAIN or SO_PROTOCOL, and CPython's socket(fileno=) does the
// same there (sock_initobj in Modules/socketmodule.c). The error is an
// *os.SyscallError.
func socketKind(fd int) ([3]int, error) {
	var sa unix.RawSockaddrAny
	if _, err := sockfd.Sockname(fd, &sa); err != nil {
		return [3]int{}, os.NewSyscallError("getsockname", err)
	}
	typ, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE)
	if err != nil {
		return [3]int{}, os.NewSyscallError("getsockopt", err)
	}
	return [3]int{int(sa.Addr.Family), typ, 0}, nil
}
