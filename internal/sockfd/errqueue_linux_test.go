package sockfd

import (
	"context"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// tcpPair returns a connected loopback TCP pair, released when the test
// ends.
func tcpPair(t *testing.T) (client, server *FD) {
	t.Helper()
	ls, err := Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	require.NoError(t, err)
	l, _ := New(ls)
	defer l.Release()
	sa := unix.RawSockaddrInet4{Family: unix.AF_INET, Addr: [4]byte{127, 0, 0, 1}}
	require.NoError(t, l.Bind((*unix.RawSockaddrAny)(unsafe.Pointer(&sa)), unix.SizeofSockaddrInet4))
	require.NoError(t, l.Listen(1))
	var got uint32 = unix.SizeofSockaddrInet4
	require.Zero(t, sysGetsockname(uintptr(ls), (*unix.RawSockaddrAny)(unsafe.Pointer(&sa)), &got))
	cs, err := Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	require.NoError(t, err)
	client, _ = New(cs)
	t.Cleanup(func() { client.Release() })
	require.NoError(t, client.Connect(context.Background(), blocking, (*unix.RawSockaddrAny)(unsafe.Pointer(&sa)), unix.SizeofSockaddrInet4, false))
	var from unix.RawSockaddrAny
	nfd, _, err := l.Accept(context.Background(), blocking, &from)
	require.NoError(t, err)
	server, _ = New(nfd)
	t.Cleanup(func() { server.Release() })
	return client, server
}

// The error queue (MSG_ERRQUEUE: zero-copy completions, transmit
// timestamps, ICMP errors with IP_RECVERR) is not the receive queue: a
// recvmsg(2) from it never blocks in the kernel and has nothing to do with
// a data receive waiting in the poller. A sender that reaps its
// MSG_ZEROCOPY completions while another goroutine is blocked receiving on
// the same socket (the usual shape) must get them; refused with EAGAIN
// because the receive turn is parked, it never can while the peer is
// silent, and a blocking read of the queue waits for data that may never
// come.
func TestErrQueueNotBehindParkedReceive(t *testing.T) {
	client, server := tcpPair(t)
	_ = server
	if e := unix.SetsockoptInt(client.Sysfd, unix.SOL_SOCKET, unix.SO_ZEROCOPY, 1); e != nil {
		t.Skipf("SO_ZEROCOPY: %v", e)
	}
	recvDone := make(chan error, 1)
	go func() {
		_, _, err := client.Recvfrom(context.Background(), blocking, make([]byte, 8), 0, nil)
		recvDone <- err
	}()
	for end := time.Now().Add(5 * time.Second); !client.Parked(false); {
		require.True(t, time.Now().Before(end), "the receive never parked")
		time.Sleep(time.Millisecond)
	}
	oob := make([]byte, 128)
	var from unix.RawSockaddrAny
	for _, m := range []Mode{nonBlocking, {Timeout: time.Second}, blocking} {
		n, err := client.Sendto(context.Background(), blocking, make([]byte, 4096), unix.MSG_ZEROCOPY, nil, 0)
		require.NoError(t, err)
		require.Equal(t, 4096, n)
		// The completion is queued once the data is acknowledged:
		// poll(2) on the descriptor itself (not through the engine)
		// shows it.
		for end := time.Now().Add(5 * time.Second); ; {
			fds := []unix.PollFd{{Fd: int32(client.Sysfd), Events: 0}}
			if n, _ := unix.Poll(fds, 100); n == 1 && fds[0].Revents&unix.POLLERR != 0 {
				break
			}
			require.True(t, time.Now().Before(end), "no zero-copy completion queued")
		}
		r, err := client.Recvmsg(context.Background(), m, nil, nil, oob, unix.MSG_ERRQUEUE, &from)
		require.NoError(t, err, "mode %v: reading the error queue while a receive is parked", m)
		require.Positive(t, r.OOBN, "the completion comes as control data")
	}
	require.True(t, client.Parked(false), "the data receive still waits")
	client.Release()
	<-recvDone
}
