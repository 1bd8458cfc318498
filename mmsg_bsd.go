//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package socket

// batch is the state of Sendmmsg and Recvmmsg (mmsgcall_linux.go), which
// are Linux only: sendmmsg(2) and recvmmsg(2) are Linux's, and x/sys/unix
// has no Mmsghdr for the BSDs that have them (FreeBSD, NetBSD). A Socket
// keeps the empty field so that its layout reads the same everywhere.
type batch struct{}
