package main

import (
	"github.com/bsdsock/socket"
)

func init() { register(5, "The socket: a facade over the protocol suite", facade) }

// facade shows that one interface, the socket, stands in front of every
// protocol the kernel implements: the program names a family and a type,
// the kernel picks the protocol, and the same calls drive them all.
func facade() error {
	say("A socket is a facade: the program sees one small interface (socket, bind, connect, send,")
	say("recv, close) and the kernel's protocol suite (TCP, UDP, IP, AF_UNIX, ...) stays behind it.")
	say("socket(family, type, 0) lets the kernel choose the protocol; SO_DOMAIN, SO_TYPE and")
	say("SO_PROTOCOL read back what it chose:")
	kinds := []struct {
		family socket.Family
		typ    socket.Type
	}{
		{socket.AF_INET, socket.SOCK_STREAM},
		{socket.AF_INET, socket.SOCK_DGRAM},
		{socket.AF_INET6, socket.SOCK_STREAM},
		{socket.AF_UNIX, socket.SOCK_STREAM},
		{socket.AF_UNIX, socket.SOCK_DGRAM},
	}
	for _, k := range kinds {
		s, err := socket.New(k.family, k.typ, 0)
		if err != nil {
			return err
		}
		domain, typ, proto, err := kernelView(s)
		s.Close()
		if err != nil {
			return err
		}
		say("  socket(%v, %v, 0) -> fd of domain %v, type %v, protocol %v", k.family, k.typ, domain, typ, proto)
	}

	// The same two calls, Send and Recv, over two different protocols.
	for _, typ := range []socket.Type{socket.SOCK_STREAM, socket.SOCK_DGRAM} {
		a, b, err := socket.Socketpair(socket.AF_UNIX, typ, 0)
		if err != nil {
			return err
		}
		_, err = a.Send([]byte("same calls"), 0)
		buf := make([]byte, 32)
		n, err2 := b.Recv(buf, 0)
		a.Close()
		b.Close()
		if err != nil {
			return err
		}
		if err2 != nil {
			return err2
		}
		say("send(2) and recv(2) on an AF_UNIX %v pair: %q; the facade hides which protocol ran", typ, buf[:n])
	}
	return nil
}
