package resolv

import "golang.org/x/sys/unix"

// osTypeProto are the rows of glibc's gaih_inet_typeproto that only Linux
// has sockets for: DCCP and UDP-Lite.
var osTypeProto = []typeProto{
	{unix.SOCK_DCCP, unix.IPPROTO_DCCP, "dccp", false, false, false},
	{unix.SOCK_DGRAM, unix.IPPROTO_UDPLITE, "udplite", false, false, false},
}

// defaultHostsLine is the "hosts:" line glibc's NSS uses when
// /etc/nsswitch.conf has none.
const defaultHostsLine = "dns [!UNAVAIL=return] files"
