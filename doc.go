// Package socket is the BSD socket API for Go: a [Socket] is one end of a
// network connection, and its methods are the system calls that C programs
// make on it ([Socket.Bind], [Socket.Listen], [Socket.Accept],
// [Socket.Connect], [Socket.Send], [Socket.Recv], ...), one method each,
// behaving as in Python's socket module.
//
// Go's [net] package hides these calls behind [net.Dial] and [net.Listen];
// this package shows them as they are, so it suits learning how sockets work
// and programs that need what net leaves out (any socket option, raw
// sockets, descriptor passing, exact blocking and non-blocking behaviour).
//
// A client makes a socket with [New] and connects it to the server's
// address:
//
//	s, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0) // TCP over IPv4
//	if err != nil {
//		// handle error
//	}
//	defer s.Close()
//	addr, err := socket.InetAddr("127.0.0.1", 8080)
//	if err != nil {
//		// handle error
//	}
//	if err := s.Connect(addr); err != nil {
//		// handle error
//	}
//	_, err = s.Sendall([]byte("hello\n"), 0)
//	buf := make([]byte, 1024)
//	n, err := s.Recv(buf, 0) // n == 0: the server closed the connection
//	// ...
//
// A server binds a socket to its address, listens, and accepts the
// connections of its clients, each as a new Socket:
//
//	ln, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
//	if err != nil {
//		// handle error
//	}
//	addr, err := socket.InetAddr("", 8080) // "": every address of the machine
//	if err != nil {
//		// handle error
//	}
//	if err := ln.Bind(addr); err != nil {
//		// handle error
//	}
//	if err := ln.Listen(socket.SOMAXCONN); err != nil {
//		// handle error
//	}
//	for {
//		conn, peer, err := ln.Accept()
//		if err != nil {
//			// handle error
//		}
//		go handleConnection(conn, peer)
//	}
//
// Every socket is served by the Go runtime network poller, as a [net.Conn]
// is: a blocked Recv parks its goroutine instead of an OS thread,
// [Socket.Close] from another goroutine wakes it with [net.ErrClosed], and
// sending and receiving allocate nothing. Every method's documentation names
// the system call it makes and says how it differs from Python's method of
// the same name, if at all. The package runs on Linux, macOS and the BSDs;
// the names only Linux has say "Linux only." in their documentation.
//
// # Concepts
//
// Client and server. A connection has two ends. The server makes its address
// known and waits; the client knows that address and starts the connection.
// Once connected, both ends are alike: each sends and receives.
//
// Families. The family, New's first argument, is the kind of address a
// socket uses: [AF_INET] for IPv4 (127.0.0.1 port 8080), [AF_INET6] for IPv6
// (::1 port 8080), [AF_UNIX] for a file path (/run/app.sock) that only
// processes of the same machine can reach. An [Addr] holds an address of
// any family; [InetAddr], [Inet6Addr], [UnixAddr] and [ParseAddr] make one,
// and [Getaddrinfo] turns a host name such as "localhost" into them.
//
// Stream and datagram. The type, New's second argument, says how data
// travels. A [SOCK_STREAM] socket is connected to one peer and carries a
// stream of bytes, in order and without loss; with AF_INET or AF_INET6 it is
// TCP. A stream has no message boundaries: two Sends may arrive in one Recv,
// or one Send in two, so the protocol on top says where a message ends. A
// [SOCK_DGRAM] socket carries datagrams: separate messages, each with its
// own address ([Socket.Sendto], [Socket.Recvfrom]), with no connection; with
// AF_INET or AF_INET6 it is UDP, whose datagrams may be lost, duplicated or
// reordered on the way. One Recv returns one whole datagram. The third
// argument, the protocol, is 0 for the family's usual one ([IPPROTO_TCP] for
// a stream, [IPPROTO_UDP] for datagrams).
//
// Listen, accept and the handshake. A TCP connection starts with a
// three-way handshake between the two kernels: the client sends SYN, the
// server answers SYN-ACK, the client sends ACK. [Socket.Connect] sends the
// first and returns once the handshake is done. A server's listening socket
// carries no data itself: [Socket.Bind] gives it its address,
// [Socket.Listen] makes the kernel complete handshakes for it and queue the
// new connections, and [Socket.Accept] takes the next one from that queue as
// a new Socket, with the client's address. So a client's Connect can succeed
// before the server calls Accept; a Connect to a port where nobody listens
// fails with an error satisfying errors.Is(err, [unix.ECONNREFUSED]).
//
// End of stream. On a stream socket, [Socket.Recv] returning 0 bytes and a
// nil error means the peer closed the connection ([Socket.Close]) or ended
// its sending side ([Socket.Shutdown] with [SHUT_WR]): no more data will
// come. Recv follows C and Python here; [Socket.Read], the [io.Reader]
// method, returns [io.EOF] instead.
//
// The layers. In the TCP/IP model a program's own protocol (HTTP, DNS, yours)
// sits on top of the transport layer (TCP, UDP), which runs over the
// internet layer (IP: addresses and routing) and the link layer (Ethernet,
// Wi-Fi, or the loopback interface on which the examples here run). A socket
// is where a program meets the kernel's transport layer: a stream or
// datagram socket sends and receives only the program's bytes, and the
// kernel adds and removes the headers of the layers below. A [SOCK_RAW]
// socket reaches down to IP packets, and an [AF_PACKET] one to link-layer
// frames; both need privileges.
//
// # Modes
//
// [Socket.SetTimeout] and [Socket.SetBlocking] choose how calls that would
// wait behave, as in Python: blocking (the default) waits as long as it
// takes; timeout mode waits at most the timeout, then fails with an error
// satisfying errors.Is(err, [os.ErrDeadlineExceeded]); non-blocking mode
// fails at once with [unix.EAGAIN], and a non-blocking Connect with
// [unix.EINPROGRESS], for code that waits itself with [Socket.WaitReadable],
// [Socket.WaitWritable] or [Select]. The ...Context variants
// ([Socket.RecvContext], ...) and the [net.Conn] deadlines
// ([Socket.SetDeadline]) add bounds of their own; [Socket.SetSpinWait]
// trades CPU for latency.
//
// # Errors
//
// Errors are [*net.OpError] values naming the operation and wrapping the
// errno, so errors.Is(err, [unix.ECONNREFUSED]) works, as do errors.Is(err,
// [net.ErrClosed]) on a closed socket and errors.Is(err,
// [os.ErrDeadlineExceeded]) after a timeout. A bad argument gives an
// [*ArgError] that unwraps to its errno, never a panic.
//
// # Socket options
//
// Socket options come in two layers, as in Python and Rust's socket2:
//
//   - raw access, Python's getsockopt and setsockopt:
//     [Socket.GetsockoptInt], [Socket.SetsockoptInt],
//     [Socket.GetsockoptBytes], [Socket.GetsockoptInto] and
//     [Socket.SetsockoptBytes] take a level ([SOL_SOCKET], [IPPROTO_TCP],
//     ...) and an option number ([SO_REUSEADDR], [TCP_NODELAY], ...) and pass
//     the value to the kernel as it is;
//   - typed methods, socket2's: one getter/setter pair per option with Go
//     types (bool, [time.Duration], [net/netip.Addr]), each doc naming the
//     level, the option and the kernel's unit.
//
// The typed methods, grouped by level:
//
//   - SOL_SOCKET, options of every socket: [Socket.SetReuseAddr],
//     [Socket.SetReusePort], [Socket.SetKeepAlive], [Socket.SetBroadcast],
//     [Socket.SetRecvBuffer], [Socket.SetSendBuffer], [Socket.SetLinger],
//     [Socket.SetBindToDevice], [Socket.TakeError] and more; the raw
//     equivalent is GetsockoptInt or SetsockoptInt with SOL_SOCKET and the
//     SO_* name in each doc.
//   - SOL_TCP, for AF_INET and AF_INET6 stream sockets (others get
//     EOPNOTSUPP or ENOPROTOOPT from the kernel): [Socket.SetNoDelay],
//     [Socket.SetCork], [Socket.SetKeepIdle], [Socket.SetUserTimeout],
//     [Socket.TCPInfo] and more.
//   - SOL_IP and SOL_IPV6: [Socket.SetTTL], [Socket.SetHopLimit],
//     [Socket.SetTOS], [Socket.SetV6Only], [Socket.SetMTUDiscover],
//     multicast ([Socket.JoinGroup], [Socket.SetMulticastLoop]) and more.
//     Where IPv4 and IPv6 have the same option, the IPv6 method carries the
//     suffix V6 (MulticastLoop, MulticastLoopV6), as in socket2; where the
//     RFCs name it differently, each keeps its own name (TTL and HopLimit,
//     TOS and TrafficClass), as golang.org/x/net/ipv4 and ipv6 do. An
//     AF_INET6 socket that is not V6Only also sends and receives IPv4, to
//     which the IPv4 options apply.
//
// Both layers go through one getsockopt and one setsockopt path, which
// allocates nothing for an int or a caller's buffer. Option calls never
// wait, so the socket's mode does not apply to them; on a closed socket they
// fail with [net.ErrClosed].
//
// # Control messages
//
// Control messages (ancillary data) travel beside the data of
// [Socket.Sendmsg] and arrive in the oob buffer of [Socket.Recvmsg].
// [Socket.SendFDs] and [Socket.RecvFDs] pass open descriptors over AF_UNIX.
// The options that ask for control messages ([Socket.SetRecvTTL],
// [Socket.SetRecvPktInfo], [Socket.SetRecvHopLimit], ...) make every datagram
// Recvmsg returns carry one; [ParseControl] decodes those (TTL, hop limit,
// TOS, traffic class, packet info, timestamps, UDP GRO segment sizes,
// original destinations, drop counts), and [NextCmsg] walks any
// message one by one, as Python's recvmsg returns them. Neither allocates:
// the results are values and views into the caller's buffer. On the send
// side, [AppendTOS], [AppendTrafficClass], [AppendPktInfo] and
// [AppendUDPSegment] build a message's ECN bits, source address and
// segment size into the caller's buffer, and
// [ControlInfo.AppendReplyPktInfo] turns a received packet info into the
// one that answers from the address the client wrote to.
//
// # Names and addresses
//
// [Getaddrinfo], [Getnameinfo], [Gethostbyname], [Getfqdn] and Python's
// other resolver functions give glibc's answers in pure Go; its text and
// binary address conversions ([InetPton], [InetNtop], [InetAton], ...) and
// byte-order helpers make no system call. Their errors have one shape per
// kind of failure:
//
//   - a failed getaddrinfo or getnameinfo (Python's gaierror) is an
//     [*AddrInfoError], and a failed gethostbyname_r or gethostbyaddr_r
//     (Python's herror) a [*HostError], each naming the call and what it
//     looked up;
//   - anything else is a [*net.OpError] whose Op is the Python name of the
//     call and whose Err is an [*ArgError] for a refused argument, an
//     [*os.SyscallError] (unwrapping to the errno) for a failed system call,
//     or one of the Err*NotFound values ([ErrServiceNotFound], ...) for a
//     lookup that found nothing. The one exception is a data call that
//     would block in non-blocking mode (EAGAIN, Python's BlockingIOError)
//     and names no address: a small value, allocation-free, that reads,
//     matches (errors.Is(err, [unix.EAGAIN])) and converts (errors.As) as
//     that *net.OpError, but is not one to a type assertion: use
//     errors.As.
//
// # The Go world
//
// A Socket is an [io.Reader], an [io.Writer] and a [net.Conn];
// [Socket.NetConn], [Socket.NetListener] and [Socket.NetPacketConn] share it
// with code written for net, and [FromNetConn] and its siblings go the other
// way. [Dialer] and [ListenConfig] create, configure and connect or listen in
// one call. For servers on Linux, [ListenConfig.ListenGroup] binds a socket
// per CPU to one address, steered by CPU, and [ReusePortGroup.Run] serves
// each on its CPU; [NewInNetNS] makes a socket inside another network
// namespace; the activation subpackage takes the sockets systemd passed.
//
// # How to read the examples
//
// The runnable Examples are the tutorial: one per call, each printing what
// the kernel answered, checked by go test. go doc prints the documentation
// without them; go doc -http serves this package's pages, Examples
// included, in a browser, as pkg.go.dev does online. The programs under
// examples/ run whole: go run ./examples/tour tells the story of sockets
// chapter by chapter (-list names them), and echo-server, echo-client,
// udp, unix, nonblocking, timeout and sendall each show one lesson.
package socket
