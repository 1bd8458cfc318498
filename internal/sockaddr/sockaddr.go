// Package sockaddr encodes and decodes the kernel's struct sockaddr_* in a
// unix.RawSockaddrAny, without allocating.
package sockaddr

import (
	"unsafe"

	_ "github.com/bsdsock/socket/internal/unixonly" // fails the build where there are no BSD sockets
	"golang.org/x/sys/unix"
)

const (
	// unixPathOffset is offsetof(struct sockaddr_un, sun_path).
	unixPathOffset = 2
	// UnixPathMax is sizeof(sun_path).
	UnixPathMax = len(unix.RawSockaddrUnix{}.Path)
)

// Family returns sa's address family.
func Family(sa *unix.RawSockaddrAny) uint16 { return uint16(sa.Addr.Family) }

// PutInet4 encodes a sockaddr_in and returns its length.
func PutInet4(sa *unix.RawSockaddrAny, ip [4]byte, port uint16) uint32 {
	*sa = unix.RawSockaddrAny{}
	p := (*unix.RawSockaddrInet4)(unsafe.Pointer(sa))
	p.Family = unix.AF_INET
	p.Port = htons(port)
	p.Addr = ip
	setLen(sa, unix.SizeofSockaddrInet4)
	return unix.SizeofSockaddrInet4
}

// PutInet6 encodes a sockaddr_in6 and returns its length.
func PutInet6(sa *unix.RawSockaddrAny, ip [16]byte, port uint16, flowinfo, scopeID uint32) uint32 {
	*sa = unix.RawSockaddrAny{}
	p := (*unix.RawSockaddrInet6)(unsafe.Pointer(sa))
	p.Family = unix.AF_INET6
	p.Port = htons(port)
	p.Flowinfo = htonl(flowinfo) // a __be32, as in Python's htonl(flowinfo)
	p.Addr = ip
	p.Scope_id = scopeID
	setLen(sa, unix.SizeofSockaddrInet6)
	return unix.SizeofSockaddrInet6
}

// Inet4 decodes a sockaddr_in.
func Inet4(sa *unix.RawSockaddrAny) (ip [4]byte, port uint16) {
	p := (*unix.RawSockaddrInet4)(unsafe.Pointer(sa))
	return p.Addr, htons(p.Port)
}

// Inet6 decodes a sockaddr_in6.
func Inet6(sa *unix.RawSockaddrAny) (ip [16]byte, port uint16, flowinfo, scopeID uint32) {
	p := (*unix.RawSockaddrInet6)(unsafe.Pointer(sa))
	return p.Addr, htons(p.Port), htonl(p.Flowinfo), p.Scope_id
}

// PutUnix encodes a sockaddr_un for path and returns its length, or false
// when path does not fit. A path starting with NUL is a Linux abstract name:
// it may fill all of sun_path and is not NUL-terminated. Any other path needs
// room for its terminating NUL. The empty path gives the bare family (2
// bytes), which bind(2) takes as a request to autobind. Where there are no
// abstract names (abstractNames), a path starting with NUL gives false.
func PutUnix(sa *unix.RawSockaddrAny, path string) (uint32, bool) {
	abstract := len(path) > 0 && path[0] == 0
	if abstract && !abstractNames {
		return 0, false
	}
	if len(path) > UnixPathMax || (!abstract && len(path) >= UnixPathMax) {
		return 0, false
	}
	*sa = unix.RawSockaddrAny{}
	p := (*unix.RawSockaddrUnix)(unsafe.Pointer(sa))
	p.Family = unix.AF_UNIX
	for i := 0; i < len(path); i++ {
		p.Path[i] = int8(path[i])
	}
	n := unixPathOffset + len(path)
	if !abstract && len(path) > 0 {
		n++ // the NUL, as the kernel reports it back for bound paths
	}
	setLen(sa, uint32(n))
	return uint32(n), true
}

// Unix returns the sun_path bytes of a sockaddr_un of length n: an abstract
// name with its leading NUL, a pathname without its terminating NUL, or
// nothing for an unnamed socket. The result aliases sa.
func Unix(sa *unix.RawSockaddrAny, n uint32) []byte {
	if n <= unixPathOffset {
		return nil
	}
	p := (*unix.RawSockaddrUnix)(unsafe.Pointer(sa))
	b := unsafe.Slice((*byte)(unsafe.Pointer(&p.Path[0])), int(n)-unixPathOffset)
	if b[0] == 0 && !abstractNames {
		return nil // an unnamed socket, whose zeroed sun_path may be counted
	}
	if b[0] != 0 {
		// A pathname ends at its first NUL; the kernel may or may not
		// count the NUL in the length.
		for i, c := range b {
			if c == 0 {
				return b[:i]
			}
		}
	}
	return b
}

// Bytes returns the first n bytes of sa. The result aliases sa.
func Bytes(sa *unix.RawSockaddrAny, n uint32) []byte {
	if n > unix.SizeofSockaddrAny {
		n = unix.SizeofSockaddrAny
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(sa)), int(n))
}

// htons swaps a port between host (little-endian here) and network order;
// the same swap goes both ways.
func htons(v uint16) uint16 {
	b := (*[2]byte)(unsafe.Pointer(&v))
	return uint16(b[0])<<8 | uint16(b[1])
}

// htonl is htons for a 32-bit value: sin6_flowinfo is in network order,
// sin6_scope_id in host order.
func htonl(v uint32) uint32 {
	b := (*[4]byte)(unsafe.Pointer(&v))
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}
