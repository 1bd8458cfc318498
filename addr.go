package socket

import (
	"encoding/hex"
	"net"
	"net/netip"
	"strconv"
	"strings"

	"github.com/bsdsock/socket/internal/sockaddr"
	"golang.org/x/sys/unix"
)

// Addr is a socket address: the kernel's struct sockaddr bytes and their
// length, held by value. Like Rust socket2's SockAddr it covers every family
// the kernel knows, and because it is a plain value Recvfrom, Accept and
// Getpeername return it without allocating. Two Addrs are equal (==) when
// they hold the same bytes.
//
// The zero Addr holds no address: Sendto and Sendmsg take it to mean "none"
// (send(2) instead of sendto(2)), and Recvfrom returns it when the kernel
// reports no sender, as on a connected TCP socket (Python returns None).
//
// Python spells addresses as tuples and strings: ("127.0.0.1", 80) is
// InetAddr("127.0.0.1", 80), ("::1", 80, 0, 0) is Inet6Addr("::1", 80, 0, 0),
// "/tmp/s" is UnixAddr("/tmp/s"). On Linux, an AF_NETLINK (pid, groups) is
// NetlinkAddr(pid, groups), an AF_VSOCK (cid, port) VsockAddr(cid, port),
// an AF_CAN (interface,) CANAddr, with CANISOTPAddr and CANJ1939Addr for
// ISO-TP's and J1939's longer tuples, an AF_ALG (type, name) ALGAddr, an
// AF_TIPC (addr_type, v1, v2, v3, scope) TIPCAddr and an AF_QIPCRTR
// (node, port) QIPCRTRAddr, each with its accessor on Addr (Netlink,
// Vsock, CAN, ...); AF_PACKET's addresses are package raw's PacketAddr;
// any other family's are built from their bytes with AddrFromRaw.
type Addr struct {
	raw unix.RawSockaddrAny
	len uint32
}

// AddrFrom returns the AF_INET or AF_INET6 address of ap. An IPv4 address
// gives AF_INET; an IPv6 one, IPv4-mapped included, gives AF_INET6 with its
// zone as the scope ID (an interface name, or a decimal index; a zone naming
// no interface gives scope ID 0). An invalid ap gives the zero Addr.
func AddrFrom(ap netip.AddrPort) Addr {
	var a Addr
	ip := ap.Addr()
	switch {
	case ip.Is4():
		a.len = sockaddr.PutInet4(&a.raw, ip.As4(), ap.Port())
	case ip.Is6():
		a.len = sockaddr.PutInet6(&a.raw, ip.As16(), ap.Port(), 0, zoneIndex(ip.Zone()))
	}
	return a
}

// InetAddr returns the AF_INET address host:port, Python's (host, port)
// tuple for an AF_INET socket. host is a dotted-quad IPv4 address, "" for
// INADDR_ANY, or "<broadcast>" for INADDR_BROADCAST, as in Python; names are
// not resolved here: where Python's connect(("example.com", 80)) resolves
// the name, resolve it with Getaddrinfo or connect with CreateConnection,
// as the error for a host name says. A port outside 0..65535 is an error,
// as is any other host.
func InetAddr(host string, port int) (Addr, error) {
	if err := checkPort(port); err != nil {
		return Addr{}, err
	}
	var ip netip.Addr
	switch host {
	case "":
		ip = netip.IPv4Unspecified()
	case "<broadcast>":
		ip = netip.AddrFrom4([4]byte{255, 255, 255, 255})
	default:
		var err error
		ip, err = netip.ParseAddr(host)
		if err != nil || !ip.Is4() {
			return Addr{}, argError("host", strconv.Quote(host)+" is not an IPv4 address"+notAddressHint(host, port, err == nil), unix.EINVAL)
		}
	}
	var a Addr
	a.len = sockaddr.PutInet4(&a.raw, ip.As4(), uint16(port))
	return a, nil
}

// Inet6Addr returns the AF_INET6 address, Python's (host, port, flowinfo,
// scope_id) tuple. host is an IPv6 address, optionally with a %zone (an
// interface name or index, which sets the scope ID when scopeID is 0), or ""
// for in6addr_any. A port outside 0..65535 is an error, as is a flowinfo
// above 0xfffff (a 20-bit flow label, Python's limit) and any other host.
func Inet6Addr(host string, port int, flowinfo, scopeID uint32) (Addr, error) {
	if err := checkPort(port); err != nil {
		return Addr{}, err
	}
	if flowinfo > 0xfffff {
		return Addr{}, argError("flowinfo", strconv.FormatUint(uint64(flowinfo), 10)+" is outside 0..1048575", unix.EINVAL)
	}
	ip := netip.IPv6Unspecified()
	if host != "" {
		var err error
		ip, err = netip.ParseAddr(host)
		if err != nil || !ip.Is6() {
			return Addr{}, argError("host", strconv.Quote(host)+" is not an IPv6 address"+notAddressHint(host, port, err == nil), unix.EINVAL)
		}
	}
	if scopeID == 0 && ip.Zone() != "" {
		scopeID = zoneIndex(ip.Zone())
		if scopeID == 0 {
			return Addr{}, argError("host", "no interface for zone "+strconv.Quote(ip.Zone()), unix.ENXIO)
		}
	}
	var a Addr
	a.len = sockaddr.PutInet6(&a.raw, ip.As16(), uint16(port), flowinfo, scopeID)
	return a, nil
}

// notAddressHint is what InetAddr and Inet6Addr add to their error for a
// host they refuse: for a host name, where to resolve it (Python's
// connect(("host", port)) resolves it; here the address constructors take
// numbers only); for an address of the other family (parsed), which
// constructor takes it.
func notAddressHint(host string, port int, parsed bool) string {
	switch {
	case parsed && strings.Contains(host, ":"):
		return " (an IPv6 address: use Inet6Addr and an AF_INET6 socket)"
	case parsed:
		return " (an IPv4 address: use InetAddr and an AF_INET socket)"
	case isHostName(host):
		return " but a host name: resolve it with Getaddrinfo, or connect with CreateConnection(ctx, " +
			strconv.Quote(net.JoinHostPort(host, strconv.Itoa(port))) + ", ...)"
	}
	return ""
}

// isHostName reports whether s reads as a DNS host name: labels of
// letters, digits and hyphens separated by dots, with a letter somewhere
// (so that "127.1", glibc's short IPv4 form, is not one).
func isHostName(s string) bool {
	letter := false
	for _, label := range strings.Split(strings.TrimSuffix(s, "."), ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for _, c := range label {
			switch {
			case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
				letter = true
			case '0' <= c && c <= '9', c == '-':
			default:
				return false
			}
		}
	}
	return letter
}

// UnixAddr returns the AF_UNIX address for path, as Python takes it: a path
// starting with a NUL byte ("\x00name") is a name in Linux's abstract
// namespace; "" is the unnamed address, which bind(2) takes as a request to
// autobind an abstract name. A path longer than sun_path (107 bytes, or 108
// for an abstract name) is an error wrapping ENAMETOOLONG.
func UnixAddr(path string) (Addr, error) {
	var a Addr
	n, ok := sockaddr.PutUnix(&a.raw, path)
	if !ok {
		return Addr{}, argError("path", "AF_UNIX path of "+strconv.Itoa(len(path))+
			" bytes does not fit sun_path ("+strconv.Itoa(sockaddr.UnixPathMax)+" bytes)", unix.ENAMETOOLONG)
	}
	a.len = n
	return a, nil
}

// ParseAddr parses an address in Go's usual notation: "127.0.0.1:80" and
// "[::1]:80" ("[fe80::1%eth0]:80" with a zone) for AF_INET and AF_INET6,
// and for AF_UNIX a path starting with "/" or "." or an abstract name
// starting with "@". It makes no system call and resolves no names; Python
// spells addresses as tuples instead (see InetAddr).
//
// Host and port are read by the rules every call taking "host:port" text
// shares (ListenConfig, Dialer, CreateServer and CreateConnection), so text
// one refuses the others refuse too: the host is a numeric IPv4 or IPv6
// address, or empty for 0.0.0.0; the port is decimal digits (leading zeros
// allowed) from 0 to 65535, or empty for 0 as in net.Dial; a sign or a
// blank before the port, a port name and a zone naming no interface are
// refused. The callers that resolve names (Dialer, CreateServer,
// CreateConnection) also take a host name and a service name there.
//
// Errors: an *ArgError naming the part at fault ("address", "host",
// "port", "path"), wrapping EINVAL, ENXIO for an unknown zone, or
// ENAMETOOLONG for an AF_UNIX path longer than sun_path.
func ParseAddr(s string) (Addr, error) {
	switch {
	case strings.HasPrefix(s, "@"):
		return UnixAddr("\x00" + s[1:])
	case strings.HasPrefix(s, "/"), strings.HasPrefix(s, "."):
		return UnixAddr(s)
	}
	hp, err := parseHostPort(s, false)
	if err != nil {
		return Addr{}, err
	}
	ip := hp.ip
	if hp.host == "" {
		ip = netip.IPv4Unspecified()
	}
	return AddrFrom(netip.AddrPortFrom(ip, hp.port)), nil
}

// AddrFromRaw returns the address whose struct sockaddr bytes are b, for
// families this package has no constructor for (the subpackages use it). b
// must hold at least the 2-byte family and at most 112 bytes.
func AddrFromRaw(b []byte) (Addr, error) {
	var a Addr
	dst := sockaddr.Bytes(&a.raw, unix.SizeofSockaddrAny)
	if len(b) < 2 || len(b) > len(dst) {
		return Addr{}, argError("address", "raw sockaddr of "+strconv.Itoa(len(b))+
			" bytes, want 2 to "+strconv.Itoa(len(dst)), unix.EINVAL)
	}
	copy(dst, b)
	a.len = uint32(len(b))
	return a, nil
}

// Bytes returns the address's struct sockaddr bytes without copying them:
// the slice aliases a, so it changes when a does and must not be kept past
// a's life. It is for loops that hand addresses to other encoders (as
// unix/ and raw/ do) without allocating; Raw returns a copy.
func (a *Addr) Bytes() []byte { return sockaddr.Bytes(&a.raw, a.len) }

// Raw returns a copy of the address's struct sockaddr bytes.
func (a Addr) Raw() []byte {
	return append([]byte(nil), sockaddr.Bytes(&a.raw, a.len)...)
}

// Len returns the length of the address's struct sockaddr, as socklen_t.
func (a Addr) Len() int { return int(a.len) }

// IsZero reports whether a holds no address.
func (a Addr) IsZero() bool { return a.len == 0 }

// Family returns the address family, or AF_UNSPEC for the zero Addr.
func (a Addr) Family() Family {
	if a.len < 2 {
		return AF_UNSPEC
	}
	return Family(sockaddr.Family(&a.raw))
}

// AddrPort returns the IP address and port of an AF_INET or AF_INET6
// address; ok is false for other families. An IPv6 scope ID becomes the
// zone, as an interface name when one has that index.
func (a Addr) AddrPort() (ap netip.AddrPort, ok bool) {
	switch a.Family() {
	case AF_INET:
		ip, port := sockaddr.Inet4(&a.raw)
		return netip.AddrPortFrom(netip.AddrFrom4(ip), port), true
	case AF_INET6:
		ip, port, _, scope := sockaddr.Inet6(&a.raw)
		addr := netip.AddrFrom16(ip)
		if scope != 0 {
			addr = addr.WithZone(zoneName(scope))
		}
		return netip.AddrPortFrom(addr, port), true
	}
	return netip.AddrPort{}, false
}

// IP returns the IP address of an AF_INET or AF_INET6 address, the host of
// Python's (host, port) tuple, as a netip.Addr (its String method gives
// Python's host text; an IPv6 scope ID becomes the zone, as in AddrPort).
// For other families it returns the zero netip.Addr, whose IsValid is
// false. It makes no system call, except for an IPv6 address with a scope
// ID, whose interface name it asks the kernel for (netlink), as AddrPort
// does.
func (a Addr) IP() netip.Addr {
	ap, _ := a.AddrPort()
	return ap.Addr()
}

// Port returns the port of an AF_INET or AF_INET6 address, or 0.
func (a Addr) Port() int {
	switch a.Family() {
	case AF_INET:
		_, port := sockaddr.Inet4(&a.raw)
		return int(port)
	case AF_INET6:
		_, port, _, _ := sockaddr.Inet6(&a.raw)
		return int(port)
	}
	return 0
}

// FlowInfo returns sin6_flowinfo of an AF_INET6 address, or 0.
func (a Addr) FlowInfo() uint32 {
	if a.Family() != AF_INET6 {
		return 0
	}
	_, _, flow, _ := sockaddr.Inet6(&a.raw)
	return flow
}

// ScopeID returns sin6_scope_id of an AF_INET6 address, or 0.
func (a Addr) ScopeID() uint32 {
	if a.Family() != AF_INET6 {
		return 0
	}
	_, _, _, scope := sockaddr.Inet6(&a.raw)
	return scope
}

// UnixPath returns the path of an AF_UNIX address as Python returns it: a
// pathname, an abstract name with its leading NUL byte, or "" for an unnamed
// socket. ok is false for other families.
func (a Addr) UnixPath() (path string, ok bool) {
	if a.Family() != AF_UNIX {
		return "", false
	}
	return string(sockaddr.Unix(&a.raw, a.len)), true
}

// String formats the address in Go's usual notation: "127.0.0.1:80",
// "[::1]:80", "[fe80::1%eth0]:80", a pathname, "@name" for an abstract
// AF_UNIX name, and "" for the zero Addr and unnamed AF_UNIX sockets. On
// Linux, AF_NETLINK, AF_VSOCK, AF_QIPCRTR, AF_TIPC, AF_ALG and AF_CAN
// addresses print as Python prints their tuples: "(pid, groups)", "(cid,
// port)" and so on (an AF_CAN address prints its interface only). Other
// families print as
// "AF_PACKET:" followed by the raw bytes in hexadecimal.
func (a Addr) String() string {
	if ap, ok := a.AddrPort(); ok {
		return ap.String()
	}
	if s, ok := a.osString(); ok {
		return s
	}
	switch a.Family() {
	case AF_UNSPEC:
		return ""
	case AF_UNIX:
		p := sockaddr.Unix(&a.raw, a.len)
		if len(p) > 0 && p[0] == 0 {
			return "@" + string(p[1:])
		}
		return string(p)
	}
	return a.Family().String() + ":" + hex.EncodeToString(sockaddr.Bytes(&a.raw, a.len)[2:])
}

// Network returns the address family's name. It makes Addr a net.Addr, so
// that it can stand in a *net.OpError.
func (a Addr) Network() string { return a.Family().String() }

// setLen sets the length of an address a system call filled in a.raw
// with; 0 leaves a the zero Addr.
func (a *Addr) setLen(n uint32) {
	// The kernel reports the full length of an address it truncated; keep
	// only what is held, so that the Addr can be passed back as it is.
	a.len = min(n, unix.SizeofSockaddrAny)
	if a.len == 0 {
		a.raw = unix.RawSockaddrAny{}
	}
}

// sockaddr returns the address as a system call takes it: nil for a nil
// or zero Addr.
func (a *Addr) sockaddr() (*unix.RawSockaddrAny, uint32) {
	if a == nil || a.len == 0 {
		return nil, 0
	}
	return &a.raw, a.len
}

func checkPort(port int) error {
	if port < 0 || port > 65535 {
		return argError("port", strconv.Itoa(port)+" is outside 0..65535", unix.EINVAL)
	}
	return nil
}

// zoneIndex returns the interface index a zone names: a decimal index, or an
// interface name. 0 means none.
func zoneIndex(zone string) uint32 {
	if zone == "" {
		return 0
	}
	if n, err := strconv.ParseUint(zone, 10, 32); err == nil {
		return uint32(n)
	}
	ifi, err := net.InterfaceByName(zone)
	if err != nil {
		return 0
	}
	return uint32(ifi.Index)
}

// zoneName returns the interface name of an index, or the index in decimal
// when no interface has it.
func zoneName(index uint32) string {
	if ifi, err := net.InterfaceByIndex(int(index)); err == nil {
		return ifi.Name
	}
	return strconv.FormatUint(uint64(index), 10)
}
