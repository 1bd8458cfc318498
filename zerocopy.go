package socket

import (
	"io"
	"os"
	"sync/atomic"
)

// ReadFrom implements io.ReaderFrom, so that io.Copy(s, r) moves the data
// inside the kernel where it can: from a regular *os.File with sendfile(2)
// (Sendfile: the file's position moves past what was sent), and from a
// pipe, another stream Socket or Conn, or anything else with a
// SyscallConn (a *net.TCPConn, a *net.UnixConn) with splice(2), through a
// pipe of the call's own. Any other reader, or a descriptor the kernel
// cannot splice from (EINVAL before any byte moved), is copied through a
// buffer with Read and Sendall, as io.Copy would. An *io.LimitedReader
// around any of these is honoured and its N brought down. It reads until
// end of file (or of stream) and returns how many bytes were sent; a nil
// error means the end was reached.
//
// Each side waits in its own mode: this socket's for sending, a source
// Socket's for receiving (its deadlines for a net.Conn). Sendfile's
// timeout bounds the whole call; a splice's, each wait. On an error after
// data left the source, up to one pipe's worth (1 MiB) in flight is lost,
// as with net's splice; use blocking mode, or deadlines, with copies.
// Datagram sockets always copy through a buffer (each Read a datagram).
//
// Python's nearest is socket.sendfile, for files only.
func (s *Socket) ReadFrom(r io.Reader) (int64, error) {
	const op = "readfrom"
	if err := s.checkOpen(op); err != nil {
		return 0, err
	}
	if isNil(r) {
		return 0, s.opError(op, nil, nilArg("reader"))
	}
	src, limit := r, int64(-1)
	lr, isLimited := r.(*io.LimitedReader)
	if isLimited {
		if lr.N <= 0 {
			return 0, nil
		}
		src, limit = lr.R, lr.N
	}
	var n int64
	if s.typ == SOCK_STREAM {
		if f, ok := src.(*os.File); ok && isRegularFile(f) {
			if pos, err := f.Seek(0, io.SeekCurrent); err == nil {
				n, err := s.Sendfile(f, pos, max(limit, 0))
				if isLimited {
					lr.N -= n
				}
				return n, err
			}
		}
		if from, ok := spliceEndOf(src); ok {
			m, handled, err := spliceCopy(from, spliceEnd{s: s}, limit, s)
			if isLimited {
				lr.N -= m
			}
			if handled {
				return m, s.callError(op, "splice", nil, err)
			}
			n = m
		}
	}
	m, err := copyThroughUser(s, r)
	return n + m, err
}

// WriteTo implements io.WriterTo, so that io.Copy(w, s) moves the data
// inside the kernel where it can: with splice(2), through a pipe of the
// call's own, to an *os.File (a regular file or a pipe), another stream
// Socket or Conn, or anything else with a SyscallConn (a *net.TCPConn).
// Any other writer, or a descriptor the kernel cannot splice to (EINVAL:
// a terminal, a file opened O_APPEND), is written through a buffer, as
// io.Copy would. It receives until the peer ends the stream and returns
// how many bytes were written; a nil error means the end was reached.
// Modes and losses are ReadFrom's; a datagram socket copies through a
// buffer, datagram by datagram.
//
// Python has no counterpart.
func (s *Socket) WriteTo(w io.Writer) (int64, error) {
	const op = "writeto"
	if err := s.checkOpen(op); err != nil {
		return 0, err
	}
	if isNil(w) {
		return 0, s.opError(op, nil, nilArg("writer"))
	}
	var n int64
	if s.typ == SOCK_STREAM {
		if to, ok := spliceEndOf(w); ok {
			m, handled, err := spliceCopy(spliceEnd{s: s}, to, -1, w)
			if handled {
				return m, s.callError(op, "splice", nil, err)
			}
			n = m
		}
	}
	m, err := copyThroughUser(w, s)
	return n + m, err
}

// ReadFrom implements io.ReaderFrom with sendfile(2) or splice(2) where
// the kernel can copy: see (*Socket).ReadFrom. It keeps io.Copy into a
// Conn inside the kernel, as net.TCPConn's does.
func (c *Conn) ReadFrom(r io.Reader) (int64, error) { return c.sock().ReadFrom(r) }

// WriteTo implements io.WriterTo with splice(2) where the kernel can
// copy: see (*Socket).WriteTo.
func (c *Conn) WriteTo(w io.Writer) (int64, error) { return c.sock().WriteTo(w) }

// userCopies counts the copies that went through a buffer in user space:
// the tests check that the kernel paths are taken.
var userCopies atomic.Int64

// copyThroughUser is io.Copy with the ReadFrom and WriteTo of both sides
// hidden, for they may be this package's (or call back into it).
func copyThroughUser(w io.Writer, r io.Reader) (int64, error) {
	userCopies.Add(1)
	return io.CopyBuffer(struct{ io.Writer }{w}, struct{ io.Reader }{r}, make([]byte, 32<<10))
}

// isRegularFile reports whether f is a regular file, which sendfile(2)
// reads best.
func isRegularFile(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode().IsRegular()
}
