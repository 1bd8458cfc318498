//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package unix

import (
	"sync"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// peerCredBuf is PeerCred's getsockopt buffer, allocated once as on Linux
// (cred_linux.go); it holds the largest of the BSD layouts (struct xucred).
var peerCredBuf struct {
	sync.Mutex
	b [128]byte
}

// PeerCred returns the credentials of the process at the other end of a
// connected AF_UNIX socket with getsockopt(2): on macOS and FreeBSD
// LOCAL_PEERCRED (struct xucred, unix(4); PID is 0, it does not carry one),
// on OpenBSD SO_PEERCRED (struct sockpeercred, getsockopt(2)), on NetBSD
// LOCAL_PEEREID (struct unpcbid, unix(4)); getpeereid(3) of each libc reads
// the same. The credentials are the peer's as of connect(2) or listen(2).
// It allocates nothing and never waits. A socket with no peer gives the
// kernel's error (ENOTCONN, or EINVAL); a closed one net.ErrClosed.
func PeerCred(s *socket.Socket) (Cred, error) {
	peerCredBuf.Lock()
	defer peerCredBuf.Unlock()
	b := peerCredBuf.b[:peerCredLen]
	n, err := s.GetsockoptInto(peerCredLevel, peerCredOpt, b)
	if err != nil {
		return Cred{}, err
	}
	if n < peerCredLen {
		return Cred{}, opError("getsockopt", s.Type(), nil, argError(peerCredName, "the kernel returned a short answer", unix.EINVAL))
	}
	return decodePeerCred(b)
}
