package socket

import (
	"errors"

	"golang.org/x/sys/unix"
)

// GSOAvailable reports whether UDP generic segmentation offload can be
// used on the socket: whether getsockopt(2) of UDP_SEGMENT (SOL_UDP),
// udp(7), succeeds, which it does on a UDP socket of Linux 4.18 or later,
// and whether no send with segmentation has failed on the socket with the
// EIO that says its path cannot segment (IsGSOError). It is quic-go's
// probe; once a send has failed that way it stays false for the life of
// the socket, as quic-go turns GSO off for the connection.
//
// The kernel segments in software where the device cannot, so "available"
// means that a send with UDP_SEGMENT will be accepted, not that the NIC
// does the work (ethtool -k's tx-udp-segmentation says that). A socket
// that is not UDP, or a kernel without UDP_SEGMENT, gives false and no
// error; a closed socket gives net.ErrClosed. Python has no equivalent.
//
// Linux only.
func (s *Socket) GSOAvailable() (bool, error) {
	if _, err := s.getInt(udpSegment); err != nil {
		if errors.Is(err, unix.ENOPROTOOPT) || errors.Is(err, unix.EOPNOTSUPP) {
			return false, nil
		}
		return false, err
	}
	return !s.noGSO.Load(), nil
}

// gsoFailed takes a UDP send's EIO for a segmentation failure, which is
// the only EIO the kernel's UDP send path returns (udp_send_skb and
// udp_v6_send_skb, for a send with a segment size), and remembers it for
// GSOAvailable. It is sendHint's, so it runs on the error path only.
func (s *Socket) gsoFailed() string {
	if s.typ != SOCK_DGRAM || s.family != AF_INET && s.family != AF_INET6 {
		return ""
	}
	s.noGSO.Store(true)
	return gsoHint
}
