package main

import (
	"fmt"

	"github.com/bsdsock/socket"
)

func init() {
	register(1, "Client and server: a printer and its clients, a browser and a web site", architecture)
}

// architecture is the client/server architecture: one server at a known
// address, waiting; clients that know the address and come to it.
func architecture() error {
	say("client/server architecture: a server offers a service at an address everyone knows and")
	say("waits; a client knows that address and starts the conversation when it needs the service.")
	say("A printer on the office network is a server, and each computer that sends it a job a client.")
	say("A web site is a server, and the browser that asks it for a page is a client.")
	fmt.Println()

	printer, addr, err := listen(socket.AF_INET, socket.SOCK_STREAM)
	if err != nil {
		return err
	}
	defer printer.Close()
	say("the printer (server): socket, bind and listen on %v, then it waits in accept", addr)

	// Each client waits until its page is printed before the next one
	// comes, so the story is told in the same order every run.
	clients := []string{"alice's laptop", "bob's desktop"}
	printed := make(chan error, 1)
	go func() {
		buf := make([]byte, 128)
		for range clients {
			conn, peer, err := printer.Accept()
			if err != nil {
				printed <- err
				return
			}
			n, err := conn.Recv(buf, socket.MSG_WAITALL) // the whole job, until the client closes
			conn.Close()
			if err != nil {
				printed <- err
				return
			}
			say("printer: accepted a connection from %v and printed %q", peer, buf[:n])
			printed <- nil
		}
	}()
	for _, who := range clients {
		c, err := dial(addr, socket.SOCK_STREAM)
		if err != nil {
			return err
		}
		say("%s (client): socket and connect to the printer's address", who)
		_, err = c.Sendall([]byte("a page from "+who), 0)
		c.Close()
		if err != nil {
			return err
		}
		if err := <-printed; err != nil {
			return err
		}
	}
	say("one server, many clients; the server never calls anyone: each client started its own connection")
	say("(the clients' addresses have ports the kernel picked: only the server's must be known)")
	return nil
}
