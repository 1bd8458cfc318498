package main

import (
	"github.com/bsdsock/socket"
)

func init() { register(13, "Calls: fileno and makefile", files) }

// files shows the descriptor under a socket and the buffered file Python's
// makefile returns.
func files() error {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer a.Close()
	defer b.Close()
	say("fileno: the sockets of a socketpair are descriptors %d and %d, small integers the kernel", a.Fileno(), b.Fileno())
	say("hands out; select, poll and other processes know a socket by it")

	f, err := b.Makefile("r", 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := a.Sendall([]byte("one line\nanother\n"), 0); err != nil {
		return err
	}
	for range 2 {
		line, err := f.Readline()
		if err != nil {
			return err
		}
		say("makefile(\"r\"): readline -> %q, a buffered file over the same socket", line)
	}
	f.Close()
	b.Close()
	say("after close, fileno -> %d, as Python's", b.Fileno())
	return nil
}
