//go:build linux

package unix_test

import (
	"net"
	"strings"
	"testing"

	"github.com/bsdsock/socket"
	sockunix "github.com/bsdsock/socket/unix"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// Bad input is refused with an error that names the operation and the
// argument and unwraps to the errno, before any system call; nothing
// panics.
func TestBadInput(t *testing.T) {
	long := "/tmp/" + strings.Repeat("x", 120)
	dir := t.TempDir()
	cases := []struct {
		name  string
		call  func() error
		errno unix.Errno
		text  string
	}{
		{"Listen: path longer than sun_path", func() error { _, err := sockunix.Listen(long, socket.SOCK_STREAM); return err },
			unix.ENAMETOOLONG, "listen unix: invalid path: AF_UNIX path of 125 bytes does not fit sun_path (108 bytes)"},
		{"Dial: path longer than sun_path", func() error { _, err := sockunix.Dial(long, socket.SOCK_SEQPACKET); return err },
			unix.ENAMETOOLONG, "dial unixpacket: invalid path"},
		{"Dial: abstract name longer than sun_path", func() error {
			_, err := sockunix.Dial("@"+strings.Repeat("a", 108), socket.SOCK_STREAM)
			return err
		}, unix.ENAMETOOLONG, "dial unix: invalid path"},
		{"Listen: NUL inside a path", func() error { _, err := sockunix.Listen(dir+"/a\x00b", socket.SOCK_DGRAM); return err },
			unix.EINVAL, `listen unixgram: invalid path: a NUL byte inside "` + dir + `/a\x00b" would end the name there`},
		{"Dial: NUL inside a path", func() error { _, err := sockunix.Dial("rel\x00", socket.SOCK_STREAM); return err },
			unix.EINVAL, "dial unix: invalid path: a NUL byte inside"},
		{"Dial: empty path", func() error { _, err := sockunix.Dial("", socket.SOCK_STREAM); return err },
			unix.EINVAL, "dial unix: invalid path: empty"},
		{"Listen: SOCK_RAW", func() error { _, err := sockunix.Listen(dir+"/r", socket.SOCK_RAW); return err },
			unix.EINVAL, "listen unix/SOCK_RAW: invalid type: SOCK_RAW is not one of SOCK_STREAM, SOCK_SEQPACKET, SOCK_DGRAM"},
		{"RemoveStale: abstract name", func() error { return sockunix.RemoveStale("@x") },
			unix.EINVAL, "remove unix @x: invalid path: an abstract name has no file to remove"},
		{"RemoveStale: no file", func() error { return sockunix.RemoveStale(dir + "/none") },
			unix.ENOENT, "remove unix " + dir + "/none: lstat: no such file or directory"},
		{"AppendRights: negative descriptor", func() error { _, err := sockunix.AppendRights(nil, []int{0, -1}); return err },
			unix.EBADF, "invalid fds: descriptor -1 is not a valid descriptor number"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = c.call() })
			require.Error(t, err)
			assert.ErrorIs(t, err, c.errno)
			assert.Contains(t, err.Error(), c.text)
		})
	}
}

// Descriptors on a TCP socket, negative descriptors and an empty stream
// message are refused before sendmsg(2); the socket stays usable.
func TestSendRightsBadInput(t *testing.T) {
	l, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer l.Close()
	lo, err := socket.InetAddr("127.0.0.1", 0)
	require.NoError(t, err)
	require.NoError(t, l.Bind(lo))
	require.NoError(t, l.Listen(1))
	at, err := l.Getsockname()
	require.NoError(t, err)
	tcp, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer tcp.Close()
	require.NoError(t, tcp.Connect(at))
	conn, _, err := l.Accept()
	require.NoError(t, err)
	defer conn.Close()

	_, err = sockunix.SendRights(tcp, []byte("x"), nil, []int{0}, 0)
	assert.ErrorIs(t, err, unix.EOPNOTSUPP)
	assert.EqualError(t, err, "sendmsg tcp4: invalid socket: descriptors travel only over AF_UNIX, not AF_INET: operation not supported")

	a, b := socketpair(t, socket.SOCK_STREAM)
	_, err = sockunix.SendRights(a, []byte("x"), nil, []int{-1}, 0)
	assert.ErrorIs(t, err, unix.EBADF)
	assert.EqualError(t, err, "sendmsg unix: invalid fds: descriptor -1 is not a valid descriptor number: bad file descriptor")
	_, err = sockunix.SendRights(a, nil, nil, []int{0}, 0)
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.Contains(t, err.Error(), "sendmsg unix: invalid p: empty: a stream socket sends descriptors only with data")

	// A number that is no open descriptor: the kernel's EBADF.
	r, _ := pipe(t)
	closedFD := int(r.Fd())
	r.Close()
	_, err = sockunix.SendRights(a, []byte("x"), nil, []int{closedFD}, 0)
	assert.ErrorIs(t, err, unix.EBADF)
	assert.Contains(t, err.Error(), "sendmsg unix: sendmsg: bad file descriptor")

	roundTrip(t, a, b)
}

// Every call on a closed socket fails with net.ErrClosed, naming its
// operation.
func TestClosedSocket(t *testing.T) {
	a, _ := socketpair(t, socket.SOCK_STREAM)
	require.NoError(t, a.Close())
	var zero socket.Socket // no descriptor: behaves as a closed one
	for _, s := range []*socket.Socket{a, &zero} {
		calls := map[string]func() error{
			"sendmsg":    func() error { _, err := sockunix.SendRights(s, []byte("x"), nil, []int{0}, 0); return err },
			"recvmsg":    func() error { _, _, err := sockunix.RecvRights(s, make([]byte, 1), nil, nil, 0); return err },
			"getsockopt": func() error { _, err := sockunix.PeerCred(s); return err },
			"setsockopt": func() error { return sockunix.SetPassCred(s, true) },
		}
		calls["getsockopt "] = func() error { _, err := sockunix.PeerPidfd(s); return err }
		for op, call := range calls {
			var err error
			require.NotPanics(t, func() { err = call() })
			assert.ErrorIs(t, err, net.ErrClosed, op)
			assert.True(t, strings.HasPrefix(err.Error(), strings.TrimSpace(op)+" "), "%s: %v", op, err)
		}
	}
}
