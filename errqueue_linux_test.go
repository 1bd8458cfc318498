package socket

import (
	"context"
	"encoding/binary"
	"errors"
	"net"
	"net/netip"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// closedUDPPort returns a loopback address of family with a UDP port
// nobody listens on, so that the kernel answers a datagram sent there
// with a port unreachable.
func closedUDPPort(t *testing.T, family Family) Addr {
	return closedPortOf(t, family, SOCK_DGRAM)
}

// recvErrSocket returns a UDP socket of family with IP_RECVERR or
// IPV6_RECVERR on, in the mode timeout selects.
func recvErrSocket(t *testing.T, family Family, timeout time.Duration) *Socket {
	t.Helper()
	s := newTestSocket(t, family, SOCK_DGRAM, 0)
	if family == AF_INET6 {
		require.NoError(t, s.SetRecvErrV6(true))
		on, err := s.RecvErrV6()
		require.NoError(t, err)
		require.True(t, on)
	} else {
		require.NoError(t, s.SetRecvErr(true))
		on, err := s.RecvErr()
		require.NoError(t, err)
		require.True(t, on)
	}
	s.SetTimeout(timeout)
	return s
}

// waitingRecvErrQueue starts a RecvErrQueue on s and returns once it
// waits: then, what it returns (the errno of the message it got, or its
// error) comes on the channel.
func waitingRecvErrQueue(t *testing.T, s *Socket) <-chan error {
	t.Helper()
	got := make(chan error, 1)
	go func() {
		m, err := s.RecvErrQueue(nil, make([]byte, errOOB), 0)
		if err == nil {
			err = m.Err
		}
		got <- err
	}()
	for end := time.Now().Add(10 * time.Second); !s.fd.ErrQueueWaiting(); {
		require.True(t, time.Now().Before(end), "RecvErrQueue never waited")
		time.Sleep(time.Millisecond)
	}
	return got
}

// awaitErr returns what came on got, failing the test with why when
// nothing came within 10 s.
func awaitErr(t *testing.T, got <-chan error, why string) error {
	t.Helper()
	select {
	case err := <-got:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal(why)
		return nil
	}
}

// errOOB is room for any error-queue message's control data.
const errOOB = 256

// A datagram to a closed port comes back as an ICMP port unreachable on
// the error queue: origin, type, code, errno and the offender as the
// kernel gives them, the datagram itself in p and its destination in From.
func TestRecvErrQueuePortUnreachable(t *testing.T) {
	for _, c := range []struct {
		family    Family
		origin    ErrOrigin
		typ, code uint8
		offender  string
	}{
		{AF_INET, SO_EE_ORIGIN_ICMP, 3, 3, "127.0.0.1"},
		{AF_INET6, SO_EE_ORIGIN_ICMP6, 1, 4, "::1"},
	} {
		t.Run(c.family.String(), func(t *testing.T) {
			s := recvErrSocket(t, c.family, -1)
			to := closedUDPPort(t, c.family)
			_, err := s.Sendto([]byte("probe"), 0, to)
			require.NoError(t, err)

			p, oob := make([]byte, 64), make([]byte, errOOB)
			m, err := s.RecvErrQueue(p, oob, 0)
			require.NoError(t, err)
			assert.Equal(t, "probe", string(p[:m.N]), "the datagram the error is about")
			assert.Equal(t, to, m.From, "its destination")
			assert.NotZero(t, m.Flags&MSG_ERRQUEUE)
			require.NotZero(t, m.Has&CtrlExtendedErr, "an extended error came")
			e := m.Err
			assert.Equal(t, c.origin, e.Origin)
			assert.Equal(t, c.typ, e.Type)
			assert.Equal(t, c.code, e.Code)
			assert.Equal(t, unix.ECONNREFUSED, e.Errno)
			assert.Equal(t, netip.MustParseAddr(c.offender), e.Offender)
			assert.ErrorIs(t, e, unix.ECONNREFUSED, "ExtendedErr is an error value")
			assert.Contains(t, e.Error(), "from "+c.offender)
			assert.Zero(t, e.MTU())

			// Linux also set the socket's pending error: the next call
			// reports it once; the queue is empty now.
			_, err = s.GetsockoptInt(SOL_SOCKET, SO_ERROR)
			require.NoError(t, err)
			_, err = s.RecvErrQueue(p, oob, MSG_DONTWAIT)
			assert.ErrorIs(t, err, unix.EAGAIN)
		})
	}
}

// In blocking mode RecvErrQueue waits until the error comes; with a
// timeout it fails when the timeout passes, not before; non-blocking it
// fails at once with EAGAIN.
func TestRecvErrQueueModes(t *testing.T) {
	t.Run("blocking", func(t *testing.T) {
		s := recvErrSocket(t, AF_INET, -1)
		got := waitingRecvErrQueue(t, s)
		select {
		case err := <-got:
			t.Fatalf("returned before any error was queued: %v", err)
		default:
		}
		_, err := s.Sendto([]byte("x"), 0, closedUDPPort(t, AF_INET))
		require.NoError(t, err)
		assert.ErrorIs(t, awaitErr(t, got, "the queued error did not wake the waiting RecvErrQueue"), unix.ECONNREFUSED)
	})
	t.Run("timeout", func(t *testing.T) {
		s := recvErrSocket(t, AF_INET, 100*time.Millisecond)
		start := time.Now()
		_, err := s.RecvErrQueue(nil, make([]byte, errOOB), 0)
		took := time.Since(start)
		assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
		assert.GreaterOrEqual(t, took, 100*time.Millisecond)
		assert.Less(t, took, 5*time.Second)
	})
	t.Run("non-blocking", func(t *testing.T) {
		s := recvErrSocket(t, AF_INET, 0)
		_, err := s.RecvErrQueue(nil, make([]byte, errOOB), 0)
		assert.ErrorIs(t, err, unix.EAGAIN)
	})
	t.Run("read deadline", func(t *testing.T) {
		s := recvErrSocket(t, AF_INET, -1)
		require.NoError(t, s.SetReadDeadline(time.Now().Add(50*time.Millisecond)))
		_, err := s.RecvErrQueue(nil, make([]byte, errOOB), 0)
		assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	})
	t.Run("deadline moved while waiting", func(t *testing.T) {
		s := recvErrSocket(t, AF_INET, -1)
		got := waitingRecvErrQueue(t, s)
		require.NoError(t, s.SetDeadline(time.Now().Add(-time.Second)))
		assert.ErrorIs(t, awaitErr(t, got, "a past deadline did not end the waiting RecvErrQueue"), os.ErrDeadlineExceeded)
	})
	t.Run("context", func(t *testing.T) {
		s := recvErrSocket(t, AF_INET, -1)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := s.RecvErrQueueContext(ctx, nil, make([]byte, errOOB), 0)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		ctx, cancel = context.WithCancel(context.Background())
		cancel()
		_, err = s.RecvErrQueueContext(ctx, nil, make([]byte, errOOB), 0)
		assert.ErrorIs(t, err, context.Canceled)
	})
	t.Run("close", func(t *testing.T) {
		s := recvErrSocket(t, AF_INET, -1)
		got := waitingRecvErrQueue(t, s)
		require.NoError(t, s.Close())
		assert.ErrorIs(t, awaitErr(t, got, "Close did not end the waiting RecvErrQueue"), net.ErrClosed)
	})
}

// A Recv waiting for data is not ended by a message of the error queue
// that sets no pending error: zero-copy completions that come while the
// send buffer is full make the socket report EPOLLERR alone, after which
// Go's poller fails read waits ("not pollable") until its next event. The
// Recv goes on waiting, and gets the data when it comes.
func TestRecvNotFailedByErrorEvent(t *testing.T) {
	c, srv := tcpPair(t, AF_INET)
	require.NoError(t, c.SetZerocopy(true))
	on, err := c.Zerocopy()
	require.NoError(t, err)
	require.True(t, on)
	require.NoError(t, c.SetSendBuffer(16384))
	require.NoError(t, srv.SetRecvBuffer(4096))
	got := make(chan error, 1)
	go func() {
		p := make([]byte, 8)
		n, err := c.Recv(p, 0)
		if err == nil && string(p[:n]) != "reply" {
			err = errors.New("received " + string(p[:n]))
		}
		got <- err
	}()
	for !c.fd.Parked(false) {
		time.Sleep(time.Millisecond)
	}
	buf := make([]byte, 4096)
	sends := 0
	for ; sends < 1000; sends++ {
		if _, err := c.Send(buf, MSG_DONTWAIT|MSG_ZEROCOPY); err != nil {
			require.ErrorIs(t, err, unix.EAGAIN)
			break
		}
	}
	require.Positive(t, sends)
	// The completions come as the peer's receive queue takes the data.
	fds := []unix.PollFd{{Fd: int32(c.Fileno()), Events: 0}}
	for end := time.Now().Add(5 * time.Second); ; {
		if n, _ := unix.Poll(fds, 100); n == 1 && fds[0].Revents&unix.POLLERR != 0 {
			break
		}
		require.True(t, time.Now().Before(end), "no completion queued")
	}
	time.Sleep(100 * time.Millisecond) // the poller's event reaches the Recv
	select {
	case err := <-got:
		t.Fatalf("Recv ended by a queued completion: %v", err)
	default:
	}
	_, err = srv.Send([]byte("reply"), 0)
	require.NoError(t, err)
	select {
	case err := <-got:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Recv never got the reply")
	}
}

// An ICMP error does set the pending error of a UDP socket with
// IP_RECVERR, so a Recv waiting on it fails with it, as recv(2) does; the
// message stays on the error queue.
func TestRecvFailedByPendingICMPError(t *testing.T) {
	s := recvErrSocket(t, AF_INET, -1)
	require.NoError(t, s.Bind(loopback(t, AF_INET)))
	got := make(chan error, 1)
	go func() {
		_, err := s.Recv(make([]byte, 8), 0)
		got <- err
	}()
	for !s.fd.Parked(false) {
		time.Sleep(time.Millisecond)
	}
	_, err := s.Sendto([]byte("x"), 0, closedUDPPort(t, AF_INET))
	require.NoError(t, err)
	select {
	case err := <-got:
		assert.ErrorIs(t, err, unix.ECONNREFUSED)
	case <-time.After(10 * time.Second):
		t.Fatal("the pending error did not reach the waiting Recv")
	}
	m, err := s.RecvErrQueue(nil, make([]byte, errOOB), MSG_DONTWAIT)
	require.NoError(t, err)
	assert.Equal(t, SO_EE_ORIGIN_ICMP, m.Err.Origin)
}

// A duplicate that made the description blocking before the first wait
// changes nothing: RecvErrQueue still waits in the poller, times out on
// time, and gets the error when it comes.
func TestRecvErrQueueAfterBlockingDup(t *testing.T) {
	s := recvErrSocket(t, AF_INET, 100*time.Millisecond)
	dup, err := unix.Dup(s.Fileno())
	require.NoError(t, err)
	defer unix.Close(dup)
	require.NoError(t, unix.SetNonblock(dup, false))

	start := time.Now()
	_, err = s.RecvErrQueue(nil, make([]byte, errOOB), 0)
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	assert.Less(t, time.Since(start), 5*time.Second)

	require.NoError(t, unix.SetNonblock(dup, false))
	s.SetTimeout(-1)
	got := waitingRecvErrQueue(t, s)
	_, err = s.Sendto([]byte("x"), 0, closedUDPPort(t, AF_INET))
	require.NoError(t, err)
	assert.ErrorIs(t, awaitErr(t, got, "the error did not reach RecvErrQueue"), unix.ECONNREFUSED)
}

// ParseControl decodes an error-queue message's struct sock_extended_err
// and the offender after it, and SCM_TIMESTAMPING's three times, from the
// bytes the kernel writes; a message too short for its struct is EINVAL.
func TestParseControlErrQueueBytes(t *testing.T) {
	ee := func(errno uint32, origin, typ, code byte, info, data uint32) []byte {
		b := binary.NativeEndian.AppendUint32(nil, errno)
		b = append(b, origin, typ, code, 0)
		b = binary.NativeEndian.AppendUint32(b, info)
		return binary.NativeEndian.AppendUint32(b, data)
	}
	sin6 := make([]byte, unix.SizeofSockaddrInet6)
	binary.NativeEndian.PutUint16(sin6, unix.AF_INET6)
	copy(sin6[8:], netip.MustParseAddr("2001:db8::1").AsSlice())
	oob := append(buildCmsg(SOL_IPV6, IPV6_RECVERR, append(ee(uint32(unix.EMSGSIZE), byte(SO_EE_ORIGIN_ICMP6), 2, 0, 1280, 0), sin6...)),
		buildCmsg(SOL_SOCKET, unix.SO_TIMESTAMPING_OLD, longs(1, 2, 0, 0, 3, 4))...)

	ci, err := ParseControl(oob)
	require.NoError(t, err)
	require.Equal(t, CtrlExtendedErr|CtrlTimestamping, ci.Has)
	assert.Equal(t, ExtendedErr{Errno: unix.EMSGSIZE, Origin: SO_EE_ORIGIN_ICMP6, Type: 2, Info: 1280,
		Offender: netip.MustParseAddr("2001:db8::1")}, ci.Err)
	assert.Equal(t, 1280, ci.Err.MTU(), "packet too big")
	assert.Equal(t, time.Unix(1, 2), ci.Timestamping.Software)
	assert.True(t, ci.Timestamping.Legacy.IsZero())
	assert.Equal(t, time.Unix(3, 4), ci.Timestamping.Hardware)

	zc := ExtendedErr{Origin: SO_EE_ORIGIN_ZEROCOPY, Code: SO_EE_CODE_ZEROCOPY_COPIED, Info: 5, Data: 9}
	lo, hi, copied, ok := zc.Zerocopy()
	assert.Equal(t, []any{uint32(5), uint32(9), true, true}, []any{lo, hi, copied, ok})
	assert.Equal(t, "SO_EE_ORIGIN_ZEROCOPY 5..9 copied", zc.Error())
	_, _, ok = zc.Timestamp()
	assert.False(t, ok)
	assert.NoError(t, zc.Unwrap())

	_, err = ParseControl(buildCmsg(SOL_IP, IP_RECVERR, ee(1, 2, 3, 3, 0, 0)[:8]))
	assert.ErrorIs(t, err, unix.EINVAL)
}
