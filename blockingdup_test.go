//go:build linux

package socket

// The tests of issue 21's first "must show": O_NONBLOCK belongs to the
// open file description, which every duplicate shares, so any holder of a
// duplicate (a child that inherited it, a Python peer calling
// setblocking(True), os.File.Fd) can make it blocking under the socket.
// No data call may then stop the process or miss its timeout.
//
// The peer that acts later is a child process, this test binary run again
// (see init below): a call that blocks in the kernel while holding its P
// stops every goroutine at the next garbage collection, a goroutine peer
// with them, and only another process can still end such a call. The
// child acts on a duplicate of the peer's descriptor, made with DupFD and
// handed over by syscall.ForkExec: os/exec would call (*os.File).Fd, which
// itself makes the description blocking.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

const (
	// stallLimit is the longest any goroutine may be held up while a
	// call waits on a blocking description (issue 21).
	stallLimit = 200 * time.Millisecond
	// dupTimeout is the timeout of the timeout-mode calls, and lateBound
	// how long after it they must have returned: a guard against a call
	// that waits for the peer, not a measure of precision.
	dupTimeout = 300 * time.Millisecond
	lateBound  = time.Second
	// peerDelay is when the peer process acts for a blocking-mode call;
	// rescueDelay when it acts for a timeout-mode one, well after the
	// call must have timed out: it only ends a call that did not, so
	// that a failing run still ends.
	peerDelay   = 500 * time.Millisecond
	rescueDelay = dupTimeout + lateBound + 500*time.Millisecond
	// heartbeat is the period of the goroutine that measures stalls.
	heartbeat = 10 * time.Millisecond
)

// dupModes are the two modes in which a call waits.
var dupModes = []struct {
	name    string
	timeout time.Duration
}{
	{"blocking", NoTimeout},
	{"timeout", dupTimeout},
}

// peerMessage is what the peer process sends.
const peerMessage = "from the peer"

// What the peer process does, after its delay, with the descriptor it was
// given as its descriptor 3.
const (
	peerSend    = "send"    // send peerMessage on it
	peerDrain   = "drain"   // read everything from it until idle
	peerAccept  = "accept"  // accept every connection on it until idle
	peerConnect = "connect" // connect a socket of its own to its address
)

// peerEnv carries "action delay" to the peer process.
const peerEnv = "SOCKET_BLOCKINGDUP_PEER"

// init makes this test binary, run with peerEnv set, the peer process of
// startPeer: it acts and exits before TestMain and the tests.
func init() {
	if spec := os.Getenv(peerEnv); spec != "" {
		if err := runPeer(spec); err != nil {
			fmt.Fprintf(os.Stderr, "blockingdup peer %q: %v\n", spec, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
}

// runPeer is the peer process: it sleeps for the delay, then acts on
// descriptor 3 with plain system calls.
func runPeer(spec string) error {
	const fd = 3
	action, delayText, _ := strings.Cut(spec, " ")
	delay, err := time.ParseDuration(delayText)
	if err != nil {
		return err
	}
	time.Sleep(delay)
	switch action {
	case peerSend:
		for {
			_, err := unix.Write(fd, []byte(peerMessage))
			if err != unix.EAGAIN {
				return err
			}
			if !peerReady(fd, unix.POLLOUT) {
				return errors.New("never writable")
			}
		}
	case peerDrain:
		buf := make([]byte, 64<<10)
		for peerReady(fd, unix.POLLIN) {
			n, err := unix.Read(fd, buf)
			if n == 0 && err == nil {
				return nil // end of stream
			}
			if err != nil && err != unix.EAGAIN {
				return err
			}
		}
		return nil
	case peerAccept:
		for peerReady(fd, unix.POLLIN) {
			// The accepted connections stay open until the process
			// ends.
			if _, _, err := unix.Accept4(fd, unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK); err != nil && err != unix.EAGAIN {
				return err
			}
		}
		return nil
	case peerConnect:
		sa, err := unix.Getsockname(fd)
		if err != nil {
			return err
		}
		family := unix.AF_INET
		switch sa.(type) {
		case *unix.SockaddrInet6:
			family = unix.AF_INET6
		case *unix.SockaddrUnix:
			family = unix.AF_UNIX
		}
		s, err := unix.Socket(family, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			return err
		}
		return unix.Connect(s, sa)
	}
	return fmt.Errorf("unknown action %q", action)
}

// peerReady waits up to two seconds for events on fd; false when none
// came, which ends the peer's loops.
func peerReady(fd int, events int16) bool {
	for {
		fds := []unix.PollFd{{Fd: int32(fd), Events: events}}
		n, err := unix.Poll(fds, 2000)
		if err != unix.EINTR {
			return n > 0
		}
	}
}

// startPeer starts the peer process, which does action on a duplicate of
// peer's descriptor after delay. The returned function ends it if it is
// still running (SIGKILL to its pid), reaps it, and returns an error if it
// had exited with a failure. The test's cleanup calls it too.
func startPeer(t *testing.T, action string, peer *Socket, delay time.Duration) (stop func() error) {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	fd, err := DupFD(peer.Fileno())
	require.NoError(t, err)
	defer CloseFD(fd)
	null, err := unix.Open(os.DevNull, unix.O_RDWR|unix.O_CLOEXEC, 0)
	require.NoError(t, err)
	defer unix.Close(null)
	pid, err := syscall.ForkExec(exe, []string{exe}, &syscall.ProcAttr{
		Env:   append(os.Environ(), peerEnv+"="+action+" "+delay.String()),
		Files: []uintptr{uintptr(null), uintptr(null), 2, uintptr(fd)},
	})
	require.NoError(t, err, "starting the peer process")
	var once sync.Once
	var result error
	stop = func() error {
		once.Do(func() {
			var ws syscall.WaitStatus
			if reaped, _ := wait4(pid, &ws, syscall.WNOHANG); reaped == pid {
				if !ws.Exited() || ws.ExitStatus() != 0 {
					result = fmt.Errorf("the peer process (%s) failed: %v", action, ws)
				}
				return
			}
			syscall.Kill(pid, syscall.SIGKILL)
			wait4(pid, &ws, 0)
		})
		return result
	}
	t.Cleanup(func() { stop() })
	return stop
}

// wait4 is syscall.Wait4 retried on EINTR.
func wait4(pid int, ws *syscall.WaitStatus, options int) (int, error) {
	for {
		wpid, err := syscall.Wait4(pid, ws, options, nil)
		if err != syscall.EINTR {
			return wpid, err
		}
	}
}

// stallWatch runs the garbage collector over and over in one goroutine,
// so that the runtime keeps stopping the world, and in another ticks every
// heartbeat and keeps the longest time between two ticks: how long every
// goroutine was held up at worst.
type stallWatch struct {
	stop  chan struct{}
	wg    sync.WaitGroup
	gap   time.Duration // the longest time between two ticks
	maxGC time.Duration // the longest runtime.GC call
	gcs   int           // how many collections ran
}

// watchStalls starts a stallWatch; Stop ends it.
func watchStalls() *stallWatch {
	w := &stallWatch{stop: make(chan struct{})}
	w.wg.Add(2)
	go func() {
		defer w.wg.Done()
		for {
			select {
			case <-w.stop:
				return
			default:
			}
			start := time.Now()
			runtime.GC()
			w.maxGC = max(w.maxGC, time.Since(start))
			w.gcs++
		}
	}()
	ready := make(chan struct{})
	go func() {
		defer w.wg.Done()
		tick := time.NewTicker(heartbeat)
		defer tick.Stop()
		last := time.Now()
		close(ready)
		for {
			select {
			case <-w.stop:
				w.gap = max(w.gap, time.Since(last))
				return
			case <-tick.C:
				now := time.Now()
				w.gap = max(w.gap, now.Sub(last))
				last = now
			}
		}
	}()
	<-ready
	return w
}

// Stop ends the watch and waits for its goroutines.
func (w *stallWatch) Stop() {
	close(w.stop)
	w.wg.Wait()
}

// String reports what the watch saw.
func (w *stallWatch) String() string {
	return fmt.Sprintf("largest heartbeat gap %v, %d collections, longest %v",
		w.gap.Round(time.Millisecond), w.gcs, w.maxGC.Round(time.Millisecond))
}

// dupScene is one data path made to wait: the socket under test, the
// socket the peer process acts on to end the wait, and the call.
type dupScene struct {
	s      *Socket
	peer   *Socket
	action string // peerSend, peerDrain, peerAccept or peerConnect
	// ready, when not nil, is WaitReadable or WaitWritable on s: it
	// checks that the call would wait, and leaves s in use (joined to
	// the poller) before its description is made blocking.
	ready func(ctx context.Context) error
	// call makes the call; it returns an error, too, when a completed
	// call did not do what the peer made possible.
	call func() error
	// againOnTimeout: in timeout mode, failing at once with EAGAIN is
	// also on time (Connect to a full AF_UNIX backlog, as Python does).
	againOnTimeout bool
}

// blockingDupCases are the data paths of issue 21, each with the scene it
// waits in.
var blockingDupCases = []struct {
	name  string
	setup func(t *testing.T) dupScene
}{
	{"Recv", func(t *testing.T) dupScene {
		return recvScene(t, func(s *Socket, buf []byte) (int, error) { return s.Recv(buf, 0) })
	}},
	{"Recvfrom", func(t *testing.T) dupScene {
		return recvScene(t, func(s *Socket, buf []byte) (int, error) {
			n, _, err := s.Recvfrom(buf, 0)
			return n, err
		})
	}},
	{"Recvmsg", func(t *testing.T) dupScene {
		return recvScene(t, func(s *Socket, buf []byte) (int, error) {
			m, err := s.Recvmsg(buf, nil, 0)
			return m.N, err
		})
	}},
	{"Recvmmsg", func(t *testing.T) dupScene {
		return recvScene(t, func(s *Socket, buf []byte) (int, error) {
			msgs := []Mmsg{{Buffers: [][]byte{buf}}}
			n, err := s.Recvmmsg(msgs, 0)
			if err != nil {
				return 0, err
			}
			if n != 1 {
				return 0, fmt.Errorf("Recvmmsg got %d messages, want 1", n)
			}
			return msgs[0].N, nil
		})
	}},
	{"Send", func(t *testing.T) dupScene {
		return sendScene(t, 4096, func(s *Socket, b []byte) (int, error) { return s.Send(b, 0) })
	}},
	{"Sendto", func(t *testing.T) dupScene {
		return sendScene(t, 4096, func(s *Socket, b []byte) (int, error) { return s.Sendto(b, 0, Addr{}) })
	}},
	{"Sendmsg", func(t *testing.T) dupScene {
		return sendScene(t, 4096, func(s *Socket, b []byte) (int, error) { return s.Sendmsg(b, nil, 0, Addr{}) })
	}},
	{"Sendmmsg", func(t *testing.T) dupScene {
		return sendScene(t, 4096, func(s *Socket, b []byte) (int, error) {
			msgs := []Mmsg{{Buffers: [][]byte{b}}}
			n, err := s.Sendmmsg(msgs, 0)
			if err != nil {
				return 0, err
			}
			if n != 1 {
				return 0, fmt.Errorf("Sendmmsg sent %d messages, want 1", n)
			}
			return msgs[0].N, nil
		})
	}},
	{"Sendall", func(t *testing.T) dupScene {
		// Two buffers' worth, so that it has to wait more than once.
		return sendScene(t, 2*dupSendBuffer, func(s *Socket, b []byte) (int, error) { return s.Sendall(b, 0) })
	}},
	{"Accept", func(t *testing.T) dupScene {
		l, _ := listenTCP(t, AF_INET)
		return dupScene{s: l, peer: l, action: peerConnect, ready: l.WaitReadable, call: func() error {
			c, _, err := l.Accept()
			if err == nil {
				c.Close()
			}
			return err
		}}
	}},
	{"Connect/tcp", connectTCPScene},
	{"Connect/unix", connectUnixScene},
}

// recvScene is a UDP receiver with nothing to receive; the peer process
// sends peerMessage from the socket connected to it.
func recvScene(t *testing.T, recv func(s *Socket, buf []byte) (int, error)) dupScene {
	a, b := udpPair(t, AF_INET)
	return dupScene{s: b, peer: a, action: peerSend, ready: b.WaitReadable, call: func() error {
		buf := make([]byte, 64)
		n, err := recv(b, buf)
		if err == nil && string(buf[:n]) != peerMessage {
			return fmt.Errorf("received %q, want %q", buf[:n], peerMessage)
		}
		return err
	}}
}

// dupSendBuffer is the SO_SNDBUF of the senders of sendScene: small, so
// that filling it is quick.
const dupSendBuffer = 8 << 10

// sendScene is an AF_UNIX stream sender whose send buffer is full; the
// peer process drains the other end. send sends n bytes, at most the
// 16 KB above which today's engine makes the call with Syscall rather than
// RawSyscall6, so the test covers the path that stalled.
func sendScene(t *testing.T, n int, send func(s *Socket, b []byte) (int, error)) dupScene {
	a, b := socketpair(t, SOCK_STREAM)
	require.NoError(t, a.SetSendBuffer(dupSendBuffer))
	fillSendBuffer(t, a)
	return dupScene{s: a, peer: b, action: peerDrain, ready: a.WaitWritable, call: func() error {
		sent, err := send(a, make([]byte, n))
		if err == nil && sent != n {
			return fmt.Errorf("sent %d bytes, want %d", sent, n)
		}
		return err
	}}
}

// connectTCPScene is a client connecting to a TCP listener whose accept
// queue is full: Linux drops the SYN, and the client sends it again after
// 1 s, 3 s, ... (the initial retransmission timeout). The peer process
// accepts the queued connection, making room for the retransmitted SYN.
func connectTCPScene(t *testing.T) dupScene {
	l, addr := fullListener(t)
	// A listener's TCP_INFO has the queue's length in tcpi_unacked and
	// its backlog in tcpi_sacked.
	require.Eventually(t, func() bool {
		info, err := unix.GetsockoptTCPInfo(l.Fileno(), unix.SOL_TCP, unix.TCP_INFO)
		return err == nil && info.Unacked > info.Sacked
	}, hangGuard, time.Millisecond, "the accept queue never filled")
	c := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	return dupScene{s: c, peer: l, action: peerAccept, call: func() error { return c.Connect(addr) }}
}

// connectUnixScene is a client connecting to an AF_UNIX stream listener
// whose backlog is full, where connect(2) on a blocking description sleeps
// in the kernel until there is room. The peer process accepts, making
// room. In timeout mode Connect documents EAGAIN at once for a full
// backlog, as Python and net do; a timeout is on time too.
func connectUnixScene(t *testing.T) dupScene {
	l := newTestSocket(t, AF_UNIX, SOCK_STREAM, 0)
	require.NoError(t, l.Bind(autobindAddr(t)))
	require.NoError(t, l.Listen(0))
	addr, err := l.Getsockname()
	require.NoError(t, err)
	full := false
	for range 16 {
		filler := newTestSocket(t, AF_UNIX, SOCK_STREAM, 0)
		filler.SetBlocking(false)
		if err := filler.Connect(addr); errors.Is(err, unix.EAGAIN) {
			full = true
			break
		}
	}
	require.True(t, full, "the backlog never filled")
	c := newTestSocket(t, AF_UNIX, SOCK_STREAM, 0)
	return dupScene{s: c, peer: l, action: peerAccept, againOnTimeout: true, call: func() error { return c.Connect(addr) }}
}

// makeBlocking clears O_NONBLOCK on the open file description of s
// through a duplicate made with Dup, as another holder of the socket
// would, and closes the duplicate: the flag stays cleared.
func makeBlocking(t *testing.T, s *Socket) {
	t.Helper()
	d, err := s.Dup()
	require.NoError(t, err)
	require.NoError(t, unix.SetNonblock(d.Fileno(), false))
	require.NoError(t, d.Close())
	flags, err := unix.FcntlInt(uintptr(s.Fileno()), unix.F_GETFL, 0)
	require.NoError(t, err)
	require.Zero(t, flags&unix.O_NONBLOCK, "the description is blocking")
}

// TestBlockingDupNoStall is issue 21's first "must show": with O_NONBLOCK
// cleared on a duplicate of the descriptor, every data path, in blocking
// and in timeout mode, while another goroutine runs the garbage collector
// over and over, holds no goroutine up longer than 200 ms; a timeout-mode
// call times out on time (after its 300 ms, within a second more, long
// before the peer acts), and a blocking-mode call completes once the peer
// acts, 500 ms in. Before each call but Connect's, on a new socket, the
// socket has waited in the poller once, as one in use has. It fails if a
// data call waits in the kernel (the whole process then stops at the next
// stop-the-world) or waits for the kernel instead of its timeout.
func TestBlockingDupNoStall(t *testing.T) {
	guardLeaks(t)
	for _, c := range blockingDupCases {
		for _, m := range dupModes {
			t.Run(c.name+"/"+m.name, func(t *testing.T) {
				retryStalled(t, func(t *testing.T, last bool) bool {
					sc := c.setup(t)
					sc.s.SetTimeout(m.timeout)
					if sc.ready != nil {
						ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
						err := sc.ready(ctx)
						cancel()
						require.ErrorIs(t, err, os.ErrDeadlineExceeded, "the call would not wait")
					}
					makeBlocking(t, sc.s)
					return runStalled(t, sc, m.timeout, last)
				})
			})
		}
	}
}

// TestBlockingDupBeforeFirstUse: a socket whose description a duplicate
// made blocking right after it was created, before any call on it, still
// works when it is first used: a Recv in timeout mode times out on time,
// and one in blocking mode receives what the peer sends later, with no
// goroutine held up. It fails if the socket's first wait takes the
// description's state as it finds it (os.NewFile joins the poller only a
// non-blocking descriptor).
func TestBlockingDupBeforeFirstUse(t *testing.T) {
	guardLeaks(t)
	for _, m := range dupModes {
		t.Run(m.name, func(t *testing.T) {
			retryStalled(t, func(t *testing.T, last bool) bool {
				return firstUse(t, m.timeout, last)
			})
		})
	}
}

// firstUse is one try of TestBlockingDupBeforeFirstUse.
func firstUse(t *testing.T, timeout time.Duration, last bool) bool {
	s := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	fd, err := DupFD(s.Fileno())
	require.NoError(t, err)
	require.NoError(t, unix.SetNonblock(fd, false))
	require.NoError(t, CloseFD(fd))

	require.NoError(t, s.Bind(loopback(t, AF_INET)))
	to, err := s.Getsockname()
	require.NoError(t, err)
	sender := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	require.NoError(t, sender.Connect(to))
	s.SetTimeout(timeout)
	return runStalled(t, dupScene{s: s, peer: sender, action: peerSend, call: func() error {
		buf := make([]byte, 64)
		n, err := s.Recv(buf, 0)
		if err == nil && string(buf[:n]) != peerMessage {
			return fmt.Errorf("received %q, want %q", buf[:n], peerMessage)
		}
		return err
	}}, timeout, last)
}

// stallTries is how many times retryStalled makes a scene whose only
// failure was a goroutine held up. A data call blocked in the kernel holds
// the process up every time, until the peer acts; a machine loaded by
// other test processes (go test runs packages side by side) can hold it
// up once, for a scheduling delay, and the next try shows which it was.
const stallTries = 3

// retryStalled runs try, in a subtest of its own each time, until it
// reports no stall or the last try has run; the last try asserts the
// stall as a failure.
func retryStalled(t *testing.T, try func(t *testing.T, last bool) (stalled bool)) {
	for i := 1; i <= stallTries; i++ {
		stalled := false
		t.Run(fmt.Sprintf("try%d", i), func(t *testing.T) { stalled = try(t, i == stallTries) })
		if !stalled {
			return
		}
	}
}

// runStalled starts the peer process and the stall watch, makes sc's
// call, and checks the stall, the outcome and, in timeout mode, the time
// it took. It reports a stall instead of failing on it unless last is
// set (see retryStalled).
func runStalled(t *testing.T, sc dupScene, timeout time.Duration, last bool) (stalled bool) {
	t.Helper()
	delay := peerDelay
	if timeout > 0 {
		delay = rescueDelay
	}
	stopPeer := startPeer(t, sc.action, sc.peer, delay)
	w := watchStalls()
	start := time.Now()
	err := sc.call()
	elapsed := time.Since(start)
	w.Stop()
	peerErr := stopPeer()
	t.Logf("returned after %v with %v; %v", elapsed.Round(time.Millisecond), err, w)

	assert.NoError(t, peerErr)
	if w.gap >= stallLimit && !last {
		t.Logf("goroutines were held up %v: trying again, for a loaded machine can do that once", w.gap)
		stalled = true
	} else {
		assert.Less(t, w.gap, stallLimit,
			"goroutines were held up: %v; the call returned after %v", w, elapsed.Round(time.Millisecond))
	}
	if timeout < 0 {
		assert.NoError(t, err, "a blocking-mode call completes when the peer acts (after %v); it returned after %v",
			peerDelay, elapsed.Round(time.Millisecond))
		return stalled
	}
	if sc.againOnTimeout && errors.Is(err, unix.EAGAIN) {
		assert.Less(t, elapsed, timeout+lateBound, "EAGAIN came late")
		return stalled
	}
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded,
		"a timeout-mode call times out; it returned after %v (the peer acts after %v)",
		elapsed.Round(time.Millisecond), rescueDelay)
	assert.GreaterOrEqual(t, elapsed, timeout, "timed out early")
	assert.Less(t, elapsed, timeout+lateBound, "timed out late: it waited for the peer, not its timeout")
	return stalled
}

// guardLeaks fails t if, once its subtests and their cleanups are done,
// the process has more descriptors or goroutines than when it began:
// every socket, duplicate, peer process and watch must have been closed,
// reaped or stopped.
func guardLeaks(t *testing.T) {
	t.Helper()
	fds, goroutines := countFDs(), runtime.NumGoroutine()
	t.Cleanup(func() {
		// A loop of its own: assert.Eventually polls from a goroutine,
		// which would count.
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if countFDs() <= fds && runtime.NumGoroutine() <= goroutines {
				break
			}
		}
		assert.LessOrEqual(t, countFDs(), fds, "descriptors leaked:\n%s", listFDs())
		assert.LessOrEqual(t, runtime.NumGoroutine(), goroutines, "goroutines leaked")
	})
}
