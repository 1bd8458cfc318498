package resolv

import (
	"github.com/bsdsock/socket/internal/sockaddr"
	"golang.org/x/sys/unix"
)

// Host is one address a lookup found, glibc's gaih_addrtuple: the engine
// works on these rather than on sockaddrs, and the caller encodes them
// with Put once the port is known.
type Host struct {
	Family int      // AF_INET or AF_INET6
	IP     [16]byte // an IPv4 address in the first 4 bytes, the rest zero
	Scope  uint32   // the IPv6 scope ID
}

// HostOf returns the address and port of a sockaddr_in or sockaddr_in6;
// another family gives the zero Host.
func HostOf(sa *unix.RawSockaddrAny) (h Host, port uint16) {
	switch sockaddr.Family(sa) {
	case unix.AF_INET:
		ip, p := sockaddr.Inet4(sa)
		h.Family = unix.AF_INET
		copy(h.IP[:], ip[:])
		return h, p
	case unix.AF_INET6:
		ip, p, _, scope := sockaddr.Inet6(sa)
		return Host{Family: unix.AF_INET6, IP: ip, Scope: scope}, p
	}
	return h, 0
}

// Put encodes h with a port as a sockaddr_in or sockaddr_in6 into sa and
// returns its length.
func (h Host) Put(sa *unix.RawSockaddrAny, port uint16) uint32 {
	if h.Family == unix.AF_INET6 {
		return sockaddr.PutInet6(sa, h.IP, port, 0, h.Scope)
	}
	return sockaddr.PutInet4(sa, [4]byte(h.IP[:4]), port)
}

// mapV4 returns the IPv4-mapped IPv6 form of an IPv4 address.
func mapV4(v4 [4]byte) (ip [16]byte) {
	ip[10], ip[11] = 0xff, 0xff
	copy(ip[12:], v4[:])
	return ip
}

func isV4Mapped(ip [16]byte) bool {
	return ip[0]|ip[1]|ip[2]|ip[3]|ip[4]|ip[5]|ip[6]|ip[7]|ip[8]|ip[9] == 0 && ip[10] == 0xff && ip[11] == 0xff
}
