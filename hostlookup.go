package socket

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"

	"github.com/bsdsock/socket/internal/sockaddr"
)

// This file walks the sources of the "hosts:" line of /etc/nsswitch.conf
// the way glibc's NSS does: "files" reads /etc/hosts (hostdb.go), "dns" (and
// systemd's "resolve", which answers the same questions) asks DNS through
// Go's own resolver, and any other source (myhostname, mdns, ...) counts as
// unavailable. Each walk stops where the line's [STATUS=action] criteria
// say, by default at the first source that succeeds.

// hostAddr is one address a host lookup found, glibc's gaih_addrtuple.
type hostAddr struct {
	family Family
	ip     [16]byte // an IPv4 address in the first 4 bytes
	scope  uint32
}

// addrOf returns the address and scope of an AF_INET or AF_INET6 Addr.
func addrOf(a Addr) hostAddr {
	var h hostAddr
	switch a.Family() {
	case AF_INET:
		ip, _ := sockaddr.Inet4(&a.raw)
		h.family = AF_INET
		copy(h.ip[:], ip[:])
	case AF_INET6:
		ip, _, _, scope := sockaddr.Inet6(&a.raw)
		h.family, h.ip, h.scope = AF_INET6, ip, scope
	}
	return h
}

// addrFromHost builds the AF_INET or AF_INET6 Addr of h with a port.
func addrFromHost(h hostAddr, port uint16) Addr {
	var a Addr
	if h.family == AF_INET6 {
		a.len = sockaddr.PutInet6(&a.raw, h.ip, port, 0, h.scope)
	} else {
		a.len = sockaddr.PutInet4(&a.raw, [4]byte(h.ip[:4]), port)
	}
	return a
}

// mapV4 returns the IPv4-mapped IPv6 form of an IPv4 address.
func mapV4(v4 [4]byte) (ip [16]byte) {
	ip[10], ip[11] = 0xff, 0xff
	copy(ip[12:], v4[:])
	return ip
}

// dnsResolver is the DNS client: Go's, never cgo's, so that the package
// cross-compiles and never calls into libc.
var dnsResolver = &net.Resolver{PreferGo: true}

// nssAnswer is what one source said.
type nssAnswer struct {
	status nssStatus
	herrno HErrno
	cause  error // a DNS error, if any
}

var answerFound = nssAnswer{status: nssSuccess}

// walkHosts asks each source in turn, as glibc's NSS loop does, and
// returns the last answer.
func walkHosts(ask func(source string) nssAnswer) nssAnswer {
	last := nssAnswer{status: nssUnavail, herrno: NO_RECOVERY}
	for _, src := range hostSources() {
		last = ask(src.name)
		if src.ret[last.status] {
			break
		}
	}
	return last
}

// isDNSSource reports whether an NSS source name is a DNS client this
// package stands in for.
func isDNSSource(name string) bool { return name == "dns" || name == "resolve" }

var notFound = nssAnswer{status: nssNotFound, herrno: HOST_NOT_FOUND}
var unavailable = nssAnswer{status: nssUnavail, herrno: NO_RECOVERY}

// byName4 is one source's gethostbyname4_r: the addresses of both
// families for name, and its canonical name.
func byName4(ctx context.Context, src, name string, wantCanon bool) ([]hostAddr, string, nssAnswer) {
	switch {
	case src == "files":
		addrs, canon := filesByName4(name)
		if len(addrs) == 0 {
			return nil, "", notFound
		}
		return addrs, canon, answerFound
	case isDNSSource(src):
		return dnsByName(ctx, name, "ip", wantCanon)
	}
	return nil, "", unavailable
}

// byName3 is NSS gethostbyname3_r for one family: the hostent of name.
func byName3(ctx context.Context, name string, af Family, wantCanon bool) (hostent, nssAnswer) {
	var h hostent
	ans := walkHosts(func(src string) nssAnswer {
		h = hostent{}
		return byName3From(ctx, src, name, af, wantCanon, &h)
	})
	return h, ans
}

// byName3From asks one source for name's addresses of family af.
func byName3From(ctx context.Context, src, name string, af Family, wantCanon bool, h *hostent) nssAnswer {
	switch {
	case src == "files":
		var ok bool
		if *h, ok = filesByName3(name, af); !ok {
			return notFound
		}
		return answerFound
	case isDNSSource(src):
		network := "ip4"
		if af == AF_INET6 {
			network = "ip6"
		}
		addrs, canon, ans := dnsByName(ctx, name, network, wantCanon)
		*h = hostent{name: canon, af: af}
		for _, a := range addrs {
			h.addrs = append(h.addrs, a.ip)
		}
		return ans
	}
	return unavailable
}

// byAddr is NSS gethostbyaddr_r: the hostent of an address.
func byAddr(ctx context.Context, ip [16]byte, af Family) (hostent, nssAnswer) {
	var h hostent
	ans := walkHosts(func(src string) nssAnswer {
		h = hostent{}
		switch {
		case src == "files":
			var ok bool
			if h, ok = filesByAddr(ip, af); !ok {
				return notFound
			}
			return answerFound
		case isDNSSource(src):
			return dnsByAddr(ctx, ip, af, &h)
		}
		return unavailable
	})
	return h, ans
}

// dnsByName asks DNS for name's addresses on network ("ip", "ip4" or
// "ip6"), and for its canonical name (the end of its CNAME chain, without
// the final dot) when wanted.
func dnsByName(ctx context.Context, name, network string, wantCanon bool) ([]hostAddr, string, nssAnswer) {
	if name == "" {
		// glibc's resolver cannot even form a query for an empty name.
		return nil, "", nssAnswer{status: nssUnavail, herrno: NO_RECOVERY}
	}
	ips, err := dnsResolver.LookupNetIP(ctx, network, name)
	if err != nil {
		return nil, "", dnsAnswer(err)
	}
	var addrs []hostAddr
	for _, ip := range ips {
		var a hostAddr
		if ip.Is4() || (network == "ip4" && ip.Is4In6()) {
			a.family = AF_INET
			v4 := ip.Unmap().As4()
			copy(a.ip[:], v4[:])
		} else {
			a.family, a.ip = AF_INET6, ip.As16()
		}
		addrs = append(addrs, a)
	}
	if len(addrs) == 0 {
		return nil, "", nssAnswer{status: nssNotFound, herrno: NO_DATA}
	}
	canon := name
	if wantCanon {
		if c, err := dnsResolver.LookupCNAME(ctx, name); err == nil && c != "" {
			canon = strings.TrimSuffix(c, ".")
		}
	}
	return addrs, canon, answerFound
}

// dnsByAddr asks DNS for the PTR names of an address: the first is the
// hostent's name, the others its aliases.
func dnsByAddr(ctx context.Context, ip [16]byte, af Family, h *hostent) nssAnswer {
	var addr netip.Addr
	if af == AF_INET {
		addr = netip.AddrFrom4([4]byte(ip[:4]))
	} else {
		addr = netip.AddrFrom16(ip)
	}
	names, err := dnsResolver.LookupAddr(ctx, addr.String())
	if err != nil {
		return dnsAnswer(err)
	}
	if len(names) == 0 {
		return notFound
	}
	*h = hostent{name: strings.TrimSuffix(names[0], "."), af: af, addrs: [][16]byte{ip}}
	for _, n := range names[1:] {
		h.aliases = append(h.aliases, strings.TrimSuffix(n, "."))
	}
	return answerFound
}

// dnsAnswer maps a Go resolver error to the NSS status and h_errno glibc's
// DNS module would report.
func dnsAnswer(err error) nssAnswer {
	var de *net.DNSError
	switch {
	case errors.As(err, &de) && de.IsNotFound:
		return nssAnswer{status: nssNotFound, herrno: HOST_NOT_FOUND, cause: err}
	case errors.As(err, &de) && (de.IsTimeout || de.IsTemporary),
		errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return nssAnswer{status: nssTryAgain, herrno: TRY_AGAIN, cause: err}
	}
	return nssAnswer{status: nssUnavail, herrno: NO_RECOVERY, cause: err}
}

// gethostbyname2 is glibc's gethostbyname2_r: a name that is already a
// numeric address of the family (or looks like one) is answered without
// any lookup, as __nss_hostname_digits_dots does; anything else goes to
// NSS.
func gethostbyname2(ctx context.Context, name string, af Family) (hostent, nssAnswer) {
	if h, ans, done := digitsDots(name, af); done {
		return h, ans
	}
	return byName3(ctx, name, af, false)
}

// digitsDots answers a name made only of digits and dots (or, for IPv6,
// of hex digits, colons and dots) that does not end in a dot: it is the
// address it spells, or unknown if it spells none. done is false for other
// names.
func digitsDots(name string, af Family) (h hostent, ans nssAnswer, done bool) {
	if name == "" || strings.HasSuffix(name, ".") {
		return h, ans, false
	}
	if isDigit(name[0]) && strings.Trim(name, "0123456789.") == "" {
		var ip [16]byte
		ok := false
		if af == AF_INET {
			var v4 [4]byte
			var rest string
			v4, rest, ok = parseAton(name)
			ok = ok && rest == ""
			copy(ip[:], v4[:])
		} else {
			ip, ok = pton6(name)
		}
		if !ok {
			return h, notFound, true
		}
		return hostent{name: name, af: af, addrs: [][16]byte{ip}}, answerFound, true
	}
	if (hexVal(name[0]) >= 0 && strings.Contains(name, ":")) || name[0] == ':' {
		if af == AF_INET {
			// An IPv6 literal has no IPv4 address.
			return h, notFound, true
		}
		if strings.Trim(name, "0123456789abcdefABCDEF:.") != "" {
			return h, ans, false
		}
		ip, ok := pton6(name)
		if !ok {
			return h, notFound, true
		}
		return hostent{name: name, af: af, addrs: [][16]byte{ip}}, answerFound, true
	}
	return h, ans, false
}
