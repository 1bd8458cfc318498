package socket

import (
	"context"
	"net"
	"strconv"
	"strings"

	"github.com/bsdsock/socket/internal/resolv"
)

// AddrInfoFlag is a set of flags of Getaddrinfo, the ai_flags of
// getaddrinfo(3): AI_* values or-ed together.
type AddrInfoFlag int

// Flags of Getaddrinfo: they change which addresses it returns, such as
// AI_PASSIVE for the addresses a server binds to, or AI_NUMERICHOST to
// refuse host names. Under Python's names, with glibc's values.
const (
	AI_PASSIVE     AddrInfoFlag = resolv.AI_PASSIVE     // no host: the wildcard address, for bind(2)
	AI_CANONNAME   AddrInfoFlag = resolv.AI_CANONNAME   // fill in the first result's Canonname
	AI_NUMERICHOST AddrInfoFlag = resolv.AI_NUMERICHOST // the host must be numeric: never look it up
	AI_V4MAPPED    AddrInfoFlag = resolv.AI_V4MAPPED    // AF_INET6: IPv4-mapped addresses if no IPv6 one
	AI_ALL         AddrInfoFlag = resolv.AI_ALL         // with AI_V4MAPPED: IPv6 and IPv4-mapped ones
	AI_ADDRCONFIG  AddrInfoFlag = resolv.AI_ADDRCONFIG  // only families the machine has an address of
	AI_NUMERICSERV AddrInfoFlag = resolv.AI_NUMERICSERV // the port must be numeric: never look it up
)

// AddrInfo is one result of Getaddrinfo, Python's (family, type, proto,
// canonname, sockaddr) tuple: pass Family, Type and Proto to New and Addr
// to Connect or Bind.
type AddrInfo struct {
	Family    Family
	Type      Type
	Proto     Protocol
	Canonname string // set on the first result only, with AI_CANONNAME
	Addr      Addr
}

// String formats the result as Python prints the tuple, with the
// constants' names: (AF_INET, SOCK_STREAM, 6, ”, ('127.0.0.1', 80)).
func (ai AddrInfo) String() string {
	return "(" + ai.Family.String() + ", " + ai.Type.String() + ", " + strconv.Itoa(int(ai.Proto)) +
		", '" + ai.Canonname + "', " + pyAddr(ai.Addr) + ")"
}

// pyAddr formats an AF_INET or AF_INET6 address as Python's tuple.
func pyAddr(a Addr) string {
	h, port := resolv.HostOf(&a.raw)
	switch a.Family() {
	case AF_INET:
		return "('" + resolv.Ntop4(h.IP[:4]) + "', " + strconv.Itoa(int(port)) + ")"
	case AF_INET6:
		return "('" + resolv.Ntop6(&h.IP) + "', " + strconv.Itoa(int(port)) + ", " +
			strconv.FormatUint(uint64(a.FlowInfo()), 10) + ", " + strconv.FormatUint(uint64(h.Scope), 10) + ")"
	}
	return "'" + a.String() + "'"
}

// Getaddrinfo translates a host and a port into the addresses to create,
// bind or connect sockets with, as Python's socket.getaddrinfo and glibc's
// getaddrinfo(3) do, giving the same results in the same order. It makes
// no system call for numeric input, reads /etc/hosts, /etc/services and
// the NSS configuration for names, asks DNS (through Go's resolver) for
// names no local source knows, and, when there is more than one address,
// orders them by RFC 3484 as glibc does (which connects UDP sockets to
// learn source addresses and reads the machine's addresses over netlink;
// no packet leaves).
//
// host "" stands for Python's None: with AI_PASSIVE the wildcard addresses
// (0.0.0.0 then ::), otherwise the loopback ones (::1 then 127.0.0.1), each
// family only if asked for. As in glibc, "*" means the same. A host may be
// an IPv4 address in any form inet_aton(3) takes ("127.1"), an IPv6
// address with a %zone ("fe80::1%eth0", the zone an interface name or an
// index), or a name.
//
// port "" stands for Python's None (port 0); otherwise a decimal number (as
// strtoul reads it: leading spaces and a sign are allowed, and only the low
// 16 bits are used, as in glibc) or a service name from /etc/services. To
// pass Python's integer port p, use strconv.Itoa(p).
//
// family is AF_UNSPEC, AF_INET or AF_INET6; typ and proto 0 mean any: with
// both 0 there is one result per address for each of SOCK_STREAM,
// SOCK_DGRAM and SOCK_RAW, in that order. flags or-s AI_* values.
//
// There is no mode: like Python's, the call waits for DNS, within the
// timeouts of /etc/resolv.conf; GetaddrinfoContext bounds the wait.
//
// The error is an *AddrInfoError carrying the EAI_* code and glibc's
// message: EAI_NONAME for an unknown name or service (or a name with
// AI_NUMERICHOST), EAI_SERVICE for a service the socket type lacks,
// EAI_SOCKTYPE, EAI_FAMILY, EAI_BADFLAGS, EAI_ADDRFAMILY for a numeric host
// of another family than asked, EAI_AGAIN when DNS did not answer.
func Getaddrinfo(host, port string, family Family, typ Type, proto Protocol, flags AddrInfoFlag) ([]AddrInfo, error) {
	return GetaddrinfoContext(context.Background(), host, port, family, typ, proto, flags)
}

// GetaddrinfoContext is Getaddrinfo with a context that bounds the DNS
// queries, if any: when it is done they fail with EAI_AGAIN.
func GetaddrinfoContext(ctx context.Context, host, port string, family Family, typ Type, proto Protocol, flags AddrInfoFlag) ([]AddrInfo, error) {
	if err := nilContext(ctx); err != nil {
		return nil, &net.OpError{Op: "getaddrinfo", Err: err}
	}
	res, err := resolv.Getaddrinfo(ctx, host, port, int(family), int(typ), int(proto), int(flags))
	if err != nil {
		return nil, resolvError("getaddrinfo", gaiName(host, port), err)
	}
	out := make([]AddrInfo, len(res))
	for i, r := range res {
		out[i] = AddrInfo{Family: Family(r.Family), Type: Type(r.Type), Proto: Protocol(r.Proto),
			Canonname: r.Canonname, Addr: addrFromHost(r.Host, r.Port)}
	}
	return out, nil
}

// gaiName is what the error of a getaddrinfo says was looked up.
func gaiName(host, port string) string {
	if port == "" {
		return host
	}
	return strings.TrimSpace(host + " port " + port)
}

// addrFromHost builds the AF_INET or AF_INET6 Addr of h with a port.
func addrFromHost(h resolv.Host, port uint16) Addr {
	var a Addr
	a.len = h.Put(&a.raw, port)
	return a
}

// setIPAddr reads a host as Python's functions taking one do (CPython's
// setipaddr): the one address it stands for in family af. The error is an
// *AddrInfoError or an *ArgError.
func setIPAddr(ctx context.Context, name string, af Family) (resolv.Host, error) {
	h, err := resolv.SetIPAddr(ctx, name, int(af))
	if err != nil {
		return h, resolvCause("getaddrinfo", name, err)
	}
	return h, nil
}
