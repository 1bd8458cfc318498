package socket_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// A socket built and bound by hand serves net/http through NetListener.
func ExampleSocket_NetListener() {
	s, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	addr, _ := socket.InetAddr("127.0.0.1", 0)
	if err := s.Bind(addr); err != nil {
		fmt.Println(err)
		return
	}
	if err := s.Listen(socket.SOMAXCONN); err != nil {
		fmt.Println(err)
		return
	}
	ln, err := s.NetListener() // shares s: closing ln closes s
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello from %T", r.Context().Value(http.LocalAddrContextKey))
	})}
	go srv.Serve(ln)
	defer srv.Close() // closes ln, and so s

	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.Status, string(body))
	// Output: 200 OK hello from *net.TCPAddr
}

// NetConn hands a connected socket to code that takes a net.Conn.
func ExampleSocket_NetConn() {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer b.Close()
	c, err := a.NetConn() // shares a: closing c closes a
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()

	fmt.Fprintf(c, "hello %s\n", "net.Conn")
	c.(*socket.Conn).CloseWrite()
	line, _ := bufio.NewReader(b).ReadString('\n') // a Socket is an io.Reader too
	fmt.Printf("%s: %s", c.LocalAddr().Network(), line)
	// Output: unix: hello net.Conn
}

// NetPacketConn talks to net's UDP sockets with net.Addr values.
func ExampleSocket_NetPacketConn() {
	s, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	addr, _ := socket.InetAddr("127.0.0.1", 0)
	s.Bind(addr)
	pc, _ := s.NetPacketConn()
	defer pc.Close() // closes s

	peer, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer peer.Close()
	pc.WriteTo([]byte("ping"), peer.LocalAddr())
	buf := make([]byte, 16)
	n, from, _ := peer.ReadFrom(buf)
	fmt.Printf("%s from %T, the socket's address: %v\n", buf[:n], from, from.String() == pc.LocalAddr().String())
	// Output: ping from *net.UDPAddr, the socket's address: true
}

// FromNetConn gives a Socket for a connection net made, sharing the
// connection through a duplicated descriptor.
func ExampleFromNetConn() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ln.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		fmt.Println(err)
		return
	}
	peer, _ := ln.Accept()
	defer peer.Close()

	s, err := socket.FromNetConn(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	c.Close() // the Socket's duplicate keeps the connection open

	s.Sendall([]byte("sent by a Socket"), 0)
	s.Shutdown(socket.SHUT_WR)
	got, _ := io.ReadAll(peer)
	fmt.Println(s.Family(), s.Type(), string(got))
	// Output: AF_INET SOCK_STREAM sent by a Socket
}

// FromNetListener takes over a listener net made.
func ExampleFromNetListener() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := socket.FromNetListener(ln)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	addr := ln.Addr().String()
	ln.Close() // s still listens

	c, err := net.Dial("tcp", addr)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	conn, _, err := s.Accept()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()
	fmt.Println("accepted from", conn.RemoteAddr().String() == c.LocalAddr().String())
	// Output: accepted from true
}

// FromNetPacketConn receives on a UDP socket net made, without allocating.
func ExampleFromNetPacketConn() {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pc.Close()
	s, err := socket.FromNetPacketConn(pc)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	pc.WriteTo([]byte("to myself"), pc.LocalAddr())
	buf := make([]byte, 16)
	n, from, _ := s.Recvfrom(buf, 0)
	fmt.Printf("%s, from %v\n", buf[:n], from.Family())
	// Output: to myself, from AF_INET
}

// RecvContext gives up when its context is cancelled.
func ExampleSocket_RecvContext() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	defer a.Close()
	defer b.Close()

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(10*time.Millisecond, cancel) // nothing will arrive
	_, err := b.RecvContext(ctx, make([]byte, 8), 0)
	fmt.Println(errors.Is(err, context.Canceled))
	// Output: true
}

// A context deadline is a timeout, like the socket's own.
func ExampleSocket_RecvfromContext() {
	s, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer s.Close()
	addr, _ := socket.InetAddr("127.0.0.1", 0)
	s.Bind(addr)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, _, err := s.RecvfromContext(ctx, make([]byte, 8), 0)
	fmt.Println(errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded))
	// Output: true true
}

// RecvmsgContext receives a datagram and its control messages.
func ExampleSocket_RecvmsgContext() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	defer a.Close()
	defer b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	a.SendmsgContext(ctx, []byte("with stdin"), unix.UnixRights(0), 0, socket.Addr{})
	buf, oob := make([]byte, 16), make([]byte, unix.CmsgSpace(4))
	m, err := b.RecvmsgContext(ctx, buf, oob, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	msgs, _ := unix.ParseSocketControlMessage(oob[:m.OOBN])
	fds, _ := unix.ParseUnixRights(&msgs[0])
	for _, fd := range fds {
		unix.Close(fd)
	}
	fmt.Printf("%s and %d descriptor\n", buf[:m.N], len(fds))
	// Output: with stdin and 1 descriptor
}

// SendmsgContext sends a datagram with control messages.
func ExampleSocket_SendmsgContext() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET, 0)
	defer a.Close()
	defer b.Close()

	n, err := a.SendmsgContext(context.Background(), []byte("record"), nil, socket.MSG_EOR, socket.Addr{})
	fmt.Println(n, err)
	// Output: 6 <nil>
}

// SendallContext reports how much went out when its context ends the call:
// here nobody reads, so the buffers fill up.
func ExampleSocket_SendallContext() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()

	big := make([]byte, 16<<20)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	n, err := a.SendallContext(ctx, big, 0)
	fmt.Println(errors.Is(err, os.ErrDeadlineExceeded), n > 0 && n < len(big))
	// Output: true true
}

// AcceptContext gives up at the context's deadline.
func ExampleSocket_AcceptContext() {
	l, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer l.Close()
	addr, _ := socket.InetAddr("127.0.0.1", 0)
	l.Bind(addr)
	l.Listen(1)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, _, err := l.AcceptContext(ctx) // nobody connects
	fmt.Println(errors.Is(err, os.ErrDeadlineExceeded))
	// Output: true
}

// A deadline and a timeout compose: the earlier ends the call.
func ExampleSocket_SetDeadline() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	defer a.Close()
	defer b.Close()

	b.SetTimeout(time.Hour)                                  // Python's settimeout(3600)
	b.SetReadDeadline(time.Now().Add(10 * time.Millisecond)) // net.Conn's deadline
	_, err := b.Recv(make([]byte, 8), 0)
	var ne net.Error
	fmt.Println(errors.As(err, &ne) && ne.Timeout())
	// Output: true
}

// Control runs raw system calls on the descriptor while it is held open.
func ExampleSocket_Control() {
	s, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer s.Close()

	var nodelay int
	s.Control(func(fd uintptr) {
		unix.SetsockoptInt(int(fd), unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
		nodelay, _ = unix.GetsockoptInt(int(fd), unix.IPPROTO_TCP, unix.TCP_NODELAY)
	})
	fmt.Println("TCP_NODELAY:", nodelay)
	// Output: TCP_NODELAY: 1
}

// A Dialer sets options before connecting and returns a net.Conn.
func ExampleDialer() {
	var lc socket.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err == nil {
			io.Copy(c, c) // echo
			c.Close()
		}
	}()

	d := socket.Dialer{Timeout: time.Minute, Control: func(s *socket.Socket) error {
		return s.Control(func(fd uintptr) { unix.SetsockoptInt(int(fd), unix.IPPROTO_TCP, unix.TCP_NODELAY, 1) })
	}}
	c, err := d.DialContext(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	io.WriteString(c, "echo me")
	c.(*socket.Conn).CloseWrite()
	got, _ := io.ReadAll(c)
	fmt.Println(string(got))
	// Output: echo me
}

// A ListenConfig with ReusePort lets two listeners share a port.
func ExampleListenConfig() {
	lc := socket.ListenConfig{ReusePort: true}
	first, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer first.Close()
	second, err := lc.Listen(context.Background(), "tcp", first.Addr().String())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer second.Close()
	fmt.Println(first.Addr().String() == second.Addr().String())
	// Output: true
}

// NetAddr and AddrFromNet convert between Addr and net's address types.
func ExampleAddr_NetAddr() {
	a, _ := socket.ParseAddr("[::1]:8080")
	na := a.NetAddr("tcp")
	fmt.Printf("%T %v\n", na, na)

	u, _ := socket.ParseAddr("@abstract")
	nu := u.NetAddr("unixgram")
	fmt.Printf("%T %s %v\n", nu, nu.Network(), nu)

	back, _ := socket.AddrFromNet(&net.UDPAddr{IP: net.ParseIP("127.0.0.1"), Port: 53})
	fmt.Println(back.Family(), back)
	// Output:
	// *net.TCPAddr [::1]:8080
	// *net.UnixAddr unixgram @abstract
	// AF_INET 127.0.0.1:53
}
