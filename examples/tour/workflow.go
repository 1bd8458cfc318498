package main

import (
	"fmt"

	"github.com/bsdsock/socket"
)

func init() {
	register(7, "The workflow of a server and of a client, told as a phone call", workflow)
}

// workflow is the seed of every TCP program: socket, bind, listen, accept,
// recv/send, close on the server's side; socket, connect, send/recv, close
// on the client's. Each step is narrated as its part of a phone call.
func workflow() error {
	say("server: socket(2)   buy a phone")
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
	if addr, err = srv.Getsockname(); err != nil {
		return err
	}
	say("server: bind(2)     get a phone number: %v", addr)
	if err := srv.Listen(socket.SOMAXCONN); err != nil {
		return err
	}
	say("server: listen(2)   switch the ringer on; calls may now wait in line (the backlog)")

	// The two sides run at once, so each narrates a step that causes
	// something on the other side before making the call (a send is told
	// before the bytes leave, so the other side's recv is always told
	// after it), and the client waits for the server to pick up before it
	// speaks: the story comes out in the same order every run.
	pickedUp := make(chan struct{})
	answered := make(chan error, 1)
	go func() { answered <- answer(srv, pickedUp) }()

	say("client: socket(2)   buy a phone")
	cli, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer cli.Close()
	say("client: connect(2)  dial the number; returns once the line is up")
	if err := cli.Connect(addr); err != nil {
		return err
	}
	select {
	case <-pickedUp:
	case err := <-answered:
		return fmt.Errorf("the server did not pick up: %v", err)
	}
	say("client: send(2)     speak")
	if _, err := cli.Sendall([]byte("hello, is that the server?"), 0); err != nil {
		return err
	}
	buf := make([]byte, 64)
	n, err := cli.Recv(buf, 0)
	if err != nil {
		return err
	}
	say("client: recv(2)     listen to the answer: %q", buf[:n])
	say("client: close(2)    hang up")
	if err := cli.Close(); err != nil {
		return err
	}
	if err := <-answered; err != nil {
		return err
	}
	fmt.Println()
	say("The server's phone (the listening socket) never talks: each accept gives a new line for")
	say("one caller, and the server can go on answering others while it talks on it.")
	return nil
}

// answer is the server's side of one call; it closes pickedUp once it has
// told of its accept.
func answer(srv *socket.Socket, pickedUp chan<- struct{}) error {
	conn, peer, err := srv.Accept()
	if err != nil {
		return err
	}
	defer conn.Close()
	say("server: accept(2)   pick up: a new socket for the call from %v", peer)
	close(pickedUp)
	buf := make([]byte, 64)
	n, err := conn.Recv(buf, 0)
	if err != nil {
		return err
	}
	say("server: recv(2)     hear %q", buf[:n])
	say("server: send(2)     answer")
	if _, err := conn.Sendall([]byte("yes, speaking"), 0); err != nil {
		return err
	}
	if n, err = conn.Recv(buf, 0); err != nil {
		return err
	}
	say("server: recv(2)     returns %d bytes: the caller hung up", n)
	say("server: close(2)    hang up too")
	return nil
}
