package socket

import (
	"net"
	"net/netip"
	"strconv"

	"golang.org/x/sys/unix"
)

// hostPort is "host:port" text as every call that takes it reads it
// (ParseAddr, ListenConfig, Dialer, CreateServer, CreateConnection), so
// that the same text is accepted or refused alike everywhere.
type hostPort struct {
	host    string     // without brackets, zone included; "" when absent
	ip      netip.Addr // host as a numeric address; invalid for "" and names
	port    uint16
	service string // the port as a name for the caller to resolve; "" for a number
}

// portText returns the port as Getaddrinfo takes it: the service name, or
// the number in canonical decimal, so that "080" and "" reach the lookup
// as "80" and "0" rather than as glibc's strtoul would read them.
func (hp hostPort) portText() string {
	if hp.service != "" {
		return hp.service
	}
	return strconv.Itoa(int(hp.port))
}

// parseHostPort reads address as "host:port", "[host]:port" or ":port"
// (net.SplitHostPort's forms). Where Go's net and glibc disagree, the
// stricter reading wins, so no caller takes text another refuses:
//   - the port is ASCII decimal digits (leading zeros allowed, as in net,
//     netip and strtoul(3)) up to 65535, or empty for port 0 as in net.Dial;
//     a sign or blank is refused although net and strtoul(3) skip it, and
//     a number above 65535 is refused where glibc keeps its low 16 bits;
//   - a numeric IPv6 host's zone must name an interface or be a nonzero
//     index (ENXIO), where glibc's getaddrinfo refuses it too;
//   - with names set, a host that is not a numeric address is a host name
//     and a port that starts with a letter or digit a service name, both
//     left to the caller to resolve; without it both are refused.
//
// Every refusal is an *ArgError naming the part at fault and wrapping the
// errno the kernel would give.
func parseHostPort(address string, names bool) (hostPort, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return hostPort{}, argError("address", err.Error(), unix.EINVAL)
	}
	hp := hostPort{host: host}
	if err := hp.parsePort(port, names); err != nil {
		return hostPort{}, err
	}
	if host == "" {
		return hp, nil
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		if names {
			return hp, nil
		}
		return hostPort{}, argError("host", strconv.Quote(host)+" is not a numeric IP address (names are not resolved here)", unix.EINVAL)
	}
	if ip.Zone() != "" && zoneIndex(ip.Zone()) == 0 {
		return hostPort{}, argError("host", "no interface for zone "+strconv.Quote(ip.Zone()), unix.ENXIO)
	}
	hp.ip = ip
	return hp, nil
}

// parsePort sets hp's port or service from the text after the colon.
func (hp *hostPort) parsePort(port string, names bool) error {
	switch {
	case port == "":
		return nil
	case isDigits(port):
		n, err := strconv.ParseUint(port, 10, 16)
		if err != nil {
			return argError("port", port+" is outside 0..65535", unix.EINVAL)
		}
		hp.port = uint16(n)
		return nil
	case names && isAlnum(port[0]):
		hp.service = port
		return nil
	case names:
		return argError("port", strconv.Quote(port)+" is neither a port number nor a service name", unix.EINVAL)
	}
	return argError("port", strconv.Quote(port)+" is not a port number (service names are not resolved here)", unix.EINVAL)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
