package socket

import (
	"github.com/bsdsock/socket/internal/handle"
	"github.com/bsdsock/socket/internal/sockfd"
	"golang.org/x/sys/unix"
)

// The subpackages' way in (see internal/handle): the same checks, modes and
// error wrapping the methods of this package use.
func init() {
	handle.FD = func(s any, op string) (*sockfd.FD, error) {
		sock := s.(*Socket)
		if err := sock.checkOpen(op); err != nil {
			return nil, err
		}
		return sock.fd, nil
	}
	handle.Mode = func(s any, flags int, receive bool) sockfd.Mode {
		if receive {
			return s.(*Socket).recvMode(MsgFlag(flags))
		}
		return s.(*Socket).sendMode(MsgFlag(flags))
	}
	handle.Error = func(s any, op, syscall string, addr any, err error) error {
		a, _ := addr.(*Addr)
		return s.(*Socket).callError(op, syscall, a, err)
	}
	handle.Sockaddr = func(addr any) (*unix.RawSockaddrAny, uint32) {
		return addr.(*Addr).sockaddr()
	}
	handle.SetAddr = func(addr any, raw *unix.RawSockaddrAny, n uint32) {
		a := addr.(*Addr)
		if raw != &a.raw {
			a.raw = *raw
		}
		a.setLen(n)
	}
}
