package main

import (
	"errors"
	"net"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

func init() {
	register(8, "Calls: bind, listen, accept, connect, connect_ex, getpeername, close", connecting)
}

// connecting runs the calls that set up and tear down a connection, each
// once as it should be used and once where the kernel refuses.
func connecting() error {
	srv, addr, err := listen(socket.AF_INET, socket.SOCK_STREAM)
	if err != nil {
		return err
	}
	defer srv.Close()
	say("bind(2) to 127.0.0.1 port 0: the kernel picked %v; listen(2) with backlog SOMAXCONN", addr)

	other, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	err = other.Bind(addr)
	other.Close()
	say("bind(2) a second socket to %v: EADDRINUSE=%v (%v)", addr, errors.Is(err, unix.EADDRINUSE), err)

	cli, err := dial(addr, socket.SOCK_STREAM)
	if err != nil {
		return err
	}
	defer cli.Close()
	say("connect(2) to %v succeeded before anyone called accept: the kernel completed the handshake", addr)
	conn, peer, err := srv.Accept()
	if err != nil {
		return err
	}
	defer conn.Close()
	say("accept(2) returned a new socket, fd %d, and the client's address %v", conn.Fileno(), peer)

	cliPeer, err := cli.Getpeername()
	if err != nil {
		return err
	}
	srvPeer, err := conn.Getpeername()
	if err != nil {
		return err
	}
	say("getpeername(2): the client is connected to %v, the accepted socket to %v", cliPeer, srvPeer)
	_, err = srv.Getpeername()
	say("getpeername(2) on the listening socket: ENOTCONN=%v, it has no peer", errors.Is(err, unix.ENOTCONN))

	say("connect_ex: connect that returns the errno as a value instead of an error, as in C and Python:")
	say("  connect_ex again on the connected client -> %v (EISCONN)", cli.ConnectEx(addr))
	probe, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer probe.Close()
	closedPort, err := socket.InetAddr("127.0.0.1", 1)
	if err != nil {
		return err
	}
	errno := probe.ConnectEx(closedPort)
	say("  connect_ex to 127.0.0.1:1, where nobody listens -> errno %d (%v): the peer answered RST", int(errno), errno)

	if err := cli.Close(); err != nil {
		return err
	}
	_, err = cli.Send([]byte("too late"), 0)
	say("close(2) releases the descriptor; a later send fails with net.ErrClosed=%v", errors.Is(err, net.ErrClosed))
	say("close again is harmless, as in Python: %v", cli.Close())
	return nil
}
