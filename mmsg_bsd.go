//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package socket

// batch is the state of Sendmmsg and Recvmmsg (mmsgcall_linux.go), which
// are Linux only here: x/sys/unix has no Mmsghdr for any BSD, though NetBSD
// and OpenBSD have sendmmsg(2) and recvmmsg(2) as system calls and FreeBSD
// has them in libc, and macOS has none. A Socket keeps the empty field so
// that its layout reads the same everywhere.
type batch struct{}
