package socket

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// waiting is a ...Context call set up so that it waits until its context
// is done, and a call in the same direction that must not wait afterwards.
type waiting struct {
	name string
	// setup prepares fresh sockets and returns the waiting call and a
	// non-waiting one, which must give EAGAIN, not a stale deadline.
	setup func(t *testing.T) (call func(context.Context) error, after func() error)
}

var waitingCalls = []waiting{
	{"Recv", func(t *testing.T) (func(context.Context) error, func() error) {
		c, _ := tcpPair(t, AF_INET)
		buf := make([]byte, 8)
		return func(ctx context.Context) error { _, err := c.RecvContext(ctx, buf, 0); return err },
			func() error { _, err := c.Recv(buf, MSG_DONTWAIT); return err }
	}},
	{"Recvfrom", func(t *testing.T) (func(context.Context) error, func() error) {
		_, b := udpPair(t, AF_INET6)
		buf := make([]byte, 8)
		return func(ctx context.Context) error { _, _, err := b.RecvfromContext(ctx, buf, 0); return err },
			func() error { _, _, err := b.Recvfrom(buf, MSG_DONTWAIT); return err }
	}},
	{"Recvmsg", func(t *testing.T) (func(context.Context) error, func() error) {
		_, b := socketpair(t, SOCK_DGRAM)
		buf, oob := make([]byte, 8), make([]byte, 64)
		return func(ctx context.Context) error { _, err := b.RecvmsgContext(ctx, buf, oob, 0); return err },
			func() error { _, err := b.Recvmsg(buf, oob, MSG_DONTWAIT); return err }
	}},
	{"Accept", func(t *testing.T) (func(context.Context) error, func() error) {
		l, _ := listenTCP(t, AF_INET)
		return func(ctx context.Context) error { _, _, err := l.AcceptContext(ctx); return err },
			func() error {
				l.SetBlocking(false)
				_, _, err := l.Accept()
				return err
			}
	}},
	{"Connect", func(t *testing.T) (func(context.Context) error, func() error) {
		to := stalledListener(t)
		c := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
		return func(ctx context.Context) error { return c.ConnectContext(ctx, to) },
			func() error {
				c.SetBlocking(false)
				return c.ConnectEx(to)
			}
	}},
	{"Send", func(t *testing.T) (func(context.Context) error, func() error) {
		a, _ := socketpair(t, SOCK_STREAM)
		fillSendBuffer(t, a)
		msg := []byte("more")
		return func(ctx context.Context) error { _, err := a.SendContext(ctx, msg, 0); return err },
			func() error { _, err := a.Send(msg, MSG_DONTWAIT); return err }
	}},
	{"Sendall", func(t *testing.T) (func(context.Context) error, func() error) {
		a, _ := socketpair(t, SOCK_STREAM)
		fillSendBuffer(t, a)
		msg := make([]byte, 1<<20)
		return func(ctx context.Context) error { _, err := a.SendallContext(ctx, msg, 0); return err },
			func() error { _, err := a.Sendall(msg, MSG_DONTWAIT); return err }
	}},
	{"Sendto", func(t *testing.T) (func(context.Context) error, func() error) {
		a, _, to := unixgramPair(t)
		fillSendBuffer(t, a)
		msg := []byte("more")
		return func(ctx context.Context) error { _, err := a.SendtoContext(ctx, msg, 0, to); return err },
			func() error { _, err := a.Sendto(msg, MSG_DONTWAIT, to); return err }
	}},
	{"Sendmsg", func(t *testing.T) (func(context.Context) error, func() error) {
		a, _ := socketpair(t, SOCK_STREAM)
		fillSendBuffer(t, a)
		msg := []byte("more")
		return func(ctx context.Context) error { _, err := a.SendmsgContext(ctx, msg, nil, 0, Addr{}); return err },
			func() error { _, err := a.Sendmsg(msg, nil, MSG_DONTWAIT, Addr{}); return err }
	}},
}

// wouldBlock reports whether err is what a non-waiting call gives when it
// would wait: EAGAIN, or for a connect under way EALREADY.
func wouldBlock(err error) bool {
	return errors.Is(err, unix.EAGAIN) || errors.Is(err, unix.EALREADY)
}

func TestContextCancelUnblocks(t *testing.T) {
	for _, w := range waitingCalls {
		t.Run(w.name, func(t *testing.T) {
			call, after := w.setup(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			time.AfterFunc(20*time.Millisecond, cancel)
			err := returns(t, func() error { return call(ctx) })
			require.Error(t, err)
			assert.ErrorIs(t, err, context.Canceled)
			assert.NotErrorIs(t, err, os.ErrDeadlineExceeded)
			assert.False(t, isTimeout(err), "a cancellation is not a timeout")

			// The past deadline that woke the call is gone.
			err = after()
			assert.True(t, wouldBlock(err), "after the cancelled call: %v", err)
		})
	}
}

func TestContextDeadlineIsTimeout(t *testing.T) {
	for _, w := range waitingCalls {
		t.Run(w.name, func(t *testing.T) {
			call, after := w.setup(t)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
			defer cancel()
			err := returns(t, func() error { return call(ctx) })
			assertTimeout(t, err)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			err = after()
			assert.True(t, wouldBlock(err), "after the expired call: %v", err)
		})
	}
}

// A context already done fails the call before any system call: even a
// call that would not wait.
func TestContextDoneBeforeCall(t *testing.T) {
	a, b := udpPair(t, AF_INET)
	_, err := a.Send([]byte("ready"), 0)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = b.RecvContext(ctx, make([]byte, 8), 0)
	assert.ErrorIs(t, err, context.Canceled)
	_, err = a.SendContext(ctx, []byte("x"), 0)
	assert.ErrorIs(t, err, context.Canceled)
	n, err := b.Recv(make([]byte, 8), 0)
	require.NoError(t, err, "the datagram is still there")
	assert.Equal(t, 5, n)
}

// The socket's timeout still applies under a context that is not done.
func TestContextKeepsSocketTimeout(t *testing.T) {
	_, b := udpPair(t, AF_INET)
	b.SetTimeout(20 * time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err := returns(t, func() error { _, err := b.RecvContext(ctx, make([]byte, 8), 0); return err })
	assertTimeout(t, err)
	assert.NotErrorIs(t, err, context.DeadlineExceeded, "the socket's timeout, not the context's")
}

// With context.Background the context variants allocate nothing, in every
// mode (docs/design.md, "The hot path allocates nothing").
func TestContextBackgroundAllocs(t *testing.T) {
	bg := context.Background()
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			a, b, to := udpPairInMode(t, m.timeout)
			msg, buf := make([]byte, 64), make([]byte, 128)
			calls := []struct {
				name string
				f    func()
			}{
				{"SendContext+RecvContext", func() {
					_, err1 := a.SendContext(bg, msg, 0)
					_, err2 := b.RecvContext(bg, buf, 0)
					mustNil(t, err1, err2)
				}},
				{"SendtoContext+RecvfromContext", func() {
					_, err1 := a.SendtoContext(bg, msg, 0, to)
					_, _, err2 := b.RecvfromContext(bg, buf, 0)
					mustNil(t, err1, err2)
				}},
				{"SendallContext+RecvContext", func() {
					_, err1 := a.SendallContext(bg, msg, 0)
					_, err2 := b.RecvContext(bg, buf, 0)
					mustNil(t, err1, err2)
				}},
				{"SendmsgContext+RecvmsgContext", func() {
					_, err1 := a.SendmsgContext(bg, msg, nil, 0, Addr{})
					_, err2 := b.RecvmsgContext(bg, buf, nil, 0)
					mustNil(t, err1, err2)
				}},
			}
			for _, c := range calls {
				assert.Zero(t, testing.AllocsPerRun(200, c.f), c.name)
			}
		})
	}
}
