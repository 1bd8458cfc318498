package main

import (
	"context"
	"time"

	"github.com/bsdsock/socket"
)

func init() {
	register(40, "Names and addresses: getaddrinfo, getnameinfo, inet_pton, create_server", resolve)
}

func resolve() error {
	// getaddrinfo: a name from /etc/hosts, then a numeric host, which is
	// never looked up. Results come in glibc's order, as Python shows.
	infos, err := socket.Getaddrinfo("localhost", "http", socket.AF_UNSPEC, socket.SOCK_STREAM, 0, socket.AI_CANONNAME)
	if err != nil {
		return err
	}
	for _, ai := range infos {
		say("getaddrinfo(\"localhost\", \"http\"): %v", ai)
	}
	infos, err = socket.Getaddrinfo("127.1", "8080", socket.AF_UNSPEC, 0, 0, socket.AI_NUMERICHOST)
	if err != nil {
		return err
	}
	say("getaddrinfo(\"127.1\") reads inet_aton's short form, one result per socket type:")
	for _, ai := range infos {
		say("  %v", ai)
	}
	_, err = socket.Getaddrinfo("localhost", "80", socket.AF_UNSPEC, 0, 0, socket.AI_NUMERICHOST)
	say("AI_NUMERICHOST with a name: %v", err)

	// getnameinfo: back from an address to names.
	a, err := socket.InetAddr("127.0.0.1", 53)
	if err != nil {
		return err
	}
	host, serv, err := socket.Getnameinfo(a, socket.NI_DGRAM)
	if err != nil {
		return err
	}
	say("getnameinfo(127.0.0.1:53, NI_DGRAM) = %q, %q", host, serv)

	// inet_pton / inet_ntop: glibc's text forms, byte for byte.
	b, err := socket.InetPton(socket.AF_INET6, "::ffff:192.0.2.1")
	if err != nil {
		return err
	}
	s, err := socket.InetNtop(socket.AF_INET6, b)
	if err != nil {
		return err
	}
	say("inet_pton(AF_INET6, \"::ffff:192.0.2.1\") = %x, inet_ntop gives back %q", b, s)

	// create_server + create_connection on loopback.
	srv, err := socket.CreateServer("127.0.0.1:0", socket.AF_INET, -1, false, false)
	if err != nil {
		return err
	}
	defer srv.Close()
	addr, err := srv.Getsockname()
	if err != nil {
		return err
	}
	say("create_server listens on %v (SO_REUSEADDR set, as Python does)", addr)
	c, err := socket.CreateConnection(context.Background(), addr.String(), 2*time.Second, socket.Addr{})
	if err != nil {
		return err
	}
	defer c.Close()
	conn, peer, err := srv.Accept()
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := c.Sendall([]byte("resolved"), 0); err != nil {
		return err
	}
	buf := make([]byte, 16)
	n, err := conn.Recv(buf, 0)
	if err != nil {
		return err
	}
	say("create_connection from %v delivered %q; its timeout is %v per connect", peer, buf[:n], c.Timeout())
	return nil
}
