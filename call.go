package socket

import (
	"math"
	"net"
	"reflect"
	"strconv"
	"time"

	"github.com/bsdsock/socket/internal/sockfd"
	"golang.org/x/sys/unix"
)

// The helpers every Socket method is made of: check the arguments, make one
// call into internal/sockfd, wrap its error.

// checkOpen returns the error of a call on a closed socket.
func (s *Socket) checkOpen(op string) error {
	if s.isClosed() {
		return s.opError(op, nil, net.ErrClosed)
	}
	return nil
}

// checkFlags refuses flags the kernel's unsigned int cannot hold: it would
// truncate them to other flags.
func (s *Socket) checkFlags(op string, flags MsgFlag) error {
	if flags < 0 || int64(flags) > math.MaxUint32 {
		return s.opError(op, nil, argError("flags", strconv.FormatInt(int64(flags), 10)+" does not fit a C unsigned int", unix.EINVAL))
	}
	return nil
}

// checkFamily rejects an address the socket cannot use, before the kernel
// does with a less helpful errno. AF_UNSPEC passes: connect(2) takes it to
// dissolve a datagram socket's association.
func (s *Socket) checkFamily(op string, a *Addr) error {
	if a.IsZero() {
		return s.opError(op, nil, argError("addr", "no address given", unix.EDESTADDRREQ))
	}
	if f := a.Family(); f != s.family && f != AF_UNSPEC {
		return s.opError(op, a, argError("addr", f.String()+" address for an "+s.family.String()+" socket", unix.EAFNOSUPPORT))
	}
	return nil
}

// timeoutFor returns the timeout one call runs with: MSG_DONTWAIT makes it
// non-blocking whatever the socket's mode, as the flag does on a blocking
// descriptor in C and Python.
func (s *Socket) timeoutFor(flags MsgFlag) time.Duration {
	if flags&MSG_DONTWAIT != 0 {
		return 0
	}
	return s.timeoutValue()
}

// recvMode is the mode of a receive: the socket's, with its spin; a
// blocking MSG_WAITALL receive on a stream socket waits for all of its
// buffer, as the kernel's blocking recv(2) does (the descriptor itself is
// non-blocking, where the kernel ignores MSG_WAITALL's wait).
func (s *Socket) recvMode(flags MsgFlag) sockfd.Mode {
	m := sockfd.Mode{Timeout: s.timeoutFor(flags), Spin: s.SpinWait()}
	m.Whole = m.Timeout < 0 && flags&MSG_WAITALL != 0 && s.typ == SOCK_STREAM
	return m
}

// sendMode is the mode of a send: in blocking mode a stream socket sends
// all of its buffer, as the kernel's blocking send(2) does; the other modes
// and the other types send once.
func (s *Socket) sendMode(flags MsgFlag) sockfd.Mode {
	m := sockfd.Mode{Timeout: s.timeoutFor(flags)}
	m.Whole = m.Timeout < 0 && s.typ == SOCK_STREAM
	return m
}

// callError turns what a sockfd entry point returned into the error to
// return: a system call's errno wrapped with the system call's name, or
// the wait's error (closed, deadline, context), each in the *net.OpError
// that names the operation, the network and the address.
func (s *Socket) callError(op, syscall string, addr *Addr, err error) error {
	switch e := err.(type) {
	case nil:
		return nil
	case unix.Errno:
		return s.errnoError(op, syscall, addr, e)
	}
	return s.opError(op, addr, err)
}

// isNil reports whether v is nil or holds a nil pointer, func, map, slice
// or channel (a typed nil in an interface), which a method called on it
// would dereference.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Func, reflect.Map, reflect.Slice, reflect.Chan, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// nilArg is the error of a nil argument named arg.
func nilArg(arg string) error { return argError(arg, "nil", unix.EINVAL) }
