package socket_test

import (
	"fmt"
	"log"

	"github.com/bsdsock/socket"
)

// Sendmmsg and Recvmmsg move a batch of datagrams with one system call
// each, over a vector the caller owns and reuses: after the first batch
// they allocate nothing.
func ExampleSocket_Recvmmsg() {
	rx, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	check(err)
	defer rx.Close()
	lo, err := socket.InetAddr("127.0.0.1", 0)
	check(err)
	check(rx.Bind(lo))
	to, err := rx.Getsockname()
	check(err)

	tx, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	check(err)
	defer tx.Close()
	out := make([]socket.Mmsg, 3)
	for i, word := range []string{"one", "two", "three"} {
		out[i] = socket.Mmsg{Buffers: [][]byte{[]byte(word)}, Addr: to}
	}
	n, err := tx.Sendmmsg(out, 0) // sendmmsg(2): three datagrams, one call
	check(err)
	fmt.Println("sent", n)

	in := make([]socket.Mmsg, 8) // more slots than datagrams: a partial batch
	for i := range in {
		in[i].Buffers = [][]byte{make([]byte, 64)}
	}
	n, err = rx.Recvmmsg(in, 0) // recvmmsg(2)
	check(err)
	for _, m := range in[:n] {
		fmt.Printf("%s (%d bytes)\n", m.Buffers[0][:m.N], m.N)
	}
	// Output:
	// sent 3
	// one (3 bytes)
	// two (3 bytes)
	// three (5 bytes)
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
