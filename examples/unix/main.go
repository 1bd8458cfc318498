// Command unix runs a server and a client over an AF_UNIX socket file: the
// client learns nothing but a path, the server learns who connected
// (SO_PEERCRED), and the server hands the client an open file descriptor
// (SCM_RIGHTS), which no network socket can do.
//
//	go run ./examples/unix [-path /tmp/demo.sock] [-type seqpacket]
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/bsdsock/socket"
	sockunix "github.com/bsdsock/socket/unix"
)

func main() {
	path := flag.String("path", "", "the socket file (default: one in a new temporary directory)")
	typ := flag.String("type", "stream", "stream or seqpacket")
	flag.Parse()
	if *path == "" {
		dir, err := os.MkdirTemp("", "unix-example")
		check(err)
		defer os.RemoveAll(dir)
		*path = filepath.Join(dir, "demo.sock")
	}
	st := socket.SOCK_STREAM
	if *typ == "seqpacket" {
		st = socket.SOCK_SEQPACKET
	}

	l, err := sockunix.Listen(*path, st) // socket(AF_UNIX), bind(path), listen()
	check(err)
	defer l.Close() // also removes the socket file
	fi, err := os.Stat(*path)
	check(err)
	fmt.Printf("server: listening on %s (%v; the file's mode is %v)\n", *path, st, fi.Mode())

	served := make(chan struct{})
	go func() {
		defer close(served)
		conn, _, err := l.Accept()
		check(err)
		defer conn.Close()
		cred, err := sockunix.PeerCred(conn) // SO_PEERCRED: set by the kernel, cannot be forged
		check(err)
		fmt.Printf("server: accepted a client with pid %d, uid %d, gid %d\n", cred.PID, cred.UID, cred.GID)

		// The file to hand over: the client reads it without opening it.
		f, err := os.CreateTemp("", "unix-example")
		check(err)
		defer os.Remove(f.Name())
		defer f.Close()
		f.WriteString("the server opened this file")
		oob := make([]byte, sockunix.RightsSpace(1))
		_, err = sockunix.SendRights(conn, []byte("here is a file"), oob, []int{int(f.Fd())}, 0)
		check(err)
		fmt.Printf("server: sent descriptor %d with SCM_RIGHTS\n", f.Fd())
	}()

	c, err := sockunix.Dial(*path, st) // socket(AF_UNIX), connect(path)
	check(err)
	defer c.Close()
	buf, oob, fds := make([]byte, 64), make([]byte, sockunix.RightsSpace(1)), make([]int, 0, 1)
	m, fds, err := sockunix.RecvRights(c, buf, oob, fds, 0)
	check(err)
	<-served
	if len(fds) != 1 {
		log.Fatalf("unix: got %d descriptors, want 1", len(fds))
	}
	f := os.NewFile(uintptr(fds[0]), "received")
	defer f.Close()
	content := make([]byte, 64)
	n, _ := f.ReadAt(content, 0)
	fmt.Printf("client: got %q and descriptor %d, which reads %q\n", buf[:m.N], fds[0], content[:n])
}

func check(err error) {
	if err != nil {
		log.Fatalf("unix: %v", err)
	}
}
