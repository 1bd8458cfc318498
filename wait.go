package socket

import (
	"context"
	"net"
	"sync"
	"time"

	"github.com/bsdsock/socket/internal/sockfd"
	"golang.org/x/sys/unix"
)

// WaitReadable waits until a receive on the socket (or an Accept on a
// listening one) would not block, without receiving anything: poll(2) asks,
// the runtime poller waits, so no OS thread is held while it waits. An
// error or a hang-up on the socket counts as readable, as in select(2): the
// receive then reports it.
//
// It is what code written for non-blocking sockets waits with, so it waits
// in every mode: blocking and non-blocking modes wait until the socket is
// ready; timeout mode waits at most the timeout, then fails with an error
// satisfying errors.Is(err, os.ErrDeadlineExceeded). ctx, the read deadline
// and Close end it as they end a Recv. Python's counterpart is
// select.select([s], [], [], s.gettimeout()); for several sockets see
// Select.
func (s *Socket) WaitReadable(ctx context.Context) error {
	if err := s.checkContext("waitreadable", ctx); err != nil {
		return err
	}
	return s.waitReady(ctx, "waitreadable", s.waitTimeout(), false)
}

// WaitWritable waits until a send on the socket would not block, without
// sending anything, with poll(2) and the runtime poller as WaitReadable
// does. It also tells when a connection started by a non-blocking Connect
// (EINPROGRESS) has been made or has failed: then read SO_ERROR
// (TakeError) to learn which. Modes are WaitReadable's; ctx, the write
// deadline and Close end it.
func (s *Socket) WaitWritable(ctx context.Context) error {
	if err := s.checkContext("waitwritable", ctx); err != nil {
		return err
	}
	return s.waitReady(ctx, "waitwritable", s.waitTimeout(), true)
}

// waitTimeout is how long a readiness wait may take in the socket's mode:
// non-blocking code waits for readiness, so non-blocking mode waits too.
func (s *Socket) waitTimeout() time.Duration {
	if d := s.timeoutValue(); d > 0 {
		return d
	}
	return NoTimeout
}

func (s *Socket) waitReady(ctx context.Context, op string, timeout time.Duration, write bool) error {
	if err := s.checkOpen(op); err != nil {
		return err
	}
	m := sockfd.Mode{Timeout: timeout}
	var err error
	if write {
		err = s.fd.WaitWritable(ctx, m)
	} else {
		err = s.fd.WaitReadable(ctx, m)
	}
	return s.callError(op, "poll", nil, err)
}

// The poll(2) events that select(2) counts as readable and as writable.
const (
	readableEvents = unix.POLLIN | unix.POLLPRI | unix.POLLHUP | unix.POLLERR
	writableEvents = unix.POLLOUT | unix.POLLERR
)

// Select waits until at least one of readers is readable or one of writers
// is writable, as Python's select.select(readers, writers, [], timeout)
// does for sockets, and returns those that are, in their order. A negative
// timeout waits as long as it takes; 0 only looks (one poll(2) per
// socket); a positive one waits at most that long and then returns two
// empty lists and a nil error, as Python does. The sockets' own modes and
// timeouts do not apply.
//
// It does not hold an OS thread while it waits: each socket waits in the
// runtime poller in a goroutine of its own, and the first that is ready
// ends the others' waits. A socket's direction is waited on in turn with
// the calls in that direction, so Select does not see a socket ready while
// another goroutine is blocked receiving on it (the receive takes the data
// first). A closed socket in either list is an error (net.ErrClosed).
func Select(readers, writers []*Socket, timeout time.Duration) (readable, writable []*Socket, err error) {
	readable, writable, err = pollSockets(readers, writers)
	if err != nil || len(readable)+len(writable) > 0 || timeout == 0 {
		return readable, writable, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	if timeout > 0 {
		ctx, cancel = context.WithTimeout(context.Background(), timeout)
	}
	defer cancel()
	var (
		wg      sync.WaitGroup
		errOnce sync.Once
		waitErr error
	)
	wait := func(s *Socket, write bool) {
		defer wg.Done()
		err := s.waitReady(ctx, "select", NoTimeout, write)
		if err != nil && ctx.Err() != nil {
			return // ended by the timeout or by another socket's readiness
		}
		if err != nil {
			errOnce.Do(func() { waitErr = err })
		}
		cancel()
	}
	for _, s := range readers {
		wg.Add(1)
		go wait(s, false)
	}
	for _, s := range writers {
		wg.Add(1)
		go wait(s, true)
	}
	wg.Wait()
	if waitErr != nil {
		return nil, nil, waitErr
	}
	return pollSockets(readers, writers)
}

// pollSockets asks each socket, without waiting, whether it is readable
// (readers) or writable (writers).
func pollSockets(readers, writers []*Socket) (readable, writable []*Socket, err error) {
	readable, err = pollEach(readers, readableEvents)
	if err != nil {
		return nil, nil, err
	}
	writable, err = pollEach(writers, writableEvents)
	if err != nil {
		return nil, nil, err
	}
	return readable, writable, nil
}

func pollEach(socks []*Socket, events int16) ([]*Socket, error) {
	var ready []*Socket
	for _, s := range socks {
		if s == nil {
			return nil, &net.OpError{Op: "select", Err: nilArg("socket")}
		}
		if err := s.checkOpen("select"); err != nil {
			return nil, err
		}
		revents, err := s.fd.Poll(events)
		if err != nil {
			return nil, s.callError("select", "poll", nil, err)
		}
		if revents&events != 0 {
			ready = append(ready, s)
		}
	}
	return ready, nil
}
