package socket_test

import (
	"fmt"
	"os"

	"github.com/bsdsock/socket"
)

// Passing an open file to another socket: Python's send_fds and recv_fds.
// The receiver gets its own descriptor for the same open file.
func ExampleSocket_SendFDs() {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		panic(err)
	}
	defer a.Close()
	defer b.Close()
	r, w, err := os.Pipe()
	if err != nil {
		panic(err)
	}
	defer r.Close()
	defer w.Close()

	// On a stream socket, send at least one byte with the descriptors.
	if _, err := a.SendFDs([][]byte{[]byte("pipe")}, []int{int(w.Fd())}, 0, socket.Addr{}); err != nil {
		panic(err)
	}
	buf := make([]byte, 8)
	m, fds, err := b.RecvFDs(buf, 1, 0)
	if err != nil {
		panic(err)
	}
	got := os.NewFile(uintptr(fds[0]), "received pipe")
	got.WriteString("hello through a passed descriptor")
	got.Close()
	w.Close()

	out := make([]byte, 64)
	n, _ := r.Read(out)
	fmt.Printf("%s: %d descriptor\n%s\n", buf[:m.N], len(fds), out[:n])
	// Output:
	// pipe: 1 descriptor
	// hello through a passed descriptor
}

// Python's socket.fromfd(fd, ...) duplicates fd: here that is DupFD, then
// FromFD, which takes the duplicate over. The original stays open, to be
// closed with CloseFD (Python's socket.close(fd)).
func ExampleDupFD() {
	s, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err != nil {
		panic(err)
	}
	fd, err := s.Detach() // a bare descriptor, as another library would hand over
	if err != nil {
		panic(err)
	}
	dup, err := socket.DupFD(fd)
	if err != nil {
		panic(err)
	}
	t, err := socket.FromFD(dup)
	if err != nil {
		panic(err)
	}
	defer t.Close()
	fmt.Println(t.Family(), t.Type())
	fmt.Println(socket.CloseFD(fd))
	// Output:
	// AF_INET SOCK_DGRAM
	// <nil>
}
