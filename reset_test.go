package socket

import (
	"bufio"
	"io"
	"log"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// resetPair returns the two ends of a TCP connection and a func that makes
// client go with a reset: SO_LINGER 0 makes close(2) send RST instead of
// FIN, so the next receive on server fails with ECONNRESET (a blocking
// receive waits for the RST if it has not crossed loopback yet).
func resetPair(t *testing.T) (server *Socket, reset func()) {
	t.Helper()
	client, server := tcpPair(t, AF_INET)
	return server, func() {
		require.NoError(t, client.SetLinger(true, 0))
		require.NoError(t, client.Close())
	}
}

// resetServer is resetPair's server end with the reset already made.
func resetServer(t *testing.T) *Socket {
	t.Helper()
	s, reset := resetPair(t)
	reset()
	return s
}

// A failed receive returns 0, never the kernel's -1: io.Reader requires
// 0 <= n <= len(p), and io.ReadAll, bufio and net/http panic otherwise.
func TestFailedReceiveReturnsZero(t *testing.T) {
	buf := make([]byte, 64)
	// Each path gets the server end of a live connection, may wrap it, and
	// returns the receive to make once the client has reset.
	paths := map[string]func(t *testing.T, s *Socket) func() (int, error){
		"Recv": func(t *testing.T, s *Socket) func() (int, error) {
			return func() (int, error) { return s.Recv(buf, 0) }
		},
		"Recvfrom": func(t *testing.T, s *Socket) func() (int, error) {
			return func() (int, error) {
				n, _, err := s.Recvfrom(buf, 0)
				return n, err
			}
		},
		"Read": func(t *testing.T, s *Socket) func() (int, error) { return func() (int, error) { return s.Read(buf) } },
		"Recvmsg": func(t *testing.T, s *Socket) func() (int, error) {
			return func() (int, error) {
				m, err := s.Recvmsg(buf, make([]byte, 64), 0)
				return m.N, err
			}
		},
		"RecvmsgInto": func(t *testing.T, s *Socket) func() (int, error) {
			return func() (int, error) {
				m, err := s.RecvmsgInto([][]byte{buf[:8], buf[8:]}, nil, 0)
				return m.N, err
			}
		},
		"RecvFDs": func(t *testing.T, s *Socket) func() (int, error) {
			return func() (int, error) {
				m, _, err := s.RecvFDs(buf, 4, 0)
				return m.N, err
			}
		},
		"Conn.Read": func(t *testing.T, s *Socket) func() (int, error) {
			c, err := s.NetConn()
			require.NoError(t, err)
			return func() (int, error) { return c.Read(buf) }
		},
		"File.Read": func(t *testing.T, s *Socket) func() (int, error) {
			f, err := s.Makefile("rb", 0)
			require.NoError(t, err)
			t.Cleanup(func() { f.Close() })
			return func() (int, error) { return f.Read(buf) }
		},
	}
	for name, path := range paths {
		t.Run(name, func(t *testing.T) {
			s, reset := resetPair(t)
			recv := path(t, s)
			reset()
			n, err := recv()
			assert.Zero(t, n)
			assert.ErrorIs(t, err, unix.ECONNRESET)
		})
	}
}

// The readers of the Go world that trusted the count no longer panic.
func TestResetDoesNotPanicReaders(t *testing.T) {
	t.Run("io.ReadAll", func(t *testing.T) {
		_, err := io.ReadAll(resetServer(t))
		assert.ErrorIs(t, err, unix.ECONNRESET)
	})
	t.Run("bufio.Reader", func(t *testing.T) {
		_, err := bufio.NewReader(resetServer(t)).ReadString('\n')
		assert.ErrorIs(t, err, unix.ECONNRESET)
	})
	t.Run("File.ReadString", func(t *testing.T) {
		f, err := resetServer(t).Makefile("r", 0)
		require.NoError(t, err)
		defer f.Close()
		_, err = f.ReadString('\n')
		assert.ErrorIs(t, err, unix.ECONNRESET)
	})
}

// An http.Server on NetListener whose client resets mid-request logs no
// panic: its bufio.Reader got a negative count before.
func TestHTTPServerSurvivesClientReset(t *testing.T) {
	l, addr := listenTCP(t, AF_INET)
	var logged syncBuffer
	srv := &http.Server{
		Handler:  http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}),
		ErrorLog: log.New(&logged, "", 0),
	}
	ln, err := l.NetListener()
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()

	c := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	require.NoError(t, c.Connect(addr))
	_, err = c.Sendall([]byte("GET / HTTP/1.1\r\nHost: x\r\n"), 0) // no blank line: mid-request
	require.NoError(t, err)
	time.Sleep(50 * time.Millisecond) // let the server start reading the request
	require.NoError(t, c.SetLinger(true, 0))
	require.NoError(t, c.Close())

	// A second request proves the server is alive after the reset.
	resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Get("http://" + addr.String() + "/")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	require.NoError(t, srv.Close())
	assert.ErrorIs(t, <-done, http.ErrServerClosed)
	assert.NotContains(t, logged.String(), "panic")
}

// syncBuffer is a byte buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b = append(s.b, p...)
	return len(p), nil
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.b)
}

// A failed send reports 0 bytes too: the first send after the peer's reset
// fails with ECONNRESET, and later ones with EPIPE.
func TestFailedSendReturnsZero(t *testing.T) {
	msg := []byte("hello")
	paths := map[string]func(s *Socket) (int, error){
		"Send":    func(s *Socket) (int, error) { return s.Send(msg, 0) },
		"Sendto":  func(s *Socket) (int, error) { return s.Sendto(msg, 0, Addr{}) },
		"Sendall": func(s *Socket) (int, error) { return s.Sendall(msg, 0) },
		"Write":   func(s *Socket) (int, error) { return s.Write(msg) },
		"Sendmsg": func(s *Socket) (int, error) { return s.Sendmsg(msg, nil, 0, Addr{}) },
		"SendmsgBuffers": func(s *Socket) (int, error) {
			return s.SendmsgBuffers([][]byte{msg[:2], msg[2:]}, nil, 0, Addr{})
		},
	}
	for name, send := range paths {
		t.Run(name, func(t *testing.T) {
			s := resetServer(t)
			// Wait for the RST: a receive fails once it is there.
			_, err := s.Recv(make([]byte, 1), 0)
			require.ErrorIs(t, err, unix.ECONNRESET)
			n, err := send(s)
			assert.Zero(t, n)
			assert.ErrorIs(t, err, unix.EPIPE)
		})
	}
}
