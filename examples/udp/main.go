// Command udp exchanges datagrams on loopback: a server socket answers each
// datagram to the address it came from, with no connection and no accept.
//
//	go run ./examples/udp [-family inet6] [-n 3]
//
// It shows sendto(2) and recvfrom(2), that one recvfrom returns one whole
// datagram (MSG_TRUNC when the buffer is too small), and a connected UDP
// socket, whose send and recv need no address.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"

	"github.com/bsdsock/socket"
)

func main() {
	family := flag.String("family", "inet", "inet or inet6")
	count := flag.Int("n", 3, "send `N` datagrams")
	flag.Parse()
	host, fam := "127.0.0.1:0", socket.AF_INET
	if *family == "inet6" {
		host, fam = "[::1]:0", socket.AF_INET6
	}
	addr, err := socket.ParseAddr(host)
	check(err)

	srv, err := socket.New(fam, socket.SOCK_DGRAM, 0) // socket(AF_INET, SOCK_DGRAM)
	check(err)
	defer srv.Close()
	check(srv.Bind(addr)) // no listen, no accept: bound is ready
	addr, err = srv.Getsockname()
	check(err)
	fmt.Printf("server: bound to %v\n", addr)
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 1500)
		for range *count {
			n, from, err := srv.Recvfrom(buf, 0) // one datagram, and who sent it
			check(err)
			srv.Sendto(bytes.ToUpper(buf[:n]), 0, from)
		}
	}()

	cli, err := socket.New(fam, socket.SOCK_DGRAM, 0)
	check(err)
	defer cli.Close()
	buf := make([]byte, 1500)
	for i := range *count {
		msg := fmt.Sprintf("datagram %d", i+1)
		_, err := cli.Sendto([]byte(msg), 0, addr) // the kernel binds cli on the first send
		check(err)
		n, from, err := cli.Recvfrom(buf, 0)
		check(err)
		fmt.Printf("client: sent %q, got %q back from %v\n", msg, buf[:n], from)
	}
	<-done

	// A datagram larger than the buffer is cut, and the rest is lost.
	check(cli.Connect(addr)) // a connected UDP socket: send and recv need no address
	_, err = cli.Send([]byte("a datagram of 28 bytes, cut"), 0)
	check(err)
	small := make([]byte, 12)
	m, err := srv.Recvmsg(small, nil, 0)
	check(err)
	fmt.Printf("server: recvmsg into 12 bytes got %q, flags %v\n", small[:m.N], m.Flags)
}

func check(err error) {
	if err != nil {
		log.Fatalf("udp: %v", err)
	}
}
