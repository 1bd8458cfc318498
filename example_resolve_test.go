package socket_test

import (
	"context"
	"fmt"
	"time"

	"github.com/bsdsock/socket"
)

// Getaddrinfo turns a host and a port into the arguments of New and
// Connect, as Python's socket.getaddrinfo does. A numeric host is never
// looked up; "" is Python's None, which gives the loopback addresses in
// glibc's order (IPv6 first), or with AI_PASSIVE the wildcard ones (IPv4
// first).
func ExampleGetaddrinfo() {
	infos, err := socket.Getaddrinfo("127.0.0.1", "http", socket.AF_UNSPEC, 0, 0, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ai := range infos {
		fmt.Println(ai)
	}
	infos, _ = socket.Getaddrinfo("", "8080", socket.AF_UNSPEC, socket.SOCK_STREAM, 0, 0)
	for _, ai := range infos {
		fmt.Println(ai.Family, ai.Addr)
	}
	infos, _ = socket.Getaddrinfo("", "8080", socket.AF_UNSPEC, socket.SOCK_STREAM, 0, socket.AI_PASSIVE)
	for _, ai := range infos {
		fmt.Println(ai.Family, ai.Addr)
	}
	_, err = socket.Getaddrinfo("localhost", "80", socket.AF_UNSPEC, 0, 0, socket.AI_NUMERICHOST)
	fmt.Println(err)
	// Output:
	// (AF_INET, SOCK_STREAM, 6, '', ('127.0.0.1', 80))
	// AF_INET6 [::1]:8080
	// AF_INET 127.0.0.1:8080
	// AF_INET 0.0.0.0:8080
	// AF_INET6 [::]:8080
	// getaddrinfo localhost port 80: [Errno -2] Name or service not known
}

// Getfqdn follows Python's algorithm: the address of the name, then the
// first of that address's names with a dot in it, else its canonical
// name. Here /etc/hosts says "127.0.0.1 localhost".
func ExampleGetfqdn() {
	fmt.Println(socket.Getfqdn("localhost"))
	fmt.Println(socket.Getfqdn("127.0.0.1"))
	// Output:
	// localhost
	// localhost
}

// InetPton and InetNtop convert between text and the bytes of an address,
// exactly as glibc (and so Python) prints and reads them; InetAton also
// takes inet_aton's legacy forms.
func ExampleInetPton() {
	b, _ := socket.InetPton(socket.AF_INET6, "::ffff:192.0.2.1")
	fmt.Printf("%x\n", b)
	s, _ := socket.InetNtop(socket.AF_INET6, b)
	fmt.Println(s)
	_, err := socket.InetPton(socket.AF_INET, "127.1")
	fmt.Println(err != nil)
	b, _ = socket.InetAton("127.1")
	s, _ = socket.InetNtoa(b)
	fmt.Println(s)
	// Output:
	// 00000000000000000000ffffc0000201
	// ::ffff:192.0.2.1
	// true
	// 127.0.0.1
}

// Getnameinfo is the reverse lookup: names from /etc/hosts and
// /etc/services, or numbers.
func ExampleGetnameinfo() {
	a, _ := socket.InetAddr("127.0.0.1", 53)
	host, serv, _ := socket.Getnameinfo(a, socket.NI_NUMERICHOST|socket.NI_DGRAM)
	fmt.Println(host, serv)
	b, _ := socket.Inet6Addr("fe80::1", 80, 0, 1)
	host, serv, _ = socket.Getnameinfo(b, socket.NI_NUMERICHOST|socket.NI_NUMERICSERV)
	fmt.Println(host, serv)
	// Output:
	// 127.0.0.1 domain
	// fe80::1%lo 80
}

// CreateServer and CreateConnection are Python's create_server and
// create_connection: a listening socket in one call, and a client that
// tries each address of a name in turn.
func ExampleCreateConnection() {
	srv, err := socket.CreateServer("127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	addr, _ := srv.Getsockname()
	c, err := socket.CreateConnection(context.Background(), addr.String(), 5*time.Second, socket.Addr{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	conn, _, _ := srv.Accept()
	defer conn.Close()
	c.Sendall([]byte("hello"), 0)
	buf := make([]byte, 16)
	n, _ := conn.Recv(buf, 0)
	fmt.Println(string(buf[:n]), c.Timeout())
	// Output: hello 5s
}
