//go:build linux

package socket_test

import (
	"fmt"
	"net/netip"

	"github.com/bsdsock/socket"
)

// A server bound to the wildcard address answers each client from the
// address the client wrote to: IP_PKTINFO tells it where a datagram was
// sent, and the same packet info, sent back with the reply, makes the
// reply leave from there. Without it the kernel would pick the source by
// its routes, and a client that wrote to one of the host's addresses
// could get its answer from another, and drop it. Here the host's
// addresses are two of loopback's.
func ExampleControlInfo_AppendReplyPktInfo() {
	server, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	check(err)
	defer server.Close()
	check(server.SetRecvPktInfo(true)) // setsockopt(IP_PKTINFO)
	check(server.Bind(socket.AddrFrom(netip.MustParseAddrPort("0.0.0.0:0"))))
	port, err := server.Getsockname()
	check(err)

	client, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	check(err)
	defer client.Close()
	asked := netip.AddrPortFrom(netip.MustParseAddr("127.0.0.2"), uint16(port.Port()))
	_, err = client.Sendto([]byte("ping"), 0, socket.AddrFrom(asked))
	check(err)

	// The server's loop: one buffer for the data, one for the control
	// messages received, one for those sent, all reused.
	buf, oob, reply := make([]byte, 1500), make([]byte, 64), make([]byte, 0, 64)
	m, err := server.Recvmsg(buf, oob, 0)
	check(err)
	ci, err := socket.ParseControl(oob[:m.OOBN])
	check(err)
	reply = ci.AppendReplyPktInfo(reply[:0]) // IP_PKTINFO: source ci.Dst
	_, err = server.Sendmsg([]byte("pong"), reply, 0, m.From)
	check(err)

	n, from, err := client.Recvfrom(buf, 0)
	check(err)
	fmt.Printf("asked %s, answered %q from %s\n", ci.Dst, buf[:n], from.IP())
	// Output:
	// asked 127.0.0.2, answered "pong" from 127.0.0.2
}
