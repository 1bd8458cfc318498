package socket

import (
	"errors"
	"strconv"
)

// EAI is an error code of getaddrinfo(3) and getnameinfo(3), the errno of
// Python's socket.gaierror. The values are glibc's. An EAI is itself an
// error whose text is gai_strerror(3)'s, so errors.Is(err, EAI_NONAME)
// tells a lookup that found nothing.
type EAI int

// The error codes, under Python's names, with glibc's values.
const (
	EAI_BADFLAGS   EAI = -1   // a flag this call does not know
	EAI_NONAME     EAI = -2   // the name or service is unknown
	EAI_AGAIN      EAI = -3   // a temporary failure; try again later
	EAI_FAIL       EAI = -4   // a permanent failure of the name server
	EAI_NODATA     EAI = -5   // the name exists but has no address
	EAI_FAMILY     EAI = -6   // the family is not AF_UNSPEC, AF_INET or AF_INET6
	EAI_SOCKTYPE   EAI = -7   // the socket type is not supported
	EAI_SERVICE    EAI = -8   // the service is not available for the socket type
	EAI_ADDRFAMILY EAI = -9   // the numeric host is of another family than asked
	EAI_MEMORY     EAI = -10  // out of memory
	EAI_SYSTEM     EAI = -11  // a system call failed; AddrInfoError.Err says how
	EAI_OVERFLOW   EAI = -12  // a result does not fit (never returned here)
	EAI_IDN_ENCODE EAI = -105 // the name is not valid IDNA (never returned here)
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

// Error returns gai_strerror(3)'s text for the code, as glibc 2.36 words it
// ("Name or service not known"), or "Unknown error".
func (c EAI) Error() string {
	if s, ok := eaiText[c]; ok {
		return s
	}
	return "Unknown error"
}

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

func gaiError(fn, name string, code EAI, cause error) error {
	return &AddrInfoError{Func: fn, Name: name, Code: code, Err: cause}
}

// HErrno is a resolver error code, the h_errno of gethostbyname(3) and
// gethostbyaddr(3) and the errno of Python's socket.herror. An HErrno is an
// error whose text is hstrerror(3)'s.
type HErrno int

// The h_errno values of <netdb.h>.
const (
	HOST_NOT_FOUND HErrno = 1 // the name or address is unknown
	TRY_AGAIN      HErrno = 2 // a temporary failure
	NO_RECOVERY    HErrno = 3 // a permanent failure
	NO_DATA        HErrno = 4 // the name exists but has no address
)

var herrnoText = map[HErrno]string{
	0:              "Resolver Error 0 (no error)",
	HOST_NOT_FOUND: "Unknown host",
	TRY_AGAIN:      "Host name lookup failure",
	NO_RECOVERY:    "Unknown server error",
	NO_DATA:        "No address associated with name",
}

// Error returns hstrerror(3)'s text for the code ("Unknown host").
func (h HErrno) Error() string {
	if s, ok := herrnoText[h]; ok {
		return s
	}
	return "Unknown resolver error"
}

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

// Errors of the database lookups, where Python raises a bare OSError with
// the same text. They come wrapped with the name looked up; test them with
// errors.Is.
var (
	ErrServiceNotFound  = errors.New("service/proto not found") // Getservbyname
	ErrPortNotFound     = errors.New("port/proto not found")    // Getservbyport
	ErrProtocolNotFound = errors.New("protocol not found")      // Getprotobyname
	ErrNoSuchInterface  = errors.New("no interface with this name")
)
