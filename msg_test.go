//go:build linux

package socket

import (
	"os"
	"runtime"
	"testing"
	"weak"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// TestSCMRights passes a descriptor across a socketpair in a control
// message, the way only sendmsg(2) can.
func TestSCMRights(t *testing.T) {
	a, b := socketpair(t, SOCK_STREAM)
	f, err := os.CreateTemp(t.TempDir(), "passed")
	require.NoError(t, err)
	defer f.Close()
	_, err = f.WriteString("through the socket")
	require.NoError(t, err)

	n, err := a.Sendmsg([]byte("fd"), unix.UnixRights(int(f.Fd())), 0, Addr{})
	require.NoError(t, err)
	assert.Equal(t, 2, n)

	buf := make([]byte, 8)
	oob := make([]byte, unix.CmsgSpace(4))
	m, err := b.Recvmsg(buf, oob, MSG_CMSG_CLOEXEC)
	require.NoError(t, err)
	assert.Equal(t, "fd", string(buf[:m.N]))
	assert.Zero(t, m.Flags&MSG_CTRUNC)
	cmsgs, err := unix.ParseSocketControlMessage(oob[:m.OOBN])
	require.NoError(t, err)
	require.Len(t, cmsgs, 1)
	fds, err := unix.ParseUnixRights(&cmsgs[0])
	require.NoError(t, err)
	require.Len(t, fds, 1)
	got := os.NewFile(uintptr(fds[0]), "received")
	defer got.Close()
	content := make([]byte, 32)
	k, err := got.ReadAt(content, 0)
	require.Error(t, err) // io.EOF: the file is shorter than the buffer
	assert.Equal(t, "through the socket", string(content[:k]), "the received descriptor opens the same file")
}

func TestRecvmsgTruncationFlags(t *testing.T) {
	a, b := socketpair(t, SOCK_DGRAM)
	_, err := a.Send([]byte("a long datagram"), 0)
	require.NoError(t, err)
	m, err := b.Recvmsg(make([]byte, 4), nil, 0)
	require.NoError(t, err)
	assert.Equal(t, 4, m.N)
	assert.NotZero(t, m.Flags&MSG_TRUNC, "msg_flags says the datagram was cut")

	_, err = a.Sendmsg([]byte("x"), unix.UnixRights(0, 1), 0, Addr{})
	require.NoError(t, err)
	m, err = b.Recvmsg(make([]byte, 4), make([]byte, unix.CmsgSpace(0)), 0)
	require.NoError(t, err)
	assert.NotZero(t, m.Flags&MSG_CTRUNC, "msg_flags says the control data was cut")
}

func TestScatterGather(t *testing.T) {
	a, b := udpPair(t, AF_INET)
	n, err := a.SendmsgBuffers([][]byte{[]byte("head-"), nil, []byte("body-"), []byte("tail")}, nil, 0, Addr{})
	require.NoError(t, err)
	assert.Equal(t, 14, n)
	p1, p2, p3 := make([]byte, 3), make([]byte, 6), make([]byte, 10)
	m, err := b.RecvmsgInto([][]byte{p1, p2, p3}, nil, 0)
	require.NoError(t, err)
	assert.Equal(t, 14, m.N)
	assert.Equal(t, "hea", string(p1))
	assert.Equal(t, "d-body", string(p2))
	assert.Equal(t, "-tail", string(p3[:5]))
	from, err := a.Getsockname()
	require.NoError(t, err)
	assert.True(t, from == m.From, "Recvmsg reports the sender")
}

func TestSendmsgTo(t *testing.T) {
	srv := newTestSocket(t, AF_INET6, SOCK_DGRAM, 0)
	require.NoError(t, srv.Bind(loopback(t, AF_INET6)))
	to, err := srv.Getsockname()
	require.NoError(t, err)
	cli := newTestSocket(t, AF_INET6, SOCK_DGRAM, 0)
	_, err = cli.Sendmsg([]byte("addressed"), nil, 0, to)
	require.NoError(t, err)
	buf := make([]byte, 16)
	n, err := srv.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "addressed", string(buf[:n]))
	_, err = cli.Sendmsg([]byte("nowhere"), nil, 0, Addr{})
	assert.ErrorIs(t, err, unix.EDESTADDRREQ, "no address on an unconnected socket")
}

// TestMsgCallsKeepNoBuffers: between calls the socket holds no reference to
// the caller's data and control buffers (sockfd.Msg.Reset's promise), so a
// long-lived socket does not keep the last call's buffers alive.
func TestMsgCallsKeepNoBuffers(t *testing.T) {
	a, b := socketpair(t, SOCK_DGRAM)
	held := func(call func(data, oob []byte)) (data, oob weak.Pointer[byte]) {
		d, o := make([]byte, 64), make([]byte, 64)
		call(d, o)
		return weak.Make(&d[0]), weak.Make(&o[0])
	}
	calls := map[string]func(data, oob []byte){
		"Sendmsg": func(data, oob []byte) {
			_, err := a.Sendmsg(data, nil, 0, Addr{})
			require.NoError(t, err)
			_, err = a.SendmsgBuffers([][]byte{data, oob}, nil, 0, Addr{})
			require.NoError(t, err)
		},
		"Recvmsg": func(data, oob []byte) {
			_, err := b.Recvmsg(data, oob, 0)
			require.NoError(t, err)
			_, err = b.RecvmsgInto([][]byte{data}, oob, 0)
			require.NoError(t, err)
		},
	}
	for _, name := range []string{"Sendmsg", "Recvmsg"} {
		data, oob := held(calls[name])
		runtime.GC()
		assert.Nil(t, data.Value(), "%s keeps the data buffer", name)
		assert.Nil(t, oob.Value(), "%s keeps the control buffer", name)
	}
}
