//go:build linux

package socket

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// brokenPipe returns a stream socket and a func that makes its peer go,
// so that a send fails with EPIPE: for tcp the peer resets the connection
// and the ECONNRESET is read; for unix the peer end is closed.
func brokenPipe(t *testing.T, network string) (s *Socket, brk func()) {
	t.Helper()
	if network == "tcp" {
		s, reset := resetPair(t)
		return s, func() {
			reset()
			_, err := s.Recv(make([]byte, 1), 0)
			require.ErrorIs(t, err, unix.ECONNRESET)
		}
	}
	a, b := socketpair(t, SOCK_STREAM)
	return a, func() { require.NoError(t, b.Close()) }
}

// tempFile returns a file holding data, closed when the test ends.
func tempFile(t *testing.T, data []byte) *os.File {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "data")
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	_, err = f.Write(data)
	require.NoError(t, err)
	_, err = f.Seek(0, io.SeekStart)
	require.NoError(t, err)
	return f
}

// sendPaths are every way to send on a stream Socket, each returning the
// count it reported. kernelSIGPIPE marks those that go through sendfile(2)
// or splice(2), which take no MSG_NOSIGNAL.
var sendPaths = []struct {
	name          string
	kernelSIGPIPE bool
	// send prepares the call on s, before the peer goes (NetConn needs
	// a peer), and returns it.
	send func(t *testing.T, s *Socket) func() (int64, error)
}{
	{"Send", false, func(t *testing.T, s *Socket) func() (int64, error) {
		return func() (int64, error) { n, err := s.Send(msg64k, 0); return int64(n), err }
	}},
	{"SendContext", false, func(t *testing.T, s *Socket) func() (int64, error) {
		return func() (int64, error) { n, err := s.SendContext(canceledNever(t), msg64k, 0); return int64(n), err }
	}},
	{"Sendto", false, func(t *testing.T, s *Socket) func() (int64, error) {
		return func() (int64, error) { n, err := s.Sendto(msg64k, 0, Addr{}); return int64(n), err }
	}},
	{"Sendall", false, func(t *testing.T, s *Socket) func() (int64, error) {
		return func() (int64, error) { n, err := s.Sendall(msg64k, 0); return int64(n), err }
	}},
	{"SendallContext", false, func(t *testing.T, s *Socket) func() (int64, error) {
		return func() (int64, error) { n, err := s.SendallContext(canceledNever(t), msg64k, 0); return int64(n), err }
	}},
	{"Write", false, func(t *testing.T, s *Socket) func() (int64, error) {
		return func() (int64, error) { n, err := s.Write(msg64k); return int64(n), err }
	}},
	{"Sendmsg", false, func(t *testing.T, s *Socket) func() (int64, error) {
		return func() (int64, error) { n, err := s.Sendmsg(msg64k, nil, 0, Addr{}); return int64(n), err }
	}},
	{"SendmsgBuffers", false, func(t *testing.T, s *Socket) func() (int64, error) {
		return func() (int64, error) {
			n, err := s.SendmsgBuffers([][]byte{msg64k[:10], msg64k[10:]}, nil, 0, Addr{})
			return int64(n), err
		}
	}},
	{"SendFDs", false, func(t *testing.T, s *Socket) func() (int64, error) {
		return func() (int64, error) {
			n, err := s.SendFDs([][]byte{msg64k}, nil, 0, Addr{})
			return int64(n), err
		}
	}},
	{"Sendmmsg", false, func(t *testing.T, s *Socket) func() (int64, error) {
		return func() (int64, error) {
			msgs := []Mmsg{{Buffers: [][]byte{msg64k}}}
			_, err := s.Sendmmsg(msgs, 0)
			return int64(msgs[0].N), err
		}
	}},
	{"Conn.Write", false, func(t *testing.T, s *Socket) func() (int64, error) {
		c, err := s.NetConn()
		require.NoError(t, err)
		return func() (int64, error) { n, err := c.Write(msg64k); return int64(n), err }
	}},
	{"File.Flush", false, func(t *testing.T, s *Socket) func() (int64, error) {
		f, err := s.Makefile("wb", 0)
		require.NoError(t, err)
		t.Cleanup(func() { f.Close() })
		return func() (int64, error) {
			if _, err := f.Write(msg64k[:100]); err != nil {
				return 0, err
			}
			return 0, f.Flush()
		}
	}},
	{"Sendfile", true, func(t *testing.T, s *Socket) func() (int64, error) {
		f := tempFile(t, msg64k)
		return func() (int64, error) { return s.Sendfile(f, 0, 0) }
	}},
	{"ReadFrom(file)", true, func(t *testing.T, s *Socket) func() (int64, error) {
		f := tempFile(t, msg64k)
		return func() (int64, error) { return s.ReadFrom(f) }
	}},
	{"Conn.ReadFrom(file)", true, func(t *testing.T, s *Socket) func() (int64, error) {
		c, err := s.NetConn()
		require.NoError(t, err)
		f := tempFile(t, msg64k)
		return func() (int64, error) { return c.(*Conn).ReadFrom(f) }
	}},
	{"ReadFrom(pipe)", true, func(t *testing.T, s *Socket) func() (int64, error) {
		r, w, err := os.Pipe()
		require.NoError(t, err)
		t.Cleanup(func() { r.Close() })
		go func() { w.Write(msg64k[:4096]); w.Close() }()
		return func() (int64, error) { return s.ReadFrom(r) }
	}},
}

var msg64k = make([]byte, 64<<10)

// canceledNever is a context that can be canceled but is not, so that the
// Context variants take their context path.
func canceledNever(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx
}

// TestEPIPEEverySendPath: every send path to a peer that has gone fails
// with EPIPE, reports 0 bytes, and never raises SIGPIPE, over TCP and
// AF_UNIX.
//
// The paths that call send(2)/sendmsg(2)/sendmmsg(2) add MSG_NOSIGNAL, so
// the kernel raises no signal; the test proves it by watching for SIGPIPE
// with signal.Notify. sendfile(2) and splice(2) take no flags: there the
// kernel does raise SIGPIPE (the test sees it too), and what keeps the
// process alive is the Go runtime, which ignores SIGPIPE for writes to
// descriptors other than 1 and 2 when the program has not asked for it
// (os/signal, "SIGPIPE"). So a program that itself calls
// signal.Notify(c, SIGPIPE) gets one on its channel from Sendfile and
// ReadFrom, and nothing else; the calls return EPIPE either way.
func TestEPIPEEverySendPath(t *testing.T) {
	for _, network := range []string{"tcp", "unix"} {
		for _, p := range sendPaths {
			t.Run(network+"/"+p.name, func(t *testing.T) {
				// First without Notify, as programs run: the process
				// survives and the call reports EPIPE.
				s, brk := brokenPipe(t, network)
				send := p.send(t, s)
				brk()
				n, err := send()
				assert.Zero(t, n)
				assert.ErrorIs(t, err, unix.EPIPE)
				assert.ErrorIs(t, err, syscall.EPIPE, "errors.Is with the syscall package's errno too")

				sig := make(chan os.Signal, 8)
				signal.Notify(sig, syscall.SIGPIPE)
				defer signal.Stop(sig)
				s, brk = brokenPipe(t, network)
				send = p.send(t, s)
				brk()
				n, err = send()
				assert.Zero(t, n)
				assert.ErrorIs(t, err, unix.EPIPE)
				raised := 0
				for wait := time.After(20 * time.Millisecond); ; {
					select {
					case <-sig:
						raised++
						continue
					case <-wait:
					}
					break
				}
				if p.kernelSIGPIPE {
					assert.Positive(t, raised, "sendfile(2) and splice(2) raise SIGPIPE, which the runtime ignores unless asked")
				} else {
					assert.Zero(t, raised, "MSG_NOSIGNAL: no SIGPIPE")
				}
			})
		}
	}
}

// TestHalfClose: SHUT_WR delivers end of stream to the peer, as often as
// it reads, while the other direction keeps working; sending after it is
// EPIPE. SHUT_RD ends this side's receives while it still sends.
func TestHalfClose(t *testing.T) {
	pairs := map[string]func(t *testing.T) (a, b *Socket){
		"tcp":  func(t *testing.T) (*Socket, *Socket) { return tcpPair(t, AF_INET) },
		"tcp6": func(t *testing.T) (*Socket, *Socket) { return tcpPair(t, AF_INET6) },
		"unix": func(t *testing.T) (*Socket, *Socket) { return socketpair(t, SOCK_STREAM) },
	}
	buf := make([]byte, 64)
	for name, pair := range pairs {
		t.Run(name+"/SHUT_WR", func(t *testing.T) {
			a, b := pair(t)
			_, err := a.Sendall([]byte("last words"), 0)
			require.NoError(t, err)
			require.NoError(t, a.Shutdown(SHUT_WR))
			got, err := io.ReadAll(b)
			require.NoError(t, err)
			assert.Equal(t, "last words", string(got), "what was sent, then end of stream")
			for range 3 {
				n, err := b.Recv(buf, 0)
				assert.NoError(t, err)
				assert.Zero(t, n, "end of stream stays")
			}
			_, err = a.Send([]byte("x"), 0)
			assert.ErrorIs(t, err, unix.EPIPE, "no sending after SHUT_WR")

			assertDelivers(t, b, a, "the reply") // the other direction still works
			require.NoError(t, b.Close())
			n, err := a.Recv(buf, 0)
			assert.NoError(t, err)
			assert.Zero(t, n)
		})
		t.Run(name+"/CloseWrite", func(t *testing.T) {
			a, b := pair(t)
			c, err := a.NetConn()
			require.NoError(t, err)
			require.NoError(t, c.(*Conn).CloseWrite())
			n, err := b.Recv(buf, 0)
			assert.NoError(t, err)
			assert.Zero(t, n)
			_, err = b.Sendall([]byte("still here"), 0)
			require.NoError(t, err)
			n, err = c.Read(buf)
			require.NoError(t, err)
			assert.Equal(t, "still here", string(buf[:n]))
		})
		t.Run(name+"/SHUT_RD", func(t *testing.T) {
			a, b := pair(t)
			require.NoError(t, a.Shutdown(SHUT_RD))
			n, err := returnsN(t, func() (int, error) { return a.Recv(buf, 0) })
			assert.NoError(t, err)
			assert.Zero(t, n, "a blocking receive after SHUT_RD ends at once")
			assertDelivers(t, a, b, "one way")
		})
	}
}

// returnsN is returns for a call that also gives a count.
func returnsN(t *testing.T, f func() (int, error)) (int, error) {
	t.Helper()
	var n int
	err := returns(t, func() error {
		var err error
		n, err = f()
		return err
	})
	return n, err
}

// listenOverflows reads TcpExt ListenOverflows from /proc/net/netstat: the
// SYNs dropped because an accept queue was full.
func listenOverflows(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/net/netstat")
	require.NoError(t, err)
	lines := strings.Split(string(b), "\n")
	for i := 0; i+1 < len(lines); i += 2 {
		names, values := strings.Fields(lines[i]), strings.Fields(lines[i+1])
		if len(names) == 0 || names[0] != "TcpExt:" || len(values) != len(names) {
			continue
		}
		for j, n := range names {
			if n == "ListenOverflows" {
				var v int
				for _, c := range values[j] {
					v = v*10 + int(c-'0')
				}
				return v
			}
		}
	}
	t.Fatal("no TcpExt ListenOverflows in /proc/net/netstat")
	return 0
}

// TestListenBacklogOverflow: more connections than listen(1)'s accept
// queue holds arrive at once. The kernel drops the SYNs that find the
// queue full (ListenOverflows counts them); the listener hands out what
// it queued, then keeps working: a new client connects and is echoed.
func TestListenBacklogOverflow(t *testing.T) {
	const clients = 32
	l := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	require.NoError(t, l.Bind(loopback(t, AF_INET)))
	require.NoError(t, l.Listen(1))
	addr, err := l.Getsockname()
	require.NoError(t, err)
	before := listenOverflows(t)

	for range clients {
		c := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
		c.SetBlocking(false)
		errno := c.ConnectEx(addr)
		require.Contains(t, []unix.Errno{0, unix.EINPROGRESS}, errno)
	}
	require.Eventually(t, func() bool { return listenOverflows(t) > before }, hangGuard, 5*time.Millisecond,
		"the accept queue overflowed")

	l.SetBlocking(false)
	accepted := 0
	for {
		c, _, err := l.Accept()
		if errors.Is(err, unix.EAGAIN) {
			break
		}
		require.NoError(t, err, "the queued connections are accepted")
		c.Close()
		accepted++
	}
	assert.Positive(t, accepted)
	assert.Less(t, accepted, clients, "some were dropped")
	t.Logf("%d of %d connections queued, %d SYNs dropped", accepted, clients, listenOverflows(t)-before)

	l.SetBlocking(true)
	c := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	require.NoError(t, c.Connect(addr))
	done := echoOnceTill(t, l, c)
	assert.Equal(t, "after the storm", done)
}

// echoOnceTill accepts on l (in a goroutine, skipping connections that
// were queued before c's: they carry nothing and are closed), echoes one
// message sent by c and returns it as c received it.
func echoOnceTill(t *testing.T, l *Socket, c *Socket) string {
	t.Helper()
	local, err := c.Getsockname()
	require.NoError(t, err)
	go func() {
		for {
			s, peer, err := l.Accept()
			if err != nil {
				return
			}
			if peer != local {
				s.Close()
				continue
			}
			buf := make([]byte, 64)
			if n, err := s.Recv(buf, 0); err == nil {
				s.Sendall(buf[:n], 0)
			}
			s.Close()
			return
		}
	}()
	_, err = c.Sendall([]byte("after the storm"), 0)
	require.NoError(t, err)
	buf := make([]byte, 64)
	n, err := returnsN(t, func() (int, error) { return c.Recv(buf, 0) })
	require.NoError(t, err)
	return string(buf[:n])
}

// TestAcceptEMFILE: with the process out of descriptors (RLIMIT_NOFILE
// lowered to what is open), Accept returns EMFILE at once, naming the
// operation, and leaves the connection queued; New and Dup fail the same
// way. Once a descriptor is freed, Accept gets the connection and it works.
func TestAcceptEMFILE(t *testing.T) {
	l, addr := listenTCP(t, AF_INET)
	c := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	require.NoError(t, c.Connect(addr))
	spare := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)

	var saved syscall.Rlimit
	require.NoError(t, syscall.Getrlimit(syscall.RLIMIT_NOFILE, &saved))
	restore := func() { require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_NOFILE, &saved)) }
	t.Cleanup(restore)
	low := saved
	low.Cur = uint64(highestFD(t) + 1)
	require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_NOFILE, &low))
	// Fill the holes below the limit: then no descriptor is left.
	var fillers []int
	defer func() {
		for _, fd := range fillers {
			unix.Close(fd)
		}
	}()
	for {
		fd, err := unix.Dup(spare.Fileno())
		if err != nil {
			require.ErrorIs(t, err, unix.EMFILE)
			break
		}
		fillers = append(fillers, fd)
	}

	err := returns(t, func() error { _, _, err := l.Accept(); return err })
	assert.ErrorIs(t, err, unix.EMFILE)
	assert.ErrorContains(t, err, "accept")
	_, err = New(AF_INET, SOCK_STREAM, 0)
	assert.ErrorIs(t, err, unix.EMFILE)
	assert.ErrorContains(t, err, "socket")
	_, err = c.Dup()
	assert.ErrorIs(t, err, unix.EMFILE)
	assert.ErrorContains(t, err, "dup")

	require.NoError(t, spare.Close(), "free one descriptor")
	s, peer, err := l.Accept()
	restore()
	require.NoError(t, err, "Accept works again")
	defer s.Close()
	local, err := c.Getsockname()
	require.NoError(t, err)
	assert.Equal(t, local, peer, "the connection waited in the queue")
	assertDelivers(t, c, s, "hello")
}

// assertDelivers sends msg from one stream socket and checks that the
// other receives it.
func assertDelivers(t *testing.T, from, to *Socket, msg string) {
	t.Helper()
	_, err := from.Sendall([]byte(msg), 0)
	require.NoError(t, err)
	buf := make([]byte, len(msg)+1)
	n, err := returnsN(t, func() (int, error) { return to.Recv(buf, 0) })
	require.NoError(t, err)
	assert.Equal(t, msg, string(buf[:n]))
}

// highestFD is the highest descriptor number open in the process.
func highestFD(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	high := 0
	for _, e := range ents {
		var n int
		for _, c := range e.Name() {
			n = n*10 + int(c-'0')
		}
		high = max(high, n)
	}
	return high
}

// signalStorm sends SIGUSR1 and SIGURG to the process in a loop until
// stop is closed, and returns how many it sent and how many the
// process's Notify channel delivered (the kernel merges a signal that is
// already pending, so delivered is at most sent).
func signalStorm(t *testing.T, stop <-chan struct{}) (sent, delivered func() int) {
	t.Helper()
	sig := make(chan os.Signal, 1024)
	signal.Notify(sig, syscall.SIGUSR1, syscall.SIGURG)
	var nSent, nDelivered int
	sentDone, deliveredDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sentDone)
		pid := os.Getpid()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			s := syscall.SIGUSR1
			if i%2 == 1 {
				s = syscall.SIGURG
			}
			if syscall.Kill(pid, s) == nil {
				nSent++
			}
			if i%4 == 0 {
				time.Sleep(50 * time.Microsecond)
			}
		}
	}()
	go func() {
		defer close(deliveredDone)
		for {
			select {
			case <-sig:
				nDelivered++
			case <-sentDone:
				signal.Stop(sig)
				for len(sig) > 0 {
					<-sig
					nDelivered++
				}
				return
			}
		}
	}()
	return func() int { <-sentDone; return nSent }, func() int { <-deliveredDone; return nDelivered }
}

// TestSignalsNeverSurfaceAsEINTR: while signals arrive thousands of times
// a second, blocking calls of every kind (bulk sends and receives,
// sendfile, ping-pong, accept and connect, a receive parked the whole
// time, timed receives) complete with the right data and never report
// EINTR: the library retries it, as Python does since PEP 475.
func TestSignalsNeverSurfaceAsEINTR(t *testing.T) {
	stop := make(chan struct{})
	sent, delivered := signalStorm(t, stop)
	errs := make(chan error, 16)
	var work []func() error
	// Most of the work repeats for as long as the storm lasts.
	const storm = 2 * time.Second
	end := time.Now().Add(storm)
	repeat := func(f func() error) func() error {
		return func() error {
			for i := 0; i < 1000 && time.Now().Before(end); i++ {
				if err := f(); err != nil {
					return err
				}
			}
			return nil
		}
	}

	bulk := payload(t, 8<<20)
	work = append(work, repeat(func() error { // TCP bulk, Sendall against Recv
		c, s := tcpPair(t, AF_INET)
		got := drain(s, 0)
		if _, err := c.Sendall(bulk, 0); err != nil {
			return err
		}
		c.Shutdown(SHUT_WR)
		if !bytes.Equal(<-got, bulk) {
			return errors.New("bulk: the data differs")
		}
		return nil
	}))
	f := tempFile(t, bulk[:4<<20])
	work = append(work, repeat(func() error { // sendfile to a socketpair
		a, b := socketpair(t, SOCK_STREAM)
		got := drain(b, 0)
		if _, err := a.Sendfile(f, 0, 0); err != nil {
			return err
		}
		a.Shutdown(SHUT_WR)
		if !bytes.Equal(<-got, bulk[:4<<20]) {
			return errors.New("sendfile: the data differs")
		}
		return nil
	}))
	work = append(work, repeat(func() error { // ping-pong of small records
		a, b := socketpair(t, SOCK_SEQPACKET)
		go func() {
			buf := make([]byte, 8)
			for {
				n, err := b.Recv(buf, 0)
				if err != nil || n == 0 {
					return
				}
				b.Send(buf[:n], 0)
			}
		}()
		buf := make([]byte, 8)
		for i := range 200 {
			msg := []byte{byte(i), byte(i >> 8)}
			if _, err := a.Send(msg, 0); err != nil {
				return err
			}
			n, err := a.Recv(buf, 0)
			if err != nil {
				return err
			}
			if !bytes.Equal(buf[:n], msg) {
				return errors.New("ping-pong: the reply differs")
			}
		}
		return a.Shutdown(SHUT_WR)
	}))
	work = append(work, func() error { // accept and connect
		l, addr := listenTCP(t, AF_INET)
		// A queue that holds them all: a blocking connect on loopback
		// completes without yielding, so a burst can fill listen(16)'s
		// queue before the accepting goroutine runs, and a dropped SYN
		// costs the 1 s retransmission.
		require.NoError(t, l.Listen(SOMAXCONN))
		accepted := make(chan error, 1)
		go func() {
			for range 200 {
				s, _, err := l.Accept()
				if err != nil {
					accepted <- err
					return
				}
				s.Close()
			}
			accepted <- nil
		}()
		// The clients stay open to the end of the test.
		for range 200 {
			c := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
			if err := c.Connect(addr); err != nil {
				return err
			}
		}
		return <-accepted
	})
	work = append(work, func() error { // a receive parked through the storm
		a, b := socketpair(t, SOCK_STREAM)
		parked := make(chan error, 1)
		go func() {
			buf := make([]byte, 8)
			n, err := b.Recv(buf, 0)
			if err == nil && string(buf[:n]) != "end" {
				err = errors.New("parked: wrong data")
			}
			parked <- err
		}()
		time.Sleep(storm)
		if _, err := a.Send([]byte("end"), 0); err != nil {
			return err
		}
		return <-parked
	})
	work = append(work, repeat(func() error { // timed receives that time out
		u := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
		if err := u.Bind(loopback(t, AF_INET)); err != nil {
			return err
		}
		u.SetTimeout(5 * time.Millisecond)
		for range 50 {
			_, _, err := u.Recvfrom(make([]byte, 8), 0)
			if !errors.Is(err, os.ErrDeadlineExceeded) {
				return errors.Join(errors.New("timed receive: want a timeout"), err)
			}
		}
		return nil
	}))

	for _, w := range work {
		go func() { errs <- w() }()
	}
	for range work {
		select {
		case err := <-errs:
			assert.NotErrorIs(t, err, unix.EINTR)
			assert.NoError(t, err)
		case <-time.After(time.Minute):
			t.Fatal("a call hung under signals")
		}
	}
	close(stop)
	n, d := sent(), delivered()
	assert.Positive(t, d, "signals were delivered during the calls")
	t.Logf("signals sent: %d, delivered to the Notify channel: %d, EINTR seen: 0", n, d)
}
