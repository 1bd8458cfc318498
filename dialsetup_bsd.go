//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package socket

import "golang.org/x/sys/unix"

// applyLinux refuses the options of a setup that only Linux has (FreeBind,
// FastOpen, BindToDevice) with ENOPROTOOPT, as setsockopt(2) refuses an
// option the system does not know, rather than ignoring them.
func (o *setup) applyLinux(s *Socket, set func(bool, func() error), inet, tcp bool) {
	for _, opt := range [...]struct {
		on   bool
		name string
	}{
		{o.freeBind && inet, "IP_FREEBIND"},
		{o.fastOpen > 0 && tcp, "TCP_FASTOPEN"},
		{o.fastOpenConnect && tcp, "TCP_FASTOPEN_CONNECT"},
		{o.device != "", "SO_BINDTODEVICE"},
	} {
		set(opt.on, func() error {
			return s.opError("setsockopt", nil, argError(opt.name, "Linux only", unix.ENOPROTOOPT))
		})
	}
}
