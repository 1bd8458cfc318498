//go:build linux

package unix_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/bsdsock/socket"
	sockunix "github.com/bsdsock/socket/unix"
)

// A server listens on a socket file and a client dials it; closing the
// Listener removes the file.
func ExampleListen() {
	dir, err := os.MkdirTemp("", "example")
	check(err)
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "app.sock")

	l, err := sockunix.Listen(path, socket.SOCK_STREAM)
	check(err)
	client, err := sockunix.Dial(path, socket.SOCK_STREAM)
	check(err)
	defer client.Close()
	conn, _, err := l.Accept()
	check(err)
	defer conn.Close()

	client.Sendall([]byte("hello"), 0)
	buf := make([]byte, 16)
	n, _ := conn.Recv(buf, 0)
	name, _ := l.Socket().Getsockname()
	fmt.Println(string(buf[:n]), filepath.Base(name.String()))

	l.Close()
	_, err = os.Stat(path)
	fmt.Println("file removed:", os.IsNotExist(err))
	// Output:
	// hello app.sock
	// file removed: true
}

// An abstract name ("@name") has no file: nothing to remove, nothing left
// behind by a process that dies.
func ExampleDial_abstract() {
	name := fmt.Sprintf("@example-%d", os.Getpid())
	l, err := sockunix.Listen(name, socket.SOCK_SEQPACKET)
	check(err)
	defer l.Close()
	c, err := sockunix.Dial(name, socket.SOCK_SEQPACKET)
	check(err)
	defer c.Close()
	peer, _ := c.Getpeername()
	fmt.Println(peer.String() == name)
	// Output: true
}

// Passing an open file to the other end: the receiver reads the pipe
// through the descriptor it received. The buffers are the caller's, so a
// loop doing this allocates nothing.
func ExampleSendRights() {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	check(err)
	defer a.Close()
	defer b.Close()
	r, w, err := os.Pipe()
	check(err)
	w.WriteString("read through a passed descriptor")
	w.Close()

	sendOOB := make([]byte, 0, sockunix.RightsSpace(1))
	_, err = sockunix.SendRights(a, []byte("fd"), sendOOB, []int{int(r.Fd())}, 0)
	check(err)
	r.Close() // the message holds its own reference

	buf, recvOOB, fds := make([]byte, 8), make([]byte, sockunix.RightsSpace(1)), make([]int, 0, 1)
	_, fds, err = sockunix.RecvRights(b, buf, recvOOB, fds, 0)
	check(err)
	f := os.NewFile(uintptr(fds[0]), "received")
	defer f.Close()
	data, _ := io.ReadAll(f)
	fmt.Println(string(data))
	// Output: read through a passed descriptor
}

// The peer's credentials, as the kernel recorded them when it connected.
func ExamplePeerCred() {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	check(err)
	defer a.Close()
	defer b.Close()
	c, err := sockunix.PeerCred(b)
	check(err)
	fmt.Println(c.PID == os.Getpid(), int(c.UID) == os.Getuid(), int(c.GID) == os.Getgid())
	// Output: true true true
}

// A server checks the credentials the kernel attaches to every message
// once SO_PASSCRED is on.
func ExampleParseCredentials() {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	check(err)
	defer a.Close()
	defer b.Close()
	check(sockunix.SetPassCred(b, true))
	a.Send([]byte("who am I?"), 0)

	buf, oob := make([]byte, 16), make([]byte, sockunix.CredentialsSpace)
	m, err := b.Recvmsg(buf, oob, 0)
	check(err)
	c, ok, err := sockunix.ParseCredentials(oob[:m.OOBN])
	fmt.Println(ok, err, c.PID == os.Getpid())
	// Output: true <nil> true
}

// check stops an example at its first error.
func check(err error) {
	if err != nil {
		panic(err)
	}
}
