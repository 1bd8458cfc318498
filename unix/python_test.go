package unix_test

import (
	"context"
	"io"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/bsdsock/socket"
	sockunix "github.com/bsdsock/socket/unix"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// pythonPeer connects to the Go listener, receives a pipe's read end with
// socket.recv_fds and reads it to the end, then passes back two read ends
// of a pipe of its own with socket.send_fds, with what it read as the data.
const pythonPeer = `
import os, socket, sys
path, kind = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM if kind == "stream" else socket.SOCK_SEQPACKET)
s.settimeout(10)
s.connect(path)
msg, fds, flags, addr = socket.recv_fds(s, 64, 4)
assert msg == b"pipe", msg
assert len(fds) == 1, fds
got = b""
while True:
    chunk = os.read(fds[0], 64)
    if not chunk:
        break
    got += chunk
os.close(fds[0])
r, w = os.pipe()
os.write(w, b"from python")
os.close(w)
socket.send_fds(s, [b"got:" + got], [r, r])
os.close(r)
assert s.recv(1) == b""
`

// A Python 3 peer exchanges descriptors with SendRights and RecvRights,
// both ways, over stream and seqpacket sockets.
func TestPythonPeerPassesDescriptors(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: the peer of this test is a Python program")
	}
	for _, kind := range []struct {
		name string
		typ  socket.Type
	}{{"stream", socket.SOCK_STREAM}, {"seqpacket", socket.SOCK_SEQPACKET}} {
		t.Run(kind.name, func(t *testing.T) {
			path := sockPath(t, "py.sock")
			l := listen(t, path, kind.typ)
			l.Socket().SetTimeout(10 * time.Second) // a hang guard, not a measure
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, python, "-c", pythonPeer, path, kind.name)
			cmd.Stderr = os.Stderr
			require.NoError(t, cmd.Start())
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			defer func() { assert.NoError(t, <-done, "the Python peer failed") }()

			conn := accept(t, l)
			conn.SetTimeout(10 * time.Second)
			cred, err := sockunix.PeerCred(conn)
			require.NoError(t, err)
			assert.Equal(t, cmd.Process.Pid, cred.PID, "the peer is the Python process")
			r, w := pipe(t)
			_, err = w.WriteString("from go")
			require.NoError(t, err)
			require.NoError(t, w.Close())
			_, err = sockunix.SendRights(conn, []byte("pipe"), nil, []int{int(r.Fd())}, 0)
			require.NoError(t, err)
			require.NoError(t, r.Close())

			buf := make([]byte, 64)
			m, fds, err := sockunix.RecvRights(conn, buf, make([]byte, sockunix.RightsSpace(4)), nil, 0)
			require.NoError(t, err)
			assert.Equal(t, "got:from go", string(buf[:m.N]), "Python read through the descriptor Go passed")
			require.Len(t, fds, 2)
			unix.Close(fds[1])
			f := os.NewFile(uintptr(fds[0]), "from python")
			data, err := io.ReadAll(f)
			f.Close()
			require.NoError(t, err)
			assert.Equal(t, "from python", string(data), "Go reads through the descriptor Python passed")
			require.NoError(t, conn.Close())
		})
	}
}
