// Package activation takes the sockets a service manager opened for this
// process: systemd's socket activation, as sd_listen_fds(3) and
// sd_listen_fds_with_names(3) read it (LISTEN_PID, LISTEN_FDS,
// LISTEN_FDNAMES), returning each as a *socket.Socket with its name.
//
// It is a package of its own, not part of the root package, because the
// root package mirrors Python's socket module, call for call, and this is
// no socket call: it reads the process's environment, a protocol between a
// service manager and the programs it starts. It needs nothing of the root
// package but socket.FromFD, which reads each descriptor's family and type
// back from the kernel, so it is built on the public API only, as
// coreos/go-systemd's activation package is built on os and net.
//
// The protocol is not Linux's alone (other service managers and
// development tools speak it), and nothing here is: it builds wherever the
// root package does.
package activation

import (
	"net"
	"os"
	"strconv"
	"strings"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// ListenFDsStart is the first descriptor a service manager passes:
// SD_LISTEN_FDS_START of sd-daemon.h. The others follow it without gaps.
const ListenFDsStart = 3

// Socket is one socket the service manager passed, with its name: the
// FileDescriptorName= of its .socket unit, or the unit's name, or
// "unknown" when LISTEN_FDNAMES is not set (sd_listen_fds_with_names(3)).
type Socket struct {
	Name string
	*socket.Socket
}

// Sockets returns the sockets the service manager passed to this process,
// in the order of their descriptors (3, 4, ...), as
// sd_listen_fds_with_names(3) finds them: none unless LISTEN_PID is this
// process's id, so that a child that inherited the environment does not
// take its parent's sockets; LISTEN_FDS of them from descriptor 3 on,
// named by LISTEN_FDNAMES, colon-separated. It is not one system call: per
// descriptor, fcntl(2) to make it close-on-exec and non-blocking and
// getsockopt(2) SO_DOMAIN, SO_TYPE and SO_PROTOCOL (socket.FromFD), after
// a getsockopt(2) SO_TYPE on every descriptor first, so that the call takes
// all of them or none. The returned sockets own their descriptors.
//
// With unsetEnv, LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES are removed
// from the environment before it returns, whatever it returns, so that
// processes this one starts do not see them (sd_listen_fds's
// unset_environment); the environment is process-wide, so do it once, from
// one goroutine. Call it once: a second call (without unsetEnv) would
// make second Socket values owning the same descriptors, and closing one
// would leave the other with a number the process may reuse.
//
// Errors, each a *net.OpError "listen_fds" as sd_listen_fds would return
// -EINVAL and the like: a LISTEN_PID or LISTEN_FDS that is not a number,
// a negative count or one past the descriptor numbers, or a number of
// LISTEN_FDNAMES other than LISTEN_FDS are *socket.ArgError values wrapping
// EINVAL, naming the variable; a descriptor that is not open (EBADF) or is
// not a socket (ENOTSOCK, as a FIFO from ListenFIFO= is) fails the call,
// and then no descriptor is taken.
func Sockets(unsetEnv bool) ([]Socket, error) {
	if unsetEnv {
		defer unsetenv()
	}
	listenFDNames := os.Getenv("LISTEN_FDNAMES")
	n, err := parse(os.Getenv("LISTEN_PID"), os.Getenv("LISTEN_FDS"), listenFDNames, os.Getpid())
	if err != nil || n == 0 {
		return nil, err
	}
	for i := range n {
		if _, err := unix.GetsockoptInt(ListenFDsStart+i, unix.SOL_SOCKET, unix.SO_TYPE); err != nil {
			return nil, opError(os.NewSyscallError("getsockopt fd "+strconv.Itoa(ListenFDsStart+i), err))
		}
	}
	sockets := make([]Socket, n)
	names := splitNames(listenFDNames, n)
	for i := range sockets {
		s, err := socket.FromFD(ListenFDsStart + i)
		if err != nil {
			// Checked above: only a descriptor closed by another
			// goroutine meanwhile gets here.
			for _, done := range sockets[:i] {
				done.Socket.Detach()
			}
			return nil, err
		}
		sockets[i] = Socket{Name: names[i], Socket: s}
	}
	return sockets, nil
}

// parse reads the three variables as sd_listen_fds_with_names(3) does, for
// the process pid: the number of descriptors passed to it, 0 when the
// variables are for another process or not set. It allocates nothing for
// that number, which only the descriptors' checks bound.
func parse(listenPID, listenFDs, listenFDNames string, pid int) (int, error) {
	if listenPID == "" {
		return 0, nil
	}
	p, err := strconv.Atoi(listenPID)
	if err != nil || p <= 0 {
		return 0, opError(&socket.ArgError{Arg: "LISTEN_PID", Reason: strconv.Quote(listenPID) + " is not a process id", Err: unix.EINVAL})
	}
	if p != pid || listenFDs == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(listenFDs)
	if err != nil || n < 0 || n > maxFDs {
		return 0, opError(&socket.ArgError{Arg: "LISTEN_FDS", Reason: strconv.Quote(listenFDs) + " is not a number of descriptors from 0 to " + strconv.Itoa(maxFDs), Err: unix.EINVAL})
	}
	if got := strings.Count(listenFDNames, ":") + 1; listenFDNames != "" && got != n {
		return 0, opError(&socket.ArgError{Arg: "LISTEN_FDNAMES", Reason: strconv.Itoa(got) + " names for " + strconv.Itoa(n) + " descriptors", Err: unix.EINVAL})
	}
	return n, nil
}

// splitNames returns the n names of LISTEN_FDNAMES, which parse checked,
// or n times "unknown" when it is not set.
func splitNames(listenFDNames string, n int) []string {
	if listenFDNames != "" {
		return strings.Split(listenFDNames, ":")
	}
	names := make([]string, n)
	for i := range names {
		names[i] = "unknown"
	}
	return names
}

// maxFDs is the most descriptors LISTEN_FDS may count: the last one,
// 2 + n, must be a C int (sd_listen_fds checks n against INT_MAX -
// SD_LISTEN_FDS_START).
const maxFDs = 1<<31 - 1 - ListenFDsStart

// unsetenv removes the variables Sockets reads.
func unsetenv() {
	for _, v := range [...]string{"LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"} {
		os.Unsetenv(v)
	}
}

func opError(err error) error { return &net.OpError{Op: "listen_fds", Err: err} }
