package resolv

import (
	"strings"

	"golang.org/x/sys/unix"
)

// This file holds the interface-name calls; iface_linux.go asks netlink and
// ioctl(2) as glibc does, iface_bsd.go the routing socket as the BSD libcs
// do (through package net).

// IfIndexName is one network interface: its index and name.
type IfIndexName struct {
	Index int
	Name  string
}

// IfNameIndex is if_nameindex(3): the machine's interfaces, by index. The
// error is an *os.SyscallError.
func IfNameIndex() ([]IfIndexName, error) { return interfaces() }

// IfNametoindex is if_nametoindex(3). A name with a NUL byte is an
// *ArgError, as Python refuses it; any other failure wraps
// ErrNoSuchInterface (Python's only word for it) and the *os.SyscallError
// (on Linux ENODEV, from ioctl(2) SIOCGIFINDEX, for an unknown name or one
// of IFNAMSIZ bytes or more; ENXIO on the BSDs).
func IfNametoindex(name string) (int, error) {
	if strings.IndexByte(name, 0) >= 0 {
		// The kernel would stop at the NUL and find another name.
		return 0, &ArgError{Arg: "name", Reason: "embedded NUL byte", Errno: unix.EINVAL}
	}
	i, err := nametoindex(name)
	if err != nil {
		return 0, &notFoundError{ErrNoSuchInterface, err}
	}
	return i, nil
}

// IfIndextoname is if_indextoname(3) (ioctl(2) SIOCGIFNAME on Linux), for
// an index the caller checked fits in 32 bits. No such interface gives
// ENXIO, as glibc and the BSD libcs report it, inside an *os.SyscallError.
func IfIndextoname(index uint32) (string, error) { return indextoname(index) }
