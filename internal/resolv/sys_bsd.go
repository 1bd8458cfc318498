//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package resolv

// osTypeProto is empty: glibc's DCCP and UDP-Lite rows name Linux sockets,
// so on the BSDs a query for them fails as one for any unknown type does
// (EAI_SOCKTYPE, or EAI_SERVICE for the protocol alone).
var osTypeProto []typeProto

// defaultHostsLine is the "hosts:" line used when /etc/nsswitch.conf has
// none (macOS has no such file): files, then DNS, the order of FreeBSD's
// nsswitch.conf(5) default and of macOS's resolver, where glibc asks DNS
// first.
const defaultHostsLine = "files dns"
