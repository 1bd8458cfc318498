package sockaddr

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// PutNetlink encodes a sockaddr_nl (linux/netlink.h) and returns its
// length.
func PutNetlink(sa *unix.RawSockaddrAny, pid, groups uint32) uint32 {
	*sa = unix.RawSockaddrAny{}
	p := (*unix.RawSockaddrNetlink)(unsafe.Pointer(sa))
	p.Family = unix.AF_NETLINK
	p.Pid = pid
	p.Groups = groups
	return unix.SizeofSockaddrNetlink
}

// Netlink decodes a sockaddr_nl of n bytes; ok is false when n is too
// short to hold one.
func Netlink(sa *unix.RawSockaddrAny, n uint32) (pid, groups uint32, ok bool) {
	if n < unix.SizeofSockaddrNetlink {
		return 0, 0, false
	}
	p := (*unix.RawSockaddrNetlink)(unsafe.Pointer(sa))
	return p.Pid, p.Groups, true
}

// PutVsock encodes a sockaddr_vm (linux/vm_sockets.h) and returns its
// length.
func PutVsock(sa *unix.RawSockaddrAny, cid, port uint32) uint32 {
	*sa = unix.RawSockaddrAny{}
	p := (*unix.RawSockaddrVM)(unsafe.Pointer(sa))
	p.Family = unix.AF_VSOCK
	p.Cid = cid
	p.Port = port
	return unix.SizeofSockaddrVM
}

// Vsock decodes a sockaddr_vm of n bytes; ok is false when n is too short
// to hold one.
func Vsock(sa *unix.RawSockaddrAny, n uint32) (cid, port uint32, ok bool) {
	if n < unix.SizeofSockaddrVM {
		return 0, 0, false
	}
	p := (*unix.RawSockaddrVM)(unsafe.Pointer(sa))
	return p.Cid, p.Port, true
}
