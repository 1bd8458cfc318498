//go:build linux

package socket

import (
	"io"
	"net"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// The benchmarks (docs/design.md, "Benchmarks"): each runs the same work
// through this package ("socket"), the standard library ("net") and, where
// useful, bare x/sys/unix calls on blocking descriptors ("syscall"), so
// ratios come from one run.

// pinger is one side of a ping-pong: a byte out, a byte back.
type pinger interface {
	Read([]byte) (int, error)
	Write([]byte) (int, error)
}

// echoLoop answers every byte it reads until the connection ends.
func echoLoop(c pinger) {
	buf := make([]byte, 1)
	for {
		if _, err := c.Read(buf); err != nil {
			return
		}
		if _, err := c.Write(buf); err != nil {
			return
		}
	}
}

func runPingPong(b *testing.B, client, server pinger, closeAll func()) {
	done := make(chan struct{})
	go func() { echoLoop(server); close(done) }()
	buf := make([]byte, 1)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := client.Write(buf); err != nil {
			b.Fatal(err)
		}
		if _, err := client.Read(buf); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	closeAll()
	<-done
}

// socketPing sends and receives with Send and Recv, the calls a user of
// this package makes.
type socketPing struct{ s *Socket }

func (p socketPing) Read(b []byte) (int, error)  { return p.s.Recv(b, 0) }
func (p socketPing) Write(b []byte) (int, error) { return p.s.Send(b, 0) }

// fdPing is bare blocking read(2)/write(2) on a descriptor.
type fdPing int

func (p fdPing) Read(b []byte) (int, error) {
	n, err := unix.Read(int(p), b)
	if n == 0 && err == nil {
		return 0, io.EOF
	}
	return n, err
}
func (p fdPing) Write(b []byte) (int, error) { return unix.Write(int(p), b) }

func BenchmarkPingPong(b *testing.B) {
	for _, network := range []string{"tcp", "unix"} {
		// socket-spin is socket with SetSpinWait(50us): opt-in, it trades CPU
		// for latency, so it stands beside the default, not instead.
		// socket-timeout is socket in timeout mode, whose every receive
		// waits: the cost of timeout mode on calls that wait.
		for _, v := range []struct {
			name    string
			spin    time.Duration
			timeout time.Duration
		}{{"socket", 0, NoTimeout}, {"socket-timeout", 0, time.Minute}, {"socket-spin", 50 * time.Microsecond, NoTimeout}} {
			b.Run(network+"/"+v.name, func(b *testing.B) {
				var c, s *Socket
				if network == "tcp" {
					c, s = tcpPair(b, AF_INET)
				} else {
					c, s = socketpair(b, SOCK_STREAM)
				}
				c.SetSpinWait(v.spin)
				s.SetSpinWait(v.spin)
				c.SetTimeout(v.timeout)
				s.SetTimeout(v.timeout)
				runPingPong(b, socketPing{c}, socketPing{s}, func() { c.Close(); s.Close() })
			})
		}
		b.Run(network+"/net", func(b *testing.B) {
			c, s := netPair(b, network)
			runPingPong(b, c, s, func() { c.Close(); s.Close() })
		})
		b.Run(network+"/syscall", func(b *testing.B) {
			c, s := blockingPair(b, network)
			runPingPong(b, fdPing(c), fdPing(s), func() { unix.Shutdown(c, unix.SHUT_RDWR) })
		})
	}
}

// netPair returns a connected pair of net.Conns over loopback TCP or a
// unix socket.
func netPair(b testing.TB, network string) (net.Conn, net.Conn) {
	b.Helper()
	addr := "127.0.0.1:0"
	if network == "unix" {
		addr = b.TempDir() + "/bench.sock"
	}
	l, err := net.Listen(network, addr)
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	c, err := net.Dial(network, l.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	s, err := l.Accept()
	if err != nil {
		b.Fatal(err)
	}
	return c, s
}

// blockingPair returns two connected blocking descriptors over loopback TCP
// or socketpair(2), made with bare system calls and closed when b ends.
func blockingPair(b *testing.B, network string) (c, s int) {
	b.Helper()
	c, s = blockingPairFDs(b, network)
	b.Cleanup(func() { unix.Close(c); unix.Close(s) })
	return c, s
}

func blockingPairFDs(b *testing.B, network string) (int, int) {
	if network == "unix" {
		fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			b.Fatal(err)
		}
		return fds[0], fds[1]
	}
	l, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer unix.Close(l)
	lo := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}
	if err := unix.Bind(l, lo); err != nil {
		b.Fatal(err)
	}
	if err := unix.Listen(l, 1); err != nil {
		b.Fatal(err)
	}
	sa, err := unix.Getsockname(l)
	if err != nil {
		b.Fatal(err)
	}
	c, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		b.Fatal(err)
	}
	if err := unix.Connect(c, sa); err != nil {
		b.Fatal(err)
	}
	s, _, err := unix.Accept4(l, unix.SOCK_CLOEXEC)
	if err != nil {
		b.Fatal(err)
	}
	return c, s
}

func BenchmarkUDPSendRecv(b *testing.B) {
	msg := make([]byte, 64)
	buf := make([]byte, 128)
	socketBench := func(timeout time.Duration) func(b *testing.B) {
		return func(b *testing.B) {
			a, r := udpPair(b, AF_INET)
			a.SetTimeout(timeout)
			r.SetTimeout(timeout)
			to, _ := r.Getsockname()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := a.Sendto(msg, 0, to); err != nil {
					b.Fatal(err)
				}
				if _, _, err := r.Recvfrom(buf, 0); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.Run("socket", socketBench(NoTimeout))
	b.Run("socket-timeout", socketBench(time.Minute))
	b.Run("net", func(b *testing.B) {
		r, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			b.Fatal(err)
		}
		defer r.Close()
		a, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			b.Fatal(err)
		}
		defer a.Close()
		to := r.LocalAddr().(*net.UDPAddr).AddrPort()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := a.WriteToUDPAddrPort(msg, to); err != nil {
				b.Fatal(err)
			}
			if _, _, err := r.ReadFromUDPAddrPort(buf); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("syscall", func(b *testing.B) {
		fds := make([]int, 2)
		for i := range fds {
			fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
			if err != nil {
				b.Fatal(err)
			}
			defer unix.Close(fd)
			if err := unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
				b.Fatal(err)
			}
			fds[i] = fd
		}
		to, err := unix.Getsockname(fds[1])
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := unix.Sendto(fds[0], msg, 0, to); err != nil {
				b.Fatal(err)
			}
			if _, _, err := unix.Recvfrom(fds[1], buf, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkBulkTCP(b *testing.B) {
	chunk := make([]byte, 64<<10)
	run := func(b *testing.B, w io.Writer, r io.Reader, closeW func()) {
		done := make(chan struct{})
		go func() { io.Copy(io.Discard, r); close(done) }()
		b.SetBytes(int64(len(chunk)))
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := w.Write(chunk); err != nil {
				b.Fatal(err)
			}
		}
		closeW()
		<-done
		b.StopTimer()
	}
	b.Run("socket", func(b *testing.B) {
		c, s := tcpPair(b, AF_INET)
		run(b, c, s, func() { c.Shutdown(SHUT_WR) })
	})
	b.Run("net", func(b *testing.B) {
		c, s := netPair(b, "tcp")
		defer s.Close()
		run(b, c, s, func() { c.Close() })
	})
}
