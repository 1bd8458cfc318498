package raw

import "golang.org/x/sys/unix"

// ipv6HdrIncl is IPV6_HDRINCL, Linux's header inclusion for IPv6 raw
// sockets.
const ipv6HdrIncl = unix.IPV6_HDRINCL
