//go:build linux

package socket

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// echoFlows is how many flows (source ports) the client process keeps
// busy at once, one datagram in flight each.
const echoFlows = 64

// BenchmarkUDPEchoServer is issue 26's fourth "must show": a UDP echo
// server on 127.0.0.1 under load from a client process
// (internal/echoclient: 64 flows, each sending 64 bytes and waiting for
// the echo), with one receiving goroutine per CPU, served four ways:
//
//   - socket-group: ListenGroup of one socket per CPU, steered by CPU,
//     served by ReusePortGroup.Run (each worker on a thread pinned to its
//     CPU);
//   - socket-group-unpinned: the same group, each socket served by a
//     plain goroutine;
//   - net: one net.UDPConn with a reading goroutine per CPU;
//   - net-reuseport: one net.UDPConn per CPU bound to the same port with
//     SO_REUSEPORT through net.ListenConfig's Control (spread by hash).
//
// b.N is the number of echoes. It reports pkt/s (echoes a second),
// cpu-ns/pkt (the CPU time, user and system, of this process, the server,
// per echo, from getrusage(2)) and lost/pkt; ns/op is the wall time per
// echo. The client runs in the same machine and takes CPU of its own.
func BenchmarkUDPEchoServer(b *testing.B) {
	client := buildCommand(b, "./internal/echoclient")
	workers := runtime.NumCPU()
	b.Run("socket-group", func(b *testing.B) {
		g := benchGroup(b, workers)
		done := make(chan error, 1)
		go func() { done <- g.Run(func(_ int, s *Socket) error { return echoSocket(s) }) }()
		runEchoLoad(b, client, g.Sockets[0], func() error { g.Close(); return <-done })
	})
	b.Run("socket-group-unpinned", func(b *testing.B) {
		g := benchGroup(b, workers)
		var wg sync.WaitGroup
		errs := make([]error, len(g.Sockets))
		for i, s := range g.Sockets {
			wg.Go(func() { errs[i] = echoSocket(s) })
		}
		runEchoLoad(b, client, g.Sockets[0], func() error { g.Close(); wg.Wait(); return errors.Join(errs...) })
	})
	b.Run("net", func(b *testing.B) {
		c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			b.Fatal(err)
		}
		runNetEcho(b, client, []*net.UDPConn{c}, workers)
	})
	b.Run("net-reuseport", func(b *testing.B) {
		lc := net.ListenConfig{Control: func(_, _ string, c syscall.RawConn) error {
			var serr error
			if err := c.Control(func(fd uintptr) {
				serr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_REUSEPORT, 1)
			}); err != nil {
				return err
			}
			return serr
		}}
		conns := make([]*net.UDPConn, workers)
		address := "127.0.0.1:0"
		for i := range conns {
			pc, err := lc.ListenPacket(context.Background(), "udp4", address)
			if err != nil {
				for _, c := range conns[:i] {
					c.Close()
				}
				b.Fatal(err)
			}
			conns[i] = pc.(*net.UDPConn)
			address = conns[0].LocalAddr().String()
		}
		runNetEcho(b, client, conns, 1)
	})
}

// benchGroup makes a steered group of n sockets on 127.0.0.1.
func benchGroup(b *testing.B, n int) *ReusePortGroup {
	var lc ListenConfig
	g, err := lc.ListenGroup(context.Background(), "udp4", "127.0.0.1:0", n)
	if err != nil {
		b.Fatal(err)
	}
	return g
}

// echoSocket sends back every datagram s receives, until s is closed.
func echoSocket(s *Socket) error {
	buf := make([]byte, 2048)
	for {
		n, from, err := s.Recvfrom(buf, 0)
		if err == nil {
			_, err = s.Sendto(buf[:n], 0, from)
		}
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// runNetEcho serves each of conns with readers goroutines echoing, under
// runEchoLoad.
func runNetEcho(b *testing.B, client string, conns []*net.UDPConn, readers int) {
	var wg sync.WaitGroup
	errs := make([]error, len(conns)*readers)
	for i, c := range conns {
		for r := range readers {
			wg.Go(func() {
				buf := make([]byte, 2048)
				for {
					n, from, err := c.ReadFromUDPAddrPort(buf)
					if err == nil {
						_, err = c.WriteToUDPAddrPort(buf[:n], from)
					}
					if errors.Is(err, net.ErrClosed) {
						return
					}
					if err != nil {
						errs[i*readers+r] = err
						return
					}
				}
			})
		}
	}
	port := conns[0].LocalAddr().(*net.UDPAddr).Port
	runEchoLoadAt(b, client, netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), uint16(port)).String(), func() error {
		for _, c := range conns {
			c.Close()
		}
		wg.Wait()
		return errors.Join(errs...)
	})
}

// runEchoLoad is runEchoLoadAt on the address s is bound to.
func runEchoLoad(b *testing.B, client string, s *Socket, stop func() error) {
	a, err := s.Getsockname()
	if err != nil {
		stop()
		b.Fatal(err)
	}
	runEchoLoadAt(b, client, a.String(), stop)
}

// runEchoLoadAt starts the client process against addr, lets it make b.N
// round trips while the timer runs, and reports the figures; stop ends
// the server, whose error fails the benchmark.
func runEchoLoadAt(b *testing.B, client, addr string, stop func() error) {
	stopped := false
	defer func() {
		if !stopped {
			stop()
		}
	}()
	cmd := exec.Command(client, "-addr", addr, "-n", strconv.Itoa(b.N), "-flows", strconv.Itoa(echoFlows))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	outPipe, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer cmd.Wait()
	defer in.Close()
	out := bufio.NewReader(outPipe)
	line := func() string {
		l, err := out.ReadString('\n')
		if err != nil {
			b.Fatalf("client: %v: %s", err, stderr.String())
		}
		return strings.TrimSpace(l)
	}
	if l := line(); l != "ready" {
		b.Fatalf("client said %q", l)
	}
	before := cpuTime(b)
	b.ResetTimer()
	fmt.Fprintln(in, "go")
	done := line()
	b.StopTimer()
	cpu := cpuTime(b) - before
	var lost int
	if _, err := fmt.Sscanf(done, "done %d", &lost); err != nil {
		b.Fatalf("client said %q", done)
	}
	stopped = true
	if err := stop(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pkt/s")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/pkt")
	b.ReportMetric(float64(lost)/float64(b.N), "lost/pkt")
}

// buildCommand builds the command pkg (a path from the module's root)
// into a temporary directory.
func buildCommand(tb testing.TB, pkg string) string {
	tb.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(tb.TempDir(), filepath.Base(pkg))
	if out, err := exec.Command(goTool, "build", "-buildvcs=false", "-o", bin, pkg).CombinedOutput(); err != nil {
		tb.Fatalf("building %s: %v: %s", pkg, err, out)
	}
	return bin
}
