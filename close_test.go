package socket

import (
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// closeWhileBlocked runs call in a goroutine, closes s once the call has
// had time to park, and returns the call's error.
func closeWhileBlocked(t *testing.T, s *Socket, call func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- call() }()
	select {
	case err := <-done:
		t.Fatalf("the call returned before Close: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	require.NoError(t, s.Close())
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not unblock the call")
		return nil
	}
}

func TestCloseUnblocks(t *testing.T) {
	buf := make([]byte, 16)
	t.Run("Accept", func(t *testing.T) {
		l, _ := listenTCP(t, AF_INET)
		err := closeWhileBlocked(t, l, func() error { _, _, err := l.Accept(); return err })
		assert.ErrorIs(t, err, net.ErrClosed)
	})
	t.Run("Recv", func(t *testing.T) {
		_, b := socketpair(t, SOCK_STREAM)
		err := closeWhileBlocked(t, b, func() error { _, err := b.Recv(buf, 0); return err })
		assert.ErrorIs(t, err, net.ErrClosed)
	})
	t.Run("Recvfrom", func(t *testing.T) {
		u := newTestSocket(t, AF_INET6, SOCK_DGRAM, 0)
		require.NoError(t, u.Bind(loopback(t, AF_INET6)))
		err := closeWhileBlocked(t, u, func() error { _, _, err := u.Recvfrom(buf, 0); return err })
		assert.ErrorIs(t, err, net.ErrClosed)
	})
	t.Run("Recvmsg", func(t *testing.T) {
		_, b := socketpair(t, SOCK_DGRAM)
		err := closeWhileBlocked(t, b, func() error { _, err := b.Recvmsg(buf, nil, 0); return err })
		assert.ErrorIs(t, err, net.ErrClosed)
	})
	t.Run("Connect", func(t *testing.T) {
		target := stalledListener(t)
		c := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
		err := closeWhileBlocked(t, c, func() error { return c.Connect(target) })
		assert.ErrorIs(t, err, net.ErrClosed)
	})
	t.Run("Sendall", func(t *testing.T) {
		a, _ := socketpair(t, SOCK_STREAM)
		big := make([]byte, 16<<20) // far more than the peer's buffers hold
		err := closeWhileBlocked(t, a, func() error { _, err := a.Sendall(big, 0); return err })
		assert.ErrorIs(t, err, net.ErrClosed)
	})
	t.Run("timeout mode", func(t *testing.T) {
		_, b := socketpair(t, SOCK_STREAM)
		b.SetTimeout(time.Minute)
		err := closeWhileBlocked(t, b, func() error { _, err := b.Recv(buf, 0); return err })
		assert.ErrorIs(t, err, net.ErrClosed)
	})
}

// closedCalls returns the calls that must fail with net.ErrClosed on a
// closed socket, by name.
func closedCalls(s *Socket, a Addr) map[string]func() error {
	buf := make([]byte, 8)
	return map[string]func() error{
		"Bind":        func() error { return s.Bind(a) },
		"Listen":      func() error { return s.Listen(1) },
		"Accept":      func() error { _, _, err := s.Accept(); return err },
		"Connect":     func() error { return s.Connect(a) },
		"Send":        func() error { _, err := s.Send(buf, 0); return err },
		"Sendto":      func() error { _, err := s.Sendto(buf, 0, a); return err },
		"Sendall":     func() error { _, err := s.Sendall(buf, 0); return err },
		"Sendmsg":     func() error { _, err := s.Sendmsg(buf, nil, 0, Addr{}); return err },
		"Recv":        func() error { _, err := s.Recv(buf, 0); return err },
		"Recvfrom":    func() error { _, _, err := s.Recvfrom(buf, 0); return err },
		"Recvmsg":     func() error { _, err := s.Recvmsg(buf, nil, 0); return err },
		"Getsockname": func() error { _, err := s.Getsockname(); return err },
		"Getpeername": func() error { _, err := s.Getpeername(); return err },
		"Shutdown":    func() error { return s.Shutdown(SHUT_RDWR) },
		"Dup":         func() error { _, err := s.Dup(); return err },
		"Detach":      func() error { _, err := s.Detach(); return err },
		"Makefile":    func() error { _, err := s.Makefile("r", 0); return err },
		"SyscallConn": func() error { _, err := s.SyscallConn(); return err },
		"Control":     func() error { return s.Control(func(uintptr) {}) },
		"SetDeadline": func() error { return s.SetDeadline(time.Time{}) },
		"Inheritable": func() error { _, err := s.Inheritable(); return err },
		"NetConn":     func() error { _, err := s.NetConn(); return err },
	}
}

func TestClosedSocketCalls(t *testing.T) {
	s, err := New(AF_INET, SOCK_STREAM, 0)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	a := loopback(t, AF_INET)
	for name, call := range closedCalls(s, a) {
		err := call()
		assert.ErrorIs(t, err, net.ErrClosed, name)
	}
	assert.EqualValues(t, 9, s.ConnectEx(a), "connect_ex on a closed socket is EBADF")
}

// TestZeroSocket: a Socket not made by New (var s Socket) has no
// descriptor. It behaves as a closed socket: every call fails with
// net.ErrClosed, naming the operation, and none panics.
func TestZeroSocket(t *testing.T) {
	var s Socket
	for name, call := range closedCalls(&s, loopback(t, AF_INET)) {
		var err error
		require.NotPanics(t, func() { err = call() }, name)
		assert.ErrorIs(t, err, net.ErrClosed, name)
	}
	assert.NotPanics(t, func() { assert.Equal(t, -1, s.Fileno()) })
	assert.NotPanics(t, func() { assert.Contains(t, s.String(), "[closed]") })
	assert.NotPanics(t, func() { assert.NoError(t, s.Close(), "closing a closed socket does nothing") })
	assert.NotPanics(t, func() { assert.EqualValues(t, 9, s.ConnectEx(Addr{})) })

	var f File
	assert.NotPanics(t, func() { assert.NoError(t, f.Close()) }, "the zero File holds nothing to close")
}

// TestZeroAdapters: the zero Conn, Listener and PacketConn behave as closed
// ones, as net's zero TCPConn does, instead of panicking.
func TestZeroAdapters(t *testing.T) {
	buf := make([]byte, 8)
	var c Conn
	require.NotPanics(t, func() {
		_, err := c.Read(buf)
		assert.ErrorIs(t, err, net.ErrClosed)
		_, err = c.Write(buf)
		assert.ErrorIs(t, err, net.ErrClosed)
		assert.Error(t, c.SetDeadline(time.Now()))
		assert.NoError(t, c.Close())
		_ = c.LocalAddr()
	})
	var l Listener
	require.NotPanics(t, func() {
		_, err := l.Accept()
		assert.ErrorIs(t, err, net.ErrClosed)
		assert.NoError(t, l.Close())
	})
	var p PacketConn
	require.NotPanics(t, func() {
		_, _, err := p.ReadFrom(buf)
		assert.ErrorIs(t, err, net.ErrClosed)
		assert.NoError(t, p.Close())
	})
	assert.True(t, noSocket.isClosed(), "the stand-in stays closed")
}
