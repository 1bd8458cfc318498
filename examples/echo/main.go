// Command echo is the README's first example: a TCP echo server and its
// client on loopback, with the Python each line mirrors beside it.
package main

import (
	"fmt"
	"log"
	"time"

	"github.com/bsdsock/socket"
)

func main() {
	srv, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0) // srv = socket.socket(AF_INET, SOCK_STREAM)
	check(err)
	defer srv.Close()
	addr, err := socket.InetAddr("127.0.0.1", 0) // port 0: the kernel picks a free one
	check(err)
	check(srv.Bind(addr))               // srv.bind(("127.0.0.1", 0))
	check(srv.Listen(socket.SOMAXCONN)) // srv.listen()
	addr, err = srv.Getsockname()       // addr = srv.getsockname()
	check(err)

	go func() {
		conn, _, err := srv.Accept() // conn, peer = srv.accept()
		if err != nil {
			return
		}
		defer conn.Close() // conn.close()
		buf := make([]byte, 1024)
		n, err := conn.Recv(buf, 0) // data = conn.recv(1024)
		if err == nil {
			conn.Sendall(buf[:n], 0) // conn.sendall(data)
		}
	}()

	cli, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0) // cli = socket.socket()
	check(err)
	defer cli.Close()
	cli.SetTimeout(2 * time.Second)          // cli.settimeout(2)
	check(cli.Connect(addr))                 // cli.connect(addr)
	_, err = cli.Sendall([]byte("hello"), 0) // cli.sendall(b"hello")
	check(err)
	buf := make([]byte, 1024)
	n, err := cli.Recv(buf, 0) // data = cli.recv(1024)
	check(err)
	fmt.Printf("the server echoed %q\n", buf[:n]) // print("the server echoed", data)
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
