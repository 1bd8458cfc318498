//go:build linux

package unix_test

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/bsdsock/socket"
	sockunix "github.com/bsdsock/socket/unix"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// self is this process's credentials.
func self() sockunix.Cred {
	return sockunix.Cred{PID: os.Getpid(), UID: uint32(os.Getuid()), GID: uint32(os.Getgid())}
}

// PeerCred gives this process's pid, uid and gid at both ends of a
// connection made here, of every type, and of a socketpair.
func TestPeerCred(t *testing.T) {
	for _, tt := range types[:2] {
		t.Run(tt.name, func(t *testing.T) {
			client, server := connected(t, sockPath(t, "s"), tt.typ)
			for _, s := range []*socket.Socket{client, server} {
				c, err := sockunix.PeerCred(s)
				require.NoError(t, err)
				assert.Equal(t, self(), c)
			}
		})
	}
	a, _ := socketpair(t, socket.SOCK_DGRAM)
	c, err := sockunix.PeerCred(a)
	require.NoError(t, err)
	assert.Equal(t, self(), c)

	lone, err := socket.New(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	require.NoError(t, err)
	c, err = sockunix.PeerCred(lone)
	require.NoError(t, err)
	assert.Equal(t, sockunix.Cred{PID: 0, UID: ^uint32(0), GID: ^uint32(0)}, c, "no peer")
	require.NoError(t, lone.Close())
	_, err = sockunix.PeerCred(lone)
	assert.EqualError(t, err, "getsockopt unix: use of closed network connection")
}

// With SO_PASSCRED, every message carries the sender's credentials, attached
// by the kernel when the sender gave none, or the ones the sender built.
func TestSCMCredentials(t *testing.T) {
	for _, tt := range types {
		t.Run(tt.name, func(t *testing.T) {
			a, b := socketpair(t, tt.typ)
			require.NoError(t, sockunix.SetPassCred(b, true))
			on, err := sockunix.PassCred(b)
			require.NoError(t, err)
			assert.True(t, on)

			buf, oob := make([]byte, 8), make([]byte, sockunix.CredentialsSpace)
			_, err = a.Send([]byte("plain"), 0)
			require.NoError(t, err)
			m, err := b.Recvmsg(buf, oob, 0)
			require.NoError(t, err)
			c, ok, err := sockunix.ParseCredentials(oob[:m.OOBN])
			require.NoError(t, err)
			require.True(t, ok, "the kernel attached them")
			assert.Equal(t, self(), c)

			_, err = a.Sendmsg([]byte("built"), sockunix.AppendCredentials(nil, self()), 0, socket.Addr{})
			require.NoError(t, err)
			m, err = b.Recvmsg(buf, oob, 0)
			require.NoError(t, err)
			c, ok, err = sockunix.ParseCredentials(oob[:m.OOBN])
			require.NoError(t, err)
			require.True(t, ok)
			assert.Equal(t, self(), c)
			assert.Equal(t, "built", string(buf[:m.N]))
		})
	}
}

// Credentials and descriptors travel in one message and are read from one
// control buffer.
func TestCredentialsWithRights(t *testing.T) {
	a, b := socketpair(t, socket.SOCK_SEQPACKET)
	require.NoError(t, sockunix.SetPassCred(b, true))
	r, _ := pipe(t)
	oob := sockunix.AppendCredentials(nil, self())
	oob, err := sockunix.AppendRights(oob, []int{int(r.Fd())})
	require.NoError(t, err)
	_, err = a.Sendmsg([]byte("both"), oob, 0, socket.Addr{})
	require.NoError(t, err)

	rx := make([]byte, sockunix.RightsSpace(1)+sockunix.CredentialsSpace)
	m, fds, err := sockunix.RecvRights(b, make([]byte, 8), rx, nil, 0)
	require.NoError(t, err)
	require.Len(t, fds, 1)
	unix.Close(fds[0])
	c, ok, err := sockunix.ParseCredentials(rx[:m.OOBN])
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, self(), c)
}

// A process with CAP_SETUID and CAP_SETGID may send other ids; the kernel
// passes them on as given.
func TestSCMCredentialsOtherIDsAsRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("sending another process's uid and gid needs CAP_SETUID and CAP_SETGID (run as root)")
	}
	a, b := socketpair(t, socket.SOCK_DGRAM)
	require.NoError(t, sockunix.SetPassCred(b, true))
	nobody := sockunix.Cred{PID: os.Getpid(), UID: 65534, GID: 65534}
	_, err := a.Sendmsg([]byte("x"), sockunix.AppendCredentials(nil, nobody), 0, socket.Addr{})
	require.NoError(t, err)
	oob := make([]byte, sockunix.CredentialsSpace)
	m, err := b.Recvmsg(make([]byte, 1), oob, 0)
	require.NoError(t, err)
	c, ok, err := sockunix.ParseCredentials(oob[:m.OOBN])
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, nobody, c)
}

// The peer's pidfd names this process (the kernel says which pid a pidfd
// refers to in /proc/self/fdinfo) and is close-on-exec. Kernels before 6.5
// lack SO_PEERPIDFD and report ENOPROTOOPT.
func TestPeerPidfd(t *testing.T) {
	client, server := connected(t, sockPath(t, "s"), socket.SOCK_STREAM)
	fd, err := sockunix.PeerPidfd(server)
	if errors.Is(err, unix.ENOPROTOOPT) {
		var u unix.Utsname
		unix.Uname(&u)
		t.Skipf("SO_PEERPIDFD needs Linux 6.5 or later; this kernel is %s", unix.ByteSliceToString(u.Release[:]))
	}
	require.NoError(t, err)
	defer unix.Close(fd)
	info, err := os.ReadFile("/proc/self/fdinfo/" + strconv.Itoa(fd))
	require.NoError(t, err)
	assert.Contains(t, strings.Split(string(info), "\n"), "Pid:\t"+strconv.Itoa(os.Getpid()))
	assert.True(t, closeOnExec(t, fd))
	// pidfd_send_signal with signal 0 checks that the process is there.
	assert.NoError(t, unix.PidfdSendSignal(fd, 0, nil, 0))

	fd, err = sockunix.PeerPidfd(client)
	require.NoError(t, err, "the listener's end names this process too")
	unix.Close(fd)

	lone, err := socket.New(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer lone.Close()
	_, err = sockunix.PeerPidfd(lone)
	assert.ErrorIs(t, err, unix.ENODATA, "no peer")
}
