package socket

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// DefaultBufferSize is the buffer size Makefile uses when given 0 or a
// negative size: Python's io.DEFAULT_BUFFER_SIZE.
const DefaultBufferSize = 8192

// File is a buffered stream over a Socket, made by Makefile: Python's
// socket.makefile. Reading fills the buffer with recv(2); writing collects
// bytes until the buffer is full or Flush sends them with Sendall. It reads
// and writes in the socket's mode, so a timeout applies to each refill or
// send. A File is for one goroutine at a time.
type File struct {
	s      *Socket
	r      *bufio.Reader
	w      *bufio.Writer
	closed atomic.Bool

	readTimedOut bool // a read timed out: refuse the next ones (fileConn.Read)
}

// Makefile returns a buffered File reading and/or writing the socket, as
// Python's socket.makefile does; it makes no system call (the File's reads
// and writes do). mode is "r", "w" or "rw", each optionally
// with "b" ("rb", "wb", "rwb"); Python's text modes are Go strings here, so
// "b" changes nothing. bufsize is the buffer size, DefaultBufferSize when 0
// or negative: unlike Python, 0 does not make it unbuffered.
//
// The File holds the descriptor open: closing the Socket while a File is
// open leaves the File working, and the descriptor is closed (close(2)) only
// when the Socket and every File made from it are closed, as in Python.
// Errors of the socket reach the File's callers unchanged.
func (s *Socket) Makefile(mode string, bufsize int) (*File, error) {
	const op = "makefile"
	if err := s.checkOpen(op); err != nil {
		return nil, err
	}
	m := strings.ReplaceAll(mode, "b", "")
	if m != "r" && m != "w" && m != "rw" && m != "wr" || strings.Count(mode, "b") > 1 {
		return nil, s.opError(op, nil, argError("mode", strconv.Quote(mode)+" is not r, w or rw (with an optional b)", unix.EINVAL))
	}
	if bufsize <= 0 {
		bufsize = DefaultBufferSize
	}
	if !s.fd.Acquire() {
		return nil, s.opError(op, nil, net.ErrClosed)
	}
	f := &File{s: s}
	if strings.Contains(m, "r") {
		f.r = bufio.NewReaderSize(fileConn{f}, bufsize)
	}
	if strings.Contains(m, "w") {
		f.w = bufio.NewWriterSize(fileConn{f}, bufsize)
	}
	return f, nil
}

// fileConn is the File's unbuffered side: the socket's receive and send
// paths, which keep working after the Socket itself is closed.
type fileConn struct{ f *File }

// Read refuses to read once a read has timed out: the buffered reader may
// have lost part of what it was reading, as Python's SocketIO reasons.
func (c fileConn) Read(p []byte) (int, error) {
	if c.f.readTimedOut {
		return 0, ErrFileTimedOut
	}
	s := c.f.s
	n, err := s.recv(context.Background(), "recv", p, 0, false)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		c.f.readTimedOut = true
	}
	return s.eof(n, err)
}

func (c fileConn) Write(b []byte) (int, error) {
	return c.f.s.sendallUnchecked(context.Background(), b, 0)
}

// ErrFileTimedOut is what every read of a File returns once one of its
// reads has timed out (the socket's timeout or a read deadline): what the
// buffer held when the time ran out may be lost, so the stream can no
// longer be trusted. It is Python's OSError("cannot read from timed out
// object"); make a new File (or read the Socket) to go on. Writes are not
// affected.
var ErrFileTimedOut = errors.New("socket: cannot read from timed out object")

// errNotReadable and errNotWritable report a call the File's mode excludes,
// as Python's io.UnsupportedOperation does.
var (
	errNotReadable = errors.New("socket: File not open for reading")
	errNotWritable = errors.New("socket: File not open for writing")
)

func (f *File) reader() (*bufio.Reader, error) {
	switch {
	case f.closed.Load():
		return nil, net.ErrClosed
	case f.r == nil:
		return nil, errNotReadable
	}
	return f.r, nil
}

func (f *File) writer() (*bufio.Writer, error) {
	switch {
	case f.closed.Load():
		return nil, net.ErrClosed
	case f.w == nil:
		return nil, errNotWritable
	}
	return f.w, nil
}

// Read reads up to len(p) bytes, from the buffer if it holds any, else with
// one recv(2). It returns io.EOF at the end of the stream.
func (f *File) Read(p []byte) (int, error) {
	r, err := f.reader()
	if err != nil {
		return 0, err
	}
	return r.Read(p)
}

// ReadByte reads one byte.
func (f *File) ReadByte() (byte, error) {
	r, err := f.reader()
	if err != nil {
		return 0, err
	}
	return r.ReadByte()
}

// ReadString reads until the first delim and returns the bytes up to and
// including it. At the end of the stream it returns what came before with
// io.EOF.
func (f *File) ReadString(delim byte) (string, error) {
	r, err := f.reader()
	if err != nil {
		return "", err
	}
	return r.ReadString(delim)
}

// Readline reads one line, with its "\n", as Python's readline does; the
// last line of a stream may lack it. At the end of the stream it returns ""
// and io.EOF.
func (f *File) Readline() (string, error) {
	line, err := f.ReadString('\n')
	if err == io.EOF && line != "" {
		err = nil
	}
	return line, err
}

// Write buffers b, sending the buffer with Sendall each time it fills. It
// returns how many bytes of b were taken, and an error if fewer than all.
func (f *File) Write(b []byte) (int, error) {
	w, err := f.writer()
	if err != nil {
		return 0, err
	}
	return w.Write(b)
}

// WriteString is Write for a string.
func (f *File) WriteString(s string) (int, error) {
	w, err := f.writer()
	if err != nil {
		return 0, err
	}
	return w.WriteString(s)
}

// Flush sends what the buffer holds with Sendall.
func (f *File) Flush() error {
	w, err := f.writer()
	if err != nil {
		return err
	}
	return w.Flush()
}

// Close flushes a writable File and closes it. The socket's descriptor is
// closed if the Socket and every other File made from it are closed too.
// Closing a closed File does nothing.
func (f *File) Close() error {
	if f.s == nil || f.closed.Load() { // the zero File holds no descriptor
		return nil
	}
	var err error
	if f.w != nil {
		err = f.w.Flush()
	}
	if !f.closed.CompareAndSwap(false, true) {
		return nil
	}
	if rerr := f.s.fd.Release(); err == nil && rerr != nil {
		err = f.s.opError("close", nil, rerr)
	}
	return err
}
