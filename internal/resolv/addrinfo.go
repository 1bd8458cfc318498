package resolv

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// Flags of getaddrinfo(3), with glibc's values.
const (
	AI_PASSIVE     = 0x0001
	AI_CANONNAME   = 0x0002
	AI_NUMERICHOST = 0x0004
	AI_V4MAPPED    = 0x0008
	AI_ALL         = 0x0010
	AI_ADDRCONFIG  = 0x0020
	AI_NUMERICSERV = 0x0400
)

// glibc also takes its (deprecated) IDN flags, AI_IDN, AI_CANONIDN and two
// more; they change nothing for ASCII names.
const aiIDNFlags = 0x0040 | 0x0080 | 0x0100 | 0x0200

const aiKnownFlags = AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_V4MAPPED |
	AI_ALL | AI_ADDRCONFIG | AI_NUMERICSERV | aiIDNFlags

// AddrInfo is one result of Getaddrinfo: the arguments of socket(2) and
// the address, which the caller encodes with Host.Put(Port).
type AddrInfo struct {
	Family, Type, Proto int
	Canonname           string // on the first result only, with AI_CANONNAME
	Host                Host
	Port                uint16
}

// Getaddrinfo is glibc's getaddrinfo(3) in pure Go, giving its results in
// its order: host and port "" stand for NULL, family, typ, proto and flags
// are the hints. The error is an EAI. The context bounds the DNS queries,
// if any: when it is done they fail with EAI_AGAIN.
func Getaddrinfo(ctx context.Context, host, port string, family, typ, proto, flags int) ([]AddrInfo, error) {
	q := gaiQuery{ctx: ctx, name: host, service: port, family: family, typ: typ, proto: proto, flags: flags}
	res, code := q.run()
	if code != 0 {
		return nil, code
	}
	return res, nil
}

// gaiQuery is one getaddrinfo call.
type gaiQuery struct {
	ctx             context.Context
	name, service   string
	hasName, hasSvc bool
	svcNum          int // the numeric service, or -1 for a name
	family          int
	typ             int
	proto           int
	flags           int

	locals     []localAddr // __check_pf's answer, once asked
	haveLocals bool
}

// run is glibc's getaddrinfo: the checks in its order, gaih_inet, then the
// sort. The code is 0 on success.
func (q *gaiQuery) run() ([]AddrInfo, EAI) {
	q.hasName = q.name != "" && q.name != "*"
	q.hasSvc = q.service != "" && q.service != "*"
	if !q.hasName && !q.hasSvc {
		return nil, EAI_NONAME
	}
	if q.flags&^aiKnownFlags != 0 {
		return nil, EAI_BADFLAGS
	}
	if q.flags&AI_CANONNAME != 0 && !q.hasName {
		return nil, EAI_BADFLAGS
	}
	if q.flags&AI_ADDRCONFIG != 0 {
		seen4, seen6, locals := localAddrs()
		q.locals, q.haveLocals = locals, true
		switch {
		case q.family == unix.AF_UNSPEC && seen4 != seen6:
			// Only one family is configured: ask for that one.
			q.family = unix.AF_INET6
			if seen4 {
				q.family = unix.AF_INET
			}
		case (q.family == unix.AF_INET && !seen4) || (q.family == unix.AF_INET6 && !seen6):
			return nil, EAI_NONAME
		}
	}
	q.svcNum = -1
	if q.hasSvc {
		n, ok := strtoulService(q.service)
		if !ok && q.flags&AI_NUMERICSERV != 0 {
			return nil, EAI_NONAME
		}
		if ok {
			q.svcNum = n
		}
	}
	if q.family != unix.AF_UNSPEC && q.family != unix.AF_INET && q.family != unix.AF_INET6 {
		return nil, EAI_FAMILY
	}
	res, naddrs, code := q.gaihInet()
	if code != 0 {
		return nil, code
	}
	if naddrs > 1 {
		sortAddrInfo(res, q.locals, q.haveLocals)
	}
	if len(res) == 0 {
		return nil, EAI_NONAME
	}
	return res, 0
}

// strtoulService reads a port as glibc does: strtoul(s, &end, 10) with
// nothing after the number, truncated to a C int (so "-1" is a name, and
// "4294967296" is 0).
func strtoulService(s string) (int, bool) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v uint64
	overflow := false
	for ; i < len(s) && isDigit(s[i]); i++ {
		d := uint64(s[i] - '0')
		if v > (^uint64(0)-d)/10 {
			overflow = true
		}
		v = v*10 + d
	}
	if i == start || i != len(s) {
		return 0, false
	}
	switch {
	case overflow:
		v = ^uint64(0)
	case neg:
		v = -v
	}
	return int(int32(uint32(v))), true
}

// servTuple is one socket type a result is made for.
type servTuple struct {
	typ   int
	proto int
	port  uint16
}

// ipprotoSCTP is IANA's protocol number of SCTP, the same on every system
// (x/sys/unix has no constant for it on NetBSD).
const ipprotoSCTP = 132

// typeProto is one row of gaiTypeProto.
type typeProto struct {
	typ       int
	proto     int
	name      string
	noService bool // takes no port
	protoAny  bool // any protocol asked is returned as is
	deflt     bool // returned when neither type nor protocol is given
}

// gaiTypeProto is glibc's gaih_inet_typeproto table: the socket types
// getaddrinfo knows, the protocol and /etc/services name of each, and which
// ones a query with neither type nor protocol returns. Linux adds DCCP and
// UDP-Lite after UDP (sys_linux.go); a query matches the first row
// that fits, and those rows fit only queries naming them.
var gaiTypeProto = slices.Concat([]typeProto{
	{unix.SOCK_STREAM, unix.IPPROTO_TCP, "tcp", false, false, true},
	{unix.SOCK_DGRAM, unix.IPPROTO_UDP, "udp", false, false, true},
}, osTypeProto, []typeProto{
	{unix.SOCK_STREAM, ipprotoSCTP, "sctp", false, false, false},
	{unix.SOCK_SEQPACKET, ipprotoSCTP, "sctp", false, false, false},
	{unix.SOCK_RAW, 0, "raw", true, true, true},
})

// servTuples is glibc's get_servtuples: the socket types to return, each
// with its port.
func (q *gaiQuery) servTuples() ([]servTuple, EAI) {
	tp := -1
	if q.typ != 0 || q.proto != 0 {
		for i, e := range gaiTypeProto {
			if (q.typ == 0 || q.typ == e.typ) && (q.proto == 0 || e.protoAny || q.proto == e.proto) {
				tp = i
				break
			}
		}
		if tp < 0 {
			if q.typ != 0 {
				return nil, EAI_SOCKTYPE
			}
			return nil, EAI_SERVICE
		}
	}
	if q.hasSvc && tp >= 0 && gaiTypeProto[tp].noService {
		return nil, EAI_SERVICE
	}
	protoOf := func(i int) int {
		if gaiTypeProto[i].protoAny {
			return q.proto
		}
		return gaiTypeProto[i].proto
	}
	if !q.hasSvc || q.svcNum >= 0 {
		port := uint16(0)
		if q.hasSvc {
			port = uint16(q.svcNum)
		}
		if tp >= 0 {
			return []servTuple{{gaiTypeProto[tp].typ, protoOf(tp), port}}, 0
		}
		var st []servTuple
		for _, e := range gaiTypeProto {
			if e.deflt {
				st = append(st, servTuple{e.typ, e.proto, port})
			}
		}
		return st, 0
	}
	if tp >= 0 {
		s, ok := servByName(q.service, gaiTypeProto[tp].name)
		if !ok {
			return nil, EAI_SERVICE
		}
		return []servTuple{{gaiTypeProto[tp].typ, protoOf(tp), uint16(s.port)}}, 0
	}
	var st []servTuple
	for i, e := range gaiTypeProto {
		if e.noService {
			continue
		}
		if s, ok := servByName(q.service, e.name); ok {
			st = append(st, servTuple{e.typ, protoOf(i), uint16(s.port)})
		}
	}
	if len(st) == 0 {
		return nil, EAI_SERVICE
	}
	return st, 0
}

// gaiResult is glibc's gaih_result: the addresses found, the canonical
// name, and whether any IPv6 address was found by name.
type gaiResult struct {
	at      []Host
	canon   string
	isCanon bool
	gotIPv6 bool
}

// gaihInet is glibc's gaih_inet: the results and how many addresses they
// are for.
func (q *gaiQuery) gaihInet() ([]AddrInfo, int, EAI) {
	st, code := q.servTuples()
	if code != 0 {
		return nil, 0, code
	}
	var r gaiResult
	switch {
	case !q.hasName:
		r.at = q.localAddresses()
	default:
		numeric, code := q.textToBinary(&r)
		if code != 0 {
			return nil, 0, code
		}
		if !numeric {
			if code := q.lookupName(&r); code != 0 {
				return nil, 0, code
			}
		}
	}
	if q.flags&AI_CANONNAME != 0 && !r.isCanon {
		r.canon, r.isCanon = q.name, true
	}
	res, naddrs := q.generate(&r, st)
	return res, naddrs, 0
}

// localAddresses is what a query without a host returns.
func (q *gaiQuery) localAddresses() []Host {
	passive := q.flags&AI_PASSIVE != 0
	var at []Host
	if q.family == unix.AF_UNSPEC || q.family == unix.AF_INET6 {
		a := Host{Family: unix.AF_INET6}
		if !passive {
			a.IP[15] = 1
		}
		at = append(at, a)
	}
	if q.family == unix.AF_UNSPEC || q.family == unix.AF_INET {
		a := Host{Family: unix.AF_INET}
		if !passive {
			copy(a.IP[:], []byte{127, 0, 0, 1})
		}
		at = append(at, a)
	}
	return at
}

// textToBinary is glibc's text_to_binary_address: a numeric host becomes
// its address, without any lookup. numeric is false for a name.
func (q *gaiQuery) textToBinary(r *gaiResult) (numeric bool, code EAI) {
	name := q.name
	if v4, rest, ok := ParseAton(name); ok && rest == "" {
		a := Host{Family: unix.AF_INET}
		switch {
		case q.family == unix.AF_UNSPEC || q.family == unix.AF_INET:
			copy(a.IP[:], v4[:])
		case q.family == unix.AF_INET6 && q.flags&AI_V4MAPPED != 0:
			a = Host{Family: unix.AF_INET6, IP: mapV4(v4)}
		default:
			return false, EAI_ADDRFAMILY
		}
		r.at = []Host{a}
		r.setCanon(q, name)
		return true, 0
	}
	addrText, scope, hasScope := strings.Cut(name, "%")
	if v6, ok := Pton6(addrText); ok {
		a := Host{Family: unix.AF_INET6, IP: v6}
		switch {
		case q.family == unix.AF_UNSPEC || q.family == unix.AF_INET6:
		case q.family == unix.AF_INET && isV4Mapped(v6):
			a = Host{Family: unix.AF_INET}
			copy(a.IP[:], v6[12:])
			// glibc moves the IPv4 address to the front in place and
			// reads the zone for what that leaves: "::ffff:254.128.x.y"
			// then looks link-local and takes an interface name.
			copy(v6[:4], v6[12:])
		default:
			return false, EAI_ADDRFAMILY
		}
		if hasScope {
			id, ok := scopeIDPton(v6, scope)
			if !ok {
				return false, EAI_NONAME
			}
			a.Scope = id
		}
		r.at = []Host{a}
		r.setCanon(q, name)
		return true, 0
	}
	if q.flags&AI_NUMERICHOST != 0 {
		return false, EAI_NONAME
	}
	return false, 0
}

func (r *gaiResult) setCanon(q *gaiQuery, name string) {
	if q.flags&AI_CANONNAME != 0 {
		r.canon, r.isCanon = name, true
	}
}

// scopeIDPton is glibc's __inet6_scopeid_pton: for a link-local (or
// node- or link-local multicast) address an interface name, else (or if
// no interface has that name) a decimal number up to 2^32-1.
func scopeIDPton(ip [16]byte, scope string) (uint32, bool) {
	linkLocal := ip[0] == 0xfe && ip[1]&0xc0 == 0x80
	mcLocal := ip[0] == 0xff && (ip[1]&0xf == 1 || ip[1]&0xf == 2)
	if linkLocal || mcLocal {
		if idx, err := IfNametoindex(scope); err == nil {
			return uint32(idx), true
		}
	}
	if scope == "" || !isDigit(scope[0]) {
		return 0, false
	}
	v, err := strconv.ParseUint(scope, 10, 32)
	return uint32(v), err == nil
}

// lookupName finds a name's addresses through NSS: try_simple_gethostbyname
// for AF_INET without AI_CANONNAME, else get_nss_addresses.
func (q *gaiQuery) lookupName(r *gaiResult) EAI {
	wantCanon := q.flags&AI_CANONNAME != 0
	if q.family == unix.AF_INET && !wantCanon {
		h, ans := gethostbyname2(q.ctx, q.name, unix.AF_INET)
		if ans.status != nssSuccess {
			return simpleLookupError(ans)
		}
		for _, ip := range h.addrs {
			r.at = append(r.at, Host{Family: unix.AF_INET, IP: ip})
		}
		return 0
	}
	return q.nssAddresses(r)
}

// simpleLookupError is the error try_simple_gethostbyname returns for a
// gethostbyname2_r that found nothing.
func simpleLookupError(ans nssAnswer) EAI {
	switch {
	case ans.status == nssNotFound && ans.herrno == NO_DATA:
		return EAI_NODATA
	case ans.status == nssNotFound:
		return EAI_NONAME
	case ans.herrno == TRY_AGAIN:
		return EAI_AGAIN
	}
	return EAI_NODATA
}

// nssAddresses is glibc's get_nss_addresses: each NSS source in turn is
// asked for both families at once (AF_UNSPEC) or for the family asked and,
// with AI_V4MAPPED, for IPv4 addresses to map.
func (q *gaiQuery) nssAddresses(r *gaiResult) EAI {
	wantCanon := q.flags&AI_CANONNAME != 0
	v4mapped := q.family == unix.AF_INET6 && q.flags&AI_V4MAPPED != 0
	var noData, noInet6Data EAI
	var ans nssAnswer
	for _, src := range hostSources() {
		*r = gaiResult{}
		noData = 0
		if q.family == unix.AF_UNSPEC {
			var addrs []Host
			var canon string
			addrs, canon, ans = byName4(q.ctx, src.name, q.name, wantCanon)
			if ans.status == nssSuccess {
				r.at = addrs
				if wantCanon {
					r.canon, r.isCanon = canon, true
				}
			} else {
				noData = noDataOf(ans)
			}
			noInet6Data = noData
		} else {
			inet6 := nssAnswer{status: nssUnavail}
			if q.family == unix.AF_INET6 {
				ans = q.gethosts(src.name, unix.AF_INET6, r)
				noInet6Data, inet6 = noDataOf(ans), ans
			}
			if q.family == unix.AF_INET || (v4mapped && (q.flags&AI_ALL != 0 || !r.gotIPv6)) {
				ans = q.gethosts(src.name, unix.AF_INET, r)
				if q.family == unix.AF_INET {
					noInet6Data, inet6 = noDataOf(ans), ans
				}
			}
			noData = noDataOf(ans)
			switch {
			case inet6.status == nssSuccess || ans.status == nssSuccess:
				if wantCanon && !r.isCanon {
					r.canon, r.isCanon = q.name, true
				}
				ans.status = nssSuccess
			case inet6.status == nssTryAgain:
				ans.status = nssTryAgain
			case ans.status == nssUnavail && inet6.status != nssUnavail:
				ans.status = inet6.status
			}
		}
		if src.ret[ans.status] {
			break
		}
	}
	if noData != 0 && noInet6Data != 0 {
		if noData == EAI_AGAIN && noInet6Data == EAI_AGAIN {
			return EAI_AGAIN
		}
		return EAI_NODATA
	}
	if len(r.at) == 0 {
		return EAI_NONAME
	}
	return 0
}

// noDataOf is how glibc records a source that found nothing: EAI_AGAIN
// after a timeout, 1 if the name exists without addresses, else 0.
func noDataOf(ans nssAnswer) EAI {
	switch {
	case ans.status == nssSuccess:
		return 0
	case ans.herrno == TRY_AGAIN:
		return EAI_AGAIN
	case ans.herrno == NO_DATA:
		return 1
	}
	return 0
}

// gethosts is glibc's gethosts: one source's addresses of family af,
// appended to r; IPv4 ones become IPv4-mapped when the query is for
// AF_INET6.
func (q *gaiQuery) gethosts(src string, af int, r *gaiResult) nssAnswer {
	var h hostent
	ans := byName3From(q.ctx, src, q.name, af, q.flags&AI_CANONNAME != 0, &h)
	if ans.status != nssSuccess {
		return ans
	}
	for _, ip := range h.addrs {
		a := Host{Family: af, IP: ip}
		if af == unix.AF_INET && q.family == unix.AF_INET6 {
			a = Host{Family: unix.AF_INET6, IP: mapV4([4]byte(ip[:4]))}
		}
		r.at = append(r.at, a)
	}
	if af == unix.AF_INET6 && len(h.addrs) > 0 {
		r.gotIPv6 = true
	}
	if !r.isCanon && h.name != "" && q.flags&AI_CANONNAME != 0 {
		r.canon, r.isCanon = h.name, true
	}
	return ans
}

// generate is glibc's generate_addrinfo: a result per address and socket
// type, the canonical name on the first one only.
func (q *gaiQuery) generate(r *gaiResult, st []servTuple) ([]AddrInfo, int) {
	var out []AddrInfo
	naddrs := 0
	canon := r.canon
	for _, a := range r.at {
		if a.Family == unix.AF_INET6 && r.gotIPv6 && q.flags&(AI_V4MAPPED|AI_ALL) == AI_V4MAPPED && isV4Mapped(a.IP) {
			continue
		}
		for _, s := range st {
			out = append(out, AddrInfo{Family: a.Family, Type: s.typ, Proto: s.proto, Canonname: canon,
				Host: a, Port: s.port})
			canon = ""
		}
		naddrs++
	}
	return out, naddrs
}
