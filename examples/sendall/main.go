// Command sendall shows why Python has both send and sendall: send may send
// only part of a large buffer, and returns how much; sendall calls send
// until everything is sent.
//
//	go run ./examples/sendall [-size 4194304]
//
// In blocking mode a stream Send queues everything, as the kernel's
// blocking send(2) does, so the partial send shows in timeout mode with
// nobody reading: the socket's send buffer fills, the timeout passes, and
// Send returns what fitted. Sendall then finishes while a reader drains.
package main

import (
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/bsdsock/socket"
)

func main() {
	size := flag.Int("size", 4<<20, "send `N` bytes")
	flag.Parse()

	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	check(err)
	defer a.Close()
	defer b.Close()
	check(a.SetSendBuffer(64 << 10))

	data := make([]byte, *size)
	a.SetTimeout(100 * time.Millisecond)
	n, err := a.Send(data, 0)
	check(err)
	fmt.Printf("send(2) of %d bytes in timeout mode, nobody reading: sent %d, the rest is the caller's\n", len(data), n)

	received := make(chan int)
	go func() {
		total, buf := 0, make([]byte, 64<<10)
		for total < len(data) {
			k, err := b.Recv(buf, 0)
			check(err)
			total += k
		}
		received <- total
	}()
	a.SetTimeout(10 * time.Second) // for all of Sendall, not for each send
	rest, err := a.Sendall(data[n:], 0)
	check(err)
	fmt.Printf("sendall of the other %d bytes while a reader drains: sent %d\n", len(data)-n, rest)
	fmt.Printf("the reader received %d bytes in all\n", <-received)
}

func check(err error) {
	if err != nil {
		log.Fatalf("sendall: %v", err)
	}
}
