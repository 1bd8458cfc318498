package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/bsdsock/socket"
)

func init() { register(15, "Beyond Python: the Go world, net/http on a Socket, contexts", interop) }

// interop serves HTTP from a hand-built listening Socket and cancels a
// waiting Recv with a context.
func interop() error {
	if err := interopHTTP(); err != nil {
		return err
	}
	return interopContext()
}

func interopHTTP() error {
	s, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	addr, _ := socket.InetAddr("127.0.0.1", 0)
	if err := s.Bind(addr); err != nil {
		s.Close()
		return err
	}
	if err := s.Listen(socket.SOMAXCONN); err != nil {
		s.Close()
		return err
	}
	say("built a listening socket by hand: %v", s)
	ln, err := s.NetListener()
	if err != nil {
		s.Close()
		return err
	}
	say("NetListener shares its descriptor: a %T, closing it closes the socket", ln)

	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello %s, from a socket.Socket", r.URL.Path[1:])
	})}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	tr := &http.Transport{}
	client := &http.Client{Transport: tr}
	for _, who := range []string{"gopher", "pythonista"} {
		resp, err := client.Get("http://" + ln.Addr().String() + "/" + who)
		if err != nil {
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		say("http.Client GET /%s -> %s %q", who, resp.Status, body)
	}
	tr.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		return err
	}
	err = <-served
	say("Shutdown: Serve returned %q; the socket is closed: fileno %d", err, s.Fileno())
	if !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func interopContext() error {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	if err != nil {
		return err
	}
	defer a.Close()
	defer b.Close()

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	say("RecvContext waits for a datagram that never comes; the context is cancelled after 20ms")
	_, err = b.RecvContext(ctx, make([]byte, 64), 0)
	say("-> %v (errors.Is context.Canceled: %v)", err, errors.Is(err, context.Canceled))
	if !errors.Is(err, context.Canceled) {
		return fmt.Errorf("RecvContext: want context.Canceled, got %v", err)
	}

	ctx, cancel = context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = b.RecvContext(ctx, make([]byte, 64), 0)
	say("with a 20ms context deadline -> %v (a timeout, like Python's socket.timeout)", err)

	a.Send([]byte("now something came"), 0)
	buf := make([]byte, 64)
	n, err := b.RecvContext(context.Background(), buf, 0)
	if err != nil {
		return err
	}
	say("and the socket still works: %q", buf[:n])
	return nil
}
