// Command timeout shows Python's timeout mode on loopback: with
// SetTimeout(d) every call that would wait waits at most d, then fails with
// an error that is a timeout (os.ErrDeadlineExceeded, Python's
// socket.timeout); the socket stays usable.
//
//	go run ./examples/timeout [-timeout 200ms]
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"time"

	"github.com/bsdsock/socket"
)

func main() {
	d := flag.Duration("timeout", 200*time.Millisecond, "the timeout of each call")
	flag.Parse()

	srv, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	check(err)
	defer srv.Close()
	addr, err := socket.InetAddr("127.0.0.1", 0)
	check(err)
	check(srv.Bind(addr))
	check(srv.Listen(socket.SOMAXCONN))
	addr, err = srv.Getsockname()
	check(err)

	srv.SetTimeout(*d) // settimeout(0.2)
	fmt.Println("settimeout; gettimeout:", srv.Timeout())
	_, _, err = srv.Accept()
	report("accept(2), no client comes", err)

	cli, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	check(err)
	defer cli.Close()
	cli.SetTimeout(*d)
	check(cli.Connect(addr))
	conn, _, err := srv.Accept()
	check(err)
	defer conn.Close()

	buf := make([]byte, 64)
	_, err = cli.Recv(buf, 0)
	report("recv(2), the server says nothing", err)

	// An answer within the timeout arrives as in blocking mode.
	go func() {
		time.Sleep(*d / 4)
		conn.Sendall([]byte("in time"), 0)
	}()
	n, err := cli.Recv(buf, 0)
	check(err)
	fmt.Printf("recv(2), the server answers after %v: %q\n", *d/4, buf[:n])
}

// report prints what a timed-out call returned.
func report(what string, err error) {
	var ne net.Error
	fmt.Printf("%s: %v\n  os.ErrDeadlineExceeded: %v, Timeout(): %v\n", what, err,
		errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout())
	if err == nil {
		log.Fatal("timeout: the call should have timed out")
	}
}

func check(err error) {
	if err != nil {
		log.Fatalf("timeout: %v", err)
	}
}
