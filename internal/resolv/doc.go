// Package resolv is the resolver engine behind the root package's
// Python-named functions: glibc's getaddrinfo and getnameinfo in pure Go
// (numeric hosts in every form glibc takes, /etc/hosts, /etc/services,
// /etc/protocols and the "hosts:" line of /etc/nsswitch.conf, DNS through
// Go's resolver, RFC 3484 sorting with /etc/gai.conf), CPython's
// gethostby* and getfqdn, the inet_* parsers and the interface-name calls.
//
// On the BSDs and macOS it reads the same files and behaves the same, with
// these differences: /etc/gai.conf and /etc/host.conf are glibc's and
// normally absent there, so glibc's defaults apply (RFC 3484 tables, multi
// off), as on a Linux without them; the BSD libcs' own RFC 6724 policy
// (ip6addrctl) is not read. The machine's addresses and interfaces come
// from the routing socket through package net instead of netlink
// (iface_bsd.go): no address counts as deprecated or a home address, and
// no interface as a tunnel. DCCP and UDP-Lite are Linux only. Without a
// "hosts:" line in /etc/nsswitch.conf (macOS has no such file) hosts are
// looked up in files, then DNS, as the BSD libcs do, where glibc asks DNS
// first (sys_bsd.go).
//
// It knows nothing of the root package's types: families, socket types,
// protocols and flags are plain ints with the kernel's and glibc's values,
// addresses are a Host (or a raw sockaddr), and failures are this
// package's error values, which the root package converts in one place.
package resolv
