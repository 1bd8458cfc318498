//go:build linux

package main

import (
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/raw"
)

// AF_PACKET is Linux only, and so is this chapter.
func init() {
	register(60, "Packets: AF_PACKET capture of a handshake, layer by layer", packets)
}

// packets is the chapter on the layers below the socket API: it captures,
// with an AF_PACKET socket and a BPF filter, a TCP connection it makes on
// lo, and opens each captured frame like nested dolls: link header, IP
// header, TCP header, payload, with their real bytes. It needs root; without
// it, it says so and the tour goes on.
func packets() error {
	if os.Geteuid() != 0 {
		say("skipped: AF_PACKET capture needs root (CAP_NET_RAW); run the tour as root to see it")
		return nil
	}
	srv, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer srv.Close()
	addr, _ := socket.InetAddr("127.0.0.1", 0)
	if err := srv.Bind(addr); err != nil {
		return err
	}
	if err := srv.Listen(1); err != nil {
		return err
	}
	addr, _ = srv.Getsockname()

	// The filter runs in the kernel: only this port's TCP reaches us.
	capture, err := raw.ListenPacket(raw.PacketConfig{
		Interface: "lo", IgnoreOutgoing: true,
		Filter: raw.PortFilter(raw.LinkEthernet, socket.IPPROTO_TCP, uint16(addr.Port())),
	})
	if err != nil {
		return err
	}
	defer capture.Close()
	say("socket(AF_PACKET, SOCK_RAW), SO_ATTACH_FILTER \"tcp port %d\", bind to lo", addr.Port())

	// The conversation: handshake, one line, the four-way close.
	done := make(chan error, 1)
	go func() {
		conn, _, err := srv.Accept()
		if err == nil {
			_, err = conn.Recv(make([]byte, 64), socket.MSG_WAITALL) // the line, then EOF
			conn.Close()
		}
		done <- err
	}()
	cli, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	cli.SetTimeout(5 * time.Second)
	if err := cli.Connect(addr); err != nil {
		cli.Close()
		return err
	}
	cli.Sendall([]byte("hello\n"), 0)
	cli.Shutdown(socket.SHUT_WR)
	if err := <-done; err != nil {
		cli.Close()
		return err
	}
	cli.Recv(make([]byte, 8), 0) // the server's FIN
	cli.Close()
	say("connect, send \"hello\\n\", close: now the frames the kernel captured:")

	capture.SetTimeout(200 * time.Millisecond)
	var p raw.Packet
	buf := make([]byte, 2048)
	show := func(indent, name string, b []byte) {
		if len(b) > 0 {
			say("%s%-16s %2d B  %s", indent, name, len(b), strings.TrimSpace(hex.EncodeToString(b)))
		}
	}
	for {
		n, _, err := capture.ReadPacket(buf)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			break
		}
		if err != nil {
			return err
		}
		if err := p.Decode(buf[:n], capture.Link()); err != nil {
			return err
		}
		say("%s", p.AppendText(nil))
		show("  ", "link (Ethernet)", p.LinkHeader)
		show("    ", "IP header", p.IPHeader)
		show("      ", "TCP header", p.TransportHeader)
		show("        ", "payload", p.Payload)
	}
	st, err := capture.Stats()
	if err != nil {
		return err
	}
	say("PACKET_STATISTICS: %d packets passed the filter, %d dropped", st.Packets, st.Drops)
	return nil
}
