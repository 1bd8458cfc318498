package sockaddr

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// rawSockaddrWords is the shape sockaddr_nl, sockaddr_vm and
// sockaddr_qrtr share: the family, two bytes of padding, and two 32-bit
// fields at offsets 4 and 8 (sockaddr_vm's flags and padding follow).
type rawSockaddrWords struct {
	Family uint16
	_      uint16
	W4, W8 uint32
}

// putWords encodes an address of that shape, of size bytes, and returns
// its length.
func putWords(sa *unix.RawSockaddrAny, family uint16, w4, w8, size uint32) uint32 {
	*sa = unix.RawSockaddrAny{}
	p := (*rawSockaddrWords)(unsafe.Pointer(sa))
	p.Family, p.W4, p.W8 = family, w4, w8
	return size
}

// words decodes an address of that shape; ok is false when n is shorter
// than size, the struct's.
func words(sa *unix.RawSockaddrAny, n, size uint32) (w4, w8 uint32, ok bool) {
	if n < size {
		return 0, 0, false
	}
	p := (*rawSockaddrWords)(unsafe.Pointer(sa))
	return p.W4, p.W8, true
}

// PutNetlink encodes a sockaddr_nl (linux/netlink.h) and returns its
// length.
func PutNetlink(sa *unix.RawSockaddrAny, pid, groups uint32) uint32 {
	return putWords(sa, unix.AF_NETLINK, pid, groups, unix.SizeofSockaddrNetlink)
}

// Netlink decodes a sockaddr_nl of n bytes; ok is false when n is too
// short to hold one.
func Netlink(sa *unix.RawSockaddrAny, n uint32) (pid, groups uint32, ok bool) {
	return words(sa, n, unix.SizeofSockaddrNetlink)
}

// PutVsock encodes a sockaddr_vm (linux/vm_sockets.h), whose port comes
// before its cid, and returns its length.
func PutVsock(sa *unix.RawSockaddrAny, cid, port uint32) uint32 {
	return putWords(sa, unix.AF_VSOCK, port, cid, unix.SizeofSockaddrVM)
}

// Vsock decodes a sockaddr_vm of n bytes; ok is false when n is too short
// to hold one.
func Vsock(sa *unix.RawSockaddrAny, n uint32) (cid, port uint32, ok bool) {
	port, cid, ok = words(sa, n, unix.SizeofSockaddrVM)
	return cid, port, ok
}

// PutCAN encodes a struct sockaddr_can (linux/can.h) of the interface
// ifindex with the 16 bytes of its union can_addr (tp's rx_id and tx_id,
// or j1939's name, pgn and addr), and returns its length.
func PutCAN(sa *unix.RawSockaddrAny, ifindex int32, addr [16]byte) uint32 {
	*sa = unix.RawSockaddrAny{}
	p := (*unix.RawSockaddrCAN)(unsafe.Pointer(sa))
	p.Family = unix.AF_CAN
	p.Ifindex = ifindex
	p.Addr = addr
	return unix.SizeofSockaddrCAN
}

// CAN decodes a sockaddr_can of n bytes into its interface index and the
// bytes of its union; ok is false when n is too short to hold the index.
// A shorter address than the whole struct (the kernel returns
// offsetof(can_addr) bytes for CAN_RAW) has a zero union.
func CAN(sa *unix.RawSockaddrAny, n uint32) (ifindex int32, addr [16]byte, ok bool) {
	const unionOffset = unix.SizeofSockaddrCAN - 16
	if n < unionOffset {
		return 0, addr, false
	}
	p := (*unix.RawSockaddrCAN)(unsafe.Pointer(sa))
	copy(addr[:], p.Addr[:min(n-unionOffset, 16)])
	return p.Ifindex, addr, true
}

// PutTIPC encodes a struct sockaddr_tipc (linux/tipc.h) from its address
// type, scope and the 12 bytes of its union, and returns its length.
func PutTIPC(sa *unix.RawSockaddrAny, addrType uint8, scope int8, addr [12]byte) uint32 {
	*sa = unix.RawSockaddrAny{}
	p := (*unix.RawSockaddrTIPC)(unsafe.Pointer(sa))
	p.Family = unix.AF_TIPC
	p.Addrtype = addrType
	p.Scope = scope
	p.Addr = addr
	return unix.SizeofSockaddrTIPC
}

// TIPC decodes a sockaddr_tipc of n bytes; ok is false when n is too short
// to hold one.
func TIPC(sa *unix.RawSockaddrAny, n uint32) (addrType uint8, scope int8, addr [12]byte, ok bool) {
	if n < unix.SizeofSockaddrTIPC {
		return 0, 0, addr, false
	}
	p := (*unix.RawSockaddrTIPC)(unsafe.Pointer(sa))
	return p.Addrtype, p.Scope, p.Addr, true
}

// SizeofSockaddrQrtr is sizeof(struct sockaddr_qrtr) (linux/qrtr.h),
// which x/sys/unix lacks: family, padding, node, port.
const SizeofSockaddrQrtr = uint32(unsafe.Sizeof(rawSockaddrWords{}))

// PutQrtr encodes a sockaddr_qrtr and returns its length.
func PutQrtr(sa *unix.RawSockaddrAny, node, port uint32) uint32 {
	return putWords(sa, unix.AF_QIPCRTR, node, port, SizeofSockaddrQrtr)
}

// Qrtr decodes a sockaddr_qrtr of n bytes; ok is false when n is too short
// to hold one.
func Qrtr(sa *unix.RawSockaddrAny, n uint32) (node, port uint32, ok bool) {
	return words(sa, n, SizeofSockaddrQrtr)
}

// PutALG encodes a struct sockaddr_alg (linux/if_alg.h) and returns its
// length, or false when typ or name does not fit with its terminating NUL
// (13 and 63 bytes), as Python refuses them.
func PutALG(sa *unix.RawSockaddrAny, typ, name string, feat, mask uint32) (uint32, bool) {
	p := (*unix.RawSockaddrALG)(unsafe.Pointer(sa))
	if len(typ) >= len(p.Type) || len(name) >= len(p.Name) {
		return 0, false
	}
	*sa = unix.RawSockaddrAny{}
	p.Family = unix.AF_ALG
	copy(p.Type[:], typ)
	copy(p.Name[:], name)
	p.Feat, p.Mask = feat, mask
	return unix.SizeofSockaddrALG, true
}

// ALG decodes a sockaddr_alg of n bytes into views of its NUL-terminated
// type and name inside sa; ok is false when n is too short to hold one.
func ALG(sa *unix.RawSockaddrAny, n uint32) (typ, name []byte, feat, mask uint32, ok bool) {
	if n < unix.SizeofSockaddrALG {
		return nil, nil, 0, 0, false
	}
	p := (*unix.RawSockaddrALG)(unsafe.Pointer(sa))
	return cString(p.Type[:]), cString(p.Name[:]), p.Feat, p.Mask, true
}

// cString returns b up to its first NUL, or all of b.
func cString(b []byte) []byte {
	for i, c := range b {
		if c == 0 {
			return b[:i]
		}
	}
	return b
}
