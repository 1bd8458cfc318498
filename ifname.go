package socket

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"syscall"

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
// them in the kernel's order, which is by index.
func IfNameIndex() ([]IfIndexName, error) {
	links, err := netlinkLinks()
	if err != nil {
		return nil, fmt.Errorf("if_nameindex: %w", err)
	}
	out := make([]IfIndexName, 0, len(links))
	for _, l := range links {
		out = append(out, IfIndexName{Index: int(l.index), Name: l.name})
	}
	return out, nil
}

// IfNametoindex returns the index of the interface called name, with
// ioctl(2) SIOCGIFINDEX, as Python's socket.if_nametoindex does. An unknown
// name (or one of IFNAMSIZ bytes or more) gives an error wrapping
// ErrNoSuchInterface and the errno (ENODEV).
func IfNametoindex(name string) (int, error) {
	if strings.IndexByte(name, 0) >= 0 {
		// The kernel would stop at the NUL and find another name;
		// Python refuses it (ValueError: embedded null byte).
		return 0, fmt.Errorf("if_nametoindex %q: %w", name, argError("name", "embedded NUL byte", unix.EINVAL))
	}
	ifr, err := unix.NewIfreq(name)
	if err != nil {
		return 0, fmt.Errorf("if_nametoindex %q: %w: %w", name, ErrNoSuchInterface, unix.ENODEV)
	}
	if err := ifreqIoctl(unix.SIOCGIFINDEX, ifr); err != nil {
		return 0, fmt.Errorf("if_nametoindex %q: %w: %w", name, ErrNoSuchInterface, err)
	}
	return int(ifr.Uint32()), nil
}

// IfIndextoname returns the name of the interface with an index, with
// ioctl(2) SIOCGIFNAME, as Python's socket.if_indextoname does. No such
// interface gives an error wrapping ENXIO, as glibc reports it; an index
// outside 0..2^32-1 is an *ArgError (Python: OverflowError).
func IfIndextoname(index int) (string, error) {
	if index < 0 || uint64(index) > math.MaxUint32 {
		return "", argError("index", strconv.Itoa(index)+" is outside 0..4294967295", unix.EINVAL)
	}
	ifr, _ := unix.NewIfreq("")
	ifr.SetUint32(uint32(index))
	if err := ifreqIoctl(unix.SIOCGIFNAME, ifr); err != nil {
		if err == unix.ENODEV {
			err = unix.ENXIO
		}
		return "", os.NewSyscallError("if_indextoname", err)
	}
	return ifr.Name(), nil
}

// ifreqIoctl makes an interface ioctl on a throwaway AF_UNIX socket, as
// glibc does; the kernel answers these for any socket.
func ifreqIoctl(req uint, ifr *unix.Ifreq) error {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	return unix.IoctlIfreq(fd, req, ifr)
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
