package sockfd

import (
	"os"

	"golang.org/x/sys/unix"
)

// msgErrQueue is MSG_ERRQUEUE where the system has an error queue.
const msgErrQueue = unix.MSG_ERRQUEUE

// errWaitFile returns what errWait waits on for sysfd's error queue: an
// epoll instance of its own that watches the socket for EPOLLERR alone
// (epoll reports EPOLLERR and EPOLLHUP whatever the mask; the mask
// filters the socket's wake-ups by their key, so a datagram received or
// send space freed does not reach it). The instance is readable while
// the socket reports EPOLLERR, and the runtime's poller, which registers
// it edge-triggered, wakes its reader on each error the socket queues.
// A duplicate of the socket joined to the poller instead would be
// registered for EPOLLIN and EPOLLOUT, and woken by every packet
// (docs/design.md, "The error queue"). epoll holds no reference to the
// socket: the instance keeps no connection open.
func errWaitFile(sysfd int) (*os.File, error) {
	ep, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("epoll_create1", err)
	}
	ev := unix.EpollEvent{Events: unix.EPOLLET}
	if err := unix.EpollCtl(ep, unix.EPOLL_CTL_ADD, sysfd, &ev); err != nil {
		unix.Close(ep)
		return nil, os.NewSyscallError("epoll_ctl", err)
	}
	// os.NewFile joins the poller only a non-blocking descriptor.
	if err := unix.SetNonblock(ep, true); err != nil {
		unix.Close(ep)
		return nil, os.NewSyscallError("fcntl", err)
	}
	return os.NewFile(uintptr(ep), "socket error queue"), nil
}
