package sockfd

import "golang.org/x/sys/unix"

// EnsureNonblock makes the open file description behind sysfd
// non-blocking again if a holder of a duplicate made it blocking (a child
// process, a descriptor passed with SCM_RIGHTS, net.FileConn): the calls
// that take no MSG_DONTWAIT (accept, connect, sendfile, splice) make it
// before each attempt, and registration before os.NewFile, which joins
// the poller only a non-blocking descriptor (docs/design.md, "Never block
// in the kernel"). It is one fcntl(2) F_GETFL when the descriptor is
// non-blocking, the usual case, and a second, F_SETFL, when not. A
// duplicate may clear the flag again between the two calls; the calls
// after it are made with Syscall, never RawSyscall, so that at worst one
// thread waits in the kernel, not the scheduler.
func EnsureNonblock(sysfd uintptr) unix.Errno {
	fl, err := unix.FcntlInt(sysfd, unix.F_GETFL, 0)
	if err != nil {
		return errno(err)
	}
	if fl&unix.O_NONBLOCK != 0 {
		return 0
	}
	_, err = unix.FcntlInt(sysfd, unix.F_SETFL, fl|unix.O_NONBLOCK)
	return errno(err)
}
