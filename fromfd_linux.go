package socket

import (
	"os"

	"golang.org/x/sys/unix"
)

// socketKind reads a socket's family, type and protocol with getsockopt(2)
// SO_DOMAIN, SO_TYPE and SO_PROTOCOL. The error is an *os.SyscallError.
func socketKind(fd int) ([3]int, error) {
	var vals [3]int
	for i, opt := range []int{unix.SO_DOMAIN, unix.SO_TYPE, unix.SO_PROTOCOL} {
		v, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, opt)
		if err != nil {
			return vals, os.NewSyscallError("getsockopt", err)
		}
		vals[i] = v
	}
	return vals, nil
}
