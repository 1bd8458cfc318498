package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/bsdsock/socket"
)

func init() { register(10, "The client/server workflow: TCP, UDP and AF_UNIX", workflow) }

func workflow() error {
	if err := tcpEcho(); err != nil {
		return fmt.Errorf("tcp: %w", err)
	}
	if err := udpExchange(); err != nil {
		return fmt.Errorf("udp: %w", err)
	}
	return unixEcho()
}

// tcpEcho is the seed: socket -> bind -> listen -> accept on one side,
// socket -> connect -> send/recv -> close on the other.
func tcpEcho() error {
	srv, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer srv.Close()
	addr, err := socket.InetAddr("127.0.0.1", 0)
	if err != nil {
		return err
	}
	if err := srv.Bind(addr); err != nil {
		return err
	}
	if err := srv.Listen(socket.SOMAXCONN); err != nil {
		return err
	}
	laddr, err := srv.Getsockname()
	if err != nil {
		return err
	}
	say("server: socket(2) + bind(2) + listen(2): %v", srv)

	served := make(chan error, 1)
	go func() { served <- echoOne(srv) }()

	cli, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer cli.Close()
	if err := cli.Connect(laddr); err != nil {
		return err
	}
	say("client: connect(2) to %v", laddr)
	if _, err := cli.Sendall([]byte("hello over TCP"), 0); err != nil {
		return err
	}
	buf := make([]byte, 64)
	n, err := cli.Recv(buf, 0)
	if err != nil {
		return err
	}
	say("client: sendall + recv(2) got the echo %q", buf[:n])
	if err := cli.Close(); err != nil {
		return err
	}
	return <-served
}

// echoOne accepts one connection and echoes until the client closes.
func echoOne(srv *socket.Socket) error {
	conn, peer, err := srv.Accept()
	if err != nil {
		return err
	}
	defer conn.Close()
	who := peer.String()
	if who == "" {
		who = "an unnamed AF_UNIX client"
	}
	say("server: accept(2) -> a new socket for %s", who)
	buf := make([]byte, 64)
	for {
		n, err := conn.Recv(buf, 0)
		if err != nil {
			return err
		}
		if n == 0 {
			say("server: recv(2) returned 0: the client closed, so do we")
			return nil
		}
		if _, err := conn.Sendall(buf[:n], 0); err != nil {
			return err
		}
	}
}

// udpExchange shows datagrams: no listen, no accept, an address per packet.
func udpExchange() error {
	a, err := socket.New(socket.AF_INET6, socket.SOCK_DGRAM, 0)
	if err != nil {
		return err
	}
	defer a.Close()
	addr, err := socket.Inet6Addr("::1", 0, 0, 0)
	if err != nil {
		return err
	}
	if err := a.Bind(addr); err != nil {
		return err
	}
	to, err := a.Getsockname()
	if err != nil {
		return err
	}
	b, err := socket.New(socket.AF_INET6, socket.SOCK_DGRAM, 0)
	if err != nil {
		return err
	}
	defer b.Close()
	if _, err := b.Sendto([]byte("a datagram"), 0, to); err != nil {
		return err
	}
	buf := make([]byte, 64)
	n, from, err := a.Recvfrom(buf, 0)
	if err != nil {
		return err
	}
	say("udp: sendto(2) %v, recvfrom(2) got %q from %v", to, buf[:n], from)
	return nil
}

// unixEcho runs the same workflow over a filesystem AF_UNIX socket.
func unixEcho() error {
	dir, err := os.MkdirTemp("", "tour")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path, err := socket.UnixAddr(filepath.Join(dir, "echo.sock"))
	if err != nil {
		return err
	}
	srv, err := socket.New(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer srv.Close()
	if err := srv.Bind(path); err != nil {
		return err
	}
	if err := srv.Listen(1); err != nil {
		return err
	}
	served := make(chan error, 1)
	go func() { served <- echoOne(srv) }()
	cli, err := socket.New(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer cli.Close()
	if err := cli.Connect(path); err != nil {
		return err
	}
	say("unix: connected to %v", path)
	if _, err := cli.Sendall([]byte("hello over AF_UNIX"), 0); err != nil {
		return err
	}
	buf := make([]byte, 64)
	n, err := cli.Recv(buf, 0)
	if err != nil {
		return err
	}
	say("unix: echo %q", buf[:n])
	cli.Close()
	return <-served
}
