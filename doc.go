// Package socket is the BSD socket API for Go, the way Python's socket module
// offers it: one Socket type over a file descriptor, a method per system call
// (Bind, Listen, Accept, Connect, ConnectEx, Send, Recvfrom, Recvmsg, ...),
// Python's three modes (blocking, timeout, non-blocking) exactly, and
// addresses as plain values.
//
// Unlike a raw descriptor, a Socket is served by the Go runtime network
// poller, as net.Conn is: a blocked Recv parks its goroutine instead of an OS
// thread, Close from another goroutine wakes it with net.ErrClosed, and the
// send and receive paths allocate nothing.
//
// Every method's documentation names the system call it makes and says how
// it differs from Python's method of the same name, if at all. Errors are
// *net.OpError values naming the operation and wrapping the errno, so
// errors.Is(err, unix.ECONNREFUSED) works, as do errors.Is(err,
// net.ErrClosed) and errors.Is(err, os.ErrDeadlineExceeded).
//
// The package targets Linux.
//
// # Where to start
//
// The package example is the classic workflow: New, Bind, Listen and Accept
// on one side; New, Connect, Sendall and Recv on the other. Addresses are
// values of type Addr, made with InetAddr, Inet6Addr, UnixAddr, ParseAddr
// or AddrFrom; Getaddrinfo turns names into them.
//
// # Modes
//
// SetTimeout and SetBlocking choose how calls that would wait behave:
// blocking (the default), timeout mode (os.ErrDeadlineExceeded after the
// limit, per call) or non-blocking (unix.EAGAIN at once). The ...Context
// variants and the net.Conn deadlines (SetDeadline) add bounds of their
// own; SetSpinWait trades CPU for latency.
//
// # Messages, options and names
//
// Recvmsg and Sendmsg carry control messages: SendFDs and RecvFDs pass
// descriptors, ParseControl decodes TTL, packet info and timestamps. Socket
// options come raw (GetsockoptInt, SetsockoptInt, ...) and typed (NoDelay,
// ReuseAddr, JoinGroup, ...). Getaddrinfo, Getnameinfo and the inet_*
// conversions give glibc's answers in pure Go.
//
// # The Go world
//
// A Socket is an io.Reader, io.Writer and net.Conn; NetConn, NetListener and
// NetPacketConn share it with code written for net, and FromNetConn and its
// siblings go the other way. Dialer and ListenConfig create, configure and
// connect or listen in one call.
package socket
