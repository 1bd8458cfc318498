package unix

import (
	"encoding/binary"
	"sync"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// sizeofUcred is sizeof(struct ucred): pid_t, uid_t, gid_t.
const sizeofUcred = unix.SizeofUcred

// decodeCred reads a struct ucred.
func decodeCred(b []byte) Cred {
	return Cred{
		PID: int(int32(binary.NativeEndian.Uint32(b))),
		UID: binary.NativeEndian.Uint32(b[4:]),
		GID: binary.NativeEndian.Uint32(b[8:]),
	}
}

// peerCredBuf is PeerCred's getsockopt buffer. A buffer on PeerCred's own
// stack would escape to the heap through the root's option call (one
// allocation per call); this one is allocated once, and the call is short
// and never waits, so callers simply take turns.
var peerCredBuf struct {
	sync.Mutex
	b [sizeofUcred]byte
}

// PeerCred returns the credentials of the process at the other end of a
// connected AF_UNIX socket with getsockopt(2) SO_PEERCRED: the process that
// called connect(2), listen(2) or socketpair(2), as it was then (a pid that
// has since exited may name another process now: PeerPidfd does not have
// that race). Python spells it
// s.getsockopt(SOL_SOCKET, SO_PEERCRED, struct.calcsize("3i")). It
// allocates nothing and never waits. A socket with no peer (not
// connected, or not AF_UNIX) gives PID 0 and UID and GID 4294967295 (the
// kernel's -1), as the kernel reports it; a closed one net.ErrClosed.
func PeerCred(s *socket.Socket) (Cred, error) {
	peerCredBuf.Lock()
	defer peerCredBuf.Unlock()
	n, err := s.GetsockoptInto(socket.SOL_SOCKET, unix.SO_PEERCRED, peerCredBuf.b[:])
	if err != nil {
		return Cred{}, err
	}
	if n < sizeofUcred {
		return Cred{}, opError("getsockopt", s.Type(), nil, argError("SO_PEERCRED", "the kernel returned a short struct ucred", unix.EINVAL))
	}
	return decodeCred(peerCredBuf.b[:]), nil
}

// PeerPidfd returns a new pidfd for the process at the other end of a
// connected AF_UNIX socket, with getsockopt(2) SO_PEERPIDFD (Linux 6.5 and
// later). Unlike PeerCred's pid, the pidfd keeps naming that process even
// after it exits and its pid is reused: pass it to pidfd_send_signal(2),
// or poll it to learn when the process exits. The descriptor is
// close-on-exec and the caller's to close (socket.CloseFD). Errors:
// ENOPROTOOPT where the kernel lacks the option, ENODATA on a socket with
// no peer, ESRCH when the peer process has already been reaped,
// net.ErrClosed.
//
// Linux only.
func PeerPidfd(s *socket.Socket) (int, error) {
	return s.GetsockoptInt(socket.SOL_SOCKET, unix.SO_PEERPIDFD)
}

// SetPassCred sets SO_PASSCRED with setsockopt(2): when on, every message
// received on s carries the sender's credentials in an SCM_CREDENTIALS
// control message (read them with ParseCredentials), whether the sender
// attached them or not. Size the receive's control buffer with
// CredentialsSpace. Errors: net.ErrClosed.
//
// Linux only.
func SetPassCred(s *socket.Socket, on bool) error {
	v := 0
	if on {
		v = 1
	}
	return s.SetsockoptInt(socket.SOL_SOCKET, unix.SO_PASSCRED, v)
}

// PassCred reports whether SO_PASSCRED is set, with getsockopt(2).
//
// Linux only.
func PassCred(s *socket.Socket) (bool, error) {
	v, err := s.GetsockoptInt(socket.SOL_SOCKET, unix.SO_PASSCRED)
	return v != 0, err
}
