package resolv

import (
	"context"
	"strings"

	"golang.org/x/sys/unix"
)

// This file holds the calls of Python's socket module that read a host
// the way CPython does (its setipaddr) before they ask NSS: gethostbyname,
// gethostbyname_ex, gethostbyaddr, getfqdn.

// Hostent is Python's (hostname, aliaslist, ipaddrlist) tuple: the
// canonical name, the other names, and the addresses as Python prints them.
type Hostent struct {
	Name    string
	Aliases []string
	Addrs   []string
}

func (h *hostent) export() Hostent {
	out := Hostent{Name: h.name, Aliases: append([]string{}, h.aliases...), Addrs: []string{}}
	for i := range h.addrs {
		out.Addrs = append(out.Addrs, NumericHost(Host{Family: h.af, IP: h.addrs[i]}))
	}
	return out
}

// Gethostname returns the nodename of uname(2); the error is the errno.
func Gethostname() (string, error) {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return "", err
	}
	return unix.ByteSliceToString(u.Nodename[:]), nil
}

// Gethostbyname is CPython's gethostbyname: the IPv4 address name stands
// for, as a dotted quad. The error is SetIPAddr's.
func Gethostbyname(ctx context.Context, name string) (string, error) {
	a, err := SetIPAddr(ctx, name, unix.AF_INET)
	if err != nil {
		return "", err
	}
	return NumericHost(Host{Family: a.Family, IP: a.IP}), nil
}

// GethostbynameEx is CPython's gethostbyname_ex: name is checked as
// Gethostbyname checks it (an EAI or *ArgError), then looked up with
// gethostbyname2_r for AF_INET (a *HostError).
func GethostbynameEx(ctx context.Context, name string) (Hostent, error) {
	if _, err := SetIPAddr(ctx, name, unix.AF_INET); err != nil {
		return Hostent{}, err
	}
	h, ans := gethostbyname2(ctx, name, unix.AF_INET)
	if ans.status != nssSuccess {
		return Hostent{}, &HostError{Code: ans.herrno, Cause: ans.cause}
	}
	return h.export(), nil
}

// Gethostbyaddr is CPython's gethostbyaddr: ip is read as SetIPAddr reads
// it (an EAI or *ArgError), then looked up with gethostbyaddr_r (a
// *HostError).
func Gethostbyaddr(ctx context.Context, ip string) (Hostent, error) {
	a, err := SetIPAddr(ctx, ip, unix.AF_UNSPEC)
	if err != nil {
		return Hostent{}, err
	}
	h, ans := gethostbyaddr(ctx, a.IP, a.Family)
	if ans.status != nssSuccess {
		return Hostent{}, &HostError{Code: ans.herrno, Cause: ans.cause}
	}
	return h.export(), nil
}

// Getfqdn is the algorithm of Python's socket.getfqdn, which never fails:
// an empty name (after trimming spaces), "0.0.0.0" or "::" stand for the
// machine's host name; the result is the first of the canonical name and
// the aliases Gethostbyaddr gives that contains a dot, else the canonical
// name; if Gethostbyaddr fails, name itself.
func Getfqdn(ctx context.Context, name string) string {
	name = strings.TrimSpace(name)
	if name == "" || name == "0.0.0.0" || name == "::" {
		if n, err := Gethostname(); err == nil {
			name = n
		}
	}
	h, err := Gethostbyaddr(ctx, name)
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

// SetIPAddr is CPython's setipaddr: the one address a host stands for in
// family af, as Python's functions taking a host read it. The error is an
// EAI from getaddrinfo or an *ArgError.
func SetIPAddr(ctx context.Context, name string, af int) (Host, error) {
	if name == "" {
		q := gaiQuery{ctx: ctx, service: "0", family: af, typ: unix.SOCK_DGRAM, flags: AI_PASSIVE}
		res, code := q.run()
		if code != 0 {
			return Host{}, code
		}
		if len(res) > 1 {
			return Host{}, &ArgError{Arg: "host", Reason: "wildcard resolved to multiple address", Errno: unix.EINVAL}
		}
		return res[0].Host, nil
	}
	if name == "255.255.255.255" || name == "<broadcast>" {
		if af != unix.AF_INET && af != unix.AF_UNSPEC {
			return Host{}, &ArgError{Arg: "host", Reason: "address family mismatched", Errno: unix.EAFNOSUPPORT}
		}
		return Host{Family: unix.AF_INET, IP: [16]byte{255, 255, 255, 255}}, nil
	}
	if af == unix.AF_UNSPEC || af == unix.AF_INET {
		if v4, ok := Pton4(name); ok {
			h := Host{Family: unix.AF_INET}
			copy(h.IP[:], v4[:])
			return h, nil
		}
	}
	if (af == unix.AF_UNSPEC || af == unix.AF_INET6) && !strings.Contains(name, "%") {
		if v6, ok := Pton6(name); ok {
			return Host{Family: unix.AF_INET6, IP: v6}, nil
		}
	}
	q := gaiQuery{ctx: ctx, name: name, family: af}
	res, code := q.run()
	if code != 0 {
		return Host{}, code
	}
	return res[0].Host, nil
}
