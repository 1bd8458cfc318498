package resolv

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"

	"golang.org/x/sys/unix"
)

// This file walks the sources of the "hosts:" line of /etc/nsswitch.conf
// the way glibc's NSS does: "files" reads /etc/hosts (hostdb.go), "dns" (and
// systemd's "resolve", which answers the same questions) asks DNS through
// Go's own resolver, and any other source (myhostname, mdns, ...) counts as
// unavailable. Each walk stops where the line's [STATUS=action] criteria
// say, by default at the first source that succeeds.

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
func byName4(ctx context.Context, src, name string, wantCanon bool) ([]Host, string, nssAnswer) {
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
func byName3(ctx context.Context, name string, af int, wantCanon bool) (hostent, nssAnswer) {
	var h hostent
	ans := walkHosts(func(src string) nssAnswer {
		h = hostent{}
		return byName3From(ctx, src, name, af, wantCanon, &h)
	})
	return h, ans
}

// byName3From asks one source for name's addresses of family af.
func byName3From(ctx context.Context, src, name string, af int, wantCanon bool, h *hostent) nssAnswer {
	switch {
	case src == "files":
		var ok bool
		if *h, ok = filesByName3(name, af); !ok {
			return notFound
		}
		return answerFound
	case isDNSSource(src):
		network := "ip4"
		if af == unix.AF_INET6 {
			network = "ip6"
		}
		addrs, canon, ans := dnsByName(ctx, name, network, wantCanon)
		*h = hostent{name: canon, af: af}
		for _, a := range addrs {
			h.addrs = append(h.addrs, a.IP)
		}
		return ans
	}
	return unavailable
}

// byAddr is NSS gethostbyaddr_r: the hostent of an address.
func byAddr(ctx context.Context, ip [16]byte, af int) (hostent, nssAnswer) {
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
func dnsByName(ctx context.Context, name, network string, wantCanon bool) ([]Host, string, nssAnswer) {
	if name == "" {
		// glibc's resolver cannot even form a query for an empty name.
		return nil, "", nssAnswer{status: nssUnavail, herrno: NO_RECOVERY}
	}
	ips, err := dnsResolver.LookupNetIP(ctx, network, name)
	if err != nil {
		return nil, "", dnsAnswer(err)
	}
	var addrs []Host
	for _, ip := range ips {
		var a Host
		if ip.Is4() || (network == "ip4" && ip.Is4In6()) {
			a.Family = unix.AF_INET
			v4 := ip.Unmap().As4()
			copy(a.IP[:], v4[:])
		} else {
			a.Family, a.IP = unix.AF_INET6, ip.As16()
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
func dnsByAddr(ctx context.Context, ip [16]byte, af int, h *hostent) nssAnswer {
	var addr netip.Addr
	if af == unix.AF_INET {
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
func gethostbyname2(ctx context.Context, name string, af int) (hostent, nssAnswer) {
	if h, ans, done := digitsDots(name, af); done {
		return h, ans
	}
	return byName3(ctx, name, af, false)
}

// digitsDots answers a name made only of digits and dots (or, for IPv6,
// of hex digits, colons and dots) that does not end in a dot: it is the
// address it spells, or unknown if it spells none. done is false for other
// names.
func digitsDots(name string, af int) (h hostent, ans nssAnswer, done bool) {
	if name == "" || strings.HasSuffix(name, ".") {
		return h, ans, false
	}
	if isDigit(name[0]) && strings.Trim(name, "0123456789.") == "" {
		var ip [16]byte
		ok := false
		if af == unix.AF_INET {
			var v4 [4]byte
			var rest string
			v4, rest, ok = ParseAton(name)
			ok = ok && rest == ""
			copy(ip[:], v4[:])
		} else {
			ip, ok = Pton6(name)
		}
		if !ok {
			return h, notFound, true
		}
		return hostent{name: name, af: af, addrs: [][16]byte{ip}}, answerFound, true
	}
	if (hexVal(name[0]) >= 0 && strings.Contains(name, ":")) || name[0] == ':' {
		if af == unix.AF_INET {
			// An IPv6 literal has no IPv4 address.
			return h, notFound, true
		}
		if strings.Trim(name, "0123456789abcdefABCDEF:.") != "" {
			return h, ans, false
		}
		ip, ok := Pton6(name)
		if !ok {
			return h, notFound, true
		}
		return hostent{name: name, af: af, addrs: [][16]byte{ip}}, answerFound, true
	}
	return h, ans, false
}
