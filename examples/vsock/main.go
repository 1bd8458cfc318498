//go:build linux

// Command vsock talks over AF_VSOCK, the sockets a virtual machine and its
// host use without a network: addresses are (CID, port), a context ID
// naming a machine and a 32-bit port.
//
//	go run ./examples/vsock                      # a server and a client in one process, over VMADDR_CID_LOCAL
//	go run ./examples/vsock -listen -port 5000   # a server only: an echo for one client
//	go run ./examples/vsock -connect 3 -port 5000 hello   # a client only, to the machine with CID 3
//
// Without -listen or -connect it runs both halves on this machine: the
// server binds (VMADDR_CID_ANY, VMADDR_PORT_ANY) and the kernel picks the
// port; the client connects to (VMADDR_CID_LOCAL, port), which the
// vsock_loopback transport carries. A kernel without that transport has
// nothing to carry the connection: connect(2) then ends with ETIMEDOUT
// (the kernel's 2-second connect timeout), ENODEV or ECONNRESET, and the
// program says so and exits with status 1, as it does when the kernel has
// no AF_VSOCK at all. Linux only.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

func main() {
	log.SetFlags(0)
	listen := flag.Bool("listen", false, "run only the server")
	connect := flag.Uint("connect", 0, "run only the client, connecting to `CID`")
	port := flag.Uint("port", socket.VMADDR_PORT_ANY, "the `port` to listen on or connect to")
	flag.Parse()
	msg := strings.Join(flag.Args(), " ")
	if msg == "" {
		msg = "hello over vsock"
	}
	switch {
	case *listen:
		ln := listenVsock(uint32(*port))
		defer ln.Close()
		serve(ln)
	case *connect != 0:
		fmt.Printf("client: got %q back\n", dial(uint32(*connect), uint32(*port), msg))
	default:
		ln := listenVsock(uint32(*port))
		defer ln.Close()
		_, p, _ := mustAddr(ln.Getsockname())
		done := make(chan struct{})
		go func() { defer close(done); serve(ln) }()
		fmt.Printf("client: got %q back\n", dial(socket.VMADDR_CID_LOCAL, p, msg))
		<-done
	}
}

// listenVsock binds a stream socket to (VMADDR_CID_ANY, port) and listens.
func listenVsock(port uint32) *socket.Socket {
	ln := newVsock()
	check(ln.Bind(socket.VsockAddr(socket.VMADDR_CID_ANY, port))) // VMADDR_PORT_ANY: the kernel picks
	check(ln.Listen(1))
	cid, p, a := mustAddr(ln.Getsockname())
	fmt.Printf("server: listening on %v (cid %d, port %d)\n", a, cid, p)
	return ln
}

// serve echoes one client's message back in capitals.
func serve(ln *socket.Socket) {
	conn, peer, err := ln.Accept()
	check(err)
	defer conn.Close()
	cid, port, _ := peer.Vsock()
	buf := make([]byte, 1024)
	n, err := conn.Recv(buf, 0)
	check(err)
	fmt.Printf("server: %d bytes from cid %d port %d\n", n, cid, port)
	_, err = conn.Sendall(bytes.ToUpper(buf[:n]), 0)
	check(err)
}

// dial connects to (cid, port), sends msg and returns the answer; where
// no transport carries the connection it says why and exits.
func dial(cid, port uint32, msg string) string {
	c := newVsock()
	defer c.Close()
	c.SetTimeout(10 * time.Second) // the kernel gives up after 2 s by itself
	if err := c.Connect(socket.VsockAddr(cid, port)); err != nil {
		for _, no := range []unix.Errno{unix.ETIMEDOUT, unix.ENODEV, unix.ECONNRESET, unix.EHOSTUNREACH, unix.ENETUNREACH} {
			if errors.Is(err, no) {
				hint := "run it in a virtual machine with virtio-vsock, or on a host with vhost_vsock"
				if cid == socket.VMADDR_CID_LOCAL {
					hint = "load vsock_loopback (CONFIG_VSOCKETS_LOOPBACK) to talk to this machine"
				}
				log.Printf("vsock: no vsock transport reaches cid %d: %v (%s): %s", cid, err, unix.ErrnoName(no), hint)
				os.Exit(1)
			}
		}
		check(err)
	}
	_, err := c.Sendall([]byte(msg), 0)
	check(err)
	buf := make([]byte, 1024)
	n, err := c.Recv(buf, 0)
	check(err)
	return string(buf[:n])
}

// newVsock opens an AF_VSOCK stream socket, or says the kernel has none.
func newVsock() *socket.Socket {
	s, err := socket.New(socket.AF_VSOCK, socket.SOCK_STREAM, 0)
	if errors.Is(err, unix.EAFNOSUPPORT) {
		log.Fatalf("vsock: this kernel has no AF_VSOCK (%v): it needs CONFIG_VSOCKETS, or modprobe vsock", err)
	}
	check(err)
	return s
}

// mustAddr reads a vsock address from Getsockname's answer.
func mustAddr(a socket.Addr, err error) (cid, port uint32, _ socket.Addr) {
	check(err)
	cid, port, ok := a.Vsock()
	if !ok {
		log.Fatalf("vsock: getsockname gave %v, not a vsock address", a)
	}
	return cid, port, a
}

func check(err error) {
	if err != nil {
		log.Fatalf("vsock: %v", err)
	}
}
