package socket

import (
	"errors"
	"net"
	"strconv"

	"github.com/bsdsock/socket/internal/resolv"
)

// EAI is an error code of getaddrinfo(3) and getnameinfo(3), the errno of
// Python's socket.gaierror. The values are glibc's. An EAI is itself an
// error whose text is gai_strerror(3)'s, so errors.Is(err, EAI_NONAME)
// tells a lookup that found nothing.
type EAI int

// The error codes of Getaddrinfo and Getnameinfo: why a name lookup failed,
// as an AddrInfoError's Code. Under Python's names, with glibc's values.
const (
	EAI_BADFLAGS   = EAI(resolv.EAI_BADFLAGS)   // a flag this call does not know
	EAI_NONAME     = EAI(resolv.EAI_NONAME)     // the name or service is unknown
	EAI_AGAIN      = EAI(resolv.EAI_AGAIN)      // a temporary failure; try again later
	EAI_FAIL       = EAI(resolv.EAI_FAIL)       // a permanent failure of the name server
	EAI_NODATA     = EAI(resolv.EAI_NODATA)     // the name exists but has no address
	EAI_FAMILY     = EAI(resolv.EAI_FAMILY)     // the family is not AF_UNSPEC, AF_INET or AF_INET6
	EAI_SOCKTYPE   = EAI(resolv.EAI_SOCKTYPE)   // the socket type is not supported
	EAI_SERVICE    = EAI(resolv.EAI_SERVICE)    // the service is not available for the socket type
	EAI_ADDRFAMILY = EAI(resolv.EAI_ADDRFAMILY) // the numeric host is of another family than asked
	EAI_MEMORY     = EAI(resolv.EAI_MEMORY)     // out of memory
	EAI_SYSTEM     = EAI(resolv.EAI_SYSTEM)     // a system call failed; AddrInfoError.Err says how
	EAI_OVERFLOW   = EAI(resolv.EAI_OVERFLOW)   // a result does not fit (never returned here)
	EAI_IDN_ENCODE = EAI(resolv.EAI_IDN_ENCODE) // the name is not valid IDNA (never returned here)
)

// Error returns gai_strerror(3)'s text for the code, as glibc 2.36 words it
// ("Name or service not known"), or "Unknown error".
func (c EAI) Error() string { return resolv.EAI(c).Error() }

// AddrInfoError is a failed Getaddrinfo or Getnameinfo (and the calls made
// of them), Python's socket.gaierror: Code is the EAI_* value Python shows as
// the error's errno, and Code.Error() glibc's message for it.
//
// errors.Is(err, EAI_NONAME) and the like test the code; for EAI_SYSTEM,
// errors.Is and errors.As also reach Err, the failure behind it (where
// Python raises a plain OSError with that errno).
type AddrInfoError struct {
	Func string // "getaddrinfo" or "getnameinfo"
	Name string // what was looked up, for the message
	Code EAI
	Err  error // the cause, if known: an errno, a *net.DNSError; else nil
}

// Error returns "FUNC NAME: [Errno CODE] MESSAGE", Python's text after the
// function and the name, and the cause when there is one.
func (e *AddrInfoError) Error() string {
	s := e.Func
	if e.Name != "" {
		s += " " + e.Name
	}
	s += ": [Errno " + strconv.Itoa(int(e.Code)) + "] " + e.Code.Error()
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the code and, when there is one, the cause.
func (e *AddrInfoError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Code}
	}
	return []error{e.Code, e.Err}
}

// Timeout reports whether the lookup failed for now only (EAI_AGAIN), so
// that an *AddrInfoError is a net.Error.
func (e *AddrInfoError) Timeout() bool { return e.Code == EAI_AGAIN }

// Temporary reports the same as Timeout; it completes net.Error.
func (e *AddrInfoError) Temporary() bool { return e.Code == EAI_AGAIN }

// HErrno is a resolver error code, the h_errno of gethostbyname(3) and
// gethostbyaddr(3) and the errno of Python's socket.herror. An HErrno is an
// error whose text is hstrerror(3)'s.
type HErrno int

// The h_errno values of <netdb.h>: why Gethostbyname or Gethostbyaddr
// failed, as a HostError's Code.
const (
	HOST_NOT_FOUND = HErrno(resolv.HOST_NOT_FOUND) // the name or address is unknown
	TRY_AGAIN      = HErrno(resolv.TRY_AGAIN)      // a temporary failure
	NO_RECOVERY    = HErrno(resolv.NO_RECOVERY)    // a permanent failure
	NO_DATA        = HErrno(resolv.NO_DATA)        // the name exists but has no address
)

// Error returns hstrerror(3)'s text for the code ("Unknown host").
func (h HErrno) Error() string { return resolv.HErrno(h).Error() }

// HostError is a failed GethostbynameEx or Gethostbyaddr, Python's
// socket.herror: Code is h_errno. errors.Is(err, HOST_NOT_FOUND) tests the
// code.
type HostError struct {
	Func string // "gethostbyname" or "gethostbyaddr"
	Name string // the name or address looked up
	Code HErrno
	Err  error // the cause, if known (a *net.DNSError), else nil
}

// Error returns "FUNC NAME: [Errno CODE] MESSAGE", Python's text after the
// function and the name.
func (e *HostError) Error() string {
	s := e.Func + " " + e.Name + ": [Errno " + strconv.Itoa(int(e.Code)) + "] " + e.Code.Error()
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the code and, when there is one, the cause.
func (e *HostError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Code}
	}
	return []error{e.Code, e.Err}
}

// Errors of the database and interface lookups, where Python raises a bare
// OSError with the same text. They come inside a *net.OpError naming the
// call; test them with errors.Is.
var (
	ErrServiceNotFound  = resolv.ErrServiceNotFound  // Getservbyname
	ErrPortNotFound     = resolv.ErrPortNotFound     // Getservbyport
	ErrProtocolNotFound = resolv.ErrProtocolNotFound // Getprotobyname
	ErrNoSuchInterface  = resolv.ErrNoSuchInterface  // IfNametoindex
)

// resolvCause converts an error of internal/resolv into this package's
// types: an EAI into an *AddrInfoError (of getnameinfo for op
// "getnameinfo", else of getaddrinfo, which Python's gethostby* call
// first), an h_errno into a *HostError of op, a refused argument into an
// *ArgError; anything else is returned as it is.
func resolvCause(op, name string, err error) error {
	var code resolv.EAI
	var he *resolv.HostError
	var ae *resolv.ArgError
	switch {
	case errors.As(err, &code):
		fn := "getaddrinfo"
		if op == "getnameinfo" {
			fn = op
		}
		return &AddrInfoError{Func: fn, Name: name, Code: EAI(code)}
	case errors.As(err, &he):
		return &HostError{Func: op, Name: name, Code: HErrno(he.Code), Err: he.Cause}
	case errors.As(err, &ae):
		return &ArgError{Arg: ae.Arg, Reason: ae.Reason, Err: ae.Errno}
	}
	return err
}

// resolvError is the error of the resolver call op (Python's name for it)
// that looked up name: the typed resolver errors as they are, anything
// else inside a *net.OpError naming op.
func resolvError(op, name string, err error) error {
	err = resolvCause(op, name, err)
	switch err.(type) {
	case *AddrInfoError, *HostError:
		return err
	}
	return &net.OpError{Op: op, Err: err}
}
