//go:build linux

package socket_test

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// A TCP echo server and its client in one program, on loopback: the
// server accepts a connection in a goroutine and sends back what it
// receives; the client connects, sends "hello" and prints the answer.
func Example() {
	srv, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	any, _ := socket.InetAddr("127.0.0.1", 0) // port 0: the kernel picks one
	if err := srv.Bind(any); err != nil {
		panic(err)
	}
	if err := srv.Listen(socket.SOMAXCONN); err != nil {
		panic(err)
	}
	addr, _ := srv.Getsockname()

	go func() {
		conn, _, err := srv.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		buf := make([]byte, 1024)
		n, _ := conn.Recv(buf, 0)
		conn.Sendall(buf[:n], 0)
	}()

	cli, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer cli.Close()
	if err := cli.Connect(addr); err != nil {
		panic(err)
	}
	cli.Sendall([]byte("hello"), 0)
	buf := make([]byte, 1024)
	n, _ := cli.Recv(buf, 0)
	fmt.Println(string(buf[:n]))
	// Output: hello
}

// ConnectEx returns the errno instead of an error, as Python's connect_ex:
// a port probe in one line.
func ExampleSocket_ConnectEx() {
	probe, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer probe.Close()
	closed, _ := socket.InetAddr("127.0.0.1", 1)
	errno := probe.ConnectEx(closed)
	fmt.Println(errno == unix.ECONNREFUSED, int(errno))
	// Output: true 111
}

// The three modes: blocking, timeout and non-blocking.
func ExampleSocket_SetTimeout() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	buf := make([]byte, 8)

	b.SetTimeout(0) // non-blocking, as b.SetBlocking(false)
	_, err := b.Recv(buf, 0)
	fmt.Println("non-blocking:", errors.Is(err, unix.EAGAIN))

	b.SetTimeout(10 * time.Millisecond) // timeout mode
	_, err = b.Recv(buf, 0)
	fmt.Println("timeout:", errors.Is(err, os.ErrDeadlineExceeded))

	b.SetTimeout(socket.NoTimeout) // blocking, as b.SetBlocking(true)
	a.Send([]byte("hi"), 0)
	n, _ := b.Recv(buf, 0)
	fmt.Println("blocking:", string(buf[:n]))
	// Output:
	// non-blocking: true
	// timeout: true
	// blocking: hi
}

// Datagrams carry an address each way, with no connection.
func ExampleSocket_Recvfrom() {
	srv, _ := socket.New(socket.AF_INET6, socket.SOCK_DGRAM, 0)
	defer srv.Close()
	lo, _ := socket.Inet6Addr("::1", 0, 0, 0)
	srv.Bind(lo)
	to, _ := srv.Getsockname()

	cli, _ := socket.New(socket.AF_INET6, socket.SOCK_DGRAM, 0)
	defer cli.Close()
	cli.Sendto([]byte("ping"), 0, to)

	buf := make([]byte, 64)
	n, from, _ := srv.Recvfrom(buf, 0)
	fmt.Println(string(buf[:n]), from.Family())
	// Output: ping AF_INET6
}

// AF_UNIX addresses: a path, or a name in Linux's abstract namespace.
func ExampleUnixAddr() {
	path, _ := socket.UnixAddr("/run/app.sock")
	abstract, _ := socket.UnixAddr("\x00app")
	fmt.Println(path, abstract)
	_, err := socket.UnixAddr("/" + string(make([]byte, 200)))
	fmt.Println(errors.Is(err, unix.ENAMETOOLONG))
	// Output:
	// /run/app.sock @app
	// true
}

// Addresses parse from Go's usual notation and compare with ==.
func ExampleParseAddr() {
	a, _ := socket.ParseAddr("[::1]:8080")
	b, _ := socket.Inet6Addr("::1", 8080, 0, 0)
	fmt.Println(a.Family(), a.Port(), a == b)
	_, err := socket.ParseAddr("127.0.0.1:70000")
	fmt.Println(err)
	// Output:
	// AF_INET6 8080 true
	// invalid port: 70000 is outside 0..65535: invalid argument
}

// Sendall sends everything, and says how much went out if it cannot.
func ExampleSocket_Sendall() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	a.SetTimeout(20 * time.Millisecond)
	n, err := a.Sendall(make([]byte, 64<<20), 0) // nobody reads b
	fmt.Println(n > 0, n < 64<<20, errors.Is(err, os.ErrDeadlineExceeded))
	// Output: true true true
}

// Makefile gives line-oriented reading, as Python's makefile.
func ExampleSocket_Makefile() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	f, _ := b.Makefile("r", 0)
	defer f.Close()
	a.Sendall([]byte("HELO example\r\nQUIT\r\n"), 0)
	line, _ := f.Readline()
	fmt.Printf("%q\n", line)
	// Output: "HELO example\r\n"
}

// Recvmsg receives control messages too: here a descriptor passed with
// SCM_RIGHTS.
func ExampleSocket_Recvmsg() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	defer a.Close()
	defer b.Close()
	a.Sendmsg([]byte("take this"), unix.UnixRights(int(os.Stdin.Fd())), 0, socket.Addr{})

	buf := make([]byte, 16)
	oob := make([]byte, unix.CmsgSpace(4))
	m, _ := b.Recvmsg(buf, oob, socket.MSG_CMSG_CLOEXEC)
	cmsgs, _ := unix.ParseSocketControlMessage(oob[:m.OOBN])
	fds, _ := unix.ParseUnixRights(&cmsgs[0])
	fmt.Println(string(buf[:m.N]), len(fds))
	unix.Close(fds[0])
	// Output: take this 1
}
