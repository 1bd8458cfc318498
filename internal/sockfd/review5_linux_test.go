package sockfd

import (
	"context"
	"errors"
	"net"
	"os"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// udpPair returns two UDP sockets on loopback, each connected to the
// other, released when the test ends.
func udpPair(t *testing.T) (a, b *FD) {
	t.Helper()
	var fds [2]*FD
	var addrs [2]unix.RawSockaddrInet4
	for i := range fds {
		s, err := Socket(unix.AF_INET, unix.SOCK_DGRAM, 0)
		require.NoError(t, err)
		fds[i], _ = New(s)
		fd := fds[i]
		t.Cleanup(func() { fd.Release() })
		addrs[i] = unix.RawSockaddrInet4{Family: unix.AF_INET, Addr: [4]byte{127, 0, 0, 1}}
		require.NoError(t, fd.Bind((*unix.RawSockaddrAny)(unsafe.Pointer(&addrs[i])), unix.SizeofSockaddrInet4))
		l := uint32(unix.SizeofSockaddrInet4)
		require.Zero(t, sysGetsockname(uintptr(s), (*unix.RawSockaddrAny)(unsafe.Pointer(&addrs[i])), &l))
	}
	for i, fd := range fds {
		require.NoError(t, fd.Connect(context.Background(), blocking, (*unix.RawSockaddrAny)(unsafe.Pointer(&addrs[1-i])), unix.SizeofSockaddrInet4, false))
	}
	return fds[0], fds[1]
}

// errQueueOf makes fd's errWait (a RecvErrQueue that times out) and
// counts the tries of its waits from then on.
func errQueueOf(t *testing.T, fd *FD) (*errWait, *atomic.Int64) {
	t.Helper()
	var from unix.RawSockaddrAny
	_, err := fd.RecvErrQueue(context.Background(), Mode{Timeout: time.Millisecond}, nil, nil, make([]byte, 256), 0, &from)
	require.ErrorIs(t, err, os.ErrDeadlineExceeded)
	w := fd.reg.Load().errq.Load()
	require.NotNil(t, w)
	tries := new(atomic.Int64)
	try := w.run
	w.run = func(s uintptr) bool { tries.Add(1); return try(s) }
	return w, tries
}

// waitingErrQueue starts a blocking RecvErrQueue on fd and returns once it
// waits; its error comes on the channel.
func waitingErrQueue(t *testing.T, fd *FD) <-chan error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		var from unix.RawSockaddrAny
		_, err := fd.RecvErrQueue(context.Background(), blocking, nil, nil, make([]byte, 256), 0, &from)
		done <- err
	}()
	for end := time.Now().Add(5 * time.Second); !fd.ErrQueueWaiting(); time.Sleep(time.Millisecond) {
		require.True(t, time.Now().Before(end), "RecvErrQueue never waited")
	}
	time.Sleep(10 * time.Millisecond) // parked in the poller
	return done
}

// The design says a RecvErrQueue waiting as a writer on the duplicate is
// woken, besides by EPOLLERR, "when the send buffer drains". The runtime
// registers the duplicate for EPOLLIN|EPOLLOUT|EPOLLRDHUP, edge-triggered,
// and an edge-triggered item reports the socket's whole state (writable,
// for a socket that is not full) on every wake-up of the socket's wait
// queue: so every datagram the socket receives wakes the error-queue
// waiter too, for a recvmsg(2) that says EAGAIN. A socket that receives
// (the usual case beside a RecvErrQueue loop: a traceroute's replies, a
// zero-copy sender's peer) pays a second wake-up per packet.
func TestReview5ErrQueueWokenByEveryDatagram(t *testing.T) {
	a, b := udpPair(t)
	_, tries := errQueueOf(t, a)
	done := waitingErrQueue(t, a)
	base := tries.Load()
	const datagrams = 100
	for range datagrams {
		_, err := b.Sendto(context.Background(), blocking, []byte("data"), 0, nil, 0)
		require.NoError(t, err)
		time.Sleep(200 * time.Microsecond)
	}
	time.Sleep(20 * time.Millisecond)
	woken := tries.Load() - base
	a.Release()
	require.ErrorIs(t, <-done, net.ErrClosed)
	t.Logf("%d datagrams received woke the error-queue waiter %d times", datagrams, woken)
	assert.Less(t, woken, int64(datagrams/10), "the error-queue waiter is woken by data it has nothing to do with")
}

// rusage returns the process's CPU time so far.
func rusage(t *testing.T) time.Duration {
	var ru syscall.Rusage
	require.NoError(t, syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// errorEventPair returns a TCP pair whose client has a Recv parked while
// the socket reports EPOLLERR alone (zero-copy completions queued, send
// buffer full, the peer not reading), and counts the Recv's tries.
func errorEventPair(t *testing.T, m Mode) (client, server *FD, tries *atomic.Int64, done <-chan error) {
	t.Helper()
	client, server = tcpPair(t)
	if e := unix.SetsockoptInt(client.Sysfd, unix.SOL_SOCKET, unix.SO_ZEROCOPY, 1); e != nil {
		t.Skipf("SO_ZEROCOPY: %v", e)
	}
	require.NoError(t, unix.SetsockoptInt(client.Sysfd, unix.SOL_SOCKET, unix.SO_SNDBUF, 16384))
	require.NoError(t, unix.SetsockoptInt(server.Sysfd, unix.SOL_SOCKET, unix.SO_RCVBUF, 4096))
	o := client.op(&client.recv)
	tries = new(atomic.Int64)
	call := o.run
	o.run = func(s uintptr) bool { tries.Add(1); return call(s) }
	ch := make(chan error, 1)
	go func() {
		_, err := client.Recvmsg(context.Background(), m, nil, make([]byte, 8), nil, 0, new(unix.RawSockaddrAny))
		ch <- err
	}()
	for end := time.Now().Add(5 * time.Second); !client.Parked(false); time.Sleep(time.Millisecond) {
		require.True(t, time.Now().Before(end), "the receive never parked")
	}
	buf := make([]byte, 4096)
	for range 1000 {
		if _, err := client.Sendto(context.Background(), nonBlocking, buf, unix.MSG_ZEROCOPY, nil, 0); err != nil {
			require.ErrorIs(t, err, unix.EAGAIN)
			break
		}
	}
	for end := time.Now().Add(5 * time.Second); ; {
		fds := []unix.PollFd{{Fd: int32(client.Sysfd), Events: unix.POLLIN | unix.POLLOUT}}
		if n, _ := unix.Poll(fds, 100); n == 1 && fds[0].Revents == unix.POLLERR {
			break
		}
		require.True(t, time.Now().Before(end), "the socket never reported POLLERR alone")
	}
	time.Sleep(50 * time.Millisecond)
	return client, server, tries, ch
}

// A Recv parked while the socket reports EPOLLERR alone: how often it
// wakes, what CPU it burns, and that Close and a deadline still end it
// promptly.
func TestReview5RecvDuringErrorEvent(t *testing.T) {
	t.Run("wake-ups", func(t *testing.T) {
		client, _, tries, done := errorEventPair(t, blocking)
		before, cpu := tries.Load(), rusage(t)
		time.Sleep(time.Second)
		woken, burnt := tries.Load()-before, rusage(t)-cpu
		t.Logf("in 1 s under the mark: %d tries, %v CPU", woken, burnt)
		select {
		case err := <-done:
			t.Fatalf("the Recv ended: %v", err)
		default:
		}
		start := time.Now()
		client.Release()
		require.ErrorIs(t, <-done, net.ErrClosed)
		assert.Less(t, time.Since(start), 50*time.Millisecond, "Close ended the Recv late")
		assert.LessOrEqual(t, woken, int64(5), "the Recv woke with nothing to do: it should wait for the socket's next event")
		assert.Less(t, burnt, 20*time.Millisecond, "CPU burnt in a second of waiting")
	})
	t.Run("deadline", func(t *testing.T) {
		const d = 400 * time.Millisecond
		start := time.Now()
		_, _, _, done := errorEventPair(t, Mode{Timeout: d})
		err := <-done
		took := time.Since(start)
		require.True(t, errors.Is(err, os.ErrDeadlineExceeded), "%v", err)
		assert.GreaterOrEqual(t, took, d)
		assert.Less(t, took, d+100*time.Millisecond, "the timeout fired late")
	})
	t.Run("data", func(t *testing.T) {
		_, server, _, done := errorEventPair(t, blocking)
		start := time.Now()
		_, err := server.Sendto(context.Background(), blocking, []byte("reply"), 0, nil, 0)
		require.NoError(t, err)
		require.NoError(t, <-done)
		assert.Less(t, time.Since(start), 50*time.Millisecond, "the data reached the waiting Recv late")
	})
	t.Run("moved deadline", func(t *testing.T) {
		client, _, _, done := errorEventPair(t, blocking)
		start := time.Now()
		client.SetReadDeadline(time.Now().Add(-time.Second))
		require.ErrorIs(t, <-done, os.ErrDeadlineExceeded)
		assert.Less(t, time.Since(start), 50*time.Millisecond, "a past deadline ended the Recv late")
	})
}
