package socket

import (
	"context"
	"net"
	"os"
	"strconv"

	"github.com/bsdsock/socket/internal/resolv"
	"golang.org/x/sys/unix"
)

// NameInfoFlag is a set of flags of Getnameinfo, the flags argument of
// getnameinfo(3): NI_* values or-ed together.
type NameInfoFlag int

// Flags of Getnameinfo: they choose numbers or names for the host and port
// it returns. Under Python's names, with glibc's values.
const (
	NI_NUMERICHOST NameInfoFlag = resolv.NI_NUMERICHOST // the numeric address, never a name
	NI_NUMERICSERV NameInfoFlag = resolv.NI_NUMERICSERV // the numeric port, never a service name
	NI_NOFQDN      NameInfoFlag = resolv.NI_NOFQDN      // drop the local domain from the name
	NI_NAMEREQD    NameInfoFlag = resolv.NI_NAMEREQD    // fail with EAI_NONAME rather than give a number
	NI_DGRAM       NameInfoFlag = resolv.NI_DGRAM       // the service is UDP's (/etc/services "udp")
)

// Sizes of getnameinfo(3)'s buffers, as Python exports them. The results
// here are Go strings, never truncated.
const (
	NI_MAXHOST = resolv.NI_MAXHOST
	NI_MAXSERV = resolv.NI_MAXSERV
)

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
func Getnameinfo(addr Addr, flags NameInfoFlag) (host, serv string, err error) {
	host, serv, err = resolv.Getnameinfo(context.Background(), &addr.raw, addr.len, int(flags))
	if err != nil {
		return "", "", resolvError("getnameinfo", addr.String(), err)
	}
	return host, serv, nil
}

// Hostent is what GethostbynameEx and Gethostbyaddr return, Python's
// (hostname, aliaslist, ipaddrlist) tuple: the canonical name, the other
// names, and the addresses as Python prints them.
type Hostent struct {
	Name    string
	Aliases []string
	Addrs   []string
}

// Gethostname returns the machine's host name, the nodename of uname(2), as
// Python's socket.gethostname does. The error is a *net.OpError
// "gethostname" wrapping the *os.SyscallError of uname.
func Gethostname() (string, error) {
	name, err := resolv.Gethostname()
	if err != nil {
		return "", &net.OpError{Op: "gethostname", Err: os.NewSyscallError("uname", err)}
	}
	return name, nil
}

// Gethostbyname returns the IPv4 address of a host as a dotted quad, as
// Python's socket.gethostbyname does. It is not one system call: numeric
// input is converted without any (and without a lookup: "" gives 0.0.0.0,
// "<broadcast>" 255.255.255.255), and a name
// takes the first address Getaddrinfo gives for AF_INET. The error is an
// *AddrInfoError (EAI_NONAME for an unknown name, EAI_ADDRFAMILY for an
// IPv6 literal), or a *net.OpError wrapping an *ArgError for a host
// Python refuses ("" resolving to several addresses).
func Gethostbyname(name string) (string, error) {
	addr, err := resolv.Gethostbyname(context.Background(), name)
	if err != nil {
		return "", resolvError("gethostbyname", name, err)
	}
	return addr, nil
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
	h, err := resolv.GethostbynameEx(context.Background(), name)
	if err != nil {
		return Hostent{}, resolvError("gethostbyname", name, err)
	}
	return Hostent(h), nil
}

// Gethostbyaddr returns the canonical name, aliases and addresses of the
// host at an address, as Python's socket.gethostbyaddr
// (gethostbyaddr(3)) does. It is not one system call: /etc/hosts is searched for the first line with
// that address, then DNS for a PTR record. ip may also be a name, which is
// first resolved as Getaddrinfo does. A failed lookup gives a *HostError
// (HOST_NOT_FOUND for an unknown address); a bad ip, an *AddrInfoError.
func Gethostbyaddr(ip string) (Hostent, error) {
	h, err := resolv.Gethostbyaddr(context.Background(), ip)
	if err != nil {
		return Hostent{}, resolvError("gethostbyaddr", ip, err)
	}
	return Hostent(h), nil
}

// Getfqdn returns a fully qualified name for name, with Python's
// socket.getfqdn algorithm, which is Gethostbyaddr (and Gethostname)
// followed by a choice: an empty name (after trimming spaces),
// "0.0.0.0" or "::" stand for the machine's host name; the result is the
// first of the canonical name and the aliases Gethostbyaddr gives that
// contains a dot, else the canonical name; if Gethostbyaddr fails, name
// itself. It never fails.
func Getfqdn(name string) string { return resolv.Getfqdn(context.Background(), name) }

// Getservbyname returns the port of a service, as Python's
// socket.getservbyname (getservbyname(3)) does, reading /etc/services
// (glibc's "files" source; no other system call): the first /etc/services
// line whose name or an alias is name (case matters) and, unless proto is
// "" (Python's None), whose protocol is proto. An unknown service gives a
// *net.OpError "getservbyname" wrapping ErrServiceNotFound.
func Getservbyname(name, proto string) (int, error) {
	port, err := resolv.Getservbyname(name, proto)
	if err != nil {
		return 0, resolvError("getservbyname", name, err)
	}
	return port, nil
}

// Getservbyport returns the name of the service on a port, as Python's
// socket.getservbyport (getservbyport(3)) does, reading the first matching
// /etc/services line (no other system call); proto "" matches any protocol. The error is a
// *net.OpError "getservbyport" wrapping an *ArgError (EINVAL) for a port
// outside 0..65535 (Python: OverflowError), or ErrPortNotFound for a port
// no line lists.
func Getservbyport(port int, proto string) (string, error) {
	if port < 0 || port > 65535 {
		return "", &net.OpError{Op: "getservbyport",
			Err: argError("port", "port must be 0-65535, not "+strconv.Itoa(port), unix.EINVAL)}
	}
	name, err := resolv.Getservbyport(port, proto)
	if err != nil {
		return "", resolvError("getservbyport", strconv.Itoa(port), err)
	}
	return name, nil
}

// Getprotobyname returns the number of a protocol, as Python's
// socket.getprotobyname (getprotobyname(3)) does, reading the first
// /etc/protocols line whose name or an alias is name (case matters; the
// file lists "tcp" with the alias "TCP"). An unknown protocol gives a
// *net.OpError "getprotobyname" wrapping ErrProtocolNotFound.
func Getprotobyname(name string) (Protocol, error) {
	n, err := resolv.Getprotobyname(name)
	if err != nil {
		return 0, resolvError("getprotobyname", name, err)
	}
	return Protocol(n), nil
}
