package main

import (
	"errors"
	"os"
	"time"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

func init() { register(20, "Python's three modes, connect_ex, sendall and makefile", modes) }

func modes() error {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer a.Close()
	defer b.Close()
	buf := make([]byte, 16)

	b.SetBlocking(false)
	_, err = b.Recv(buf, 0)
	say("non-blocking: recv(2) with nothing to read -> EAGAIN: %v", errors.Is(err, unix.EAGAIN))

	b.SetTimeout(50 * time.Millisecond)
	_, err = b.Recv(buf, 0)
	var timeout interface{ Timeout() bool }
	say("timeout mode (50ms): %v (Timeout()=%v, os.ErrDeadlineExceeded=%v)",
		err, errors.As(err, &timeout) && timeout.Timeout(), errors.Is(err, os.ErrDeadlineExceeded))

	b.SetBlocking(true)
	go func() {
		time.Sleep(20 * time.Millisecond)
		a.Send([]byte("worth the wait"), 0)
	}()
	n, err := b.Recv(buf, 0)
	if err != nil {
		return err
	}
	say("blocking: recv(2) parked the goroutine until %q arrived", buf[:n])

	// connect_ex: the errno as a value, as in Python.
	probe, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer probe.Close()
	closed, err := socket.InetAddr("127.0.0.1", 1)
	if err != nil {
		return err
	}
	say("connect_ex to a closed port: errno %d (%v)", int(probe.ConnectEx(closed)), probe.ConnectEx(closed))

	// makefile: line-oriented reading over the same socket.
	f, err := b.Makefile("r", 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := a.Sendall([]byte("one line\nanother\n"), 0); err != nil {
		return err
	}
	for i := 0; i < 2; i++ {
		line, err := f.Readline()
		if err != nil {
			return err
		}
		say("makefile: readline -> %q", line)
	}
	return nil
}
