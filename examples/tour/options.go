//go:build linux

package main

import (
	"github.com/bsdsock/socket"
)

func init() { register(30, "Socket options, typed and raw", options) }

// options sets a few options through their typed methods, reads them back
// raw the way Python's getsockopt does, and decodes a TTL that arrived as a
// control message.
func options() error {
	l, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer l.Close()
	if err := l.SetReuseAddr(true); err != nil {
		return err
	}
	raw, err := l.GetsockoptInt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
	if err != nil {
		return err
	}
	say("SetReuseAddr(true); raw getsockopt(SOL_SOCKET, SO_REUSEADDR) = %d", raw)

	if err := l.SetRecvBuffer(65536); err != nil {
		return err
	}
	n, err := l.RecvBuffer()
	if err != nil {
		return err
	}
	say("SetRecvBuffer(65536); RecvBuffer() = %d: the kernel doubles it for its bookkeeping", n)

	addr, _ := socket.InetAddr("127.0.0.1", 0)
	if err := l.Bind(addr); err != nil {
		return err
	}
	if err := l.Listen(1); err != nil {
		return err
	}
	addr, _ = l.Getsockname()
	c, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.SetNoDelay(true); err != nil {
		return err
	}
	if err := c.Connect(addr); err != nil {
		return err
	}
	info, err := c.TCPInfo()
	if err != nil {
		return err
	}
	cc, err := c.Congestion()
	if err != nil {
		return err
	}
	say("client: TCP_NODELAY on, state %v, MSS %d, congestion control %q", info.State, info.SndMSS, cc)

	rx, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err != nil {
		return err
	}
	defer rx.Close()
	tx, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err != nil {
		return err
	}
	defer tx.Close()
	addr, _ = socket.InetAddr("127.0.0.1", 0)
	if err := rx.Bind(addr); err != nil {
		return err
	}
	addr, _ = rx.Getsockname()
	if err := rx.SetRecvTTL(true); err != nil {
		return err
	}
	if err := rx.SetRecvPktInfo(true); err != nil {
		return err
	}
	if err := tx.SetTTL(17); err != nil {
		return err
	}
	if _, err := tx.Sendto([]byte("ping"), 0, addr); err != nil {
		return err
	}
	buf, oob := make([]byte, 16), make([]byte, socket.CmsgSpace(4)+socket.CmsgSpace(12))
	m, err := rx.Recvmsg(buf, oob, 0)
	if err != nil {
		return err
	}
	ci, err := socket.ParseControl(oob[:m.OOBN])
	if err != nil {
		return err
	}
	say("IP_RECVTTL + IP_PKTINFO: %q from %v to %v, TTL %d, interface %d",
		buf[:m.N], m.From, ci.Dst, ci.TTL, ci.IfIndex)
	return nil
}
