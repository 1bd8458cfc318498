package socket

import (
	"context"
	"io"
	"syscall"

	"github.com/bsdsock/socket/internal/sockfd"
	"golang.org/x/sys/unix"
)

// splice(2) moves data between two descriptors inside the kernel when one
// of them is a pipe. A copy between any two (socket to socket, socket to
// file) goes through a pipe of its own: fill it from the source, drain it
// into the destination, again until the source ends. Each direction's
// EAGAIN is then unambiguous: filling, the pipe is empty, so the source
// has nothing; draining, the pipe has data, so the destination is full.

// spliceEnd is one side of a splice copy: a Socket, whose calls wait in
// its mode, or another descriptor, which waits through its RawConn (and
// its deadlines).
type spliceEnd struct {
	s  *Socket
	rc syscall.RawConn
}

// spliceEndOf returns the splice side of x, if it has a descriptor: an
// open stream Socket or Conn, or any syscall.Conn (an *os.File, a
// *net.TCPConn).
func spliceEndOf(x any) (spliceEnd, bool) {
	switch v := x.(type) {
	case *Socket:
		return spliceEnd{s: v}, v.typ == SOCK_STREAM && !v.isClosed()
	case *Conn:
		s := v.sock()
		return spliceEnd{s: s}, s.typ == SOCK_STREAM && !s.isClosed()
	case syscall.Conn:
		rc, err := v.SyscallConn()
		return spliceEnd{rc: rc}, err == nil
	}
	return spliceEnd{}, false
}

// spliceMax is the pipe size asked for, and so the most one fill moves:
// Go's net asks for the same (the default pipe-max-size).
const spliceMax = 1 << 20

// splicer is one copy's state. Its callbacks are bound once, when it is
// made: the copy allocates only then, not per chunk.
type splicer struct {
	pipe   [2]int // read end, write end
	want   int    // the most one fill asks for: the pipe's size
	left   int64  // bytes still to take from the source; negative: all
	inPipe int    // bytes taken and not yet delivered
	moved  int64  // bytes delivered
	eof    bool

	fill, drain     func(sysfd uintptr) unix.Errno
	fillRC, drainRC rawConnCall

	// The callbacks for a Socket's end: splice(2) takes no MSG_DONTWAIT
	// for the socket's side, which goes by the description's O_NONBLOCK.
	fillSocket, drainSocket func(sysfd uintptr) unix.Errno
}

// spliceCopy copies from src to dst through a pipe, at most limit bytes
// (negative: to the end), and returns how many it delivered. handled is
// false when splice(2) refused one of the descriptors before any byte was
// delivered: the caller then copies the rest through a buffer, and any
// bytes already taken from the source have been written to w.
func spliceCopy(src, dst spliceEnd, limit int64, w io.Writer) (n int64, handled bool, err error) {
	sp := &splicer{left: limit}
	if err := unix.Pipe2(sp.pipe[:], unix.O_CLOEXEC|unix.O_NONBLOCK); err != nil {
		return 0, false, nil // out of descriptors: a buffer does it
	}
	defer unix.Close(sp.pipe[0])
	defer unix.Close(sp.pipe[1])
	sp.want = 64 << 10 // the default pipe size
	if size, err := unix.FcntlInt(uintptr(sp.pipe[1]), unix.F_SETPIPE_SZ, spliceMax); err == nil {
		sp.want = size
	}
	sp.fill, sp.drain = sp.fillOnce, sp.drainOnce
	sp.fillSocket, sp.drainSocket = sp.fillNonblock, sp.drainNonblock
	sp.fillRC.init(sp.fill)
	sp.drainRC.init(sp.drain)

	for sp.left != 0 && !sp.eof {
		if err = sp.wait(src, false); err != nil {
			break
		}
		if err = sp.wait(dst, true); err != nil {
			break
		}
	}
	if sp.moved == 0 && cannotSendfile(errnoOf(err)) {
		return sp.rescue(w)
	}
	return sp.moved, true, err
}

// wait runs fill (or drain) on end in its mode.
func (sp *splicer) wait(end spliceEnd, drain bool) error {
	if end.s != nil {
		if drain {
			return end.s.fd.RawWrite(context.Background(), end.s.sendMode(0), sp.drainSocket)
		}
		return end.s.fd.RawRead(context.Background(), end.s.recvMode(0), sp.fillSocket)
	}
	if drain {
		return sp.drainRC.do(end.rc.Write)
	}
	return sp.fillRC.do(end.rc.Read)
}

func (sp *splicer) fillOnce(sysfd uintptr) unix.Errno {
	want := sp.want
	if sp.left >= 0 && sp.left < int64(want) {
		want = int(sp.left)
	}
	n, e := splice(sysfd, sp.pipe[1], want)
	if e == 0 {
		sp.inPipe, sp.eof = n, n == 0
		if sp.left > 0 {
			sp.left -= int64(n)
		}
	}
	return e
}

// fillNonblock and drainNonblock are fillOnce and drainOnce on a Socket,
// made non-blocking again first: a holder of a duplicate may have made it
// blocking (docs/design.md, "Never block in the kernel").
func (sp *splicer) fillNonblock(sysfd uintptr) unix.Errno {
	if e := sockfd.EnsureNonblock(sysfd); e != 0 {
		return e
	}
	return sp.fillOnce(sysfd)
}

func (sp *splicer) drainNonblock(sysfd uintptr) unix.Errno {
	if e := sockfd.EnsureNonblock(sysfd); e != 0 {
		return e
	}
	return sp.drainOnce(sysfd)
}

// drainOnce delivers what the pipe holds; called again after a wait, it
// goes on where it stopped.
func (sp *splicer) drainOnce(sysfd uintptr) unix.Errno {
	for sp.inPipe > 0 {
		n, e := splice(uintptr(sp.pipe[0]), int(sysfd), sp.inPipe)
		if e != 0 {
			return e
		}
		sp.inPipe -= n
		sp.moved += int64(n)
	}
	return 0
}

// splice moves up to n bytes from in to out without blocking on the pipe.
// Syscall6: a move of a megabyte into a file may take a while.
func splice(in uintptr, out, n int) (int, unix.Errno) {
	r, _, e := unix.Syscall6(unix.SYS_SPLICE, in, 0, uintptr(out), 0, uintptr(n), unix.SPLICE_F_MOVE|unix.SPLICE_F_NONBLOCK)
	return int(r), e
}

// rescue hands back to a buffered copy: the bytes a fill already took
// from the source are in the pipe, and go to w first.
func (sp *splicer) rescue(w io.Writer) (int64, bool, error) {
	if sp.inPipe == 0 {
		return 0, false, nil
	}
	buf := make([]byte, sp.inPipe)
	n, err := unix.Read(sp.pipe[0], buf)
	if err != nil {
		return 0, false, err
	}
	m, err := w.Write(buf[:n])
	return int64(m), err != nil, err
}

// errnoOf returns the errno err is, or 0.
func errnoOf(err error) unix.Errno {
	e, _ := err.(unix.Errno)
	return e
}

// rawConnCall adapts a function that returns its system call's errno to
// the callback of syscall.RawConn's Read and Write, bound once.
type rawConnCall struct {
	fn    func(sysfd uintptr) unix.Errno
	run   func(sysfd uintptr) bool
	errno unix.Errno
}

func (c *rawConnCall) init(fn func(uintptr) unix.Errno) {
	c.fn = fn
	c.run = c.call
}

// do runs the function through op (a RawConn's Read or Write), which
// waits while it says EAGAIN, and returns the wait's error or its errno.
func (c *rawConnCall) do(op func(func(uintptr) bool) error) error {
	c.errno = 0
	if err := op(c.run); err != nil {
		return err
	}
	if c.errno != 0 {
		return c.errno
	}
	return nil
}

func (c *rawConnCall) call(sysfd uintptr) bool {
	for {
		switch e := c.fn(sysfd); e {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return false
		default:
			c.errno = e
			return true
		}
	}
}
