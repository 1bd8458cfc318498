package unix

import (
	"errors"
	"net"
	"os"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// A socket file outlives its socket: when a process dies without removing
// the file, bind(2) on the path fails with EADDRINUSE although nothing
// listens there. The kernel tells the two apart on connect(2): a file no
// socket holds any more refuses with ECONNREFUSED, whatever the socket's
// type, while a live socket accepts a datagram association (SOCK_DGRAM) or
// answers EPROTOTYPE (the other types), whether it listens yet or not. A
// SOCK_DGRAM probe therefore never mistakes a server between its bind and
// its listen for a dead one, and never waits.

// ErrStale is wrapped by Listen's error when the path is a socket file
// left behind by a process that no longer has it open:
// errors.Is(err, ErrStale). RemoveStale removes such a file.
var ErrStale = errors.New("stale socket file")

// RemoveStale removes the socket file at path with unlink(2) if it is
// stale: no process has its socket open any more, which a connect(2) probe
// shows by being refused. It is what to do after Listen failed with
// ErrStale; it never removes anything else. Errors name the operation
// "remove": ENOTSOCK when path is not a socket, EADDRINUSE when a process
// still has the socket open, ENOENT when there is no file, EINVAL for an
// abstract name (it has no file) or a path with a NUL inside, and
// ENAMETOOLONG.
func RemoveStale(path string) error {
	const op = "remove"
	addr, err := resolve(op, path, socket.SOCK_STREAM, false)
	if err != nil {
		return err
	}
	if abstract(path) {
		return opError(op, socket.SOCK_STREAM, addr, argError("path", "an abstract name has no file to remove", unix.EINVAL))
	}
	f, state, err := probe(path, addr)
	switch {
	case err != nil:
		return opError(op, socket.SOCK_STREAM, addr, err)
	case state == notSocket:
		return opError(op, socket.SOCK_STREAM, addr, argError("path", "not a socket; not removed", unix.ENOTSOCK))
	case state == live:
		return opError(op, socket.SOCK_STREAM, addr, argError("path", "a process still has this socket open; not removed", unix.EADDRINUSE))
	}
	if err := f.remove(); err != nil {
		return opError(op, socket.SOCK_STREAM, addr, err)
	}
	return nil
}

// fileState is what probe found at a path.
type fileState int

const (
	live fileState = iota
	stale
	notSocket
)

// probe looks at the file at path, whose address is addr: not a socket, a
// stale socket file or a live one (or one it cannot tell, which counts as
// live: only a refused connect shows a file is stale).
func probe(path string, addr socket.Addr) (socketFile, fileState, error) {
	f, err := statSocket(path)
	if errors.Is(err, errNotSocket) {
		return f, notSocket, nil
	}
	if err != nil {
		return f, live, err
	}
	s, err := socket.New(socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	if err != nil {
		return f, live, err
	}
	defer s.Close()
	if s.ConnectEx(addr) == unix.ECONNREFUSED {
		return f, stale, nil
	}
	return f, live, nil
}

// explainInUse adds to err, Listen's bind error, why a filesystem path is
// in use when the file is not a live socket, and what to do.
func explainInUse(err error, path string) error {
	e, ok := err.(*net.OpError)
	if !ok || abstract(path) || !errors.Is(err, unix.EADDRINUSE) {
		return err
	}
	addr, _ := e.Addr.(socket.Addr)
	var reason string
	_, state, perr := probe(path, addr)
	switch {
	case perr != nil || state == live:
		return err
	case state == notSocket:
		reason = "the file is not a socket (it is left as it is); choose another path"
	default:
		reason = "it is a stale socket file: connecting to it is refused, so no process has it open any more; " +
			"remove it (RemoveStale, or rm " + path + ") and listen again"
	}
	c := *e
	c.Err = &inUseError{err: e.Err, reason: reason, stale: state == stale}
	return &c
}

// inUseError is bind(2)'s EADDRINUSE with the reason the path is in use.
type inUseError struct {
	err    error
	reason string
	stale  bool
}

func (e *inUseError) Error() string { return e.err.Error() + ": " + e.reason }

func (e *inUseError) Unwrap() []error {
	if e.stale {
		return []error{e.err, ErrStale}
	}
	return []error{e.err}
}

// socketFile is the identity of a socket file: its path, device and inode.
type socketFile struct {
	path     string
	dev, ino uint64
}

var errNotSocket = errors.New("not a socket")

// statSocket returns the identity of the socket file at path with
// lstat(2), or errNotSocket when the file is something else.
func statSocket(path string) (socketFile, error) {
	var st unix.Stat_t
	if err := unix.Lstat(path, &st); err != nil {
		return socketFile{}, os.NewSyscallError("lstat", err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFSOCK {
		return socketFile{}, errNotSocket
	}
	return socketFile{path: path, dev: uint64(st.Dev), ino: st.Ino}, nil
}

// remove unlinks the file if it is still f, and does nothing when the
// path is gone or now holds another file: that one is not ours to remove.
// A file swapped in between the check and unlink(2) would still go; no
// system call unlinks by inode.
func (f socketFile) remove() error {
	if now, err := statSocket(f.path); err != nil || now != f {
		return nil
	}
	if err := unix.Unlink(f.path); err != nil && err != unix.ENOENT {
		return os.NewSyscallError("unlink", err)
	}
	return nil
}
