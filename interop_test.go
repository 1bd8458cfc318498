package socket

import (
	"bufio"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// python starts a Python 3 script as a peer, or skips the test where
// Python 3 is absent. The script's first output line is returned; the
// process is waited for when the test ends.
func python(t *testing.T, script string, args ...string) (firstLine string, wait func() string) {
	t.Helper()
	return startPython(t, nil, script, args...)
}

// pythonWithFiles is python with files handed to the script as descriptors
// 3, 4, ... (exec.Cmd's ExtraFiles).
func pythonWithFiles(t *testing.T, script string, files ...*os.File) (firstLine string, wait func() string) {
	t.Helper()
	return startPython(t, files, script)
}

func startPython(t *testing.T, files []*os.File, script string, args ...string) (firstLine string, wait func() string) {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: no Python peer to talk to")
	}
	cmd := exec.Command(py, append([]string{"-c", script}, args...)...)
	cmd.ExtraFiles = files
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	r := bufio.NewReader(out)
	waited := false
	wait = func() string {
		rest, _ := r.ReadString(0)
		if !waited {
			waited = true
			assert.NoError(t, cmd.Wait(), "python: %s", stderr.String())
		}
		return rest
	}
	t.Cleanup(func() { wait() })
	line, err := r.ReadString('\n')
	require.NoError(t, err, "python said: %s", stderr.String())
	return strings.TrimSpace(line), wait
}

// TestPythonServer: our client against a Python TCP server, over IPv6.
func TestPythonServer(t *testing.T) {
	port, wait := python(t, `
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.bind(("::1", 0)); s.listen()
print(s.getsockname()[1], flush=True)
c, _ = s.accept()
c.sendall(c.recv(100).upper())
c.close()
`)
	p, err := strconv.Atoi(port)
	require.NoError(t, err)
	addr, err := Inet6Addr("::1", p, 0, 0)
	require.NoError(t, err)
	c := newTestSocket(t, AF_INET6, SOCK_STREAM, 0)
	require.NoError(t, c.Connect(addr))
	_, err = c.Sendall([]byte("shout"), 0)
	require.NoError(t, err)
	buf := make([]byte, 16)
	n, err := c.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "SHOUT", string(buf[:n]))
	wait()
}

// TestPythonClient: a Python UDP client against our server; Python sees
// our reply come from the address it sent to.
func TestPythonClient(t *testing.T) {
	srv := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	require.NoError(t, srv.Bind(loopback(t, AF_INET)))
	sa, err := srv.Getsockname()
	require.NoError(t, err)
	_, wait := python(t, `
import socket, sys
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
c.settimeout(10)
c.sendto(b"from python", ("127.0.0.1", int(sys.argv[1])))
print("sent", flush=True)
data, addr = c.recvfrom(100)
print(data.decode(), addr[1])
`, strconv.Itoa(sa.Port()))
	buf := make([]byte, 64)
	n, from, err := srv.Recvfrom(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "from python", string(buf[:n]))
	_, err = srv.Sendto([]byte("from go"), 0, from)
	require.NoError(t, err)
	assert.Equal(t, "from go "+strconv.Itoa(sa.Port()), strings.TrimSpace(wait()))
}

// TestNetPeer: the net package on the other end, both ways.
func TestNetPeer(t *testing.T) {
	l, la := listenTCP(t, AF_INET)
	conn, err := net.Dial("tcp", la.String())
	require.NoError(t, err)
	defer conn.Close()
	s, peer, err := l.Accept()
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, conn.LocalAddr().String(), peer.String(), "Accept reports the dialer's address")
	_, err = conn.Write([]byte("net -> socket"))
	require.NoError(t, err)
	buf := make([]byte, 32)
	n, err := s.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "net -> socket", string(buf[:n]))

	nl, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer nl.Close()
	addr, err := ParseAddr(nl.Addr().String())
	require.NoError(t, err)
	c := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	require.NoError(t, c.Connect(addr))
	nc, err := nl.Accept()
	require.NoError(t, err)
	defer nc.Close()
	_, err = c.Sendall([]byte("socket -> net"), 0)
	require.NoError(t, err)
	n, err = nc.Read(buf)
	require.NoError(t, err)
	assert.Equal(t, "socket -> net", string(buf[:n]))
}
