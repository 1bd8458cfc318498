package unix

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// Listener is an AF_UNIX socket that Listen bound, with the socket file it
// created: Close closes the socket and removes the file, as
// net.UnixListener does.
//
// Why a type of its own rather than the bare *socket.Socket: removing the
// file is work for Close, and the root Socket's Close has no hook for a
// subpackage to add to (a public one would be an escape hatch every caller
// could misuse). The Listener owns the file; Socket gives the socket itself
// for Accept, options and the rest. Closing that socket directly leaves the
// file behind, as closing a net.UnixListener's File does.
type Listener struct {
	s      *socket.Socket
	file   socketFile
	unlink atomic.Bool
	once   sync.Once
}

// Listen creates an AF_UNIX socket of type typ, binds it to path with
// bind(2) and, for SOCK_STREAM and SOCK_SEQPACKET, marks it listening with
// listen(2) and a backlog of SOMAXCONN; a SOCK_DGRAM socket is only bound.
// It is Python's socket(AF_UNIX, typ), bind(path) and listen() in one call,
// and Go's net.ListenUnix.
//
// A path that starts with "@" is a name in Linux's abstract namespace
// ("@app"; Python writes it "\x00app"), which has no file; "" autobinds an
// abstract name the kernel chooses (read it with Getsockname). Any other
// path is a file that bind(2) creates, and that Close removes.
//
// The socket starts in blocking mode. Errors name the operation "listen"
// and unwrap to the errno: EADDRINUSE for a path in use, with a reason when
// the file is not a socket (it is left as it is) or is a stale socket that
// no process has open any more (ErrStale: remove it with RemoveStale);
// EACCES, ENOENT for a directory that does not exist; and, before any
// system call, EINVAL for a type other than the three, or a NUL byte inside
// a filesystem path, and ENAMETOOLONG for a path longer than sun_path.
func Listen(path string, typ socket.Type) (*Listener, error) {
	const op = "listen"
	s, addr, err := open(op, path, typ, true)
	if err != nil {
		return nil, err
	}
	if err := s.Bind(addr); err != nil {
		s.Close()
		return nil, explainInUse(renamed(op, err), path)
	}
	l := &Listener{s: s}
	l.unlink.Store(true)
	if !abstract(path) {
		// What bind(2) made: Close removes the file only while it is
		// still this one.
		l.file, _ = statSocket(path)
	}
	if typ != socket.SOCK_DGRAM {
		if err := s.Listen(socket.SOMAXCONN); err != nil {
			l.Close()
			return nil, err
		}
	}
	return l, nil
}

// Accept waits for a connection with accept4(2) and returns a new socket
// for it and the peer's address (for a client that did not bind, the
// unnamed address): Python's conn, addr = sock.accept() on the Listener's
// socket, as Socket().Accept() does. The new socket is
// close-on-exec and starts in the mode socket.DefaultTimeout gives; the
// Listener's mode applies to the wait (blocking unless its Socket's
// SetTimeout changed it). Errors are socket.Socket.Accept's: EINVAL on a
// SOCK_DGRAM Listener, which does not listen, and net.ErrClosed once the
// Listener is closed.
func (l *Listener) Accept() (*socket.Socket, socket.Addr, error) { return l.s.Accept() }

// Socket returns the listening (or, for SOCK_DGRAM, bound) socket: Accept,
// Getsockname, options and the rest are its methods. It stays the
// Listener's: close it with the Listener's Close, which removes the file.
// It makes no system call.
func (l *Listener) Socket() *socket.Socket { return l.s }

// SetUnlinkOnClose sets whether Close removes the socket file (it does
// unless told not to), as net.UnixListener's method of the same name: a
// process that hands its listening socket to another (SCM_RIGHTS, exec)
// wants the file to stay. It makes no system call.
func (l *Listener) SetUnlinkOnClose(unlink bool) { l.unlink.Store(unlink) }

// Close closes the socket with close(2) and removes its socket file with
// unlink(2), unless SetUnlinkOnClose(false) was called or the name is
// abstract. The file is removed only while it is the socket file Listen
// created: a path that was since removed, replaced by another socket or by
// anything that is not a socket is left as it is. Closing again does
// nothing. It returns the error of close(2), or else of unlink(2).
func (l *Listener) Close() error {
	err := l.s.Close()
	l.once.Do(func() {
		if l.unlink.Load() && l.file.path != "" {
			if uerr := l.file.remove(); err == nil && uerr != nil {
				err = opError("close", l.s.Type(), nil, uerr)
			}
		}
	})
	return err
}

// Dial creates an AF_UNIX socket of type typ and connects it with
// connect(2) to path, a filesystem path or an "@" abstract name (see
// Listen): Python's socket(AF_UNIX, typ) and connect(path) in one call, and
// Go's net.DialUnix.
//
// A SOCK_DGRAM socket is first bound to an abstract name the kernel chooses
// (bind(2) with the unnamed address), so that the peer can answer it;
// net.DialUnix leaves it unnamed, which makes answers impossible.
//
// The socket starts in blocking mode, and Dial waits as Connect does in
// that mode (a stream listener whose backlog is full makes it wait for
// room). Errors name the operation "dial" and unwrap to the errno:
// ECONNREFUSED for a socket file nobody listens on, ENOENT for no file,
// EPROTOTYPE for a socket of another type, EACCES, and Listen's argument
// errors.
func Dial(path string, typ socket.Type) (*socket.Socket, error) {
	return DialContext(context.Background(), path, typ)
}

// DialContext is Dial (connect(2)), interrupted when ctx is done: it then
// fails with ctx's error, as socket.Socket.ConnectContext does.
func DialContext(ctx context.Context, path string, typ socket.Type) (*socket.Socket, error) {
	const op = "dial"
	s, addr, err := open(op, path, typ, false)
	if err != nil {
		return nil, err
	}
	if typ == socket.SOCK_DGRAM {
		err = s.Bind(unnamed)
	}
	if err == nil {
		err = s.ConnectContext(ctx, addr)
	}
	if err != nil {
		s.Close()
		return nil, renamed(op, err)
	}
	return s, nil
}

// unnamed is the AF_UNIX address with no name: bind(2) takes it as a
// request to autobind.
var unnamed, _ = socket.UnixAddr("")

// open resolves path and creates the socket to bind or connect to it.
func open(op, path string, typ socket.Type, listen bool) (*socket.Socket, socket.Addr, error) {
	addr, err := resolve(op, path, typ, listen)
	if err != nil {
		return nil, addr, err
	}
	s, err := socket.New(socket.AF_UNIX, typ, 0)
	if err != nil {
		return nil, addr, renamed(op, err)
	}
	return s, addr, nil
}

// resolve checks the type and turns path into its address, refusing what
// the kernel would silently take as another name: a NUL inside a
// filesystem path ends it there.
func resolve(op, path string, typ socket.Type, listen bool) (socket.Addr, error) {
	switch typ {
	case socket.SOCK_STREAM, socket.SOCK_SEQPACKET, socket.SOCK_DGRAM:
	default:
		return socket.Addr{}, opError(op, typ, nil, argError("type", typ.String()+
			" is not one of SOCK_STREAM, SOCK_SEQPACKET, SOCK_DGRAM", unix.EINVAL))
	}
	name := path
	switch {
	case path == "" && !listen:
		return socket.Addr{}, opError(op, typ, nil, argError("path", "empty: nothing to connect to", unix.EINVAL))
	case strings.HasPrefix(path, "@"):
		name = "\x00" + path[1:]
	case !abstract(path) && strings.IndexByte(path, 0) >= 0:
		return socket.Addr{}, opError(op, typ, nil, argError("path", "a NUL byte inside "+
			quote(path)+" would end the name there", unix.EINVAL))
	}
	addr, err := socket.UnixAddr(name)
	if err != nil {
		return socket.Addr{}, opError(op, typ, nil, err)
	}
	return addr, nil
}

// abstract reports whether path names the abstract namespace: "@name" as
// Go writes it, "\x00name" as Python does, or "" (autobind).
func abstract(path string) bool {
	return path == "" || path[0] == '@' || path[0] == 0
}

// quote is strconv.Quote of path cut to a length an error message holds.
func quote(path string) string {
	const max = 64
	if len(path) > max {
		return strconv.Quote(path[:max]) + "..."
	}
	return strconv.Quote(path)
}
