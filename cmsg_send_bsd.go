//go:build dragonfly || freebsd || netbsd || openbsd

package socket

import (
	"github.com/bsdsock/socket/internal/cmsgbuf"
	"golang.org/x/sys/unix"
)

// tosCmsgLen is the size of the IP_TOS control message's data FreeBSD
// reads on send: a byte.
const tosCmsgLen = 1

// ipSendSrcAddr is IP_SENDSRCADDR, which FreeBSD, NetBSD and OpenBSD
// define as IP_RECVDSTADDR's value (netinet/in.h): the message that sets
// the source of one datagram, a struct in_addr. It names no interface.
const ipSendSrcAddr = unix.IP_RECVDSTADDR

// appendPktInfo4 appends IP_SENDSRCADDR; these systems have no IPv4
// IP_PKTINFO to send, so ifindex is not used.
func appendPktInfo4(oob []byte, src [4]byte, _ int) []byte {
	oob, d := cmsgbuf.Append(oob, SOL_IP, ipSendSrcAddr, 4)
	copy(d, src[:])
	return oob
}
