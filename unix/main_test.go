package unix_test

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestMain fails the run if the tests leave descriptors or goroutines
// behind (every socket, pipe and passed descriptor a test opens must be
// closed by it), and names the descriptors that were left open.
func TestMain(m *testing.M) {
	before, goroutines := baseline()
	code := m.Run()
	// The fuzzing engine leaves goroutines of its own behind.
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		os.Exit(code)
	}
	if code == 0 {
		// Closing goroutines and deferred closes get a moment.
		deadline := time.Now().Add(time.Second)
		for leaked(before, goroutines) != "" && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if msg := leaked(before, goroutines); msg != "" {
			fmt.Fprintln(os.Stderr, msg)
			code = 1
		}
	}
	os.Exit(code)
}

// baseline returns the descriptors and the number of goroutines there are
// before any test, once the runtime poller has opened the descriptors it
// keeps (on its first use: a pipe's).
func baseline() (map[string]bool, int) {
	if r, w, err := os.Pipe(); err == nil {
		r.Close()
		w.Close()
	}
	return openFDs(), runtime.NumGoroutine()
}

// leaked describes the descriptors open now that were not in before (with
// what they are), and the goroutines beyond the baseline; "" when none.
func leaked(before map[string]bool, goroutines int) string {
	var b strings.Builder
	now := openFDs()
	names := make([]string, 0, len(now))
	for name := range now {
		if !before[name] {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		target, _ := os.Readlink("/proc/self/fd/" + name)
		fmt.Fprintf(&b, "descriptor leak: %s -> %s\n", name, target)
	}
	if n := runtime.NumGoroutine(); n > goroutines {
		stacks := make([]byte, 1<<20)
		fmt.Fprintf(&b, "goroutine leak: %d before the tests, %d after:\n%s", goroutines, n, stacks[:runtime.Stack(stacks, true)])
	}
	return b.String()
}

// openFDs returns the numbers of this process's open descriptors.
func openFDs() map[string]bool {
	ents, _ := os.ReadDir("/proc/self/fd")
	fds := make(map[string]bool, len(ents))
	for _, e := range ents {
		fds[e.Name()] = true
	}
	return fds
}

// countFDs counts this process's open descriptors.
func countFDs() int { return len(openFDs()) }
