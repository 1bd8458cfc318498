package socket

import (
	"net"
	"os"
	"runtime"
	"strconv"

	"golang.org/x/sys/unix"
)

// NewInNetNS creates a socket with socket(2), as New does, inside the
// network namespace that netns refers to: a descriptor of
// /proc/PID/ns/net, of a name ip-netns(8) made (/run/netns/NAME), or of a
// pidfd. A socket belongs for its whole life to the namespace it was made
// in: it binds, routes and sends there, whichever thread uses it later.
// netns stays open and the caller's.
//
// It is not one system call. On a goroutine of its own, locked to its
// thread (runtime.LockOSThread): open(2) of the thread's own namespace,
// setns(2) into netns, socket(2), setns(2) back, and the thread is
// unlocked. If the way back fails, the thread is left locked, so that it
// exits with its goroutine: unlocked, it would go back to the runtime's
// pool still in the other namespace, and every goroutine later scheduled
// on it would make its sockets there. The socket is returned all the same.
// The work is not done on the caller's goroutine because that one may
// already be locked to a thread it needs (runtime.LockOSThread nests), and
// must never be left in another namespace.
//
// Python has no counterpart; mdlayher/socket's Config.NetNS is the model.
// Errors: a negative netns is an *ArgError wrapping EBADF; setns(2)'s
// (EBADF: not open; EINVAL: not a network namespace; EPERM: without
// CAP_SYS_ADMIN) and open(2)'s of /proc/thread-self/ns/net (ENOENT
// without /proc); then New's.
//
// Linux only.
func NewInNetNS(netns int, family Family, typ Type, proto Protocol) (*Socket, error) {
	if err := checkFD(netns); err != nil {
		return nil, &net.OpError{Op: "socket", Err: err}
	}
	type result struct {
		s   *Socket
		err error
	}
	done := make(chan result, 1)
	go func() {
		runtime.LockOSThread()
		s, restored, err := newInNetNS(netns, family, typ, proto)
		if restored {
			runtime.UnlockOSThread()
		}
		done <- result{s, err}
	}()
	r := <-done
	return r.s, r.err
}

// newInNetNS is NewInNetNS on the locked thread; restored reports whether
// the thread is back in its own namespace.
func newInNetNS(netns int, family Family, typ Type, proto Protocol) (s *Socket, restored bool, err error) {
	nsError := func(call string, err error) error {
		return &net.OpError{Op: "socket", Net: family.String() + "/" + typ.String(), Err: os.NewSyscallError(call, err)}
	}
	self, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, true, nsError("open /proc/thread-self/ns/net", err)
	}
	defer unix.Close(self)
	if err := unix.Setns(netns, unix.CLONE_NEWNET); err != nil {
		return nil, true, nsError("setns fd "+strconv.Itoa(netns), err)
	}
	s, err = New(family, typ, proto)
	return s, unix.Setns(self, unix.CLONE_NEWNET) == nil, err
}
