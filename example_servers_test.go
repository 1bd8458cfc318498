//go:build linux

package socket_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"runtime"

	"github.com/bsdsock/socket"
)

// ListenGroup binds a socket per CPU to one address, steered by CPU, and
// Run serves each with a worker pinned to its CPU. A datagram sent on
// loopback is handled on the sender's CPU, so the socket that gets it is
// the one of the CPU the sender ran on.
func ExampleListenConfig_ListenGroup() {
	var lc socket.ListenConfig
	g, err := lc.ListenGroup(context.Background(), "udp4", "127.0.0.1:0", runtime.NumCPU())
	check(err)
	addr, err := g.Sockets[0].Getsockname()
	check(err)

	done := make(chan error, 1)
	go func() {
		done <- g.Run(func(cpu int, s *socket.Socket) error {
			buf := make([]byte, 1500)
			for {
				n, from, err := s.Recvfrom(buf, 0)
				if errors.Is(err, net.ErrClosed) {
					return nil // the group was closed: the server stops
				}
				if err != nil {
					return err
				}
				if _, err := s.Sendto(buf[:n], 0, from); err != nil {
					return err
				}
			}
		})
	}()

	c, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	check(err)
	defer c.Close()
	_, err = c.Sendto([]byte("hello"), 0, addr)
	check(err)
	buf := make([]byte, 16)
	n, _, err := c.Recvfrom(buf, 0)
	check(err)
	fmt.Printf("%s\n", buf[:n])

	g.Close()
	check(<-done)
	// Output:
	// hello
}

// NewInNetNS makes a socket inside the network namespace of another
// process, or one ip-netns(8) made; it needs CAP_SYS_ADMIN.
func ExampleNewInNetNS() {
	ns, err := os.Open("/run/netns/blue") // made by "ip netns add blue"
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ns.Close()
	s, err := socket.NewInNetNS(int(ns.Fd()), socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	// s binds, routes and sends in "blue", whichever goroutine uses it.
	a, err := socket.InetAddr("0.0.0.0", 53)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Bind(a))
}
