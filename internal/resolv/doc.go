// Package resolv is the resolver engine behind the root package's
// Python-named functions: glibc's getaddrinfo and getnameinfo in pure Go
// (numeric hosts in every form glibc takes, /etc/hosts, /etc/services,
// /etc/protocols and the "hosts:" line of /etc/nsswitch.conf, DNS through
// Go's resolver, RFC 3484 sorting with /etc/gai.conf), CPython's
// gethostby* and getfqdn, the inet_* parsers and the interface-name calls.
//
// It knows nothing of the root package's types: families, socket types,
// protocols and flags are plain ints with the kernel's and glibc's values,
// addresses are a Host (or a raw sockaddr), and failures are this
// package's error values, which the root package converts in one place.
package resolv
