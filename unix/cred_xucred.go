//go:build darwin || freebsd

package unix

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// PeerCred's option on macOS and FreeBSD: LOCAL_PEERCRED at level SOL_LOCAL
// (0, sys/un.h), a struct xucred, as their getpeereid(3) reads it (FreeBSD's
// lib/libc/gen/getpeereid.c).
const (
	peerCredLevel = 0
	peerCredOpt   = unix.LOCAL_PEERCRED
	peerCredName  = "LOCAL_PEERCRED"
	peerCredLen   = unix.SizeofXucred
)

// decodePeerCred reads a struct xucred: cr_uid, and cr_groups[0], the
// effective group. A cr_version other than XUCRED_VERSION is refused, as
// getpeereid(3) refuses it.
func decodePeerCred(b []byte) (Cred, error) {
	x := (*unix.Xucred)(unsafe.Pointer(&b[0]))
	if x.Version != 0 || x.Ngroups < 1 { // XUCRED_VERSION is 0 (sys/ucred.h)
		return Cred{}, argError("LOCAL_PEERCRED", "unknown struct xucred version", unix.EINVAL)
	}
	return Cred{UID: x.Uid, GID: x.Groups[0]}, nil
}
