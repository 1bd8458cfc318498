//go:build (dragonfly || freebsd || netbsd || openbsd) && !386

package sockaddr

// groupPad is the padding after gr_interface in struct group_req:
// sockaddr_storage holds an int64 (__ss_align in sys/socket.h), which C
// aligns to 8 bytes on every ABI of these systems but i386's
// (group_bsd_386.go), 32-bit ARM's included, where Go aligns an int64 to 4
// only: x/net's ipv4/zsys_freebsd_arm.go has sizeofGroupReq = 0x88, so the
// padding is written out rather than taken from unsafe.Alignof.
const groupPad = 4
