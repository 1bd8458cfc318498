//go:build linux

package socket_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// The life of a TCP connection, one step at a time in one goroutine: the
// server listens, the client connects (the kernel completes the handshake
// before the server accepts), they exchange a message, and the client's
// Close reaches the server as the end of the stream.
func ExampleSocket() {
	server, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer server.Close()
	addr, _ := socket.InetAddr("127.0.0.1", 0) // port 0: the kernel picks a free one
	server.Bind(addr)
	server.Listen(socket.SOMAXCONN)
	addr, _ = server.Getsockname()
	fmt.Println("server: listening")

	client, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	err := client.Connect(addr)
	fmt.Println("client: connected:", err == nil)

	conn, _, _ := server.Accept()
	defer conn.Close()
	fmt.Println("server: accepted a connection")

	client.Sendall([]byte("hello"), 0)
	buf := make([]byte, 64)
	n, _ := conn.Recv(buf, 0)
	fmt.Printf("server: received %q\n", buf[:n])

	client.Close()
	n, err = conn.Recv(buf, 0)
	fmt.Println("server: received", n, "bytes and error", err, "(end of stream)")
	// Output:
	// server: listening
	// client: connected: true
	// server: accepted a connection
	// server: received "hello"
	// server: received 0 bytes and error <nil> (end of stream)
}

// New makes a socket of a family (the kind of address) and a type (stream
// or datagram). With protocol 0 the kernel picks the usual protocol: TCP
// for a stream, UDP for datagrams.
func ExampleNew() {
	tcp, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer tcp.Close()
	udp, err := socket.New(socket.AF_INET6, socket.SOCK_DGRAM, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer udp.Close()

	for _, s := range []*socket.Socket{tcp, udp} {
		proto, _ := s.SoProtocol() // what the kernel chose for 0
		fmt.Println(s.Family(), s.Type(), proto)
	}
	// Output:
	// AF_INET SOCK_STREAM IPPROTO_TCP
	// AF_INET6 SOCK_DGRAM IPPROTO_UDP
}

// Bind gives a socket its address. Port 0 asks the kernel for a free port,
// which Getsockname then tells. An address can be bound by one socket
// only: a second Bind to it fails with EADDRINUSE.
func ExampleSocket_Bind() {
	s, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer s.Close()
	addr, _ := socket.InetAddr("127.0.0.1", 0)
	err := s.Bind(addr)
	fmt.Println("bound:", err)
	addr, _ = s.Getsockname()
	fmt.Println("a port was chosen:", addr.Port() != 0)

	other, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer other.Close()
	err = other.Bind(addr)
	fmt.Println("the same address again:", errors.Is(err, unix.EADDRINUSE))
	// Output:
	// bound: <nil>
	// a port was chosen: true
	// the same address again: true
}

// Listen turns a bound socket into a server's listening socket. Before it,
// the kernel refuses connections to the address; after it, the kernel
// completes each client's handshake and queues the connection for Accept.
func ExampleSocket_Listen() {
	server, addr := boundLoopback(socket.SOCK_STREAM)
	defer server.Close()

	early, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer early.Close()
	fmt.Println("before Listen:", early.ConnectEx(addr) == unix.ECONNREFUSED)

	server.Listen(socket.SOMAXCONN)
	listening, _ := server.AcceptConn()
	client, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer client.Close()
	fmt.Println("after Listen:", listening, client.Connect(addr))
	// Output:
	// before Listen: true
	// after Listen: true <nil>
}

// Accept takes the next connection from a listening socket's queue and
// returns a new socket for it, with the client's address. The listening
// socket goes on listening; each client gets its own socket.
func ExampleSocket_Accept() {
	server, addr := loopbackServer()
	defer server.Close()

	client, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer client.Close()
	client.Connect(addr)

	conn, peer, err := server.Accept()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()
	clientAddr, _ := client.Getsockname()
	local, _ := conn.Getsockname()
	fmt.Println("peer is the client:", peer == clientAddr, "on host", peer.IP())
	fmt.Println("the connection has the server's address:", local == addr)
	// Output:
	// peer is the client: true on host 127.0.0.1
	// the connection has the server's address: true
}

// IP and Port split an address into Python's (host, port) tuple: for the
// peer Accept returns, the client's host and port.
func ExampleAddr_IP() {
	addr, _ := socket.ParseAddr("[::1]:8080")
	host, port := addr.IP(), addr.Port() // host, port = addr
	fmt.Println(host, port, host.Is6())
	// Output: ::1 8080 true
}

// Connect makes a connection to a listening socket's address; the client
// needs no Bind, the kernel gives it an address. Getpeername then names the
// server.
func ExampleSocket_Connect() {
	server, _ := socket.New(socket.AF_INET6, socket.SOCK_STREAM, 0)
	defer server.Close()
	addr, _ := socket.Inet6Addr("::1", 0, 0, 0)
	server.Bind(addr)
	server.Listen(1)
	addr, _ = server.Getsockname()

	client, _ := socket.New(socket.AF_INET6, socket.SOCK_STREAM, 0)
	defer client.Close()
	client.SetTimeout(time.Minute) // Connect waits for the handshake, at most this long
	err := client.Connect(addr)
	peer, _ := client.Getpeername()
	fmt.Println("connected:", err == nil, peer == addr)
	// Output: connected: true true
}

// Send queues bytes for sending and returns how many it took. A blocking
// Send on a stream takes them all; a non-blocking one only what fits in the
// socket's send buffer, so Sendall, which sends everything, is usually what
// a program wants.
func ExampleSocket_Send() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()

	n, err := a.Send([]byte("hello"), 0)
	fmt.Println(n, err)

	a.SetBlocking(false)
	big := make([]byte, 16<<20) // more than the buffers hold; nobody reads b
	n, _ = a.Send(big, 0)
	fmt.Println("part of a large buffer:", n > 0 && n < len(big))
	// Output:
	// 5 <nil>
	// part of a large buffer: true
}

// Recv returns what has arrived, up to the size of the buffer. After the
// peer has shut down its sending side (or closed the socket), Recv returns
// 0 bytes and no error: the end of the stream.
func ExampleSocket_Recv() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	a.Sendall([]byte("hello, world"), 0)
	a.Shutdown(socket.SHUT_WR)

	buf := make([]byte, 8)
	for {
		n, err := b.Recv(buf, 0)
		if err != nil {
			fmt.Println(err)
			return
		}
		if n == 0 {
			fmt.Println("end of stream")
			return
		}
		fmt.Printf("%q\n", buf[:n])
	}
	// Output:
	// "hello, w"
	// "orld"
	// end of stream
}

// Sendto sends one datagram to an address, without a connection. Each
// datagram arrives whole and separate, unlike the bytes of a stream.
func ExampleSocket_Sendto() {
	receiver, addr := boundLoopback(socket.SOCK_DGRAM)
	defer receiver.Close()

	sender, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer sender.Close()
	sender.Sendto([]byte("one"), 0, addr)
	sender.Sendto([]byte("two"), 0, addr)

	buf := make([]byte, 64)
	for range 2 {
		n, _ := receiver.Recv(buf, 0)
		fmt.Println(string(buf[:n]))
	}
	// Output:
	// one
	// two
}

// In non-blocking mode a call that would have to wait fails at once with
// EAGAIN, and the program decides when to try again: here after
// WaitReadable says data has arrived.
func ExampleSocket_SetBlocking() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	b.SetBlocking(false)

	buf := make([]byte, 16)
	_, err := b.Recv(buf, 0)
	fmt.Println("nothing yet:", errors.Is(err, unix.EAGAIN))

	go a.Send([]byte("ready"), 0)
	b.WaitReadable(context.Background())
	n, err := b.Recv(buf, 0)
	fmt.Println(string(buf[:n]), err)
	// Output:
	// nothing yet: true
	// ready <nil>
}

// A non-blocking connect by hand, as C programs do: ConnectEx returns
// EINPROGRESS while the handshake runs; WaitWritable waits until it is
// over; TakeError (SO_ERROR) says how it went, 0 for connected.
func ExampleSocket_WaitWritable() {
	server, addr := loopbackServer()
	defer server.Close()

	client, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer client.Close()
	client.SetBlocking(false)
	fmt.Println(client.ConnectEx(addr) == unix.EINPROGRESS)

	if err := client.WaitWritable(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	errno, err := client.TakeError()
	fmt.Println("SO_ERROR:", int(errno), err)
	// Output:
	// true
	// SO_ERROR: 0 <nil>
}

// Close from another goroutine ends a call blocked on the socket: the
// Recv returns an error satisfying errors.Is(err, net.ErrClosed).
func ExampleSocket_Close() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()

	done := make(chan error)
	go func() {
		_, err := b.Recv(make([]byte, 8), 0) // nothing will arrive
		done <- err
	}()
	time.Sleep(10 * time.Millisecond)
	b.Close()
	fmt.Println(errors.Is(<-done, net.ErrClosed))
	// Output: true
}

// A UDP echo: the server answers each datagram to the address it came
// from. The client connects its datagram socket, which sets the one address
// it sends to and receives from, so it can use Send and Recv.
func Example_udp() {
	server, addr := boundLoopback(socket.SOCK_DGRAM)
	defer server.Close()
	go func() {
		buf := make([]byte, 1500)
		n, from, err := server.Recvfrom(buf, 0)
		if err == nil {
			server.Sendto(buf[:n], 0, from)
		}
	}()

	client, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer client.Close()
	client.SetTimeout(5 * time.Second) // a lost datagram is never resent
	client.Connect(addr)
	client.Send([]byte("ping"), 0)
	buf := make([]byte, 1500)
	n, err := client.Recv(buf, 0)
	fmt.Println(string(buf[:n]), err)
	// Output: ping <nil>
}

// An AF_UNIX stream socket connects processes of one machine through a
// path in the file system. Bind creates the socket file, and it stays
// after Close until removed.
func Example_unix() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "app.sock")

	server, _ := socket.New(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer server.Close()
	addr, _ := socket.UnixAddr(path)
	if err := server.Bind(addr); err != nil {
		fmt.Println(err)
		return
	}
	server.Listen(socket.SOMAXCONN)

	client, _ := socket.New(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer client.Close()
	client.Connect(addr)
	conn, _, _ := server.Accept()
	defer conn.Close()

	client.Sendall([]byte("hello"), 0)
	buf := make([]byte, 16)
	n, _ := conn.Recv(buf, 0)
	info, _ := os.Stat(path)
	fmt.Println(string(buf[:n]), "through", filepath.Base(path), info.Mode().Type() == os.ModeSocket)
	// Output: hello through app.sock true
}

// loopbackServer returns a TCP socket listening on 127.0.0.1, at a port the
// kernel chose, and its address: the server of the examples about clients
// and connections.
func loopbackServer() (*socket.Socket, socket.Addr) {
	server, addr := boundLoopback(socket.SOCK_STREAM)
	server.Listen(socket.SOMAXCONN)
	return server, addr
}

// boundLoopback returns an AF_INET socket of type typ bound to 127.0.0.1,
// at a port the kernel chose (port 0 asks for one), and that address.
func boundLoopback(typ socket.Type) (*socket.Socket, socket.Addr) {
	s, _ := socket.New(socket.AF_INET, typ, 0)
	addr, _ := socket.InetAddr("127.0.0.1", 0)
	s.Bind(addr)
	addr, _ = s.Getsockname()
	return s, addr
}
