//go:build load && linux

// The load tests hold more goroutines than the race detector allows (8,128)
// and take seconds, so they build only with -tags load; .ci/run runs them
// in a step of their own, without -race:
//
//	go test -tags load -run Load -count=1 .

package socket

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	loadConns = 10000    // connections held at once
	loadBytes = 64 << 10 // echoed by each, verified by the client's SHA-256
	// loadPairs socketpairs give 10,000 ends, each with a goroutine parked
	// in Recv: 10,000 descriptors, half the open-file limit of 20,000, the
	// rest being for the test process's own.
	loadPairs   = 5000
	maxThreads  = 50 // the server's OS threads at peak must stay under this
	loadTimeout = 3 * time.Minute
)

// threadWatch samples the process's OS threads (Threads: in
// /proc/self/status) every few milliseconds until stopped, and keeps the
// peak.
type threadWatch struct {
	peak atomic.Int64
	stop chan struct{}
	done chan struct{}
}

func watchThreads() *threadWatch {
	w := &threadWatch{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for {
			if n := int64(osThreads()); n > w.peak.Load() {
				w.peak.Store(n)
			}
			select {
			case <-w.stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return w
}

// Stop ends the sampling and returns the peak.
func (w *threadWatch) Stop() int {
	close(w.stop)
	<-w.done
	return int(w.peak.Load())
}

func osThreads() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Threads:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	return 0
}

// heapAndStack is the memory the Go runtime holds for the heap in use and
// for goroutine stacks, after a collection.
func heapAndStack() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse
}

// perConn is the growth of heap and stacks since before, per connection.
func perConn(before uint64, n int) float64 {
	return float64(int64(heapAndStack())-int64(before)) / float64(n)
}

// buildLoadClient builds internal/loadclient into a temporary directory.
func buildLoadClient(t *testing.T) string { return buildCommand(t, "./internal/loadclient") }

// loadBaseline is the descriptors and goroutines the process has before a
// load test, with the runtime poller already started.
func loadBaseline() (fds, goroutines int) {
	runtime.GC()
	return countFDs(), runtime.NumGoroutine()
}

// assertNoLeaks waits a little for closing goroutines, then requires the
// counts of loadBaseline.
func assertNoLeaks(t *testing.T, fds, goroutines int) {
	t.Helper()
	// A loop of its own: assert.Eventually polls from a goroutine, which
	// would count.
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if countFDs() <= fds && runtime.NumGoroutine() <= goroutines {
			break
		}
	}
	leakedFDs, leakedG := max(0, countFDs()-fds), max(0, runtime.NumGoroutine()-goroutines)
	assert.Zero(t, leakedFDs, "descriptors leaked:\n%s", listFDs())
	assert.Zero(t, leakedG, "goroutines leaked")
	t.Logf("leaked: %d descriptors, %d goroutines", leakedFDs, leakedG)
}

// TestLoadEcho10k: a server on this library, one goroutine per connection
// in blocking mode, holds 10,000 TCP connections from a second process at
// once, and each echoes 64 KiB that the client verifies by hash. The
// server's OS threads stay under 50 (goroutines park in the poller, not
// in system calls), and nothing leaks.
func TestLoadEcho10k(t *testing.T) {
	if testing.Short() {
		t.Skip("load test: not in -short")
	}
	client := buildLoadClient(t)
	fds, goroutines := loadBaseline()
	mem := heapAndStack()
	threads := watchThreads()

	l := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	require.NoError(t, l.Bind(loopback(t, AF_INET)))
	require.NoError(t, l.Listen(SOMAXCONN))
	addr, err := l.Getsockname()
	require.NoError(t, err)

	var (
		conns   sync.WaitGroup // one per accepted connection, done when closed
		mu      sync.Mutex
		open    []*Socket
		echoed  atomic.Int64
		srvErrs = make(chan error, loadConns)
	)
	serve := func(c *Socket) {
		defer conns.Done()
		defer c.Close()
		buf := make([]byte, 16<<10)
		for {
			n, err := c.Recv(buf, 0)
			if err != nil {
				srvErrs <- err
				return
			}
			if n == 0 {
				return // the client's half close: all echoed
			}
			if _, err := c.Sendall(buf[:n], 0); err != nil {
				srvErrs <- err
				return
			}
			echoed.Add(int64(n))
		}
	}
	acceptDone := make(chan error, 1)
	go func() {
		for range loadConns {
			c, _, err := l.Accept()
			if err != nil {
				acceptDone <- err
				return
			}
			conns.Add(1)
			mu.Lock()
			open = append(open, c)
			mu.Unlock()
			go serve(c)
		}
		acceptDone <- nil
	}()

	cmd := exec.Command(client, "-addr", addr.String(), "-n", strconv.Itoa(loadConns), "-size", strconv.Itoa(loadBytes))
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	killed := time.AfterFunc(loadTimeout, func() { cmd.Process.Kill(); l.Close() })
	defer killed.Stop()
	lines := bufio.NewReader(stdout)

	line, err := lines.ReadString('\n')
	require.NoError(t, err, "the client: %s", stderr.String())
	require.Equal(t, fmt.Sprintf("connected %d\n", loadConns), line)
	require.NoError(t, <-acceptDone)

	// Peak: every connection open, each server goroutine parked in Recv.
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range open {
			if !c.fd.Parked(false) {
				return false
			}
		}
		return true
	}, time.Minute, 10*time.Millisecond, "every server goroutine parks in Recv")
	t.Logf("connections held at once: %d (fds in this process: %d)", loadConns, countFDs())
	t.Logf("memory per connection, socket + goroutine parked in Recv + its 16 KiB buffer: %.0f B (heap + stacks)", perConn(mem, loadConns))
	t.Logf("OS threads with %d connections parked: %d", loadConns, osThreads())

	start := time.Now()
	_, err = io.WriteString(stdin, "go\n")
	require.NoError(t, err)
	line, err = lines.ReadString('\n')
	require.NoError(t, err, "the client: %s", stderr.String())
	require.NoError(t, cmd.Wait(), "the client: %s", stderr.String())
	conns.Wait()
	elapsed := time.Since(start)
	close(srvErrs)
	for err := range srvErrs {
		require.NoError(t, err, "a server connection failed")
	}

	want := fmt.Sprintf("ok %d %d\n", loadConns, loadConns*loadBytes)
	assert.Equal(t, want, line, "every echo verified by the client")
	assert.EqualValues(t, loadConns*loadBytes, echoed.Load(), "bytes the server echoed")
	peak := threads.Stop()
	assert.Less(t, peak, maxThreads, "OS threads at peak")
	t.Logf("bytes verified: %d echoed by the server and hashed by the client in %v", echoed.Load(), elapsed.Round(time.Millisecond))
	t.Logf("OS threads at peak: %d (limit %d)", peak, maxThreads)

	require.NoError(t, l.Close())
	mu.Lock()
	open = nil
	mu.Unlock()
	assertNoLeaks(t, fds, goroutines)
}

// TestLoadParkedRecv: 10,000 goroutines parked in Recv at once, one on
// each end of 5,000 socketpairs (10,000 descriptors: the open-file limit
// of 20,000 leaves no room for 10,000 pairs), hold few OS threads; each
// then gets the byte meant for it, and nothing leaks.
func TestLoadParkedRecv(t *testing.T) {
	if testing.Short() {
		t.Skip("load test: not in -short")
	}
	fds, goroutines := loadBaseline()
	mem := heapAndStack()
	threads := watchThreads()

	ends := make([]*Socket, 0, 2*loadPairs)
	defer func() {
		for _, s := range ends {
			s.Close()
		}
	}()
	for range loadPairs {
		a, b, err := Socketpair(AF_UNIX, SOCK_STREAM, 0)
		require.NoError(t, err)
		ends = append(ends, a, b)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(ends))
	for i, s := range ends {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 16)
			n, err := s.Recv(buf, 0)
			switch {
			case err != nil:
				errs <- err
			case n != 1 || buf[0] != byte(i):
				errs <- fmt.Errorf("end %d received %q", i, buf[:n])
			}
		}()
	}
	require.Eventually(t, func() bool {
		for _, s := range ends {
			if !s.fd.Parked(false) {
				return false
			}
		}
		return true
	}, time.Minute, 10*time.Millisecond, "every goroutine parks in Recv")
	parked := osThreads()
	t.Logf("goroutines parked in Recv at once: %d on %d socketpairs", len(ends), loadPairs)
	t.Logf("memory per parked Recv, socket + goroutine + 16 B buffer: %.0f B (heap + stacks)", perConn(mem, len(ends)))
	t.Logf("OS threads with %d goroutines parked: %d", len(ends), parked)

	// Each end's byte is sent by its peer: end 2k+1's peer is 2k.
	for i, s := range ends {
		_, err := s.Send([]byte{byte(i ^ 1)}, 0)
		require.NoError(t, err)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	peak := threads.Stop()
	assert.Less(t, peak, maxThreads, "OS threads at peak")
	t.Logf("OS threads at peak: %d (limit %d)", peak, maxThreads)

	var closeErr error
	for _, s := range ends {
		closeErr = errors.Join(closeErr, s.Close())
	}
	require.NoError(t, closeErr)
	ends = nil
	assertNoLeaks(t, fds, goroutines)
}
