package unix

import "encoding/binary"

// PeerCred's option on NetBSD: LOCAL_PEEREID (3) at level SOL_LOCAL (0), a
// struct unpcbid { pid_t unp_pid; uid_t unp_euid; gid_t unp_egid; }
// (unix(4) and sys/un.h of NetBSD, as its getpeereid(3) reads it);
// x/sys/unix has no constant for it.
const (
	peerCredLevel = 0
	peerCredOpt   = 3
	peerCredName  = "LOCAL_PEEREID"
	peerCredLen   = 12
)

// decodePeerCred reads a struct unpcbid.
func decodePeerCred(b []byte) (Cred, error) {
	return Cred{
		PID: int(int32(binary.NativeEndian.Uint32(b))),
		UID: binary.NativeEndian.Uint32(b[4:]),
		GID: binary.NativeEndian.Uint32(b[8:]),
	}, nil
}
