package resolv

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/bsdsock/socket/internal/sockaddr"
	"golang.org/x/sys/unix"
)

// Flags of getnameinfo(3), with glibc's values.
const (
	NI_NUMERICHOST = 0x01
	NI_NUMERICSERV = 0x02
	NI_NOFQDN      = 0x04
	NI_NAMEREQD    = 0x08
	NI_DGRAM       = 0x10
)

// Sizes of getnameinfo(3)'s buffers, which Python exports.
const (
	NI_MAXHOST = 1025
	NI_MAXSERV = 32
)

// glibc also takes NI_IDN and two deprecated IDN flags; they change nothing
// for ASCII names.
const niKnownFlags = NI_NUMERICHOST | NI_NUMERICSERV | NI_NOFQDN | NI_NAMEREQD | NI_DGRAM | 0x20 | 0xc0

// Getnameinfo is glibc's getnameinfo(3) in pure Go for the sockaddr sa of
// length n: the host by NSS (or numeric), the service from /etc/services
// (or numeric), as flags say. The error is an EAI.
func Getnameinfo(ctx context.Context, sa *unix.RawSockaddrAny, n uint32, flags int) (host, serv string, err error) {
	host, serv, code := getnameinfo(ctx, sa, n, flags)
	if code != 0 {
		return "", "", code
	}
	return host, serv, nil
}

func getnameinfo(ctx context.Context, sa *unix.RawSockaddrAny, n uint32, flags int) (string, string, EAI) {
	if flags&^niKnownFlags != 0 {
		return "", "", EAI_BADFLAGS
	}
	family := 0
	if n >= 2 {
		family = int(sockaddr.Family(sa))
	}
	switch family {
	case unix.AF_UNIX:
		path := string(sockaddr.Unix(sa, n))
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
	case unix.AF_INET, unix.AF_INET6:
	default:
		return "", "", EAI_FAMILY
	}
	h, port := HostOf(sa)
	host := ""
	code := EAI_NONAME
	if flags&NI_NUMERICHOST == 0 {
		host, code = hostByAddrName(ctx, h, flags)
	}
	if code == EAI_NONAME {
		if flags&NI_NAMEREQD != 0 {
			return "", "", EAI_NONAME
		}
		host, code = NumericHost(h), 0
	}
	if code != 0 {
		return "", "", code
	}
	if flags&NI_NUMERICSERV == 0 {
		proto := "tcp"
		if flags&NI_DGRAM != 0 {
			proto = "udp"
		}
		if s, ok := servByPort(int(port), proto); ok {
			return host, s.name, 0
		}
	}
	return host, strconv.Itoa(int(port)), 0
}

// hostByAddrName is glibc's gni_host_inet_name: the name of an address,
// EAI_NONAME if it has none, EAI_AGAIN if DNS did not answer.
func hostByAddrName(ctx context.Context, h Host, flags int) (string, EAI) {
	he, ans := gethostbyaddr(ctx, h.IP, h.Family)
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

// NumericHost prints an address as glibc's getnameinfo does with
// NI_NUMERICHOST: IPv6 with "%scope" when the scope ID is set, the
// interface name for link-local (and link-local multicast) addresses.
func NumericHost(h Host) string {
	if h.Family == unix.AF_INET {
		return Ntop4(h.IP[:4])
	}
	s := Ntop6(&h.IP)
	if h.Scope == 0 {
		return s
	}
	linkLocal := h.IP[0] == 0xfe && h.IP[1]&0xc0 == 0x80
	mcLinkLocal := h.IP[0] == 0xff && h.IP[1]&0xf == 2
	if linkLocal || mcLinkLocal {
		if name, err := IfIndextoname(h.Scope); err == nil {
			return s + "%" + name
		}
	}
	return s + "%" + strconv.FormatUint(uint64(h.Scope), 10)
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
		if h, ans := gethostbyname2(ctx, "localhost", unix.AF_INET); ans.status == nssSuccess {
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
		if h, ans := gethostbyname2(ctx, name, unix.AF_INET); ans.status == nssSuccess {
			if d, ok := after(h.name); ok {
				localDomainOnce.domain = d
				return
			}
		}
		if h, ans := gethostbyaddr(ctx, [16]byte{127, 0, 0, 1}, unix.AF_INET); ans.status == nssSuccess {
			if d, ok := after(h.name); ok {
				localDomainOnce.domain = d
			}
		}
	})
	return localDomainOnce.domain
}

// gethostbyaddr is glibc's gethostbyaddr_r: "::" is unknown without a
// lookup; any other address goes to NSS.
func gethostbyaddr(ctx context.Context, ip [16]byte, af int) (hostent, nssAnswer) {
	if af == unix.AF_INET6 && ip == [16]byte{} {
		return hostent{}, notFound
	}
	return byAddr(ctx, ip, af)
}
