package socket

import "errors"

// gsoHint is the hint of a UDP send that failed because its path cannot
// segment (gsoFailed), and what IsGSOError looks for.
const gsoHint = "UDP segmentation offload (GSO) does not work on this path: send the data again without UDP_SEGMENT"

// IsGSOError reports whether err, from a send on a UDP socket (Send,
// Sendto, Sendmsg, Sendmmsg: sendmsg(2) and udp(7)'s UDP_SEGMENT), says
// that the path cannot segment: the send
// carried UDP_SEGMENT, as the socket option (SetUDPSegment) or a control
// message (AppendUDPSegment), and the kernel refused it with EIO, the one
// error its UDP send path gives for that alone, as it does through IPsec
// (an xfrm policy), on UDP-Lite, and before Linux 6.11 on a device without
// checksum offload. Nothing was sent: send the same data
// again as separate datagrams, and stop asking for segmentation on this
// socket, as quic-go does; GSOAvailable reports false from then on.
// errors.Is(err, unix.EIO) holds for such an error too; IsGSOError says in
// addition that the socket took it for a segmentation failure. It is
// always false on the BSDs, which have no UDP_SEGMENT.
func IsGSOError(err error) bool {
	var h *hintError
	return errors.As(err, &h) && h.hint == gsoHint
}
