//go:build dragonfly || freebsd || linux || netbsd || openbsd

package sockfd

import "golang.org/x/sys/unix"

// noSignal is added to the flags of every send: MSG_NOSIGNAL makes a send
// to a closed peer fail with EPIPE instead of raising SIGPIPE (send(2) of
// Linux, FreeBSD, NetBSD and OpenBSD).
const noSignal = unix.MSG_NOSIGNAL
