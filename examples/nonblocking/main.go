// Command nonblocking drives a TCP connection on loopback with every socket
// non-blocking: each call returns at once, EAGAIN says "not now" and
// EINPROGRESS "started", and the program waits for readiness itself with
// WaitReadable, WaitWritable and Select, as C programs do with poll(2).
//
//	go run ./examples/nonblocking
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	srv, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	check(err)
	defer srv.Close()
	addr, err := socket.InetAddr("127.0.0.1", 0)
	check(err)
	check(srv.Bind(addr))
	check(srv.Listen(socket.SOMAXCONN))
	addr, err = srv.Getsockname()
	check(err)
	srv.SetBlocking(false) // Python's setblocking(False)

	_, _, err = srv.Accept()
	fmt.Println("accept(2) with no client waiting: EAGAIN:", errors.Is(err, unix.EAGAIN))

	cli, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	check(err)
	defer cli.Close()
	cli.SetBlocking(false)
	err = cli.Connect(addr)
	fmt.Println("connect(2): EINPROGRESS, the handshake has started:", errors.Is(err, unix.EINPROGRESS))
	check(cli.WaitWritable(ctx))  // poll(POLLOUT): the handshake is over
	errno, err := cli.TakeError() // getsockopt(SO_ERROR): how it ended
	check(err)
	fmt.Println("writable; SO_ERROR says:", errno)

	// Select waits for any of several sockets, as Python's select.select.
	readable, _, err := socket.Select([]*socket.Socket{srv}, nil, 5*time.Second)
	check(err)
	fmt.Println("select: the listening socket is readable, a connection waits:", len(readable) == 1)
	conn, _, err := srv.Accept()
	check(err)
	defer conn.Close()
	conn.SetBlocking(false) // accepted sockets start in the default mode (DefaultTimeout), as in Python

	buf := make([]byte, 64)
	_, err = cli.Recv(buf, 0)
	fmt.Println("recv(2) before the server wrote: EAGAIN:", errors.Is(err, unix.EAGAIN))
	n, err := conn.Send([]byte("ready when you are"), 0)
	check(err)
	check(cli.WaitReadable(ctx)) // poll(POLLIN)
	n, err = cli.Recv(buf[:n], 0)
	check(err)
	fmt.Printf("readable; recv(2) got %q\n", buf[:n])
}

func check(err error) {
	if err != nil {
		log.Fatalf("nonblocking: %v", err)
	}
}
