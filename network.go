package socket

import (
	"context"
	"errors"
	"net/netip"
	"strconv"
	"strings"

	"github.com/bsdsock/socket/internal/sockfd"
	"golang.org/x/sys/unix"
)

// target is what a Go network name ("tcp4", "unixgram", ...) and an
// address give: the socket to create and the address to bind or connect.
type target struct {
	family Family
	typ    Type
	addr   Addr
	// v6Only asks for IPV6_V6ONLY on ("tcp6" and "udp6" listeners, as in
	// net); dualStack asks for it off ("tcp" or "udp" listening on the
	// unspecified address serves IPv4 and IPv6, as in net).
	v6Only, dualStack bool
}

// netType is what a Go network name says about the socket.
type netType struct {
	typ  Type
	unix bool
}

// networkTypes maps Go's network names to the socket type, and for AF_UNIX
// the family.
var networkTypes = map[string]netType{
	"tcp": {SOCK_STREAM, false}, "tcp4": {SOCK_STREAM, false}, "tcp6": {SOCK_STREAM, false},
	"udp": {SOCK_DGRAM, false}, "udp4": {SOCK_DGRAM, false}, "udp6": {SOCK_DGRAM, false},
	"unix": {SOCK_STREAM, true}, "unixgram": {SOCK_DGRAM, true}, "unixpacket": {SOCK_SEQPACKET, true},
}

// lookupNetwork returns what network names, or an *ArgError for a name
// net does not know.
func lookupNetwork(network string) (netType, error) {
	nt, ok := networkTypes[network]
	if !ok {
		return netType{}, argError("network", strconv.Quote(network)+" is not one of tcp, tcp4, tcp6, udp, udp4, udp6, unix, unixgram, unixpacket", unix.EPROTONOSUPPORT)
	}
	return nt, nil
}

// unixTarget reads an AF_UNIX address as net does: a path, or "@name" in
// the abstract namespace.
func unixTarget(nt netType, address string) (target, error) {
	a, err := unixAddrFromNet(address)
	return target{family: AF_UNIX, typ: nt.typ, addr: a}, err
}

// listenTarget parses network and address as net.Listen takes them, with
// numeric hosts and ports only (parseHostPort): "127.0.0.1:80", "[::1]:80",
// "[fe80::1%eth0]:80", ":80" (the unspecified address), and an AF_UNIX path
// or "@abstract" name.
func listenTarget(network, address string) (target, error) {
	nt, err := lookupNetwork(network)
	if err != nil {
		return target{}, err
	}
	if nt.unix {
		return unixTarget(nt, address)
	}
	hp, err := parseHostPort(address, false)
	if err != nil {
		return target{}, err
	}
	ip := hp.ip
	if hp.host == "" {
		ip = netip.IPv6Unspecified()
		if strings.HasSuffix(network, "4") {
			ip = netip.IPv4Unspecified()
		}
	}
	t, err := inetTarget(network, nt.typ, ip, hp.port)
	if err != nil {
		return target{}, err
	}
	t.v6Only = strings.HasSuffix(network, "6")
	t.dualStack = hp.host == "" && (network == "tcp" || network == "udp")
	return t, nil
}

// inetTarget returns the target for ip and port on network: an
// IPv4-mapped address is IPv4 unless network is "tcp6" or "udp6", and an
// address of the other family than network's is an *ArgError.
func inetTarget(network string, typ Type, ip netip.Addr, port uint16) (target, error) {
	want4, want6 := strings.HasSuffix(network, "4"), strings.HasSuffix(network, "6")
	if ip.Is4In6() && !want6 {
		ip = ip.Unmap()
	}
	if (want4 && !ip.Is4()) || (want6 && ip.Is4()) {
		return target{}, argError("host", ip.String()+" is not an address of network "+network, unix.EAFNOSUPPORT)
	}
	family := AF_INET
	if ip.Is6() {
		family = AF_INET6
	}
	return target{family: family, typ: typ, addr: AddrFrom(netip.AddrPortFrom(ip, port))}, nil
}

// dialTargets returns the addresses DialSocket tries, in order: the one a
// numeric host and port name, or those Getaddrinfo gives for a host name,
// a service name or no host (this machine: ::1 then 127.0.0.1, as
// Python's create_connection tries), restricted to the network's family
// ("tcp4", "udp6") if it has one.
func dialTargets(ctx context.Context, network, address string) ([]target, error) {
	nt, err := lookupNetwork(network)
	if err != nil {
		return nil, err
	}
	if nt.unix {
		t, err := unixTarget(nt, address)
		return []target{t}, err
	}
	hp, err := parseHostPort(address, true)
	if err != nil {
		return nil, err
	}
	if hp.ip.IsValid() && hp.service == "" {
		t, err := inetTarget(network, nt.typ, hp.ip, hp.port)
		return []target{t}, err
	}
	family := AF_UNSPEC
	switch {
	case strings.HasSuffix(network, "4"):
		family = AF_INET
	case strings.HasSuffix(network, "6"):
		family = AF_INET6
	}
	infos, err := GetaddrinfoContext(ctx, hp.host, hp.portText(), family, nt.typ, 0, 0)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			// The lookup was cut short: say why, as a connect cut
			// short does (errors.Is with context.Canceled or
			// os.ErrDeadlineExceeded).
			return nil, errors.Join(err, sockfd.ContextError(cerr))
		}
		return nil, err
	}
	targets := make([]target, len(infos))
	for i, ai := range infos {
		targets[i] = target{family: ai.Family, typ: nt.typ, addr: ai.Addr}
	}
	return targets, nil
}
