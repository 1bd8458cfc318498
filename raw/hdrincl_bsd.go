//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package raw

// ipv6HdrIncl is an option number no IPv6 level has: the BSDs have no
// IPV6_HDRINCL (RFC 3542 leaves IPv6 headers to ancillary data), so the
// kernel answers ENOPROTOOPT, as ip6_ctloutput does for any unknown option,
// and SetHeaderIncluded on an IPv6 socket reports that.
const ipv6HdrIncl = -1
