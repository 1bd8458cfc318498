package socket

// applyLinux sets the options of a setup that only Linux has: IP_FREEBIND,
// TCP_FASTOPEN, TCP_FASTOPEN_CONNECT and SO_BINDTODEVICE.
func (o *setup) applyLinux(s *Socket, set func(bool, func() error), inet, tcp bool) {
	set(o.freeBind && inet, func() error { return s.SetFreebind(true) })
	set(o.fastOpen > 0 && tcp, func() error { return s.SetFastOpen(o.fastOpen) })
	set(o.fastOpenConnect && tcp, func() error { return s.SetFastOpenConnect(true) })
	set(o.device != "", func() error { return s.SetBindToDevice(o.device) })
}
