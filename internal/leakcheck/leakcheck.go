// Package leakcheck is the TestMain of every package in the module: it
// fails a run whose tests leave descriptors or goroutines behind, and names
// what was left (each descriptor with what it is, each goroutine's stack).
// Only test files import it.
package leakcheck

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Run runs the tests and returns their exit code, 1 if they passed but
// leaked; call it from TestMain, after which os.Exit(code). Descriptors the
// runtime opens once and keeps (the poller's epoll and eventfd, os/signal's
// watcher) are opened before the baseline. Under -fuzz it checks nothing:
// the fuzzing engine keeps goroutines of its own.
func Run(m *testing.M) int {
	if r, w, err := os.Pipe(); err == nil {
		r.Close()
		w.Close()
	}
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR2)
	signal.Stop(c)

	before, goroutines := openFDs(), runtime.NumGoroutine()
	code := m.Run()
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		return code
	}
	if code == 0 {
		// Closing goroutines and deferred closes get a moment.
		deadline := time.Now().Add(time.Second)
		for Leaked(before, goroutines) != "" && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if msg := Leaked(before, goroutines); msg != "" {
			fmt.Fprintln(os.Stderr, msg)
			code = 1
		}
	}
	return code
}

// Leaked describes the descriptors open now that were not in before (with
// what they are), and the goroutines beyond the baseline; "" when none.
func Leaked(before map[string]bool, goroutines int) string {
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

// CountFDs counts this process's open descriptors.
func CountFDs() int { return len(openFDs()) }

// ListFDs lists this process's open descriptors, one per line with what
// each is, for a failure message.
func ListFDs() string {
	var b strings.Builder
	names := make([]string, 0)
	for name := range openFDs() {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		target, _ := os.Readlink("/proc/self/fd/" + name)
		fmt.Fprintf(&b, "  %s -> %s\n", name, target)
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
