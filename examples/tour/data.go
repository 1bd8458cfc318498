package main

import (
	"errors"
	"time"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

func init() { register(9, "Calls: recv, send and sendall, sendto, recvfrom", data) }

// data moves bytes: recv on a stream with no boundaries, send that sends
// only part of a large buffer, sendall that loops until all of it is sent,
// and sendto/recvfrom with an address per datagram.
func data() error {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer a.Close()
	defer b.Close()

	a.Send([]byte("two "), 0)
	a.Send([]byte("sends"), 0)
	buf := make([]byte, 64)
	n, err := b.Recv(buf[:3], 0)
	if err != nil {
		return err
	}
	say("recv(n) in Python is Recv(buf[:n], 0) here: recv(2) into 3 bytes got %q", buf[:n])
	n, err = b.Recv(buf, 0)
	if err != nil {
		return err
	}
	say("recv(2) into 64 bytes got the rest, %q: two sends, one stream, no boundaries", buf[:n])

	// send may send less than it was given: in non-blocking (or timeout)
	// mode it returns what fit in the socket's send buffer.
	big := make([]byte, 4<<20)
	a.SetSendBuffer(65536)
	a.SetBlocking(false)
	n, err = a.Send(big, 0)
	if err != nil {
		return err
	}
	say("send(2) of %d bytes, non-blocking, nobody reading: only %d went; the caller must send the rest", len(big), n)
	_, err = a.Send(big[n:], 0)
	say("send(2) again at once: EAGAIN=%v, the buffer is full", errors.Is(err, unix.EAGAIN))

	// sendall loops until everything is sent, waiting while a reader drains.
	drained := make(chan int, 1)
	go func() {
		total, rbuf := 0, make([]byte, 65536)
		b.SetTimeout(5 * time.Second)
		for total < len(big) {
			k, err := b.Recv(rbuf, 0)
			if err != nil || k == 0 {
				break
			}
			total += k
		}
		drained <- total
	}()
	a.SetTimeout(5 * time.Second)
	sent, err := a.Sendall(big[n:], 0)
	if err != nil {
		return err
	}
	say("sendall sent the other %d bytes, calling send(2) until none was left; the reader got %d in all",
		sent, <-drained)

	rx, tx, to, err := udpPair()
	if err != nil {
		return err
	}
	defer rx.Close()
	defer tx.Close()
	for _, d := range []string{"one datagram", "another"} {
		if _, err := tx.Sendto([]byte(d), 0, to); err != nil {
			return err
		}
	}
	say("sendto(2) twice to %v: no connection, the address goes with each datagram", to)
	for range 2 {
		n, from, err := rx.Recvfrom(buf, 0)
		if err != nil {
			return err
		}
		say("recvfrom(2) -> %q from %v: one whole datagram per call, with its sender", buf[:n], from)
	}
	return nil
}
