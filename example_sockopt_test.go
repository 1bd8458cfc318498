//go:build linux

package socket_test

import (
	"fmt"
	"log"
	"net"
	"net/netip"

	"github.com/bsdsock/socket"
)

// A server sets SO_REUSEADDR before Bind, so that after a restart it can
// bind its port again while connections of its previous run are still in
// TIME_WAIT. The raw call reads the same option by level and number, as
// Python's getsockopt does.
func ExampleSocket_SetReuseAddr() {
	srv, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if err := srv.SetReuseAddr(true); err != nil {
		log.Fatal(err)
	}
	addr, _ := socket.InetAddr("127.0.0.1", 0)
	if err := srv.Bind(addr); err != nil {
		log.Fatal(err)
	}
	if err := srv.Listen(16); err != nil {
		log.Fatal(err)
	}
	on, _ := srv.ReuseAddr()
	raw, _ := srv.GetsockoptInt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
	listening, _ := srv.AcceptConn()
	fmt.Println("SO_REUSEADDR:", on, raw)
	fmt.Println("listening:", listening)
	// Output:
	// SO_REUSEADDR: true 1
	// listening: true
}

// A client of a request/response protocol turns Nagle's algorithm off, so
// that each small request leaves at once instead of waiting for the
// acknowledgement of the one before.
func ExampleSocket_SetNoDelay() {
	l, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	addr, _ := socket.InetAddr("127.0.0.1", 0)
	if err := l.Bind(addr); err != nil {
		log.Fatal(err)
	}
	if err := l.Listen(1); err != nil {
		log.Fatal(err)
	}
	addr, _ = l.Getsockname()

	c, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	before, _ := c.NoDelay()
	if err := c.SetNoDelay(true); err != nil {
		log.Fatal(err)
	}
	if err := c.Connect(addr); err != nil {
		log.Fatal(err)
	}
	after, _ := c.NoDelay()
	info, _ := c.TCPInfo()
	fmt.Println("TCP_NODELAY before:", before, "after:", after)
	fmt.Println("state:", info.State)
	// Output:
	// TCP_NODELAY before: false after: true
	// state: ESTABLISHED
}

// A multicast receiver binds the group's port on the wildcard address,
// joins the group on an interface, and asks for packet info to learn which
// group each datagram was sent to. (Not run: it needs an interface with the
// MULTICAST flag, which lo lacks by default.)
func ExampleSocket_JoinGroup() {
	rx, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer rx.Close()
	// Several receivers on one host may share the port.
	if err := rx.SetReuseAddr(true); err != nil {
		log.Fatal(err)
	}
	port, _ := socket.InetAddr("", 5353)
	if err := rx.Bind(port); err != nil {
		log.Fatal(err)
	}
	ifi, err := net.InterfaceByName("eth0")
	if err != nil {
		log.Fatal(err)
	}
	group := netip.MustParseAddr("224.0.0.251")
	if err := rx.JoinGroup(ifi.Index, group); err != nil {
		log.Fatal(err)
	}
	if err := rx.SetRecvPktInfo(true); err != nil {
		log.Fatal(err)
	}

	buf, oob := make([]byte, 1500), make([]byte, socket.CmsgSpace(12))
	for {
		m, err := rx.Recvmsg(buf, oob, 0)
		if err != nil {
			log.Fatal(err)
		}
		ci, err := socket.ParseControl(oob[:m.OOBN])
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d bytes from %v to %v\n", m.N, m.From, ci.Dst)
	}
}

// IP_RECVTTL makes every datagram carry its TTL in a control message;
// ParseControl decodes it from what Recvmsg left in the oob buffer.
func ExampleParseControl() {
	rx, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer rx.Close()
	tx, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer tx.Close()
	addr, _ := socket.InetAddr("127.0.0.1", 0)
	if err := rx.Bind(addr); err != nil {
		log.Fatal(err)
	}
	addr, _ = rx.Getsockname()
	if err := rx.SetRecvTTL(true); err != nil {
		log.Fatal(err)
	}
	if err := tx.SetTTL(42); err != nil {
		log.Fatal(err)
	}
	if _, err := tx.Sendto([]byte("hello"), 0, addr); err != nil {
		log.Fatal(err)
	}

	buf, oob := make([]byte, 16), make([]byte, socket.CmsgSpace(4))
	m, err := rx.Recvmsg(buf, oob, 0)
	if err != nil {
		log.Fatal(err)
	}
	ci, err := socket.ParseControl(oob[:m.OOBN])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q arrived with TTL %d (reported: %v)\n", buf[:m.N], ci.TTL, ci.Has&socket.CtrlTTL != 0)
	// Output: "hello" arrived with TTL 42 (reported: true)
}
