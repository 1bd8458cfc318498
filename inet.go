package socket

import (
	"encoding/binary"
	"net"
	"strconv"

	"github.com/bsdsock/socket/internal/resolv"
	"golang.org/x/sys/unix"
)

// InetAton converts an IPv4 address in any of inet_aton(3)'s forms to its 4
// bytes in network order, as Python's socket.inet_aton does; it makes no
// system call. Besides the
// dotted quad "a.b.c.d" it takes the legacy forms "a.b.c" (c fills 16 bits:
// "1.2.3" is 1.2.0.3), "a.b" (b fills 24 bits: "127.1" is 127.0.0.1) and "a"
// (32 bits), each part in decimal, octal with a leading 0 ("017" is 15) or
// hexadecimal with 0x ("0x7f.1" is 127.0.0.1). Like glibc's inet_aton it
// ignores anything after a whitespace character that ends the address
// ("1.2.3.4 junk" is 1.2.3.4). Any other input is a *net.OpError
// "inet_aton" wrapping an *ArgError (EINVAL), where Python raises
// OSError("illegal IP address string passed to inet_aton").
func InetAton(s string) ([]byte, error) {
	ip, ok := resolv.InetAton(s)
	if !ok {
		return nil, inetError("inet_aton", "address", "illegal IP address string passed to inet_aton: "+strconv.Quote(s), unix.EINVAL)
	}
	return ip[:], nil
}

// InetNtoa formats 4 bytes in network order as a dotted quad, as Python's
// socket.inet_ntoa does; it makes no system call. Any other length is a
// *net.OpError "inet_ntoa" wrapping an *ArgError (EINVAL; Python:
// OSError("packed IP wrong length for inet_ntoa")).
func InetNtoa(b []byte) (string, error) {
	if len(b) != 4 {
		return "", inetError("inet_ntoa", "packed", "packed IP wrong length for inet_ntoa: "+strconv.Itoa(len(b))+" bytes", unix.EINVAL)
	}
	return resolv.Ntop4(b), nil
}

// InetPton converts an address in its standard text form to its bytes in
// network order, as Python's socket.inet_pton (and inet_pton(3)) does,
// without a system call:
// AF_INET takes exactly a dotted quad of decimal numbers without leading
// zeros (4 bytes); AF_INET6 takes RFC 4291 text, "::" and a trailing dotted
// quad included, without a %zone (16 bytes). A string that is no such
// address is a *net.OpError "inet_pton" wrapping an *ArgError (EINVAL;
// Python: OSError("illegal IP address string passed to inet_pton"));
// another family, one wrapping EAFNOSUPPORT, as in Python.
func InetPton(family Family, s string) ([]byte, error) {
	switch family {
	case AF_INET:
		if ip, ok := resolv.Pton4(s); ok {
			return ip[:], nil
		}
	case AF_INET6:
		if ip, ok := resolv.Pton6(s); ok {
			return ip[:], nil
		}
	default:
		return nil, inetError("inet_pton", "family", family.String()+" has no text address form", unix.EAFNOSUPPORT)
	}
	return nil, inetError("inet_pton", "address", "illegal IP address string passed to inet_pton: "+strconv.Quote(s), unix.EINVAL)
}

// InetNtop formats an address's bytes in network order as text, as Python's
// socket.inet_ntop (and inet_ntop(3)) does, without a system call: a dotted quad for AF_INET (4
// bytes); for AF_INET6 (16 bytes) lowercase hexadecimal groups, the longest
// run of two or more zero groups (the first, on a tie) written "::", and a
// trailing dotted quad for IPv4-mapped ("::ffff:1.2.3.4") and
// IPv4-compatible ("::1.2.3.4") addresses, exactly as glibc prints them. A
// length that does not fit the family is a *net.OpError "inet_ntop"
// wrapping an *ArgError (EINVAL; Python: ValueError); another family, one
// wrapping EAFNOSUPPORT.
func InetNtop(family Family, b []byte) (string, error) {
	want := 0
	switch family {
	case AF_INET:
		want = 4
	case AF_INET6:
		want = 16
	default:
		return "", inetError("inet_ntop", "family", "unknown address family "+strconv.Itoa(int(family)), unix.EAFNOSUPPORT)
	}
	if len(b) != want {
		return "", inetError("inet_ntop", "packed", "invalid length of packed IP address string: "+strconv.Itoa(len(b))+
			" bytes for "+family.String(), unix.EINVAL)
	}
	if family == AF_INET {
		return resolv.Ntop4(b), nil
	}
	return resolv.Ntop6((*[16]byte)(b)), nil
}

// Htons converts a 16-bit number from host to network byte order, as
// Python's socket.htons does; it makes no system call. On a big-endian
// machine it returns x. Python's OverflowError for numbers out of range
// has no counterpart: the type holds 16 bits.
func Htons(x uint16) uint16 {
	var b [2]byte
	binary.BigEndian.PutUint16(b[:], x)
	return binary.NativeEndian.Uint16(b[:])
}

// Ntohs converts a 16-bit number from network to host byte order, as
// Python's socket.ntohs does.
func Ntohs(x uint16) uint16 { return Htons(x) }

// Htonl converts a 32-bit number from host to network byte order, as
// Python's socket.htonl does.
func Htonl(x uint32) uint32 {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], x)
	return binary.NativeEndian.Uint32(b[:])
}

// Ntohl converts a 32-bit number from network to host byte order, as
// Python's socket.ntohl does.
func Ntohl(x uint32) uint32 { return Htonl(x) }

// inetError is the error of a conversion op that refused its argument arg.
func inetError(op, arg, reason string, errno unix.Errno) error {
	return &net.OpError{Op: op, Err: argError(arg, reason, errno)}
}
