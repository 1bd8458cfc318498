//go:build dragonfly || freebsd || netbsd || openbsd

package sockaddr

// groupPad is 0: the i386 ABI aligns the int64 in sockaddr_storage to 4
// bytes, so gr_group follows gr_interface at once (x/net's
// ipv4/zsys_freebsd_386.go: sizeofGroupReq = 0x84).
const groupPad = 0
