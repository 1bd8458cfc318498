package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

func init() {
	register(6, "Families and types: AF_UNIX, AF_INET, AF_INET6; STREAM, DGRAM, RAW, RDM, SEQPACKET", families)
}

// families shows the three families an address can belong to and the five
// socket types, correcting two common tutorial mistakes on the way:
// SOCK_SEQPACKET is alive (AF_UNIX uses it) and SOCK_RDM is not "reliable
// UDP" on Linux.
func families() error {
	say("The family is the kind of address:")
	dir, err := os.MkdirTemp("", "tour")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path, err := socket.UnixAddr(filepath.Join(dir, "family.sock"))
	if err != nil {
		return err
	}
	u, err := socket.New(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer u.Close()
	if err := u.Bind(path); err != nil {
		return err
	}
	fi, err := os.Stat(path.String())
	if err != nil {
		return err
	}
	say("  AF_UNIX, file-based: bind(2) created %s, a file of mode %v; only this machine reaches it", fi.Name(), fi.Mode())
	for _, f := range []socket.Family{socket.AF_INET, socket.AF_INET6} {
		s, addr, err := listen(f, socket.SOCK_DGRAM)
		if err != nil {
			return err
		}
		s.Close()
		say("  %v, network-based: an IP address and a port, %v, reachable over a network", f, addr)
	}
	fmt.Println()
	say("The type is how data travels:")
	say("  SOCK_STREAM     a connected, reliable, ordered byte stream (TCP with AF_INET/AF_INET6)")
	say("  SOCK_DGRAM      separate datagrams, each with its address, no connection (UDP)")
	if err := rawType(); err != nil {
		return err
	}
	if err := rdmType(); err != nil {
		return err
	}
	return seqpacketType()
}

// rawType opens SOCK_RAW, which needs CAP_NET_RAW.
func rawType() error {
	s, err := socket.New(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
	switch {
	case err == nil:
		s.Close()
		say("  SOCK_RAW        whole IP packets, header and all: socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) succeeded (root)")
	case errors.Is(err, unix.EPERM):
		say("  SOCK_RAW        whole IP packets: socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) answered EPERM, it needs")
		say("                  root (CAP_NET_RAW), since a raw socket can forge any packet: %v", err)
	default:
		return err
	}
	return nil
}

// rdmType shows what Linux answers to SOCK_RDM outside RDS and TIPC.
func rdmType() error {
	s, err := socket.New(socket.AF_INET, socket.SOCK_RDM, 0)
	if err == nil {
		s.Close()
		return errors.New("socket(AF_INET, SOCK_RDM, 0) succeeded; Linux has no such protocol")
	}
	say("  SOCK_RDM        \"reliably delivered messages\" is not reliable UDP: on Linux only RDS and TIPC")
	say("                  implement it; socket(AF_INET, SOCK_RDM, 0) answers ESOCKTNOSUPPORT=%v: %v",
		errors.Is(err, unix.ESOCKTNOSUPPORT), err)
	return nil
}

// seqpacketType shows that SOCK_SEQPACKET, called obsolete by many
// tutorials, is what AF_UNIX uses for connected messages: a connection
// like a stream, boundaries like datagrams.
func seqpacketType() error {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET, 0)
	if err != nil {
		return err
	}
	defer a.Close()
	defer b.Close()
	for _, rec := range []string{"first record", "second"} {
		if _, err := a.Send([]byte(rec), 0); err != nil {
			return err
		}
	}
	buf := make([]byte, 5)
	m, err := b.Recvmsg(buf, nil, 0)
	if err != nil {
		return err
	}
	say("  SOCK_SEQPACKET  not obsolete: connected like a stream, with record boundaries like datagrams;")
	say("                  Linux AF_UNIX uses it (systemd, Wayland). Two records sent; recvmsg(2) into")
	say("                  5 bytes got %q with msg_flags %v, and the rest of that record is gone:", buf[:m.N], m.Flags)
	buf = make([]byte, 64)
	n, err := b.Recv(buf, 0)
	if err != nil {
		return err
	}
	say("                  the next recv(2) reads the second record, %q", buf[:n])
	return nil
}
