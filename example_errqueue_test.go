//go:build linux

package socket_test

import (
	"fmt"

	"github.com/bsdsock/socket"
)

// The error queue holds what the kernel has to say about a socket's
// sends. With IP_RECVERR, a datagram to a port where nothing listens
// comes back as an ICMP port unreachable on it, naming who sent the
// error and carrying the start of the datagram.
func ExampleSocket_RecvErrQueue() {
	// A loopback port with nobody on it.
	l, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	check(err)
	lo, err := socket.InetAddr("127.0.0.1", 0)
	check(err)
	check(l.Bind(lo))
	closed, err := l.Getsockname()
	check(err)
	check(l.Close())

	s, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	check(err)
	defer s.Close()
	check(s.SetRecvErr(true)) // setsockopt(IPPROTO_IP, IP_RECVERR, 1)
	_, err = s.Sendto([]byte("anyone?"), 0, closed)
	check(err)

	p, oob := make([]byte, 64), make([]byte, 256)
	m, err := s.RecvErrQueue(p, oob, 0) // recvmsg(2) with MSG_ERRQUEUE
	check(err)
	fmt.Println(m.Err.Origin, m.Err.Type, m.Err.Code, m.Err.Offender)
	fmt.Println(m.Err.Errno)
	fmt.Printf("about %q\n", p[:m.N])
	// Output:
	// SO_EE_ORIGIN_ICMP 3 3 127.0.0.1
	// connection refused
	// about "anyone?"
}
