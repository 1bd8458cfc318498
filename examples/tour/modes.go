package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

func init() {
	register(10, "Calls: setblocking, settimeout and gettimeout: Python's three modes", modes)
}

// modes shows what a call that would wait does in each of Python's three
// modes, and a non-blocking connect finished by hand.
func modes() error {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer a.Close()
	defer b.Close()
	buf := make([]byte, 16)
	say("gettimeout (Timeout) of a new socket: %v: blocking mode", pyTimeout(b.Timeout()))

	b.SetBlocking(false)
	_, err = b.Recv(buf, 0)
	say("setblocking(False): gettimeout -> %v; recv(2) with nothing to read fails at once, EAGAIN=%v",
		pyTimeout(b.Timeout()), errors.Is(err, unix.EAGAIN))

	b.SetTimeout(50 * time.Millisecond)
	_, err = b.Recv(buf, 0)
	var timeout interface{ Timeout() bool }
	say("settimeout(0.05): gettimeout -> %v; recv(2) waits 50ms then fails: Timeout()=%v, os.ErrDeadlineExceeded=%v",
		pyTimeout(b.Timeout()), errors.As(err, &timeout) && timeout.Timeout(), errors.Is(err, os.ErrDeadlineExceeded))

	b.SetBlocking(true)
	go func() {
		time.Sleep(20 * time.Millisecond)
		a.Send([]byte("worth the wait"), 0)
	}()
	n, err := b.Recv(buf, 0)
	if err != nil {
		return err
	}
	say("setblocking(True): gettimeout -> %v; recv(2) parked its goroutine until %q arrived", pyTimeout(b.Timeout()), buf[:n])
	return connectByHand()
}

// connectByHand is a non-blocking connect: EINPROGRESS, a wait for
// writability, then SO_ERROR says how the handshake ended.
func connectByHand() error {
	srv, addr, err := listen(socket.AF_INET, socket.SOCK_STREAM)
	if err != nil {
		return err
	}
	defer srv.Close()
	c, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetBlocking(false)
	err = c.Connect(addr)
	say("non-blocking connect(2): EINPROGRESS=%v, the handshake goes on without us", errors.Is(err, unix.EINPROGRESS))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.WaitWritable(ctx); err != nil {
		return err
	}
	soErr, err := c.TakeError()
	if err != nil {
		return err
	}
	say("WaitWritable (poll for POLLOUT) returned; getsockopt SO_ERROR = %v: connected", soErr)
	return nil
}

// pyTimeout writes a timeout as Python's gettimeout shows it: None for
// blocking mode (Timeout's negative NoTimeout), else seconds.
func pyTimeout(d time.Duration) string {
	if d < 0 {
		return "None (NoTimeout)"
	}
	return fmt.Sprint(d.Seconds())
}
