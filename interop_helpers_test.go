package socket

import (
	"errors"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// hangGuard is how long a call that must return is given before the test
// declares it hung. It is a guard against hanging the run, not a timing
// assertion: the calls under test return in milliseconds.
const hangGuard = 10 * time.Second

// returns runs f in a goroutine and returns its error, failing the test if
// f does not return within hangGuard.
func returns(t *testing.T, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(hangGuard):
		require.FailNow(t, "call did not return: it ignored its deadline, timeout or context")
		return nil
	}
}

// fillSendBuffer sends without waiting until the kernel refuses more, so
// that the next blocking send on s waits.
func fillSendBuffer(t *testing.T, s *Socket) {
	t.Helper()
	chunk := make([]byte, 4096)
	for {
		_, err := s.Send(chunk, MSG_DONTWAIT)
		if errors.Is(err, unix.EAGAIN) {
			return
		}
		require.NoError(t, err)
	}
}

// unixgramPair returns a datagram receiver bound to an abstract name and a
// sender connected to it, and the receiver's address.
func unixgramPair(t *testing.T) (sender, receiver *Socket, to Addr) {
	t.Helper()
	receiver = newTestSocket(t, AF_UNIX, SOCK_DGRAM, 0)
	require.NoError(t, receiver.Bind(autobindAddr(t)))
	to, err := receiver.Getsockname()
	require.NoError(t, err)
	sender = newTestSocket(t, AF_UNIX, SOCK_DGRAM, 0)
	require.NoError(t, sender.Connect(to))
	return sender, receiver, to
}

// unixAutobind returns the unnamed AF_UNIX address, which bind(2) takes as
// a request for a fresh abstract name.
func autobindAddr(t *testing.T) Addr {
	t.Helper()
	a, err := UnixAddr("")
	require.NoError(t, err)
	return a
}

// isTimeout reports whether err says Timeout() as a net.Error.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
