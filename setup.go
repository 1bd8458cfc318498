package socket

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// setup is what Dialer and ListenConfig do to a new socket before bind(2)
// and connect(2) or listen(2): the options they name, then their Control.
type setup struct {
	reuseAddr       bool
	reusePort       bool
	freeBind        bool
	device          string
	fastOpen        int  // TCP_FASTOPEN queue length (listeners)
	fastOpenConnect bool // TCP_FASTOPEN_CONNECT (clients)
	dualStack       bool
	control         func(*Socket) error
}

// apply sets the options with setsockopt(2), in a fixed order, then runs
// control. An error names the option and wraps the errno.
func (o *setup) apply(s *Socket) error {
	inet := s.family == AF_INET || s.family == AF_INET6
	tcp := inet && s.typ == SOCK_STREAM
	opts := []struct {
		on        bool
		name      string
		level, nr int
		v         int
	}{
		{o.reuseAddr, "SO_REUSEADDR", unix.SOL_SOCKET, unix.SO_REUSEADDR, 1},
		{o.reusePort, "SO_REUSEPORT", unix.SOL_SOCKET, unix.SO_REUSEPORT, 1},
		// IP_FREEBIND is honoured by AF_INET6 sockets too.
		{o.freeBind && inet, "IP_FREEBIND", unix.SOL_IP, unix.IP_FREEBIND, 1},
		{o.dualStack && s.family == AF_INET6, "IPV6_V6ONLY", unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, 0},
		{o.fastOpen > 0 && tcp, "TCP_FASTOPEN", unix.IPPROTO_TCP, unix.TCP_FASTOPEN, o.fastOpen},
		{o.fastOpenConnect && tcp, "TCP_FASTOPEN_CONNECT", unix.IPPROTO_TCP, unix.TCP_FASTOPEN_CONNECT, 1},
	}
	for _, opt := range opts {
		if !opt.on {
			continue
		}
		if err := s.ctlSetsockoptInt(opt.level, opt.nr, opt.v); err != nil {
			return fmt.Errorf("%s: %w", opt.name, err)
		}
	}
	if o.device != "" {
		if err := s.ctlSetsockoptString(unix.SOL_SOCKET, unix.SO_BINDTODEVICE, o.device); err != nil {
			return fmt.Errorf("SO_BINDTODEVICE %q: %w", o.device, err)
		}
	}
	if o.control != nil {
		return o.control(s)
	}
	return nil
}
