package socket

// setup is what Dialer and ListenConfig do to a new socket before bind(2)
// and connect(2) or listen(2): the options they name, then their Control.
type setup struct {
	reuseAddr       bool
	reusePort       bool
	freeBind        bool
	device          string
	fastOpen        int  // TCP_FASTOPEN queue length (listeners)
	fastOpenConnect bool // TCP_FASTOPEN_CONNECT (clients)
	v6Only          bool // IPV6_V6ONLY on
	dualStack       bool // IPV6_V6ONLY off
	control         func(*Socket) error
}

// apply sets the options with the typed option methods (setsockopt(2)), in
// a fixed order, then runs control. An option's error names the option; an
// error from control is wrapped with op.
func (o *setup) apply(s *Socket, op string) error {
	inet := s.family == AF_INET || s.family == AF_INET6
	tcp := inet && s.typ == SOCK_STREAM
	var err error
	set := func(on bool, f func() error) {
		if on && err == nil {
			err = f()
		}
	}
	set(o.reuseAddr, func() error { return s.SetReuseAddr(true) })
	set(o.reusePort, func() error { return s.SetReusePort(true) })
	set(o.v6Only && s.family == AF_INET6, func() error { return s.SetV6Only(true) })
	set(o.dualStack && s.family == AF_INET6, func() error { return s.SetV6Only(false) })
	o.applyLinux(s, set, inet, tcp) // dialsetup_linux.go, dialsetup_bsd.go
	if err != nil || o.control == nil {
		return err
	}
	if err := o.control(s); err != nil {
		return s.opError(op, nil, err)
	}
	return nil
}
