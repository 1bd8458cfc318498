//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package resolv

import (
	"errors"
	"net"
	"os"
	"sort"

	"golang.org/x/sys/unix"
)

// This file answers the interface questions on the BSDs and macOS, which
// have no netlink: package net reads the routing socket's interface list
// (sysctl NET_RT_IFLIST), as the BSD libcs' if_nameindex(3) and
// getifaddrs(3) do (FreeBSD's lib/libc/net/if_nameindex.c).

// interfaces lists the interfaces the routing socket reports, by index.
func interfaces() ([]IfIndexName, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, syscallError("sysctl", err)
	}
	out := make([]IfIndexName, 0, len(ifs))
	for _, ifi := range ifs {
		out = append(out, IfIndexName{Index: ifi.Index, Name: ifi.Name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Index < out[j].Index })
	return out, nil
}

// nametoindex finds name in the interface list; an unknown name gives
// ENXIO, as if_nametoindex(3) of FreeBSD and macOS sets it.
func nametoindex(name string) (int, error) {
	ifi, err := net.InterfaceByName(name)
	if err != nil {
		return 0, os.NewSyscallError("if_nametoindex", unix.ENXIO)
	}
	return ifi.Index, nil
}

// indextoname finds index in the interface list; an unknown index gives
// ENXIO, as if_indextoname(3) documents.
func indextoname(index uint32) (string, error) {
	ifi, err := net.InterfaceByIndex(int(index))
	if err != nil {
		return "", os.NewSyscallError("if_indextoname", unix.ENXIO)
	}
	return ifi.Name, nil
}

// syscallError returns the *os.SyscallError inside err, or err wrapped in
// one named call.
func syscallError(call string, err error) error {
	var se *os.SyscallError
	if errors.As(err, &se) {
		return se
	}
	return os.NewSyscallError(call, err)
}

// linkTypes counts every interface as native: glibc's __check_native asks
// netlink for tunnel link types, which the BSDs do not report that way, so
// the RFC 3484 rule "prefer native transport" never separates two
// destinations here.
func linkTypes() map[uint32]int {
	m := map[uint32]int{}
	ifs, _ := net.Interfaces()
	for _, ifi := range ifs {
		m[uint32(ifi.Index)] = 1
	}
	return m
}

// localAddrs is glibc's __check_pf from the interface list: whether the
// machine has an IPv4 address other than 127.0.0.1 and an IPv6 one other
// than ::1, and, only when it has such an IPv6 address, its addresses
// sorted. The BSDs keep IPv6 address flags behind an ioctl (in6_ifreq,
// SIOCGIFAFLAG_IN6) that is not asked, so no address counts as deprecated
// or a home address. If the list cannot be read, both families count as
// present, as in glibc.
func localAddrs() (seen4, seen6 bool, addrs []localAddr) {
	ifs, err := net.Interfaces()
	if err != nil {
		return true, true, nil
	}
	for _, ifi := range ifs {
		ias, err := ifi.Addrs()
		if err != nil {
			continue
		}
		for _, ia := range ias {
			ipn, ok := ia.(*net.IPNet)
			if !ok {
				continue
			}
			ones, _ := ipn.Mask.Size()
			la := localAddr{prefixlen: ones, index: uint32(ifi.Index)}
			if ip4 := ipn.IP.To4(); ip4 != nil {
				if !ip4.Equal(net.IPv4(127, 0, 0, 1)) {
					seen4 = true
				}
				la.addr = mapV4([4]byte(ip4))
			} else if ip6 := ipn.IP.To16(); ip6 != nil {
				if !ip6.Equal(net.IPv6loopback) {
					seen6 = true
				}
				la.addr = [16]byte(ip6)
			} else {
				continue
			}
			addrs = append(addrs, la)
		}
	}
	return checkedPF(seen4, seen6, addrs)
}
