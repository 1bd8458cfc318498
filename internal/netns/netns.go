//go:build linux

// Package netns runs code inside a named network namespace (one made with
// ip netns add, under /run/netns): the tests' namespaces (netnstest) and
// the tour's chapter on the network layer share it.
package netns

import (
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

// Run runs fn on a thread moved into the network namespace name, and
// moves the thread back after: sockets fn opens belong to the namespace
// for their whole life, wherever they are used later. It returns fn's
// error, or the error that kept fn from running.
func Run(name string, fn func() error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // a thread that cannot go back dies with its goroutine
		self, err := os.Open("/proc/thread-self/ns/net")
		if err != nil {
			errc <- err
			return
		}
		defer self.Close()
		target, err := os.Open("/run/netns/" + name)
		if err != nil {
			errc <- err
			return
		}
		defer target.Close()
		if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
			errc <- err
			return
		}
		ferr := fn()
		if err := unix.Setns(int(self.Fd()), unix.CLONE_NEWNET); err != nil {
			errc <- err
			return
		}
		runtime.UnlockOSThread()
		errc <- ferr
	}()
	return <-errc
}
