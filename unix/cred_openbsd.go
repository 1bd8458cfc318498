package unix

import (
	"encoding/binary"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// PeerCred's option on OpenBSD: SO_PEERCRED at SOL_SOCKET, a struct
// sockpeercred { uid_t uid; gid_t gid; pid_t pid; } (getsockopt(2) of
// OpenBSD, and its lib/libc/net/getpeereid.c).
const (
	peerCredLevel = socket.SOL_SOCKET
	peerCredOpt   = unix.SO_PEERCRED
	peerCredName  = "SO_PEERCRED"
	peerCredLen   = 12
)

// decodePeerCred reads a struct sockpeercred.
func decodePeerCred(b []byte) (Cred, error) {
	return Cred{
		UID: binary.NativeEndian.Uint32(b),
		GID: binary.NativeEndian.Uint32(b[4:]),
		PID: int(int32(binary.NativeEndian.Uint32(b[8:]))),
	}, nil
}
