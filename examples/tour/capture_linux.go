package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/raw"
)

// capture is an AF_PACKET socket on lo with a BPF filter for one port: the
// tour's window on the frames its own sockets send. Every method is a no-op
// on a nil *capture, which is what a tour without root has.
type capture struct {
	c    *raw.PacketConn
	p    raw.Packet
	buf  []byte
	conv conversation
}

// startCapture opens the capture for proto and port, or explains why it
// cannot (not root) and returns nil: the chapter then tells its story
// without the frames.
func startCapture(proto socket.Protocol, port int) (*capture, error) {
	if os.Geteuid() != 0 {
		say("(not root: capturing frames needs an AF_PACKET socket and CAP_NET_RAW, so this chapter")
		say(" shows no packets; run the tour as root to see each frame beside its step)")
		return nil, nil
	}
	// The filter runs in the kernel: only this port's packets reach us. On
	// lo each frame is both sent and received; IgnoreOutgoing keeps one.
	c, err := raw.ListenPacket(raw.PacketConfig{
		Interface: "lo", IgnoreOutgoing: true,
		Filter: raw.PortFilter(raw.LinkEthernet, proto, uint16(port)),
	})
	if err != nil {
		return nil, err
	}
	c.SetTimeout(150 * time.Millisecond)
	say("socket(AF_PACKET, SOCK_RAW) on lo, SO_ATTACH_FILTER %q: the kernel hands us a copy of each frame",
		fmt.Sprintf("%v port %d", proto, port))
	return &capture{c: c, buf: make([]byte, 65536), conv: conversation{server: uint16(port)}}, nil
}

// show prints every frame captured since the last call, each with the step
// of the story it is (for TCP) and opened layer by layer.
func (c *capture) show() error {
	if c == nil {
		return nil
	}
	for {
		n, _, err := c.c.ReadPacket(c.buf)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return nil // nothing more for now
		}
		if err != nil {
			return err
		}
		if err := c.p.Decode(c.buf[:n], c.c.Link()); err != nil {
			return err
		}
		printLayers(&c.p, c.conv.step(&c.p))
	}
}

// close prints the capture's statistics and closes it.
func (c *capture) close() error {
	if c == nil {
		return nil
	}
	defer c.c.Close()
	st, err := c.c.Stats()
	if err != nil {
		return err
	}
	say("PACKET_STATISTICS: %d frames passed the filter, %d dropped", st.Packets, st.Drops)
	return nil
}
