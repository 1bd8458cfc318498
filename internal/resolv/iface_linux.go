package resolv

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// This file asks the Linux kernel about the machine's interfaces and
// addresses as glibc does: netlink (RTM_GETLINK, RTM_GETADDR) and the
// SIOCGIF* ioctls.

// interfaces lists the links netlink (RTM_GETLINK) reports, in the
// kernel's order, which is by index, as glibc's if_nameindex(3) does.
func interfaces() ([]IfIndexName, error) {
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

// nametoindex is glibc's if_nametoindex(3), ioctl(2) SIOCGIFINDEX: ENODEV
// for an unknown name or one of IFNAMSIZ bytes or more.
func nametoindex(name string) (int, error) {
	ifr, err := unix.NewIfreq(name)
	if err != nil {
		return 0, os.NewSyscallError("ioctl", unix.ENODEV)
	}
	if err := ifreqIoctl(unix.SIOCGIFINDEX, ifr); err != nil {
		return 0, err
	}
	return int(ifr.Uint32()), nil
}

// indextoname is glibc's if_indextoname(3), ioctl(2) SIOCGIFNAME: no such
// interface gives ENXIO, as glibc reports it.
func indextoname(index uint32) (string, error) {
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

// linkTypes maps each interface index to 1 if it is native, 0 if a tunnel.
func linkTypes() map[uint32]int {
	m := map[uint32]int{}
	links, _ := netlinkLinks()
	for _, l := range links {
		native := 1
		if l.typ == unix.ARPHRD_TUNNEL || l.typ == unix.ARPHRD_TUNNEL6 || l.typ == unix.ARPHRD_SIT {
			native = 0
		}
		m[l.index] = native
	}
	return m
}

// localAddrs is glibc's __check_pf: whether the machine has an IPv4
// address other than 127.0.0.1 and an IPv6 one other than ::1 (what
// AI_ADDRCONFIG asks), and, only when it has such an IPv6 address, the
// list of its addresses sorted by address. If the kernel cannot be asked,
// both families count as present, as in glibc.
func localAddrs() (seen4, seen6 bool, addrs []localAddr) {
	rib, err := syscall.NetlinkRIB(syscall.RTM_GETADDR, syscall.AF_UNSPEC)
	if err != nil {
		return true, true, nil
	}
	msgs, err := syscall.ParseNetlinkMessage(rib)
	if err != nil {
		return true, true, nil
	}
	for i := range msgs {
		m := &msgs[i]
		if m.Header.Type != syscall.RTM_NEWADDR || len(m.Data) < syscall.SizeofIfAddrmsg {
			continue
		}
		fam, plen, flags := m.Data[0], m.Data[1], m.Data[2]
		index := binary.NativeEndian.Uint32(m.Data[4:8])
		if fam != unix.AF_INET && fam != unix.AF_INET6 {
			continue
		}
		attrs, err := syscall.ParseNetlinkRouteAttr(m)
		if err != nil {
			continue
		}
		// IFA_ADDRESS wins as soon as it is seen, else IFA_LOCAL.
		var addr []byte
		for _, a := range attrs {
			if a.Attr.Type == unix.IFA_ADDRESS {
				addr = a.Value
				break
			}
			if a.Attr.Type == unix.IFA_LOCAL {
				addr = a.Value
			}
		}
		la := localAddr{
			deprecated: flags&(unix.IFA_F_DEPRECATED|unix.IFA_F_OPTIMISTIC) != 0,
			home:       flags&unix.IFA_F_HOMEADDRESS != 0,
			prefixlen:  int(plen),
			index:      index,
		}
		switch {
		case fam == unix.AF_INET && len(addr) >= 4:
			if !bytes.Equal(addr[:4], []byte{127, 0, 0, 1}) {
				seen4 = true
			}
			la.addr = mapV4([4]byte(addr[:4]))
		case fam == unix.AF_INET6 && len(addr) >= 16:
			if [16]byte(addr[:16]) != [16]byte{15: 1} {
				seen6 = true
			}
			la.addr = [16]byte(addr[:16])
		default:
			continue
		}
		addrs = append(addrs, la)
	}
	return checkedPF(seen4, seen6, addrs)
}
