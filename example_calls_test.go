package socket_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// Socketpair makes two connected sockets at once, without addresses: one
// end for each side, as a pipe that goes both ways.
func ExampleSocketpair() {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer a.Close()
	defer b.Close()
	a.Send([]byte("ping"), 0)
	buf := make([]byte, 8)
	n, _ := b.Recv(buf, 0)
	b.Send([]byte("pong"), 0)
	m, _ := a.Recv(buf[n:], 0)
	fmt.Printf("b got %q, a got %q\n", buf[:n], buf[n:n+m])
	// Output: b got "ping", a got "pong"
}

// Shutdown closes one direction of a connection: after SHUT_WR the peer
// reads the end of the stream, yet it can still answer, and this side can
// still receive. Close ends both directions and frees the descriptor.
func ExampleSocket_Shutdown() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()

	a.Sendall([]byte("request"), 0)
	a.Shutdown(socket.SHUT_WR) // "I have nothing more to send": a FIN on TCP
	buf := make([]byte, 16)
	n, _ := b.Recv(buf, socket.MSG_WAITALL) // reads until the end of the stream
	fmt.Printf("b read %q, then the end of the stream\n", buf[:n])

	b.Sendall([]byte("answer"), 0) // the other direction is still open
	n, _ = a.Recv(buf, 0)
	fmt.Printf("a still receives: %q\n", buf[:n])
	_, err := a.Send([]byte("more"), 0)
	fmt.Println("a sending after SHUT_WR: EPIPE:", errors.Is(err, unix.EPIPE))
	// Output:
	// b read "request", then the end of the stream
	// a still receives: "answer"
	// a sending after SHUT_WR: EPIPE: true
}

// Getpeername tells the address of the other end of a connection; a
// socket that is not connected has none (ENOTCONN).
func ExampleSocket_Getpeername() {
	srv, _ := socket.CreateServer("127.0.0.1:0")
	defer srv.Close()
	addr, _ := srv.Getsockname()
	cli, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer cli.Close()
	cli.Connect(addr)

	peer, _ := cli.Getpeername()
	fmt.Println("the client's peer is the server:", peer == addr)
	_, err := srv.Getpeername()
	fmt.Println("the listening socket has no peer: ENOTCONN:", errors.Is(err, unix.ENOTCONN))
	// Output:
	// the client's peer is the server: true
	// the listening socket has no peer: ENOTCONN: true
}

// Timeout is Python's gettimeout: NoTimeout (None) in blocking mode, 0 in
// non-blocking mode, else the timeout of each call.
func ExampleSocket_Timeout() {
	s, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer s.Close()
	fmt.Println(s.Timeout() == socket.NoTimeout, s.Blocking())
	s.SetTimeout(1500 * time.Millisecond)
	fmt.Println(s.Timeout(), s.Blocking())
	s.SetBlocking(false)
	fmt.Println(s.Timeout(), s.Blocking())
	// Output:
	// true true
	// 1.5s true
	// 0s false
}

// Fileno is the descriptor number the kernel gave the socket, for poll,
// other processes or a raw system call; -1 once closed.
func ExampleSocket_Fileno() {
	s, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	fmt.Println("open:", s.Fileno() > 2) // 0, 1 and 2 are stdin, stdout, stderr
	s.Close()
	fmt.Println("closed:", s.Fileno())
	// Output:
	// open: true
	// closed: -1
}

// CreateServer is socket, SO_REUSEADDR, bind and listen in one call, as
// Python's socket.create_server; its keyword arguments are options
// (WithFamily, WithBacklog, WithReusePort, WithDualstackIPv6).
func ExampleCreateServer() {
	srv, err := socket.CreateServer("127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	reuse, _ := srv.ReuseAddr()
	listening, _ := srv.AcceptConn()
	fmt.Println(srv.Family(), srv.Type(), "SO_REUSEADDR:", reuse, "listening:", listening)
	// Output: AF_INET SOCK_STREAM SO_REUSEADDR: true listening: true
}

// Gethostbyname is the old IPv4-only lookup, Python's gethostbyname:
// numeric addresses come back as they are, names from /etc/hosts or DNS.
// Getaddrinfo does both families.
func ExampleGethostbyname() {
	for _, name := range []string{"localhost", "127.1"} {
		ip, err := socket.Gethostbyname(name)
		fmt.Println(name, "->", ip, err)
	}
	// Output:
	// localhost -> 127.0.0.1 <nil>
	// 127.1 -> 127.0.0.1 <nil>
}

// GetsockoptInt and SetsockoptInt are Python's getsockopt and setsockopt:
// a level, an option number and an integer, passed to the kernel as they
// are. The typed methods (SetNoDelay, NoDelay, ...) do the same by name.
func ExampleSocket_GetsockoptInt() {
	s, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer s.Close()
	before, _ := s.GetsockoptInt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
	s.SetsockoptInt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
	after, _ := s.GetsockoptInt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
	typed, _ := s.NoDelay()
	fmt.Println(before, after, typed)
	typ, _ := s.GetsockoptInt(socket.SOL_SOCKET, socket.SO_TYPE)
	fmt.Println(socket.Type(typ))
	// Output:
	// 0 1 true
	// SOCK_STREAM
}

// A non-blocking connect returns EINPROGRESS at once while the kernel goes
// on with the handshake; the socket turns writable when it ends, and
// SO_ERROR (TakeError) says how.
func ExampleSocket_Connect_nonblocking() {
	srv, _ := socket.CreateServer("127.0.0.1:0")
	defer srv.Close()
	addr, _ := srv.Getsockname()

	c, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer c.Close()
	c.SetBlocking(false)
	err := c.Connect(addr)
	fmt.Println("EINPROGRESS:", errors.Is(err, unix.EINPROGRESS))

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c.WaitWritable(ctx)
	errno, _ := c.TakeError()
	fmt.Println("SO_ERROR:", errno == 0)
	// Output:
	// EINPROGRESS: true
	// SO_ERROR: true
}

// WaitReadable waits, in any mode, until a receive would not block; with
// a non-blocking socket it is the "try, EAGAIN, wait, try again" loop of
// event-driven code.
func ExampleSocket_WaitReadable() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	defer a.Close()
	defer b.Close()
	b.SetBlocking(false)
	go func() {
		time.Sleep(10 * time.Millisecond)
		a.Send([]byte("later"), 0)
	}()
	buf := make([]byte, 16)
	for {
		n, err := b.Recv(buf, 0)
		if errors.Is(err, unix.EAGAIN) {
			b.WaitReadable(context.Background()) // nothing yet: wait, then retry
			continue
		}
		fmt.Printf("%q %v\n", buf[:n], err)
		return
	}
	// Output: "later" <nil>
}

// Select is Python's select.select for sockets: it returns those of the
// lists that are ready, here the one that has a datagram waiting.
func ExampleSelect() {
	a1, b1, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	a2, b2, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	defer func() {
		for _, s := range []*socket.Socket{a1, b1, a2, b2} {
			s.Close()
		}
	}()
	a2.Send([]byte("x"), 0)
	readable, _, err := socket.Select([]*socket.Socket{b1, b2}, nil, time.Second)
	fmt.Println(len(readable), readable[0] == b2, err)

	readable, _, err = socket.Select([]*socket.Socket{b1}, nil, 10*time.Millisecond)
	fmt.Println(len(readable), err) // nothing within the timeout: empty, no error
	// Output:
	// 1 true <nil>
	// 0 <nil>
}

// A SOCK_RAW socket receives whole IP packets of one protocol, header
// included, and needs root (CAP_NET_RAW): without it New fails with EPERM.
// Here it sends itself an ICMP echo request on loopback and reads it back
// with its IPv4 header. (No Output: the result depends on privileges.)
func ExampleNew_raw() {
	s, err := socket.New(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
	if errors.Is(err, unix.EPERM) {
		fmt.Println("SOCK_RAW needs CAP_NET_RAW:", err)
		return
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	s.SetTimeout(time.Second)
	lo, _ := socket.InetAddr("127.0.0.1", 0)
	// An ICMP echo request (type 8), identifier 1, sequence 1, with its
	// Internet checksum precomputed.
	echo := []byte{8, 0, 0xf7, 0xfd, 0, 1, 0, 1}
	s.Sendto(echo, 0, lo)
	buf := make([]byte, 128)
	n, from, err := s.Recvfrom(buf, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	ihl := int(buf[0]&0x0f) * 4 // the IPv4 header's length, in 32-bit words
	fmt.Printf("%d bytes from %v: a %d-byte IPv4 header, then ICMP type %d\n", n, from, ihl, buf[ihl])
}
