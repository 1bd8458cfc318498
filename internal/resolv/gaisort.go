package resolv

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"sort"

	"github.com/bsdsock/socket/internal/sockfd"
	"golang.org/x/sys/unix"
)

// This file orders Getaddrinfo's results as glibc does: the destination
// address selection of RFC 3484 (glibc's rfc3484_sort), fed with the source
// address the kernel would use for each destination (found by connecting a
// UDP socket, which sends nothing) and with what the kernel says about the
// machine's own addresses (a netlink RTM_GETADDR dump, glibc's __check_pf).

// localAddr is what __check_pf records about one of the machine's
// addresses.
type localAddr struct {
	addr       [16]byte // IPv6, or IPv4-mapped
	deprecated bool     // IFA_F_DEPRECATED or IFA_F_OPTIMISTIC
	home       bool     // IFA_F_HOMEADDRESS
	prefixlen  int
	index      uint32
}

// checkedPF is what localAddrs returns once it has seen every address:
// the address list only when there is an IPv6 address other than ::1, and
// then sorted by address, as glibc's __check_pf keeps it.
func checkedPF(seen4, seen6 bool, addrs []localAddr) (bool, bool, []localAddr) {
	if !seen6 {
		return seen4, seen6, nil
	}
	sort.SliceStable(addrs, func(i, j int) bool { return bytes.Compare(addrs[i].addr[:], addrs[j].addr[:]) < 0 })
	return seen4, seen6, addrs
}

// sortInfo is what the sort knows about one result.
type sortInfo struct {
	dst    Host
	src    Host
	gotSrc bool
	local  localAddr // the source's entry in localAddrs, if found
}

// sortAddrInfo orders res in place as glibc's getaddrinfo does when more
// than one address was found.
func sortAddrInfo(res []AddrInfo, locals []localAddr, haveLocals bool) {
	if !haveLocals {
		_, _, locals = localAddrs()
	}
	t := loadGaiTables()
	infos := make([]sortInfo, len(res))
	for i := range res {
		in := &infos[i]
		in.dst = res[i].Host
		in.local.index = 0xffffffff
		if i > 0 && res[i].Host == res[i-1].Host && res[i].Port == res[i-1].Port {
			infos[i] = infos[i-1]
			infos[i].dst = in.dst
			continue
		}
		src, ok := sourceFor(res[i].Host, res[i].Port)
		if !ok {
			continue
		}
		in.src, in.gotSrc = src, true
		key := src.IP
		if src.Family == unix.AF_INET {
			key = mapV4([4]byte(src.IP[:4]))
		}
		j := sort.Search(len(locals), func(j int) bool { return bytes.Compare(locals[j].addr[:], key[:]) >= 0 })
		if j < len(locals) && locals[j].addr == key {
			in.local = locals[j]
		}
	}
	order := make([]int, len(res))
	for i := range order {
		order[i] = i
	}
	s := &addrSorter{t: &t, infos: infos}
	mergeSort(order, make([]int, len(order)), s.compare)
	sorted := make([]AddrInfo, len(res))
	canon := ""
	for i := range res {
		if res[i].Canonname != "" {
			canon = res[i].Canonname
		}
	}
	for i, k := range order {
		sorted[i] = res[k]
		sorted[i].Canonname = ""
	}
	sorted[0].Canonname = canon
	copy(res, sorted)
}

// sourceFor returns the source address the kernel picks for d: a UDP
// socket connected to d reports it in getsockname(2), and no packet leaves.
func sourceFor(d Host, port uint16) (Host, bool) {
	fd, err := sockfd.Socket(d.Family, unix.SOCK_DGRAM, 0)
	if err != nil {
		return Host{}, false
	}
	defer unix.Close(fd)
	var sa unix.Sockaddr
	if d.Family == unix.AF_INET {
		sa = &unix.SockaddrInet4{Port: int(port), Addr: [4]byte(d.IP[:4])}
	} else {
		sa = &unix.SockaddrInet6{Port: int(port), Addr: d.IP, ZoneId: d.Scope}
	}
	if err := unix.Connect(fd, sa); err != nil {
		return Host{}, false
	}
	got, err := unix.Getsockname(fd)
	if err != nil {
		return Host{}, false
	}
	switch s := got.(type) {
	case *unix.SockaddrInet4:
		h := Host{Family: unix.AF_INET}
		copy(h.IP[:], s.Addr[:])
		return h, true
	case *unix.SockaddrInet6:
		return Host{Family: unix.AF_INET6, IP: s.Addr, Scope: s.ZoneId}, true
	}
	return Host{}, false
}

// addrSorter holds the state of one sort: like glibc, it learns whether an
// interface is a tunnel only when a comparison needs it.
type addrSorter struct {
	t      *gaiTables
	infos  []sortInfo
	native map[uint32]int
}

func (s *addrSorter) scope(h Host) int {
	if h.Family == unix.AF_INET {
		v := binary.BigEndian.Uint32(h.IP[:4])
		for _, e := range s.t.scopes {
			if v&e.netmask == e.addr {
				return e.scope
			}
		}
		return 14
	}
	ip := h.IP
	switch {
	case ip[0] == 0xff: // multicast: the scope is in the address
		return int(ip[1] & 0xf)
	case ip[0] == 0xfe && ip[1]&0xc0 == 0x80, ip == [16]byte{15: 1}:
		return 2 // link-local; RFC 4291 treats loopback alike
	case ip[0] == 0xfe && ip[1]&0xc0 == 0xc0:
		return 5 // site-local
	}
	return 14
}

// as6 is the IPv6 form the label and precedence tables take.
func as6(h Host) [16]byte {
	if h.Family == unix.AF_INET {
		return mapV4([4]byte(h.IP[:4]))
	}
	return h.IP
}

func (s *addrSorter) label(h Host) int      { return matchPrefix(as6(h), s.t.labels, 1<<31-1) }
func (s *addrSorter) precedence(h Host) int { return matchPrefix(as6(h), s.t.precedence, 0) }

// compare is glibc's rfc3484_sort comparator, rule by rule; i and j index
// the results in their original order, the last tie-breaker.
func (s *addrSorter) compare(i, j int) int {
	a1, a2 := &s.infos[i], &s.infos[j]
	// Rule 1: avoid unusable destinations.
	if a1.gotSrc != a2.gotSrc {
		return pick(a1.gotSrc)
	}
	// Rule 2: prefer matching scope.
	d1, d2 := s.scope(a1.dst), s.scope(a2.dst)
	if a1.gotSrc {
		m1, m2 := d1 == s.scope(a1.src), d2 == s.scope(a2.src)
		if m1 != m2 {
			return pick(m1)
		}
		// Rule 3: avoid deprecated addresses.
		if a1.local.deprecated != a2.local.deprecated {
			return pick(a2.local.deprecated)
		}
		// Rule 4: prefer home addresses.
		if a1.local.home != a2.local.home {
			return pick(a1.local.home)
		}
		// Rule 5: prefer matching label.
		l1 := s.label(a1.dst) == s.label(a1.src)
		l2 := s.label(a2.dst) == s.label(a2.src)
		if l1 != l2 {
			return pick(l1)
		}
	}
	// Rule 6: prefer higher precedence.
	if p1, p2 := s.precedence(a1.dst), s.precedence(a2.dst); p1 != p2 {
		return pick(p1 > p2)
	}
	// Rule 7: prefer native transport over tunnels.
	if a1.gotSrc && a1.local.index != a2.local.index {
		n1, n2 := s.isNative(a1.local.index), s.isNative(a2.local.index)
		if n1 != n2 {
			return pick(n1)
		}
	}
	// Rule 8: prefer smaller scope.
	if d1 != d2 {
		return pick(d1 < d2)
	}
	// Rule 9: longest matching prefix.
	if a1.gotSrc && a1.dst.Family == a2.dst.Family {
		b1, b2 := commonBits(a1, a2)
		if b1 != b2 {
			return pick(b1 > b2)
		}
	}
	// Rule 10: keep the order the lookup gave.
	return pick(i < j)
}

func pick(first bool) int {
	if first {
		return -1
	}
	return 1
}

// commonBits is rule 9's measure for two results of the same family.
// IPv4 counts leading equal bits only within the source's subnet; IPv6
// compares the first 32-bit word where either pair differs.
func commonBits(a1, a2 *sortInfo) (int, int) {
	if a1.dst.Family == unix.AF_INET {
		return v4CommonBits(a1), v4CommonBits(a2)
	}
	for w := 0; w < 16; w += 4 {
		x1 := binary.BigEndian.Uint32(a1.dst.IP[w:]) ^ binary.BigEndian.Uint32(a1.src.IP[w:])
		x2 := binary.BigEndian.Uint32(a2.dst.IP[w:]) ^ binary.BigEndian.Uint32(a2.src.IP[w:])
		if x1 != 0 || x2 != 0 {
			return bits.LeadingZeros32(x1), bits.LeadingZeros32(x2)
		}
	}
	return 0, 0
}

func v4CommonBits(a *sortInfo) int {
	dst := binary.BigEndian.Uint32(a.dst.IP[:4])
	src := binary.BigEndian.Uint32(a.src.IP[:4])
	// glibc shifts by 32 - prefixlen in C, where a shift by 32 (no known
	// prefix) is a shift by 0 on the machines it runs on: a /32 mask.
	mask := uint32(0xffffffff) << ((32 - a.local.prefixlen) & 31)
	if src&mask != dst&mask {
		return 0
	}
	return bits.LeadingZeros32(dst ^ src)
}

// isNative reports whether an interface is not a tunnel (glibc's
// __check_native: not ARPHRD_TUNNEL, ARPHRD_TUNNEL6 or ARPHRD_SIT). An
// index the kernel does not list counts as not native.
func (s *addrSorter) isNative(index uint32) bool {
	if s.native == nil {
		s.native = linkTypes()
	}
	return s.native[index] == 1
}

// mergeSort sorts a by cmp the way glibc's qsort_r does for small arrays
// (msort: top-down, the first half taking n/2 elements, ties to the left),
// so that a comparator that is not a strict order still gives glibc's
// answer.
func mergeSort(a, tmp []int, cmp func(i, j int) int) {
	n := len(a)
	if n <= 1 {
		return
	}
	n1 := n / 2
	b1, b2 := a[:n1], a[n1:]
	mergeSort(b1, tmp[:n1], cmp)
	mergeSort(b2, tmp[n1:], cmp)
	k, i, j := 0, 0, 0
	for i < len(b1) && j < len(b2) {
		if cmp(b1[i], b2[j]) <= 0 {
			tmp[k] = b1[i]
			i++
		} else {
			tmp[k] = b2[j]
			j++
		}
		k++
	}
	k += copy(tmp[k:], b1[i:])
	copy(a, tmp[:k])
}
