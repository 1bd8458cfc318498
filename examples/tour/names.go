package main

import (
	"context"
	"time"

	"github.com/bsdsock/socket"
)

func init() {
	register(11, "Calls: getaddrinfo, getfqdn, gethostbyname (and create_server, create_connection)", names)
}

// names turns names into addresses and back, from the local files only
// (/etc/hosts, /etc/services): the tour sends nothing to DNS.
func names() error {
	infos, err := socket.Getaddrinfo("localhost", "http", socket.AF_UNSPEC, socket.SOCK_STREAM, 0, 0)
	if err != nil {
		return err
	}
	for _, ai := range infos {
		say("getaddrinfo(\"localhost\", \"http\", type SOCK_STREAM): %v", ai)
	}
	infos, err = socket.Getaddrinfo("127.1", "8080", socket.AF_UNSPEC, 0, 0, socket.AI_NUMERICHOST)
	if err != nil {
		return err
	}
	say("getaddrinfo(\"127.1\", \"8080\") reads inet_aton's short form, one result per socket type:")
	for _, ai := range infos {
		say("  %v", ai)
	}
	ip, err := socket.Gethostbyname("localhost")
	if err != nil {
		return err
	}
	say("gethostbyname(\"localhost\") = %q: IPv4 only, the old call; getaddrinfo does both families", ip)
	say("getfqdn(\"localhost\") = %q: the first name of the host's entry that contains a dot, else the name",
		socket.Getfqdn("localhost"))
	a, err := socket.InetAddr("127.0.0.1", 53)
	if err != nil {
		return err
	}
	host, serv, err := socket.Getnameinfo(a, socket.NI_DGRAM)
	if err != nil {
		return err
	}
	say("getnameinfo(127.0.0.1:53, NI_DGRAM) = %q, %q: back from an address to names", host, serv)

	srv, err := socket.CreateServer("127.0.0.1:0")
	if err != nil {
		return err
	}
	defer srv.Close()
	addr, err := srv.Getsockname()
	if err != nil {
		return err
	}
	say("create_server: socket, SO_REUSEADDR, bind and listen in one call, on %v", addr)
	c, err := socket.CreateConnection(context.Background(), addr.String(), 2*time.Second, socket.Addr{})
	if err != nil {
		return err
	}
	defer c.Close()
	conn, peer, err := srv.Accept()
	if err != nil {
		return err
	}
	conn.Close()
	say("create_connection: getaddrinfo, then socket and connect to each address in turn; connected from %v", peer)
	return nil
}
