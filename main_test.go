package socket

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain fails the run if the tests leave descriptors or goroutines
// behind: every socket a test opens must be closed by it.
func TestMain(m *testing.M) {
	// The runtime poller opens its epoll and eventfd descriptors on first
	// use and keeps them: start it before taking the baseline.
	if r, w, err := os.Pipe(); err == nil {
		r.Close()
		w.Close()
	}
	// So does os/signal its watcher, on the first Notify (fault_test.go).
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR2)
	signal.Stop(c)
	fds, goroutines := countFDs(), runtime.NumGoroutine()
	code := m.Run()
	// The fuzzing engine leaves goroutines of its own behind.
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		os.Exit(code)
	}
	if code == 0 {
		if err := checkLeaks(fds, goroutines); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	os.Exit(code)
}

// checkLeaks waits briefly for closing goroutines to finish, then compares
// the counts with those taken before the tests.
func checkLeaks(fds, goroutines int) error {
	var nowFDs, nowG int
	for i := 0; i < 50; i++ {
		nowFDs, nowG = countFDs(), runtime.NumGoroutine()
		if nowFDs <= fds && nowG <= goroutines {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	if nowFDs > fds {
		return fmt.Errorf("descriptor leak: %d open before the tests, %d after:\n%s", fds, nowFDs, listFDs())
	}
	buf := make([]byte, 1<<20)
	return fmt.Errorf("goroutine leak: %d before the tests, %d after:\n%s", goroutines, nowG, buf[:runtime.Stack(buf, true)])
}

func countFDs() int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return 0
	}
	return len(ents)
}

func listFDs() string {
	ents, _ := os.ReadDir("/proc/self/fd")
	var b strings.Builder
	for _, e := range ents {
		target, _ := os.Readlink("/proc/self/fd/" + e.Name())
		fmt.Fprintf(&b, "  %s -> %s\n", e.Name(), target)
	}
	return b.String()
}
