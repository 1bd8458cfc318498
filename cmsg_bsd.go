//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package socket

// decodeLinux knows no control message on the BSDs: IP_PKTINFO, UDP_GRO and
// Linux's SO_TIMESTAMP(NS) layouts are Linux's (the BSDs report the IPv4
// destination with IP_RECVDSTADDR and times with SCM_TIMESTAMP, which
// NextCmsg walks), so ParseControl leaves them to the caller.
func (ci *ControlInfo) decodeLinux(Cmsg, []byte) (need int) { return 0 }
