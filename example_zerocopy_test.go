//go:build linux

package socket_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/bsdsock/socket"
)

// io.Copy between files and sockets stays in the kernel: a Socket's
// ReadFrom sends a file with sendfile(2), its WriteTo splices into a file
// (or a pipe, or another socket) with splice(2).
func ExampleSocket_ReadFrom() {
	dir, err := os.MkdirTemp("", "zerocopy")
	check(err)
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in")
	check(os.WriteFile(in, []byte("sent by the kernel\n"), 0o600))

	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	check(err)
	defer a.Close()
	defer b.Close()

	f, err := os.Open(in)
	check(err)
	defer f.Close()
	n, err := a.ReadFrom(f) // sendfile(2)
	check(err)
	check(a.Shutdown(socket.SHUT_WR))

	out, err := os.Create(filepath.Join(dir, "out"))
	check(err)
	defer out.Close()
	m, err := io.Copy(out, b) // b.WriteTo(out): splice(2)
	check(err)
	data, err := os.ReadFile(out.Name())
	check(err)
	fmt.Print(n, " ", m, " ", string(data))
	// Output:
	// 19 19 sent by the kernel
}
