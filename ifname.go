package socket

import (
	"math"
	"net"
	"strconv"

	"github.com/bsdsock/socket/internal/resolv"
	"golang.org/x/sys/unix"
)

// IfIndexName is one network interface: Python's (index, name) tuple of
// socket.if_nameindex.
type IfIndexName struct {
	Index int
	Name  string
}

// IfNameIndex lists the network interfaces, as Python's
// socket.if_nameindex and glibc's if_nameindex(3) do. It is not one system
// call: like glibc it dumps the links over netlink (RTM_GETLINK) and lists
// them in the kernel's order, which is by index. The error is a
// *net.OpError "if_nameindex" wrapping the *os.SyscallError of netlink.
func IfNameIndex() ([]IfIndexName, error) {
	links, err := resolv.IfNameIndex()
	if err != nil {
		return nil, resolvError("if_nameindex", "", err)
	}
	out := make([]IfIndexName, len(links))
	for i, l := range links {
		out[i] = IfIndexName(l)
	}
	return out, nil
}

// IfNametoindex returns the index of the interface called name, with
// ioctl(2) SIOCGIFINDEX, as Python's socket.if_nametoindex does. The error
// is a *net.OpError "if_nametoindex": for an unknown name (or one of
// IFNAMSIZ bytes or more) it wraps ErrNoSuchInterface, Python's message,
// and the errno (ENODEV); for a name with a NUL byte, which the kernel
// would cut short and Python refuses, an *ArgError (EINVAL).
func IfNametoindex(name string) (int, error) {
	index, err := resolv.IfNametoindex(name)
	if err != nil {
		return 0, resolvError("if_nametoindex", name, err)
	}
	return index, nil
}

// IfIndextoname returns the name of the interface with an index, with
// ioctl(2) SIOCGIFNAME, as Python's socket.if_indextoname does. The error
// is a *net.OpError "if_indextoname": no such interface wraps ENXIO, as
// glibc reports it; an index outside 0..2^32-1 wraps an *ArgError (EINVAL;
// Python: OverflowError).
func IfIndextoname(index int) (string, error) {
	if index < 0 || uint64(index) > math.MaxUint32 {
		return "", &net.OpError{Op: "if_indextoname",
			Err: argError("index", strconv.Itoa(index)+" is outside 0..4294967295", unix.EINVAL)}
	}
	name, err := resolv.IfIndextoname(uint32(index))
	if err != nil {
		return "", resolvError("if_indextoname", strconv.Itoa(index), err)
	}
	return name, nil
}
