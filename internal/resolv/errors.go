package resolv

import (
	"errors"

	"golang.org/x/sys/unix"
)

// The engine's failures are values of this file's types, which the root
// package turns into its public errors in one place: an EAI becomes an
// *AddrInfoError, a *HostError the root's *HostError, an *ArgError the
// root's *ArgError; anything else (an errno inside an *os.SyscallError,
// one of the Err*NotFound values) passes through as it is.

// EAI is an error code of getaddrinfo(3) and getnameinfo(3), with glibc's
// values; its text is gai_strerror(3)'s.
type EAI int

// The codes, under glibc's names.
const (
	EAI_BADFLAGS   EAI = -1
	EAI_NONAME     EAI = -2
	EAI_AGAIN      EAI = -3
	EAI_FAIL       EAI = -4
	EAI_NODATA     EAI = -5
	EAI_FAMILY     EAI = -6
	EAI_SOCKTYPE   EAI = -7
	EAI_SERVICE    EAI = -8
	EAI_ADDRFAMILY EAI = -9
	EAI_MEMORY     EAI = -10
	EAI_SYSTEM     EAI = -11
	EAI_OVERFLOW   EAI = -12
	EAI_IDN_ENCODE EAI = -105
)

var eaiText = map[EAI]string{
	EAI_BADFLAGS:   "Bad value for ai_flags",
	EAI_NONAME:     "Name or service not known",
	EAI_AGAIN:      "Temporary failure in name resolution",
	EAI_FAIL:       "Non-recoverable failure in name resolution",
	EAI_NODATA:     "No address associated with hostname",
	EAI_FAMILY:     "ai_family not supported",
	EAI_SOCKTYPE:   "ai_socktype not supported",
	EAI_SERVICE:    "Servname not supported for ai_socktype",
	EAI_ADDRFAMILY: "Address family for hostname not supported",
	EAI_MEMORY:     "Memory allocation failure",
	EAI_SYSTEM:     "System error",
	EAI_IDN_ENCODE: "Parameter string not correctly encoded",
}

// Error returns gai_strerror(3)'s text for the code, as glibc 2.36 words
// it, or "Unknown error".
func (c EAI) Error() string { return textOf(eaiText, c, "Unknown error") }

// HErrno is a resolver error code, the h_errno of gethostbyname(3) and
// gethostbyaddr(3); its text is hstrerror(3)'s.
type HErrno int

// The h_errno values of <netdb.h>.
const (
	HOST_NOT_FOUND HErrno = 1
	TRY_AGAIN      HErrno = 2
	NO_RECOVERY    HErrno = 3
	NO_DATA        HErrno = 4
)

var herrnoText = map[HErrno]string{
	0:              "Resolver Error 0 (no error)",
	HOST_NOT_FOUND: "Unknown host",
	TRY_AGAIN:      "Host name lookup failure",
	NO_RECOVERY:    "Unknown server error",
	NO_DATA:        "No address associated with name",
}

// Error returns hstrerror(3)'s text for the code.
func (h HErrno) Error() string { return textOf(herrnoText, h, "Unknown resolver error") }

// textOf is the C library's text for a code, or its text for codes it
// does not know.
func textOf[T comparable](texts map[T]string, code T, unknown string) string {
	if s, ok := texts[code]; ok {
		return s
	}
	return unknown
}

// HostError is a failed gethostbyname(3) or gethostbyaddr(3) lookup: the
// h_errno, and the DNS error behind it if there was one.
type HostError struct {
	Code  HErrno
	Cause error
}

// Error returns the code's text and the cause's.
func (e *HostError) Error() string {
	if e.Cause == nil {
		return e.Code.Error()
	}
	return e.Code.Error() + ": " + e.Cause.Error()
}

// ArgError is an argument refused before any lookup, as CPython refuses
// it: Reason starts with Python's message.
type ArgError struct {
	Arg    string
	Reason string
	Errno  unix.Errno
}

// Error returns "invalid ARG: REASON".
func (e *ArgError) Error() string { return "invalid " + e.Arg + ": " + e.Reason }

// Errors of the database lookups, with the text of Python's OSError.
var (
	ErrServiceNotFound  = errors.New("service/proto not found")
	ErrPortNotFound     = errors.New("port/proto not found")
	ErrProtocolNotFound = errors.New("protocol not found")
	ErrNoSuchInterface  = errors.New("no interface with this name")
)

// notFoundError is a lookup that found nothing because a system call
// failed: Python only says which lookup (one of the Err*NotFound values),
// but a caller may want the errno.
type notFoundError struct {
	what  error
	cause error
}

// Error returns Python's message and the system call's error.
func (e *notFoundError) Error() string { return e.what.Error() + ": " + e.cause.Error() }

// Unwrap returns both, so that errors.Is finds the Err*NotFound value and
// the errno.
func (e *notFoundError) Unwrap() []error { return []error{e.what, e.cause} }
