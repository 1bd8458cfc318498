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
	return epollFile(sysfd, unix.EPOLLET, "socket error queue")
}

// eventWaitFile returns what eventWait waits on: an epoll instance that
// watches the socket for every event the runtime's poller registers it
// for, so that its reader wakes at the socket's next event of any kind.
func eventWaitFile(sysfd int) (*os.File, error) {
	return epollFile(sysfd, unix.EPOLLIN|unix.EPOLLOUT|unix.EPOLLRDHUP|unix.EPOLLET, "socket events")
}

// epollFile makes an epoll instance watching sysfd for events, ready to
// join the runtime's poller as a file named name.
func epollFile(sysfd int, events uint32, name string) (*os.File, error) {
	ep, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("epoll_create1", err)
	}
	ev := unix.EpollEvent{Events: events}
	if err := unix.EpollCtl(ep, unix.EPOLL_CTL_ADD, sysfd, &ev); err != nil {
		unix.Close(ep)
		return nil, os.NewSyscallError("epoll_ctl", err)
	}
	// os.NewFile joins the poller only a non-blocking descriptor.
	if err := unix.SetNonblock(ep, true); err != nil {
		unix.Close(ep)
		return nil, os.NewSyscallError("fcntl", err)
	}
	return os.NewFile(uintptr(ep), name), nil
}
