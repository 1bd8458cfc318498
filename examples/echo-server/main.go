// Command echo-server is the classic echo server: it accepts connections
// and sends back every byte it receives, until the client closes.
//
//	go run ./examples/echo-server -addr 127.0.0.1:9000
//	go run ./examples/echo-server -family inet6 -addr '[::1]:9000'
//	go run ./examples/echo-server -family unix -addr /tmp/echo.sock
//	go run ./examples/echo-server -mode nonblocking   # one goroutine, select
//
// Its first line of output says where it listens (port 0 lets the kernel
// choose). -mode picks Python's mode: blocking (a goroutine per client),
// timeout (the same, dropping a client silent for -timeout) or nonblocking
// (one loop over Select, as a Python select() server). -n stops it after
// that many clients; examples/echo-client is its client.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/bsdsock/socket"
	sockunix "github.com/bsdsock/socket/unix"
	"golang.org/x/sys/unix"
)

func main() {
	addrFlag := flag.String("addr", "127.0.0.1:9000", "listen on `ADDRESS` (host:port, or a path with -family unix)")
	family := flag.String("family", "inet", "address family: inet, inet6 or unix")
	mode := flag.String("mode", "blocking", "blocking, timeout or nonblocking")
	timeout := flag.Duration("timeout", 10*time.Second, "in timeout mode, drop a client silent this long")
	clients := flag.Int("n", 0, "exit after serving `N` clients (0: never)")
	flag.Parse()

	srv, err := listen(*family, *addrFlag)
	if err != nil {
		log.Fatalf("echo-server: %v", err)
	}
	if *family == "unix" {
		defer sockunix.RemoveStale(*addrFlag) // after Close: the file is stale then
	}
	defer srv.Close()
	addr, err := srv.Getsockname()
	if err != nil {
		log.Fatalf("echo-server: %v", err)
	}
	fmt.Printf("listening on %v (%s mode)\n", addr, *mode)

	switch *mode {
	case "blocking", "timeout":
		if *mode == "blocking" {
			*timeout = socket.NoTimeout
		}
		err = serveEach(srv, *timeout, *clients)
	case "nonblocking":
		err = serveSelect(srv, *clients)
	default:
		err = fmt.Errorf("unknown mode %q", *mode)
	}
	if err != nil {
		log.Fatalf("echo-server: %v", err)
	}
}

// listen is the server's socket(2), bind(2) and listen(2).
func listen(family, text string) (*socket.Socket, error) {
	fam := map[string]socket.Family{"inet": socket.AF_INET, "inet6": socket.AF_INET6, "unix": socket.AF_UNIX}[family]
	if fam == 0 {
		return nil, fmt.Errorf("unknown family %q", family)
	}
	addr, err := socket.ParseAddr(text)
	if err != nil {
		return nil, err
	}
	if addr.Family() != fam {
		return nil, fmt.Errorf("%s is not an %v address", text, fam)
	}
	s, err := socket.New(fam, socket.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	if fam != socket.AF_UNIX {
		s.SetReuseAddr(true) // restart at once, despite TIME_WAIT
	} else {
		// A socket file an earlier run left, and only that: never a live
		// socket or a file that is not a socket.
		sockunix.RemoveStale(text)
	}
	if err := s.Bind(addr); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.Listen(socket.SOMAXCONN); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// serveEach serves each client in a goroutine of its own, in blocking mode
// or, with a timeout, in timeout mode.
func serveEach(srv *socket.Socket, timeout time.Duration, clients int) error {
	done := make(chan struct{})
	for served := 0; clients == 0 || served < clients; served++ {
		conn, peer, err := srv.Accept()
		if err != nil {
			return err
		}
		conn.SetTimeout(timeout)
		go func() {
			defer func() { done <- struct{}{} }()
			defer conn.Close()
			n, err := echo(conn)
			fmt.Printf("%v: echoed %d bytes, %v\n", peerName(peer), n, ending(err))
		}()
	}
	for range clients {
		<-done
	}
	return nil
}

// echo sends back what it receives until the client closes.
func echo(conn *socket.Socket) (int, error) {
	buf := make([]byte, 64<<10)
	total := 0
	for {
		n, err := conn.Recv(buf, 0)
		if err != nil || n == 0 {
			return total, err
		}
		if _, err := conn.Sendall(buf[:n], 0); err != nil {
			return total, err
		}
		total += n
	}
}

// serveSelect serves every client from one goroutine: all sockets are
// non-blocking, and Select says which one has something to do.
func serveSelect(srv *socket.Socket, clients int) error {
	srv.SetBlocking(false)
	conns := map[*socket.Socket]socket.Addr{}
	served, buf := 0, make([]byte, 64<<10)
	for clients == 0 || served < clients || len(conns) > 0 {
		readers := []*socket.Socket{srv}
		for c := range conns {
			readers = append(readers, c)
		}
		ready, _, err := socket.Select(readers, nil, socket.NoTimeout)
		if err != nil {
			return err
		}
		for _, s := range ready {
			if s == srv {
				conn, peer, err := srv.Accept()
				if errors.Is(err, unix.EAGAIN) {
					continue // another process took it
				}
				if err != nil {
					return err
				}
				conn.SetBlocking(false)
				conns[conn] = peer
				continue
			}
			n, err := s.Recv(buf, 0)
			if errors.Is(err, unix.EAGAIN) {
				continue
			}
			if err == nil && n > 0 {
				// Short replies fit the send buffer; a slow reader would
				// need the rest queued until Select says writable.
				s.SetBlocking(true)
				_, err = s.Sendall(buf[:n], 0)
				s.SetBlocking(false)
				if err == nil {
					continue
				}
			}
			fmt.Printf("%v: %v\n", peerName(conns[s]), ending(err))
			delete(conns, s)
			s.Close()
			served++
		}
	}
	return nil
}

func peerName(a socket.Addr) string {
	if s := a.String(); s != "" {
		return s
	}
	return "an unnamed AF_UNIX client"
}

func ending(err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return "client closed"
}
