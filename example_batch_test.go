//go:build linux

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
	rx, to := receiver()
	defer rx.Close()

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

// With UDP_SEGMENT (GSO) one send leaves as many datagrams; with UDP_GRO
// the receiver gets a train of them back as one buffer, with the segment
// size in a control message, and SplitGRO gives the datagrams.
func ExampleSplitGRO() {
	rx, to := receiver()
	defer rx.Close()
	check(rx.SetUDPGRO(true)) // setsockopt(UDP_GRO)

	tx, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	check(err)
	defer tx.Close()
	oob := socket.AppendUDPSegment(nil, 4) // this send: 4-byte datagrams
	_, err = tx.Sendmsg([]byte("abcdefghij"), oob, 0, to)
	check(err)

	buf, ctrl := make([]byte, 64<<10), make([]byte, socket.CmsgSpace(4))
	m, err := rx.Recvmsg(buf, ctrl, 0)
	check(err)
	ci, err := socket.ParseControl(ctrl[:m.OOBN])
	check(err)
	fmt.Println("received", m.N, "bytes, segment size", ci.GROSize)
	for d := range socket.SplitGRO(buf[:m.N], ci.GROSize) {
		fmt.Printf("%q\n", d)
	}
	// Output:
	// received 10 bytes, segment size 4
	// "abcd"
	// "efgh"
	// "ij"
}

// receiver returns a UDP socket bound to a free port on loopback, and its
// address.
func receiver() (*socket.Socket, socket.Addr) {
	rx, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	check(err)
	lo, err := socket.InetAddr("127.0.0.1", 0)
	check(err)
	check(rx.Bind(lo))
	to, err := rx.Getsockname()
	check(err)
	return rx, to
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
