//go:build linux

package main

import (
	"github.com/bsdsock/socket"
)

func init() { register(12, "Calls: getsockopt and setsockopt, raw and typed", options) }

// options sets options with Python's raw setsockopt and with their typed
// methods, reads them back, and decodes a TTL that arrived as a control
// message.
func options() error {
	s, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.SetsockoptInt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); err != nil {
		return err
	}
	v, err := s.GetsockoptInt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
	if err != nil {
		return err
	}
	on, err := s.ReuseAddr()
	if err != nil {
		return err
	}
	say("setsockopt(SOL_SOCKET, SO_REUSEADDR, 1); getsockopt -> %d; the typed ReuseAddr() -> %v", v, on)

	if err := s.SetRecvBuffer(65536); err != nil {
		return err
	}
	n, err := s.RecvBuffer()
	if err != nil {
		return err
	}
	say("SetRecvBuffer(65536) (SO_RCVBUF); RecvBuffer() = %d: the kernel doubles it for its bookkeeping", n)
	if err := s.SetsockoptInt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1); err != nil {
		return err
	}
	nodelay, err := s.NoDelay()
	if err != nil {
		return err
	}
	say("setsockopt(IPPROTO_TCP, TCP_NODELAY, 1): Nagle's algorithm off; NoDelay() -> %v", nodelay)

	rx, tx, to, err := udpPair()
	if err != nil {
		return err
	}
	defer rx.Close()
	defer tx.Close()
	if err := rx.SetRecvTTL(true); err != nil {
		return err
	}
	if err := tx.SetTTL(17); err != nil {
		return err
	}
	if _, err := tx.Sendto([]byte("ping"), 0, to); err != nil {
		return err
	}
	buf, oob := make([]byte, 16), make([]byte, socket.CmsgSpace(4))
	m, err := rx.Recvmsg(buf, oob, 0)
	if err != nil {
		return err
	}
	ci, err := socket.ParseControl(oob[:m.OOBN])
	if err != nil {
		return err
	}
	say("IP_TTL 17 on the sender, IP_RECVTTL on the receiver: %q arrived with a control message, TTL %d", buf[:m.N], ci.TTL)
	return nil
}
