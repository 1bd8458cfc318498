package socket

import (
	"github.com/bsdsock/socket/internal/handle"
	"github.com/bsdsock/socket/internal/sockfd"
	"golang.org/x/sys/unix"
)

// The subpackages' way in (see internal/handle): the same checks, modes and
// error wrapping the methods of this package use.
func init() {
	handle.Register(&handle.Funcs[Socket, Addr]{
		FD: func(s *Socket, op string) (*sockfd.FD, error) {
			if err := s.checkOpen(op); err != nil {
				return nil, err
			}
			return s.fd, nil
		},
		Mode: func(s *Socket, flags int, receive bool) sockfd.Mode {
			if receive {
				return s.recvMode(MsgFlag(flags))
			}
			return s.sendMode(MsgFlag(flags))
		},
		Error: (*Socket).callError,
		Sockaddr: func(addr *Addr) (*unix.RawSockaddrAny, uint32) {
			return addr.sockaddr()
		},
		SetAddr: func(addr *Addr, raw *unix.RawSockaddrAny, n uint32) {
			if raw != &addr.raw {
				addr.raw = *raw
			}
			addr.setLen(n)
		},
	})
}
