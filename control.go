package socket

// Control runs f with the socket's descriptor held open, and makes no
// system call itself, as syscall.RawConn's Control does: the descriptor
// cannot be closed, nor its number reused, until f returns. Use it
// for the ones this package does not make, such as a setsockopt(2) it has
// no method for, or attaching a BPF program (cilium/ebpf's
// link.AttachSocketFilter takes the fd). f must not keep fd, and must not
// block or switch the descriptor to blocking mode: the runtime poller
// relies on O_NONBLOCK. A closed socket gives net.ErrClosed and f is not
// run. Python has no equivalent (it hands out fileno()).
func (s *Socket) Control(f func(fd uintptr)) error {
	const op = "control"
	if err := s.checkOpen(op); err != nil {
		return err
	}
	if f == nil {
		return s.opError(op, nil, nilArg("f"))
	}
	err := s.fd.Control(func(fd int) error {
		f(uintptr(fd))
		return nil
	})
	if err != nil {
		return s.opError(op, nil, err)
	}
	return nil
}
