package socket

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"strings"

	"github.com/bsdsock/socket/internal/sockfd"
	"golang.org/x/sys/unix"
)

// target is what a Go network name ("tcp4", "unixgram", ...) and a numeric
// address give: the socket to create and the address to bind or connect.
type target struct {
	family Family
	typ    Type
	addr   Addr
	// dualStack asks for IPV6_V6ONLY off: "tcp" or "udp" listening on the
	// unspecified address serves IPv4 and IPv6, as net does.
	dualStack bool
}

// networkTypes maps Go's network names to the socket type, and for AF_UNIX
// the family.
var networkTypes = map[string]struct {
	typ  Type
	unix bool
}{
	"tcp": {SOCK_STREAM, false}, "tcp4": {SOCK_STREAM, false}, "tcp6": {SOCK_STREAM, false},
	"udp": {SOCK_DGRAM, false}, "udp4": {SOCK_DGRAM, false}, "udp6": {SOCK_DGRAM, false},
	"unix": {SOCK_STREAM, true}, "unixgram": {SOCK_DGRAM, true}, "unixpacket": {SOCK_SEQPACKET, true},
}

// parseTarget parses network and address as net.Dial and net.Listen take
// them, with numeric hosts only: "127.0.0.1:80", "[::1]:80",
// "[fe80::1%eth0]:80", ":80", and an AF_UNIX path or "@abstract" name. An
// empty host is the unspecified address when listening and loopback when
// dialing, as in net. Names are not resolved here.
func parseTarget(network, address string, listen bool) (target, error) {
	nt, ok := networkTypes[network]
	if !ok {
		return target{}, argError("network", strconv.Quote(network)+" is not one of tcp, tcp4, tcp6, udp, udp4, udp6, unix, unixgram, unixpacket", unix.EPROTONOSUPPORT)
	}
	t := target{family: AF_UNIX, typ: nt.typ}
	if nt.unix {
		a, err := unixAddrFromNet(address)
		t.addr = a
		return t, err
	}
	host, portStr, err := net.SplitHostPort(address)
	if err != nil {
		return target{}, argError("address", err.Error(), unix.EINVAL)
	}
	port := 0
	if portStr != "" {
		p, err := strconv.ParseUint(portStr, 10, 16)
		if err != nil {
			return target{}, argError("port", strconv.Quote(portStr)+" is not a port number (service names are not resolved here)", unix.EINVAL)
		}
		port = int(p)
	}
	ip, err := targetIP(network, host, listen)
	if err != nil {
		return target{}, err
	}
	t.family = AF_INET
	if ip.Is6() {
		t.family = AF_INET6
	}
	t.dualStack = listen && host == "" && (network == "tcp" || network == "udp")
	t.addr = AddrFrom(netip.AddrPortFrom(ip, uint16(port)))
	return t, nil
}

// targetIP returns the IP address host names for network.
func targetIP(network, host string, listen bool) (netip.Addr, error) {
	want4, want6 := strings.HasSuffix(network, "4"), strings.HasSuffix(network, "6")
	if host == "" {
		switch {
		case listen && want4:
			return netip.IPv4Unspecified(), nil
		case listen:
			return netip.IPv6Unspecified(), nil
		case want6:
			return netip.IPv6Loopback(), nil
		}
		return netip.AddrFrom4([4]byte{127, 0, 0, 1}), nil
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, argError("host", strconv.Quote(host)+" is not a numeric IP address (names are not resolved here)", unix.EINVAL)
	}
	if ip.Is4In6() && !want6 {
		ip = ip.Unmap()
	}
	if (want4 && !ip.Is4()) || (want6 && ip.Is4()) {
		return netip.Addr{}, argError("host", ip.String()+" is not an address of network "+network, unix.EAFNOSUPPORT)
	}
	return ip, nil
}

// dialTargets returns the addresses DialSocket tries, in order: the one a
// numeric address names, or those Getaddrinfo gives for a host or service
// name, restricted to the network's family ("tcp4", "udp6") if it has one.
func dialTargets(ctx context.Context, network, address string) ([]target, error) {
	nt, known := networkTypes[network]
	host, port, err := net.SplitHostPort(address)
	if !known || nt.unix || err != nil || isNumericHostPort(host, port) {
		t, err := parseTarget(network, address, false)
		if err != nil {
			return nil, err
		}
		return []target{t}, nil
	}
	family := AF_UNSPEC
	switch {
	case strings.HasSuffix(network, "4"):
		family = AF_INET
	case strings.HasSuffix(network, "6"):
		family = AF_INET6
	}
	infos, err := GetaddrinfoContext(ctx, host, port, family, nt.typ, 0, 0)
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

// isNumericHostPort reports whether host is empty or an IP address and port
// is empty or all digits: what parseTarget takes without a lookup.
func isNumericHostPort(host, port string) bool {
	for _, c := range port {
		if c < '0' || c > '9' {
			return false
		}
	}
	if host == "" {
		return true
	}
	_, err := netip.ParseAddr(host)
	return err == nil
}
