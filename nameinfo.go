package socket

import (
	"context"
	"fmt"
	"golang.org/x/sys/unix"
	"strconv"
	"strings"
	"sync"
)

// Flags of Getnameinfo, under Python's names, with glibc's values.
const (
	NI_NUMERICHOST = 0x01 // the numeric address, never a name
	NI_NUMERICSERV = 0x02 // the numeric port, never a service name
	NI_NOFQDN      = 0x04 // drop the local domain from the name
	NI_NAMEREQD    = 0x08 // fail with EAI_NONAME rather than give a number
	NI_DGRAM       = 0x10 // the service is UDP's (/etc/services "udp")
)

// Sizes of getnameinfo(3)'s buffers, as Python exports them. The results
// here are Go strings, never truncated.
const (
	NI_MAXHOST = 1025
	NI_MAXSERV = 32
)

// glibc also takes NI_IDN and two deprecated IDN flags; they change nothing
// for ASCII names.
const niKnownFlags = NI_NUMERICHOST | NI_NUMERICSERV | NI_NOFQDN | NI_NAMEREQD | NI_DGRAM | 0x20 | 0xc0

// Getnameinfo translates an address into a host and a service, as Python's
// socket.getnameinfo and glibc's getnameinfo(3) do. It is not one system
// call: the host is looked up by address through NSS (/etc/hosts, then DNS
// as /etc/nsswitch.conf says) unless NI_NUMERICHOST is set, and the port in
// /etc/services ("tcp", or "udp" with NI_DGRAM) unless NI_NUMERICSERV is.
// A host found by neither is printed numerically, a link-local IPv6
// address with "%" and its scope (an interface name if one has that
// index), unless NI_NAMEREQD asks for EAI_NONAME instead (even with
// NI_NUMERICHOST, as in glibc). NI_NOFQDN cuts the local domain off a
// name found.
//
// Python takes a (host, port) tuple, which it must first parse; here addr
// is the address itself. AF_UNIX addresses are answered as glibc does: the
// host is the machine's name ("localhost" with NI_NUMERICHOST), the
// service the path. The error is an *AddrInfoError: EAI_FAMILY for another
// family, EAI_BADFLAGS, EAI_NONAME, EAI_AGAIN.
func Getnameinfo(addr Addr, flags int) (host, serv string, err error) {
	code := EAI(0)
	host, serv, code = getnameinfo(context.Background(), addr, flags)
	if code != 0 {
		return "", "", gaiError("getnameinfo", addr.String(), code, nil)
	}
	return host, serv, nil
}

func getnameinfo(ctx context.Context, addr Addr, flags int) (string, string, EAI) {
	if flags&^niKnownFlags != 0 {
		return "", "", EAI_BADFLAGS
	}
	switch addr.Family() {
	case AF_UNIX:
		path, _ := addr.UnixPath()
		if i := strings.IndexByte(path, 0); i >= 0 {
			path = path[:i] // sun_path is read as a C string
		}
		if flags&NI_NUMERICHOST == 0 {
			if name, err := Gethostname(); err == nil {
				return name, path, 0
			}
		}
		if flags&NI_NAMEREQD != 0 {
			return "", "", EAI_NONAME
		}
		return "localhost", path, 0
	case AF_INET, AF_INET6:
	default:
		return "", "", EAI_FAMILY
	}
	h := addrOf(addr)
	host := ""
	code := EAI_NONAME
	if flags&NI_NUMERICHOST == 0 {
		host, code = hostByAddrName(ctx, h, flags)
	}
	if code == EAI_NONAME {
		if flags&NI_NAMEREQD != 0 {
			return "", "", EAI_NONAME
		}
		host, code = numericHost(h), 0
	}
	if code != 0 {
		return "", "", code
	}
	port := addr.Port()
	if flags&NI_NUMERICSERV == 0 {
		proto := "tcp"
		if flags&NI_DGRAM != 0 {
			proto = "udp"
		}
		if s, ok := servByPort(port, proto); ok {
			return host, s.name, 0
		}
	}
	return host, strconv.Itoa(port), 0
}

// hostByAddrName is glibc's gni_host_inet_name: the name of an address,
// EAI_NONAME if it has none, EAI_AGAIN if DNS did not answer.
func hostByAddrName(ctx context.Context, h hostAddr, flags int) (string, EAI) {
	he, ans := gethostbyaddr(ctx, h.ip, h.family)
	if ans.status != nssSuccess {
		if ans.herrno == TRY_AGAIN {
			return "", EAI_AGAIN
		}
		return "", EAI_NONAME
	}
	name := he.name
	if flags&NI_NOFQDN != 0 {
		if dom := localDomain(ctx); dom != "" {
			if i := strings.Index(name, dom); i > 0 && name[i-1] == '.' {
				name = name[:i-1]
			}
		}
	}
	return name, 0
}

// numericHost prints an address as glibc's getnameinfo does with
// NI_NUMERICHOST: IPv6 with "%scope" when the scope ID is set, the
// interface name for link-local (and link-local multicast) addresses.
func numericHost(h hostAddr) string {
	if h.family == AF_INET {
		return ntop4(h.ip[:4])
	}
	s := ntop6(&h.ip)
	if h.scope == 0 {
		return s
	}
	linkLocal := h.ip[0] == 0xfe && h.ip[1]&0xc0 == 0x80
	mcLinkLocal := h.ip[0] == 0xff && h.ip[1]&0xf == 2
	if linkLocal || mcLinkLocal {
		if name, err := IfIndextoname(int(h.scope)); err == nil {
			return s + "%" + name
		}
	}
	return s + "%" + strconv.FormatUint(uint64(h.scope), 10)
}

var localDomainOnce struct {
	sync.Once
	domain string
}

// localDomain is glibc's nrl_domainname, worked out once per process as
// glibc does: the part after the first dot of the name of "localhost",
// else of the host name, else of the name the host name resolves to, else
// of the name of 127.0.0.1; "" if none has a dot.
func localDomain(ctx context.Context) string {
	localDomainOnce.Do(func() {
		after := func(s string) (string, bool) {
			_, d, ok := strings.Cut(s, ".")
			return d, ok
		}
		if h, ans := gethostbyname2(ctx, "localhost", AF_INET); ans.status == nssSuccess {
			if d, ok := after(h.name); ok {
				localDomainOnce.domain = d
				return
			}
		}
		name, err := Gethostname()
		if err != nil {
			return
		}
		if d, ok := after(name); ok {
			localDomainOnce.domain = d
			return
		}
		if h, ans := gethostbyname2(ctx, name, AF_INET); ans.status == nssSuccess {
			if d, ok := after(h.name); ok {
				localDomainOnce.domain = d
				return
			}
		}
		if h, ans := gethostbyaddr(ctx, [16]byte{127, 0, 0, 1}, AF_INET); ans.status == nssSuccess {
			if d, ok := after(h.name); ok {
				localDomainOnce.domain = d
			}
		}
	})
	return localDomainOnce.domain
}

// gethostbyaddr is glibc's gethostbyaddr_r: "::" is unknown without a
// lookup; any other address goes to NSS.
func gethostbyaddr(ctx context.Context, ip [16]byte, af Family) (hostent, nssAnswer) {
	if af == AF_INET6 && ip == [16]byte{} {
		return hostent{}, notFound
	}
	return byAddr(ctx, ip, af)
}

// Hostent is what GethostbynameEx and Gethostbyaddr return, Python's
// (hostname, aliaslist, ipaddrlist) tuple: the canonical name, the other
// names, and the addresses as Python prints them.
type Hostent struct {
	Name    string
	Aliases []string
	Addrs   []string
}

func (h *hostent) export() Hostent {
	out := Hostent{Name: h.name, Aliases: append([]string{}, h.aliases...), Addrs: []string{}}
	for i := range h.addrs {
		out.Addrs = append(out.Addrs, numericHost(hostAddr{family: h.af, ip: h.addrs[i]}))
	}
	return out
}

// Gethostname returns the machine's host name, the nodename of uname(2), as
// Python's socket.gethostname does.
func Gethostname() (string, error) {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return "", fmt.Errorf("gethostname: %w", err)
	}
	return unix.ByteSliceToString(u.Nodename[:]), nil
}

// Gethostbyname returns the IPv4 address of a host as a dotted quad, as
// Python's socket.gethostbyname does. It is not one system call: numeric
// input is converted without any (and without a lookup ("" gives 0.0.0.0, "<broadcast>" 255.255.255.255), and a name
// takes the first address Getaddrinfo gives for AF_INET. The error is an
// *AddrInfoError (EAI_NONAME for an unknown name, EAI_ADDRFAMILY for an
// IPv6 literal).
func Gethostbyname(name string) (string, error) {
	a, err := setIPAddr(context.Background(), name, AF_INET)
	if err != nil {
		return "", err
	}
	return numericHost(hostAddr{family: a.family, ip: a.ip}), nil
}

// GethostbynameEx returns a host's canonical name, aliases and IPv4
// addresses, as Python's socket.gethostbyname_ex (gethostbyname(3)) does.
// It is not one system call: a numeric name is its own entry; other names come from NSS, where with
// "multi on" in /etc/host.conf every /etc/hosts line naming the host adds
// its addresses and names (an IPv6 line for ::1 counts as 127.0.0.1, as
// in glibc). The name is first checked as Gethostbyname does, which gives
// an *AddrInfoError; a lookup that then fails gives a *HostError
// (HOST_NOT_FOUND, TRY_AGAIN, NO_RECOVERY), Python's socket.herror.
func GethostbynameEx(name string) (Hostent, error) {
	ctx := context.Background()
	if _, err := setIPAddr(ctx, name, AF_INET); err != nil {
		return Hostent{}, err
	}
	h, ans := gethostbyname2(ctx, name, AF_INET)
	if ans.status != nssSuccess {
		return Hostent{}, &HostError{Func: "gethostbyname", Name: name, Code: ans.herrno, Err: ans.cause}
	}
	return h.export(), nil
}

// Gethostbyaddr returns the canonical name, aliases and addresses of the
// host at an address, as Python's socket.gethostbyaddr
// (gethostbyaddr(3)) does. It is not one system call: /etc/hosts is searched for the first line with
// that address, then DNS for a PTR record. ip may also be a name, which is
// first resolved as Getaddrinfo does. A failed lookup gives a *HostError
// (HOST_NOT_FOUND for an unknown address); a bad ip, an *AddrInfoError.
func Gethostbyaddr(ip string) (Hostent, error) {
	ctx := context.Background()
	a, err := setIPAddr(ctx, ip, AF_UNSPEC)
	if err != nil {
		return Hostent{}, err
	}
	h, ans := gethostbyaddr(ctx, a.ip, a.family)
	if ans.status != nssSuccess {
		return Hostent{}, &HostError{Func: "gethostbyaddr", Name: ip, Code: ans.herrno, Err: ans.cause}
	}
	return h.export(), nil
}

// Getfqdn returns a fully qualified name for name, with Python's
// socket.getfqdn algorithm, which is Gethostbyaddr (and Gethostname)
// followed by a choice: an empty name (after trimming spaces),
// "0.0.0.0" or "::" stand for the machine's host name; the result is the
// first of the canonical name and the aliases Gethostbyaddr gives that
// contains a dot, else the canonical name; if Gethostbyaddr fails, name
// itself. It never fails.
func Getfqdn(name string) string {
	name = strings.TrimSpace(name)
	if name == "" || name == "0.0.0.0" || name == "::" {
		if n, err := Gethostname(); err == nil {
			name = n
		}
	}
	h, err := Gethostbyaddr(name)
	if err != nil {
		return name
	}
	for _, n := range append([]string{h.Name}, h.Aliases...) {
		if strings.Contains(n, ".") {
			return n
		}
	}
	return h.Name
}

// setIPAddr is CPython's setipaddr: the one address a host stands for in
// family af, as Python's functions taking a host read it.
func setIPAddr(ctx context.Context, name string, af Family) (hostAddr, error) {
	if name == "" {
		q := gaiQuery{ctx: ctx, service: "0", family: af, typ: SOCK_DGRAM, flags: AI_PASSIVE}
		res, code := q.run()
		if code != 0 {
			return hostAddr{}, gaiError("getaddrinfo", name, code, nil)
		}
		if len(res) > 1 {
			return hostAddr{}, argError("host", "wildcard resolved to multiple address", unix.EINVAL)
		}
		return addrOf(res[0].Addr), nil
	}
	if name == "255.255.255.255" || name == "<broadcast>" {
		if af != AF_INET && af != AF_UNSPEC {
			return hostAddr{}, argError("host", "address family mismatched", unix.EAFNOSUPPORT)
		}
		return hostAddr{family: AF_INET, ip: [16]byte{255, 255, 255, 255}}, nil
	}
	if af == AF_UNSPEC || af == AF_INET {
		if v4, ok := pton4(name); ok {
			h := hostAddr{family: AF_INET}
			copy(h.ip[:], v4[:])
			return h, nil
		}
	}
	if (af == AF_UNSPEC || af == AF_INET6) && !strings.Contains(name, "%") {
		if v6, ok := pton6(name); ok {
			return hostAddr{family: AF_INET6, ip: v6}, nil
		}
	}
	q := gaiQuery{ctx: ctx, name: name, family: af}
	res, code := q.run()
	if code != 0 {
		return hostAddr{}, gaiError("getaddrinfo", name, code, nil)
	}
	return addrOf(res[0].Addr), nil
}

// Getservbyname returns the port of a service, as Python's
// socket.getservbyname (getservbyname(3)) does, reading /etc/services
// (glibc's "files" source; no other system call): the first /etc/services
// line whose name or an alias is name (case matters) and, unless proto is
// "" (Python's None), whose protocol is proto. An unknown service gives an
// error wrapping ErrServiceNotFound.
func Getservbyname(name, proto string) (int, error) {
	s, ok := servByName(name, proto)
	if !ok {
		return 0, fmt.Errorf("getservbyname %s/%s: %w", name, proto, ErrServiceNotFound)
	}
	return s.port, nil
}

// Getservbyport returns the name of the service on a port, as Python's
// socket.getservbyport (getservbyport(3)) does, reading the first matching
// /etc/services line (no other system call); proto "" matches any protocol. A port outside
// 0..65535 is an *ArgError (Python: OverflowError); an unknown one gives
// an error wrapping ErrPortNotFound.
func Getservbyport(port int, proto string) (string, error) {
	if port < 0 || port > 65535 {
		return "", argError("port", "getservbyport: port must be 0-65535, not "+strconv.Itoa(port), unix.EINVAL)
	}
	s, ok := servByPort(port, proto)
	if !ok {
		return "", fmt.Errorf("getservbyport %d/%s: %w", port, proto, ErrPortNotFound)
	}
	return s.name, nil
}

// Getprotobyname returns the number of a protocol, as Python's
// socket.getprotobyname (getprotobyname(3)) does, reading the first
// /etc/protocols line whose name or an alias is name (case matters; the
// file lists "tcp" with the alias "TCP"). An unknown protocol gives an
// error wrapping ErrProtocolNotFound.
func Getprotobyname(name string) (Protocol, error) {
	n, ok := protoByName(name)
	if !ok {
		return 0, fmt.Errorf("getprotobyname %s: %w", name, ErrProtocolNotFound)
	}
	return Protocol(n), nil
}
