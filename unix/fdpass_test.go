//go:build linux

package unix_test

import (
	"io"
	"os"
	"strconv"
	"testing"

	"github.com/bsdsock/socket"
	sockunix "github.com/bsdsock/socket/unix"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// closeOnExec reports whether fd has FD_CLOEXEC.
func closeOnExec(t *testing.T, fd int) bool {
	t.Helper()
	flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	require.NoError(t, err)
	return flags&unix.FD_CLOEXEC != 0
}

// A pipe's read end passed over a connection reads what is written to the
// pipe here; the received descriptor is close-on-exec.
func TestPassPipeReadEnd(t *testing.T) {
	for _, tt := range types[:2] {
		t.Run(tt.name, func(t *testing.T) {
			client, server := connected(t, sockPath(t, "s"), tt.typ)
			r, w := pipe(t)
			n, err := sockunix.SendRights(client, []byte("fd"), make([]byte, 0, sockunix.RightsSpace(1)), []int{int(r.Fd())}, 0)
			require.NoError(t, err)
			assert.Equal(t, 2, n)
			require.NoError(t, r.Close(), "the receiver's descriptor keeps the pipe open")

			buf := make([]byte, 8)
			m, fds, err := sockunix.RecvRights(server, buf, make([]byte, sockunix.RightsSpace(1)), nil, 0)
			require.NoError(t, err)
			assert.Equal(t, "fd", string(buf[:m.N]))
			assert.Zero(t, m.Flags, "no MSG_CMSG_CLOEXEC echoed")
			require.Len(t, fds, 1)
			assert.True(t, closeOnExec(t, fds[0]))
			got := os.NewFile(uintptr(fds[0]), "received")
			defer got.Close()

			_, err = w.WriteString("through the passed descriptor")
			require.NoError(t, err)
			require.NoError(t, w.Close())
			b, err := io.ReadAll(got)
			require.NoError(t, err)
			assert.Equal(t, "through the passed descriptor", string(b))
		})
	}
}

// Three descriptors travel in one message and arrive in order, appended to
// the caller's slice.
func TestPassThreeAtOnce(t *testing.T) {
	a, b := socketpair(t, socket.SOCK_SEQPACKET)
	var sent []int
	for i := range 3 {
		r, w := pipe(t)
		_, err := w.WriteString("pipe " + strconv.Itoa(i))
		require.NoError(t, err)
		require.NoError(t, w.Close())
		sent = append(sent, int(r.Fd()))
	}
	_, err := sockunix.SendRights(a, []byte("x"), nil, sent, 0)
	require.NoError(t, err)

	fds := append(make([]int, 0, 8), 99) // what the caller had already
	_, fds, err = sockunix.RecvRights(b, make([]byte, 1), make([]byte, sockunix.RightsSpace(3)), fds, 0)
	require.NoError(t, err)
	require.Len(t, fds, 4)
	assert.Equal(t, 99, fds[0])
	for i, fd := range fds[1:] {
		f := os.NewFile(uintptr(fd), "received")
		data, err := io.ReadAll(f)
		f.Close()
		require.NoError(t, err)
		assert.Equal(t, "pipe "+strconv.Itoa(i), string(data))
	}
}

// More descriptors than the receiver's control buffer holds: the ones
// that fit are closed, the rest never arrive, the error says so, the data
// still arrives, and no descriptor is left open.
func TestControlTruncatedClosesWhatArrived(t *testing.T) {
	a, b := socketpair(t, socket.SOCK_STREAM)
	r, _ := pipe(t)
	before := countFDs()

	sent := []int{int(r.Fd()), int(r.Fd()), int(r.Fd()), int(r.Fd()), int(r.Fd())}
	_, err := sockunix.SendRights(a, []byte("five"), nil, sent, 0)
	require.NoError(t, err)
	buf := make([]byte, 8)
	fds := make([]int, 0, 8)
	m, got, err := sockunix.RecvRights(b, buf, make([]byte, sockunix.RightsSpace(2)), fds, 0)
	require.Error(t, err)
	assert.ErrorIs(t, err, sockunix.ErrControlTruncated)
	assert.EqualError(t, err, "recvmsg unix: control data truncated (MSG_CTRUNC): the 2 descriptors that fit "+
		strconv.Itoa(sockunix.RightsSpace(2))+" bytes of control buffer were closed, the others never arrived; size the buffer with RightsSpace")
	assert.Empty(t, got)
	assert.NotZero(t, m.Flags&socket.MSG_CTRUNC)
	assert.Equal(t, "five", string(buf[:m.N]))
	assert.Equal(t, before, countFDs(), "no received descriptor is left open")

	// With no control buffer at all, every descriptor is dropped.
	_, err = sockunix.SendRights(a, []byte("none"), nil, sent[:3], 0)
	require.NoError(t, err)
	_, _, err = sockunix.RecvRights(b, buf, nil, fds, 0)
	assert.ErrorIs(t, err, sockunix.ErrControlTruncated)
	assert.Equal(t, before, countFDs())
}

// The kernel's limit of 253 descriptors per message is an error before any
// system call, not a truncation; 253 pass.
func TestRightsLimit(t *testing.T) {
	a, b := socketpair(t, socket.SOCK_DGRAM)
	r, _ := pipe(t)
	fds := make([]int, sockunix.MaxRights+1)
	for i := range fds {
		fds[i] = int(r.Fd())
	}
	_, err := sockunix.AppendRights(nil, fds)
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.EqualError(t, err, "invalid fds: 254 descriptors; one message carries at most 253 (SCM_MAX_FD): send them in several: invalid argument")
	_, err = sockunix.SendRights(a, []byte("x"), nil, fds, 0)
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.Contains(t, err.Error(), "sendmsg unixgram: invalid fds: 254 descriptors")

	_, err = sockunix.SendRights(a, []byte("x"), nil, fds[:sockunix.MaxRights], 0)
	require.NoError(t, err)
	_, got, err := sockunix.RecvRights(b, make([]byte, 1), make([]byte, sockunix.RightsSpace(sockunix.MaxRights)), nil, 0)
	require.NoError(t, err)
	assert.Len(t, got, sockunix.MaxRights)
	for _, fd := range got {
		unix.Close(fd)
	}
}

// The builders write what the kernel and x/sys/unix agree on, and the
// parsers read what x/sys/unix writes.
func TestBuildersMatchXSys(t *testing.T) {
	b, err := sockunix.AppendRights([]byte("prefix"), []int{3, 4, 5})
	require.NoError(t, err)
	assert.Equal(t, append([]byte("prefix"), unix.UnixRights(3, 4, 5)...), b)
	assert.Len(t, unix.UnixRights(3, 4, 5), sockunix.RightsSpace(3))

	c := sockunix.Cred{PID: 12, UID: 34, GID: 56}
	assert.Equal(t, unix.UnixCredentials(&unix.Ucred{Pid: 12, Uid: 34, Gid: 56}), sockunix.AppendCredentials(nil, c))
	assert.Len(t, sockunix.AppendCredentials(nil, c), sockunix.CredentialsSpace)

	both := append(unix.UnixCredentials(&unix.Ucred{Pid: 1, Uid: 2, Gid: 3}), unix.UnixRights(7, 8)...)
	fds, err := sockunix.ParseRights(both, nil)
	require.NoError(t, err)
	assert.Equal(t, []int{7, 8}, fds)
	got, ok, err := sockunix.ParseCredentials(both)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, sockunix.Cred{PID: 1, UID: 2, GID: 3}, got)

	_, ok, err = sockunix.ParseCredentials(unix.UnixRights(1))
	require.NoError(t, err)
	assert.False(t, ok)
	empty, err := sockunix.AppendRights(nil, nil)
	require.NoError(t, err)
	assert.Empty(t, empty)
}

// The parsers refuse malformed lists: the kernel never writes one, but a
// buffer handed over from elsewhere may be anything.
func TestParsersRefuseMalformed(t *testing.T) {
	good := unix.UnixRights(7, 8)
	for name, b := range map[string][]byte{
		"short header": good[:5],
		"length beyond the buffer": func() []byte {
			b := append([]byte(nil), good...)
			b[0] = 200
			return b
		}(),
	} {
		fds, err := sockunix.ParseRights(b, nil)
		assert.ErrorIs(t, err, unix.EINVAL, name)
		assert.Empty(t, fds, name)
		_, _, err = sockunix.ParseCredentials(b)
		assert.ErrorIs(t, err, unix.EINVAL, name)
	}
	short := unix.UnixCredentials(&unix.Ucred{})
	short[0] = byte(unix.CmsgLen(8)) // claims a ucred of 8 bytes
	_, _, err := sockunix.ParseCredentials(short)
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.Contains(t, err.Error(), "SCM_CREDENTIALS of 8 bytes, want 12")
}

// SendRights and RecvRights speak the same messages as the root's SendFDs
// and RecvFDs (Python's send_fds and recv_fds).
func TestInteropWithRootFDs(t *testing.T) {
	a, b := socketpair(t, socket.SOCK_STREAM)
	r, _ := pipe(t)
	_, err := sockunix.SendRights(a, []byte("1"), nil, []int{int(r.Fd())}, 0)
	require.NoError(t, err)
	_, fds, err := b.RecvFDs(make([]byte, 1), 4, 0)
	require.NoError(t, err)
	require.Len(t, fds, 1)
	unix.Close(fds[0])

	_, err = b.SendFDs([][]byte{[]byte("2")}, []int{int(r.Fd()), int(r.Fd())}, 0, socket.Addr{})
	require.NoError(t, err)
	_, fds, err = sockunix.RecvRights(a, make([]byte, 1), make([]byte, sockunix.RightsSpace(4)), nil, 0)
	require.NoError(t, err)
	require.Len(t, fds, 2)
	for _, fd := range fds {
		unix.Close(fd)
	}
}
