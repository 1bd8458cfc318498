package sockfd

import "golang.org/x/sys/unix"

// prepareAccepted makes an accepted descriptor non-blocking whatever
// accept(2) passed on from the listener, as Go's
// src/internal/poll/sys_cloexec.go does on every system without accept4.
func prepareAccepted(s int) error { return unix.SetNonblock(s, true) }
