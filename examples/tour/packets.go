package main

import (
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/raw"
)

// printLayers opens a packet like nested dolls: the link header holds the
// IP header, which holds the transport header, which holds the payload.
func printLayers(p *raw.Packet, step string) {
	if step != "" {
		say(">> %s", step)
	}
	say("   %s", p.AppendText(nil))
	e := p.Ethernet
	layer("link", p.LinkHeader, fmt.Sprintf("Ethernet %s > %s, EtherType 0x%04x",
		mac(e.Src[:]), mac(e.Dst[:]), e.EtherType))
	switch {
	case p.Layers&raw.HasIPv4 != 0:
		ip := p.IPv4
		layer("network", p.IPHeader, fmt.Sprintf("IPv4 %v > %v, TTL %d, protocol %d, total length %d",
			ip.Src, ip.Dst, ip.TTL, ip.Protocol, ip.TotalLen))
	case p.Layers&raw.HasIPv6 != 0:
		ip := p.IPv6
		layer("network", p.IPHeader, fmt.Sprintf("IPv6 %v > %v, hop limit %d, next header %d, payload length %d",
			ip.Src, ip.Dst, ip.HopLimit, ip.NextHeader, ip.PayloadLen))
	}
	switch {
	case p.Layers&raw.HasTCP != 0:
		t := p.TCP
		layer("transport", p.TransportHeader, fmt.Sprintf("TCP port %d > %d, seq %d, ack %d, window %d",
			t.SrcPort, t.DstPort, t.Seq, t.Ack, t.Window))
		say("   %-10s        flags %s", "", flagBits(t.Flags))
	case p.Layers&raw.HasUDP != 0:
		u := p.UDP
		layer("transport", p.TransportHeader, fmt.Sprintf("UDP port %d > %d, length %d", u.SrcPort, u.DstPort, u.Length))
	}
	layer("application", p.Payload, fmt.Sprintf("%q", p.Payload))
}

// layer prints one doll: its name, size, what it says and its bytes.
func layer(name string, b []byte, what string) {
	if len(b) == 0 {
		if name == "application" {
			say("   %-11s  0 B  (no payload)", name)
		}
		return
	}
	say("   %-11s %2d B  %s", name, len(b), what)
	say("   %-11s       %s", "", hex.EncodeToString(b))
}

// flagBits writes TCP's flag bits one by one, in their header order.
func flagBits(f raw.TCPFlags) string {
	names := []string{"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"}
	var b strings.Builder
	for i := len(names) - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "%s=%d ", names[i], f>>i&1)
	}
	return strings.TrimSpace(b.String())
}

func mac(b []byte) string {
	s := hex.EncodeToString(b)
	var out strings.Builder
	for i := 0; i < len(s); i += 2 {
		if i > 0 {
			out.WriteByte(':')
		}
		out.WriteString(s[i : i+2])
	}
	return out.String()
}

// conversation follows one TCP connection through its segments, to name
// the step of the story each one is: the handshake's SYN, SYN-ACK and ACK,
// data and its acknowledgment, and the close's FIN, ACK, FIN, ACK.
type conversation struct {
	server  uint16 // the server's port: tells the direction
	synAck  uint32 // the ack number that completes the handshake (0: none yet)
	finAck  [2]uint32
	fins    int
	closing int // close steps seen, of four
}

func (c *conversation) step(p *raw.Packet) string {
	if p.Layers&raw.HasTCP == 0 {
		return ""
	}
	t := p.TCP
	from, to, dir := "client", "server", 0
	if t.SrcPort == c.server {
		from, to, dir = "server", "client", 1
	}
	who := from + " -> " + to
	ack := t.Flags&raw.TCPAck != 0
	var steps []string
	switch {
	case t.Flags&raw.TCPSyn != 0 && !ack:
		steps = append(steps, "handshake 1/3: SYN, "+who+`: "may I talk to you? my bytes are numbered from here"`)
	case t.Flags&raw.TCPSyn != 0:
		c.synAck = t.Seq + 1
		steps = append(steps, "handshake 2/3: SYN-ACK, "+who+`: "yes, I acknowledge your SYN; mine are numbered from here"`)
	case ack && c.synAck != 0 && t.Ack == c.synAck && len(p.Payload) == 0 && t.Flags&raw.TCPFin == 0:
		c.synAck = 0
		steps = append(steps, "handshake 3/3: ACK, "+who+": the connection is ESTABLISHED")
	}
	// An ACK of the other side's FIN can ride on data or on a FIN.
	if other := 1 - dir; ack && c.finAck[other] != 0 && t.Ack == c.finAck[other] {
		c.finAck[other] = 0
		c.closing++
		steps = append(steps, fmt.Sprintf("close %d/4: ACK, %s: \"I got your FIN\"", c.closing, who))
	}
	if len(p.Payload) > 0 {
		steps = append(steps, fmt.Sprintf("data, %s: %d bytes (PSH)", who, len(p.Payload)))
	}
	if t.Flags&raw.TCPFin != 0 {
		c.finAck[dir] = t.Seq + uint32(len(p.Payload)) + 1
		c.closing++
		steps = append(steps, fmt.Sprintf("close %d/4: FIN, %s: \"I have nothing more to send\"", c.closing, who))
	}
	if len(steps) == 0 && ack {
		steps = append(steps, "ACK, "+who+": acknowledges the data so far")
	}
	return strings.Join(steps, "; ")
}

func init() {
	register(4, "The three-way handshake and the four-way close, on the wire", handshake)
}

// handshake makes one TCP connection step by step and, as root, shows
// beside each step the segments the kernels exchanged for it, captured on
// lo with an AF_PACKET socket.
func handshake() error {
	say("TCP is a conversation between two kernels. Before any data, a three-way handshake:")
	say("  SYN      client -> server  \"may I talk to you?\"")
	say("  SYN-ACK  server -> client  \"yes; and may I talk to you?\"")
	say("  ACK      client -> server  \"yes\"")
	say("and at the end a four-way close, FIN and ACK in each direction, because each")
	say("direction closes on its own: the side that acknowledged a FIN may still send.")
	srv, addr, err := listen(socket.AF_INET, socket.SOCK_STREAM)
	if err != nil {
		return err
	}
	defer srv.Close()
	capture, err := startCapture(socket.IPPROTO_TCP, addr.Port())
	if err != nil {
		return err
	}
	defer capture.close()

	fmt.Println()
	say("client: connect(2) to %v: the client's kernel sends SYN and connect returns after the ACK", addr)
	cli, err := dial(addr, socket.SOCK_STREAM)
	if err != nil {
		return err
	}
	defer cli.Close()
	cli.SetTimeout(5 * time.Second)
	if err := capture.show(); err != nil {
		return err
	}
	conn, _, err := srv.Accept()
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetTimeout(5 * time.Second)
	say("server: accept(2) took the connection the kernel had already established; no packet for that")
	if err := capture.show(); err != nil {
		return err
	}

	fmt.Println()
	say("client: send(2) \"hello\\n\"; the server's kernel acknowledges the bytes")
	if _, err := cli.Sendall([]byte("hello\n"), 0); err != nil {
		return err
	}
	buf := make([]byte, 64)
	if _, err := conn.Recv(buf, 0); err != nil {
		return err
	}
	if err := capture.show(); err != nil {
		return err
	}

	fmt.Println()
	say("client: shutdown(2) SHUT_WR, its half of the close: FIN, and the server's kernel ACKs it")
	if err := cli.Shutdown(socket.SHUT_WR); err != nil {
		return err
	}
	n, err := conn.Recv(buf, 0)
	if err != nil {
		return err
	}
	say("server: recv(2) returned %d bytes: end of stream, the client will send nothing more", n)
	if err := capture.show(); err != nil {
		return err
	}
	fmt.Println()
	say("server: still allowed to send after acknowledging the FIN: send(2) \"bye\\n\"")
	if _, err := conn.Sendall([]byte("bye\n"), 0); err != nil {
		return err
	}
	n, err = cli.Recv(buf, 0)
	if err != nil {
		return err
	}
	say("client: recv(2) got %q although it closed its own side: this is why closing takes four", buf[:n])
	if err := capture.show(); err != nil {
		return err
	}
	fmt.Println()
	say("server: close(2): its FIN; the client's kernel ACKs it and the client's recv(2) returns 0")
	if err := conn.Close(); err != nil {
		return err
	}
	if n, err = cli.Recv(buf, 0); err != nil {
		return err
	}
	say("client: recv(2) returned %d bytes; close(2). The client's side waits in TIME_WAIT for strays", n)
	if err := capture.show(); err != nil {
		return err
	}
	return cli.Close()
}
