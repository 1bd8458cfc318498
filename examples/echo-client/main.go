// Command echo-client is the classic echo client: it connects, sends its
// message, reads the same number of bytes back, prints them and closes.
//
//	go run ./examples/echo-client -addr 127.0.0.1:9000 hello world
//	go run ./examples/echo-client -family unix -addr /tmp/echo.sock -mode nonblocking hi
//
// -mode picks Python's mode: blocking, timeout (every call waits at most
// -timeout) or nonblocking (EINPROGRESS, EAGAIN and the waits for
// readiness handled by hand). examples/echo-server is its server.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

func main() {
	addrFlag := flag.String("addr", "127.0.0.1:9000", "connect to `ADDRESS` (host:port, or a path with -family unix)")
	family := flag.String("family", "inet", "address family: inet, inet6 or unix")
	mode := flag.String("mode", "blocking", "blocking, timeout or nonblocking")
	timeout := flag.Duration("timeout", 5*time.Second, "in timeout mode, the most each call waits")
	flag.Parse()
	msg := []byte(strings.Join(flag.Args(), " "))
	if len(msg) == 0 {
		msg = []byte("hello, echo")
	}

	fam := map[string]socket.Family{"inet": socket.AF_INET, "inet6": socket.AF_INET6, "unix": socket.AF_UNIX}[*family]
	addr, err := socket.ParseAddr(*addrFlag)
	if err != nil || addr.Family() != fam {
		log.Fatalf("echo-client: %q is not an address of family %q (%v)", *addrFlag, *family, err)
	}
	s, err := socket.New(fam, socket.SOCK_STREAM, 0)
	if err != nil {
		log.Fatalf("echo-client: %v", err)
	}
	defer s.Close()

	var reply []byte
	switch *mode {
	case "blocking":
		reply, err = exchange(s, addr, msg)
	case "timeout":
		s.SetTimeout(*timeout)
		reply, err = exchange(s, addr, msg)
	case "nonblocking":
		reply, err = exchangeByHand(s, addr, msg)
	default:
		err = fmt.Errorf("unknown mode %q", *mode)
	}
	if err != nil {
		log.Fatalf("echo-client: %v", err)
	}
	fmt.Printf("%s\n", reply)
}

// exchange connects, sends msg and receives as many bytes, in blocking or
// timeout mode: each call waits (at most the timeout) for the kernel.
func exchange(s *socket.Socket, addr socket.Addr, msg []byte) ([]byte, error) {
	if err := s.Connect(addr); err != nil {
		return nil, err
	}
	if _, err := s.Sendall(msg, 0); err != nil {
		return nil, err
	}
	reply := make([]byte, len(msg))
	n, err := s.Recv(reply, socket.MSG_WAITALL) // the whole echo, not the first piece
	if err == nil && n < len(msg) {
		err = fmt.Errorf("the server closed after %d of %d bytes", n, len(msg))
	}
	return reply[:n], err
}

// exchangeByHand does the same in non-blocking mode: every call returns at
// once, and the program waits for readiness itself.
func exchangeByHand(s *socket.Socket, addr socket.Addr, msg []byte) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s.SetBlocking(false)
	err := s.Connect(addr)
	if errors.Is(err, unix.EINPROGRESS) || errors.Is(err, unix.EAGAIN) {
		// The handshake goes on; writable means it ended, SO_ERROR how.
		if err := s.WaitWritable(ctx); err != nil {
			return nil, err
		}
		if errno, err := s.TakeError(); err != nil || errno != 0 {
			return nil, errors.Join(err, errno)
		}
	} else if err != nil {
		return nil, err
	}
	for sent := 0; sent < len(msg); {
		n, err := s.Send(msg[sent:], 0)
		if errors.Is(err, unix.EAGAIN) {
			err = s.WaitWritable(ctx)
		}
		if err != nil {
			return nil, err
		}
		sent += n
	}
	reply := make([]byte, len(msg))
	for got := 0; got < len(reply); {
		n, err := s.Recv(reply[got:], 0)
		if errors.Is(err, unix.EAGAIN) {
			if err := s.WaitReadable(ctx); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return reply[:got], fmt.Errorf("the server closed after %d of %d bytes", got, len(reply))
		}
		got += n
	}
	return reply, nil
}
