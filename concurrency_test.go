//go:build linux

package socket

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// TestReaderAndWriterPerSocket: on each end of a connection one goroutine
// sends 32 MiB while another receives the peer's 32 MiB, all four at once,
// with send and receive sizes that vary; both streams arrive whole, as the
// SHA-256 of what was sent. Under -race this checks that a socket's two
// directions share no unguarded state.
func TestReaderAndWriterPerSocket(t *testing.T) {
	const size = 32 << 20
	pairs := map[string]func(t *testing.T) (a, b *Socket){
		"tcp":  func(t *testing.T) (*Socket, *Socket) { return tcpPair(t, AF_INET) },
		"unix": func(t *testing.T) (*Socket, *Socket) { return socketpair(t, SOCK_STREAM) },
	}
	data := [2][]byte{payload(t, size), payload(t, size)}
	for name, pair := range pairs {
		t.Run(name, func(t *testing.T) {
			a, b := pair(t)
			ends := [2]*Socket{a, b}
			errs := make(chan error, 4)
			for i, s := range ends {
				go func() { errs <- sendVaried(s, data[i], uint64(i)) }()
				go func() { errs <- recvVerified(s, data[1-i], uint64(i)) }()
			}
			for range 4 {
				select {
				case err := <-errs:
					assert.NoError(t, err)
				case <-time.After(time.Minute):
					t.Fatal("a transfer hung")
				}
			}
		})
	}
}

// sendVaried sends data with Send, Sendall and Write in turn, in chunks
// of random sizes, then half-closes.
func sendVaried(s *Socket, data []byte, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 1))
	for i := 0; len(data) > 0; i++ {
		n := min(len(data), 1+r.IntN(256<<10))
		var err error
		switch i % 3 {
		case 0:
			n, err = s.Send(data[:n], 0)
		case 1:
			n, err = s.Sendall(data[:n], 0)
		default:
			n, err = s.Write(data[:n])
		}
		if err != nil {
			return fmt.Errorf("send: %w", err)
		}
		data = data[n:]
	}
	return s.Shutdown(SHUT_WR)
}

// recvVerified receives to the end of the stream with buffers of random
// sizes and compares the SHA-256 of what came with want's.
func recvVerified(s *Socket, want []byte, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 2))
	h := sha256.New()
	buf := make([]byte, 256<<10)
	total := 0
	for {
		n, err := s.Recv(buf[:1+r.IntN(len(buf))], 0)
		if err != nil {
			return fmt.Errorf("recv after %d bytes: %w", total, err)
		}
		if n == 0 {
			break
		}
		h.Write(buf[:n])
		total += n
	}
	if sum := sha256.Sum256(want); total != len(want) || !bytes.Equal(h.Sum(nil), sum[:]) {
		return fmt.Errorf("received %d bytes of %d, hash differs", total, len(want))
	}
	return nil
}

// blockingCalls are calls that wait until Close ends them. Each gets a
// socket of its own, made ready to block, and returns the call; the calls
// that send share bigBuf, which they only read, and f, a file of as many
// bytes.
var blockingCalls = map[string]func(t *testing.T, stalled Addr) (*Socket, func() error){
	"Recv": func(t *testing.T, _ Addr) (*Socket, func() error) {
		_, b := socketpair(t, SOCK_STREAM)
		return b, func() error { _, err := b.Recv(make([]byte, 8), 0); return err }
	},
	"RecvContext": func(t *testing.T, _ Addr) (*Socket, func() error) {
		_, b := socketpair(t, SOCK_STREAM)
		ctx := canceledNever(t)
		return b, func() error { _, err := b.RecvContext(ctx, make([]byte, 8), 0); return err }
	},
	"Recvfrom": func(t *testing.T, _ Addr) (*Socket, func() error) {
		_, b := socketpair(t, SOCK_DGRAM)
		return b, func() error { _, _, err := b.Recvfrom(make([]byte, 8), 0); return err }
	},
	"Recvmsg": func(t *testing.T, _ Addr) (*Socket, func() error) {
		_, b := socketpair(t, SOCK_SEQPACKET)
		return b, func() error { _, err := b.Recvmsg(make([]byte, 8), make([]byte, 64), 0); return err }
	},
	"Recvmmsg": func(t *testing.T, _ Addr) (*Socket, func() error) {
		_, b := socketpair(t, SOCK_DGRAM)
		msgs := []Mmsg{{Buffers: [][]byte{make([]byte, 8)}}}
		return b, func() error { _, err := b.Recvmmsg(msgs, 0); return err }
	},
	"Read timeout mode": func(t *testing.T, _ Addr) (*Socket, func() error) {
		_, b := socketpair(t, SOCK_STREAM)
		b.SetTimeout(time.Minute)
		return b, func() error { _, err := b.Read(make([]byte, 8)); return err }
	},
	"Accept": func(t *testing.T, _ Addr) (*Socket, func() error) {
		l, _ := listenTCP(t, AF_INET)
		return l, func() error { _, _, err := l.Accept(); return err }
	},
	"Connect": func(t *testing.T, stalled Addr) (*Socket, func() error) {
		c := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
		return c, func() error { return c.Connect(stalled) }
	},
	"Send": func(t *testing.T, _ Addr) (*Socket, func() error) {
		a, _ := socketpair(t, SOCK_STREAM)
		return a, func() error { _, err := a.Send(bigBuf, 0); return err }
	},
	"Sendall": func(t *testing.T, _ Addr) (*Socket, func() error) {
		a, _ := socketpair(t, SOCK_STREAM)
		return a, func() error { _, err := a.Sendall(bigBuf, 0); return err }
	},
	"Sendfile": func(t *testing.T, _ Addr) (*Socket, func() error) {
		a, _ := socketpair(t, SOCK_STREAM)
		return a, func() error { _, err := a.Sendfile(bigFile, 0, 0); return err }
	},
	"WaitReadable": func(t *testing.T, _ Addr) (*Socket, func() error) {
		_, b := socketpair(t, SOCK_STREAM)
		return b, func() error { return b.WaitReadable(context.Background()) }
	},
	"Conn.Read": func(t *testing.T, _ Addr) (*Socket, func() error) {
		_, b := socketpair(t, SOCK_STREAM)
		c, err := b.NetConn()
		require.NoError(t, err)
		return b, func() error { _, err := c.Read(make([]byte, 8)); return err }
	},
}

// bigBuf is more than a socketpair's buffers hold: a blocking send of it
// waits until Close; bigFile holds as many bytes.
var (
	bigBuf  = make([]byte, 4<<20)
	bigFile *os.File
)

// TestCloseRacesEveryBlockingCall: for 1,000 rounds, every blocking call
// starts on its own socket while Close comes at a random moment (before
// the call, as it starts, or once it has parked). Every call returns, with
// success or net.ErrClosed and nothing else, and nothing panics.
func TestCloseRacesEveryBlockingCall(t *testing.T) {
	rounds := 1000
	if testing.Short() {
		rounds = 100
	}
	stalled := stalledListener(t)
	bigFile = tempFile(t, bigBuf)
	r := rand.New(rand.NewPCG(1, 1))
	for round := range rounds {
		t.Run("", func(t *testing.T) { // a subtest per round: its sockets are closed at its end
			type result struct {
				name string
				err  error
			}
			done := make(chan result, len(blockingCalls))
			var sockets []*Socket
			for name, mk := range blockingCalls {
				s, call := mk(t, stalled)
				sockets = append(sockets, s)
				go func() { done <- result{name, call()} }()
			}
			// Close at once, after a yield, or after up to 300 µs: the
			// calls started in their own goroutines are then anywhere
			// from not started to parked.
			switch r.IntN(3) {
			case 1:
				runtime.Gosched()
			case 2:
				time.Sleep(time.Duration(r.IntN(300)) * time.Microsecond)
			}
			for _, s := range sockets {
				require.NoError(t, s.Close())
			}
			for range blockingCalls {
				select {
				case res := <-done:
					if res.err != nil && !errors.Is(res.err, net.ErrClosed) {
						t.Errorf("round %d, %s: %v, want net.ErrClosed", round, res.name, res.err)
					}
				case <-time.After(hangGuard):
					t.Fatalf("round %d: a call did not return after Close", round)
				}
			}
		})
	}
}

// TestClosedSocketNeverTouchesReusedNumber: goroutines send on a socket
// in a loop while it is closed, and a new socket takes the freed number
// at once. None of the stale sends reaches the new socket's peer, and the
// old *Socket's calls (Close included) leave the new one alone.
func TestClosedSocketNeverTouchesReusedNumber(t *testing.T) {
	reused := 0
	for range 200 {
		old, _ := socketpair(t, SOCK_DGRAM)
		number := old.Fileno()
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					_, err := old.Send([]byte("stale"), MSG_DONTWAIT)
					if errors.Is(err, net.ErrClosed) {
						return
					}
				}
			}()
		}
		runtime.Gosched()
		require.NoError(t, old.Close())
		a, b := socketpair(t, SOCK_DGRAM)
		if a.Fileno() == number || b.Fileno() == number {
			reused++
		}
		wg.Wait()

		// The old Socket's calls fail and touch nothing.
		_, err := old.Send([]byte("stale"), 0)
		assert.ErrorIs(t, err, net.ErrClosed)
		assert.ErrorIs(t, old.Shutdown(SHUT_RDWR), net.ErrClosed)
		_, err = old.Getsockname()
		assert.ErrorIs(t, err, net.ErrClosed)
		old.SetTimeout(0)
		assert.NoError(t, old.Close(), "closing again does nothing")
		assert.Equal(t, -1, old.Fileno())

		for _, s := range []*Socket{a, b} {
			_, err := unix.FcntlInt(uintptr(s.Fileno()), unix.F_GETFD, 0)
			require.NoError(t, err, "the new socket is still open")
			assert.Equal(t, NoTimeout, s.Timeout())
		}
		_, err = b.Recv(make([]byte, 8), MSG_DONTWAIT)
		assert.ErrorIs(t, err, unix.EAGAIN, "no stale send reached the new socket")
		assertDelivers(t, a, b, "new")
		a.Close()
		b.Close()
	}
	assert.Positive(t, reused, "the freed number was taken by a new socket")
	t.Logf("the closed socket's number was reused in %d of 200 rounds", reused)
}

// TestDetachRacesClose: Detach and Close, or two Detaches, race on one
// socket 1,000 times: exactly one wins. A winning Detach hands over an
// open descriptor (a duplicate) still connected to the peer; a winning
// Close leaves Detach net.ErrClosed; the Socket's own descriptor is closed
// either way, and no duplicate is left behind by the loser.
func TestDetachRacesClose(t *testing.T) {
	wins := map[string]int{}
	fds := countFDs()
	for round := range 1000 {
		a, b := socketpair(t, SOCK_STREAM)
		number := a.Fileno()
		var fd1, fd2 int
		var detachErr, otherErr error
		second := "Close"
		start := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); <-start; fd1, detachErr = a.Detach() }()
		if round%2 == 0 {
			go func() { defer wg.Done(); <-start; otherErr = a.Close() }()
		} else {
			second = "Detach"
			go func() { defer wg.Done(); <-start; fd2, otherErr = a.Detach() }()
		}
		close(start)
		wg.Wait()

		owned := -1
		switch {
		case detachErr == nil && (second == "Close" || otherErr != nil):
			owned = fd1
			wins["Detach"]++
		case detachErr != nil && second == "Detach" && otherErr == nil:
			owned = fd2
			wins["Detach"]++
		case detachErr != nil && second == "Close":
			assert.NoError(t, otherErr)
			wins["Close"]++
		default:
			t.Fatalf("round %d: Detach %v, %s %v: not exactly one winner", round, detachErr, second, otherErr)
		}
		if detachErr != nil {
			assert.ErrorIs(t, detachErr, net.ErrClosed)
		}
		if second == "Detach" && otherErr != nil {
			assert.ErrorIs(t, otherErr, net.ErrClosed)
		}
		assert.Equal(t, -1, a.Fileno())
		// Either way the Socket's own descriptor is closed (Detach hands
		// over a duplicate).
		_, err := unix.FcntlInt(uintptr(number), unix.F_GETFD, 0)
		assert.ErrorIs(t, err, unix.EBADF, "the Socket's descriptor is closed")
		if owned >= 0 {
			_, err := unix.Write(owned, []byte("mine"))
			require.NoError(t, err, "the detached descriptor is open and connected")
			buf := make([]byte, 8)
			n, err := b.Recv(buf, 0)
			require.NoError(t, err)
			assert.Equal(t, "mine", string(buf[:n]))
			require.NoError(t, unix.Close(owned))
		}
		require.NoError(t, b.Close())
		require.Equal(t, fds, countFDs(), "round %d: the loser made no descriptor", round)
	}
	t.Logf("winners: %v", wins)
}
