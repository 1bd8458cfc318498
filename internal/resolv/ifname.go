package resolv

import (
	"encoding/binary"
	"errors"
	"os"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// IfIndexName is one network interface: its index and name.
type IfIndexName struct {
	Index int
	Name  string
}

// IfNameIndex is glibc's if_nameindex(3): the links netlink (RTM_GETLINK)
// lists, in the kernel's order, which is by index. The error is an
// *os.SyscallError.
func IfNameIndex() ([]IfIndexName, error) {
	links, err := netlinkLinks()
	if err != nil {
		return nil, err
	}
	out := make([]IfIndexName, 0, len(links))
	for _, l := range links {
		out = append(out, IfIndexName{Index: int(l.index), Name: l.name})
	}
	return out, nil
}

// IfNametoindex is if_nametoindex(3), ioctl(2) SIOCGIFINDEX. A name with a
// NUL byte is an *ArgError, as Python refuses it; any other failure wraps
// ErrNoSuchInterface (Python's only word for it) and the *os.SyscallError
// (ENODEV for an unknown name or one of IFNAMSIZ bytes or more).
func IfNametoindex(name string) (int, error) {
	if strings.IndexByte(name, 0) >= 0 {
		// The kernel would stop at the NUL and find another name.
		return 0, &ArgError{Arg: "name", Reason: "embedded NUL byte", Errno: unix.EINVAL}
	}
	ifr, err := unix.NewIfreq(name)
	if err != nil {
		return 0, &notFoundError{ErrNoSuchInterface, os.NewSyscallError("ioctl", unix.ENODEV)}
	}
	if err := ifreqIoctl(unix.SIOCGIFINDEX, ifr); err != nil {
		return 0, &notFoundError{ErrNoSuchInterface, err}
	}
	return int(ifr.Uint32()), nil
}

// IfIndextoname is if_indextoname(3), ioctl(2) SIOCGIFNAME, for an index
// the caller checked fits in 32 bits. No such interface gives ENXIO, as
// glibc reports it, inside an *os.SyscallError.
func IfIndextoname(index uint32) (string, error) {
	ifr, _ := unix.NewIfreq("")
	ifr.SetUint32(index)
	if err := ifreqIoctl(unix.SIOCGIFNAME, ifr); err != nil {
		var se *os.SyscallError
		if errors.As(err, &se) && se.Err == unix.ENODEV {
			se.Err = unix.ENXIO
		}
		return "", err
	}
	return ifr.Name(), nil
}

// ifreqIoctl makes an interface ioctl on a throwaway AF_UNIX socket, as
// glibc does; the kernel answers these for any socket.
func ifreqIoctl(req uint, ifr *unix.Ifreq) error {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return os.NewSyscallError("socket", err)
	}
	defer unix.Close(fd)
	return os.NewSyscallError("ioctl", unix.IoctlIfreq(fd, req, ifr))
}

// link is one RTM_NEWLINK record.
type link struct {
	index uint32
	typ   uint16 // ARPHRD_*
	name  string
}

// netlinkLinks dumps the network interfaces with netlink RTM_GETLINK.
func netlinkLinks() ([]link, error) {
	rib, err := syscall.NetlinkRIB(syscall.RTM_GETLINK, syscall.AF_UNSPEC)
	if err != nil {
		return nil, os.NewSyscallError("netlink", err)
	}
	msgs, err := syscall.ParseNetlinkMessage(rib)
	if err != nil {
		return nil, os.NewSyscallError("netlink", err)
	}
	var out []link
	for i := range msgs {
		m := &msgs[i]
		if m.Header.Type != syscall.RTM_NEWLINK || len(m.Data) < syscall.SizeofIfInfomsg {
			continue
		}
		l := link{
			typ:   binary.NativeEndian.Uint16(m.Data[2:4]),
			index: binary.NativeEndian.Uint32(m.Data[4:8]),
		}
		attrs, err := syscall.ParseNetlinkRouteAttr(m)
		if err != nil {
			continue
		}
		for _, a := range attrs {
			if a.Attr.Type == syscall.IFLA_IFNAME {
				l.name = unix.ByteSliceToString(a.Value)
			}
		}
		out = append(out, l)
	}
	return out, nil
}
