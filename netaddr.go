package socket

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// NetAddr returns a as the net.Addr the net package uses for network:
// *net.TCPAddr for "tcp", "tcp4" and "tcp6", *net.UDPAddr for "udp...",
// *net.IPAddr for "ip..." (the port is dropped), and *net.UnixAddr for
// "unix", "unixgram" and "unixpacket" (an abstract name is written "@name",
// as net does). An address whose family does not fit network, or any other
// network, gives a itself (Addr is a net.Addr too); the zero Addr gives nil,
// as net gives for a missing address. It makes no system call; it
// allocates.
func (a Addr) NetAddr(network string) net.Addr {
	if a.IsZero() {
		return nil
	}
	if ap, ok := a.AddrPort(); ok {
		switch {
		case strings.HasPrefix(network, "tcp"):
			return net.TCPAddrFromAddrPort(ap)
		case strings.HasPrefix(network, "udp"):
			return net.UDPAddrFromAddrPort(ap)
		case strings.HasPrefix(network, "ip"):
			ip := ap.Addr()
			return &net.IPAddr{IP: ip.AsSlice(), Zone: ip.Zone()}
		}
		return a
	}
	if a.Family() == AF_UNIX && strings.HasPrefix(network, "unix") {
		return &net.UnixAddr{Name: a.String(), Net: network}
	}
	return a
}

// AddrFromNet returns the Addr of a net.Addr: *net.TCPAddr, *net.UDPAddr
// and *net.IPAddr give AF_INET for an IPv4 address (also when held in 16
// bytes) and AF_INET6 otherwise, with the zone as scope ID; a nil IP gives
// the IPv4 wildcard, as in Python's "" host. *net.UnixAddr gives AF_UNIX,
// "@name" meaning an abstract name, as in net. An Addr is returned as is.
// Other types, and nil, are an error wrapping EAFNOSUPPORT. It makes no
// system call.
func AddrFromNet(na net.Addr) (Addr, error) {
	switch v := na.(type) {
	case Addr:
		return v, nil
	case *net.TCPAddr:
		if v != nil {
			return addrFromIP(v.IP, v.Zone, v.Port)
		}
	case *net.UDPAddr:
		if v != nil {
			return addrFromIP(v.IP, v.Zone, v.Port)
		}
	case *net.IPAddr:
		if v != nil {
			return addrFromIP(v.IP, v.Zone, 0)
		}
	case *net.UnixAddr:
		if v != nil {
			return unixAddrFromNet(v.Name)
		}
	}
	return Addr{}, argError("addr", netAddrType(na)+" has no socket address", unix.EAFNOSUPPORT)
}

func addrFromIP(ip net.IP, zone string, port int) (Addr, error) {
	if err := checkPort(port); err != nil {
		return Addr{}, err
	}
	if len(ip) == 0 {
		ip = net.IPv4zero
	}
	a, ok := netip.AddrFromSlice(ip)
	if !ok {
		return Addr{}, argError("addr", "IP address of "+strconv.Itoa(len(ip))+" bytes", unix.EINVAL)
	}
	a = a.Unmap()
	if a.Is6() && zone != "" {
		a = a.WithZone(zone)
	}
	return AddrFrom(netip.AddrPortFrom(a, uint16(port))), nil
}

// unixAddrFromNet takes an AF_UNIX name as net writes it: "@name" is an
// abstract name.
func unixAddrFromNet(name string) (Addr, error) {
	if strings.HasPrefix(name, "@") {
		name = "\x00" + name[1:]
	}
	return UnixAddr(name)
}

// toFamily returns a in the form a socket of family f takes: an IPv4
// address is sent from an AF_INET6 socket as IPv4-mapped, as net does.
func toFamily(a Addr, f Family) Addr {
	if f != AF_INET6 || a.Family() != AF_INET {
		return a
	}
	ap, _ := a.AddrPort()
	return AddrFrom(netip.AddrPortFrom(netip.AddrFrom16(ap.Addr().As16()), ap.Port()))
}

// LocalAddr returns the socket's own address (getsockname(2)) as the
// net.Addr net uses for the socket's kind, *net.TCPAddr for a TCP socket
// and so on (see Addr.NetAddr), or nil if it cannot be had. It makes
// *Socket a net.Conn; Getsockname gives the Addr without allocating.
func (s *Socket) LocalAddr() net.Addr {
	a, err := s.Getsockname()
	if err != nil {
		return nil
	}
	return a.NetAddr(s.network())
}

// RemoteAddr returns the peer's address (getpeername(2)) as LocalAddr
// does, or nil when the socket is not connected.
func (s *Socket) RemoteAddr() net.Addr {
	a, err := s.Getpeername()
	if err != nil {
		return nil
	}
	return a.NetAddr(s.network())
}

func netAddrType(na net.Addr) string {
	if na == nil {
		return "nil net.Addr"
	}
	return fmt.Sprintf("net.Addr of type %T", na)
}
