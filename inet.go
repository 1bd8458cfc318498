package socket

import (
	"encoding/binary"
	"strconv"

	"golang.org/x/sys/unix"
)

// This file holds the text <-> binary address conversions of Python's
// socket module, written to give glibc's answers (Python calls glibc's
// inet_aton, inet_pton and inet_ntop), and the byte-order helpers. None of
// them makes a system call.

// InetAton converts an IPv4 address in any of inet_aton(3)'s forms to its 4
// bytes in network order, as Python's socket.inet_aton does; it makes no
// system call. Besides the
// dotted quad "a.b.c.d" it takes the legacy forms "a.b.c" (c fills 16 bits:
// "1.2.3" is 1.2.0.3), "a.b" (b fills 24 bits: "127.1" is 127.0.0.1) and "a"
// (32 bits), each part in decimal, octal with a leading 0 ("017" is 15) or
// hexadecimal with 0x ("0x7f.1" is 127.0.0.1). Like glibc's inet_aton it
// ignores anything after a whitespace character that ends the address
// ("1.2.3.4 junk" is 1.2.3.4). Any other input is an *ArgError wrapping
// EINVAL, where Python raises OSError("illegal IP address string passed to
// inet_aton").
func InetAton(s string) ([]byte, error) {
	ip, rest, ok := parseAton(s)
	if !ok || (rest != "" && !isCSpace(rest[0])) {
		return nil, argError("address", "illegal IP address string passed to inet_aton: "+strconv.Quote(s), unix.EINVAL)
	}
	return ip[:], nil
}

// InetNtoa formats 4 bytes in network order as a dotted quad, as Python's
// socket.inet_ntoa does; it makes no system call. Any other length is an *ArgError wrapping EINVAL
// (Python: OSError("packed IP wrong length for inet_ntoa")).
func InetNtoa(b []byte) (string, error) {
	if len(b) != 4 {
		return "", argError("packed", "packed IP wrong length for inet_ntoa: "+strconv.Itoa(len(b))+" bytes", unix.EINVAL)
	}
	return ntop4(b), nil
}

// InetPton converts an address in its standard text form to its bytes in
// network order, as Python's socket.inet_pton (and inet_pton(3)) does,
// without a system call:
// AF_INET takes exactly a dotted quad of decimal numbers without leading
// zeros (4 bytes); AF_INET6 takes RFC 4291 text, "::" and a trailing dotted
// quad included, without a %zone (16 bytes). A string that is no such
// address is an *ArgError wrapping EINVAL (Python: OSError("illegal IP
// address string passed to inet_pton")); another family, one wrapping
// EAFNOSUPPORT, as in Python.
func InetPton(family Family, s string) ([]byte, error) {
	switch family {
	case AF_INET:
		if ip, ok := pton4(s); ok {
			return ip[:], nil
		}
	case AF_INET6:
		if ip, ok := pton6(s); ok {
			return ip[:], nil
		}
	default:
		return nil, argError("family", family.String()+" has no text address form", unix.EAFNOSUPPORT)
	}
	return nil, argError("address", "illegal IP address string passed to inet_pton: "+strconv.Quote(s), unix.EINVAL)
}

// InetNtop formats an address's bytes in network order as text, as Python's
// socket.inet_ntop (and inet_ntop(3)) does, without a system call: a dotted quad for AF_INET (4
// bytes); for AF_INET6 (16 bytes) lowercase hexadecimal groups, the longest
// run of two or more zero groups (the first, on a tie) written "::", and a
// trailing dotted quad for IPv4-mapped ("::ffff:1.2.3.4") and
// IPv4-compatible ("::1.2.3.4") addresses, exactly as glibc prints them. A
// length that does not fit the family is an *ArgError wrapping EINVAL
// (Python: ValueError); another family, one wrapping EAFNOSUPPORT.
func InetNtop(family Family, b []byte) (string, error) {
	want := 0
	switch family {
	case AF_INET:
		want = 4
	case AF_INET6:
		want = 16
	default:
		return "", argError("family", "unknown address family "+strconv.Itoa(int(family)), unix.EAFNOSUPPORT)
	}
	if len(b) != want {
		return "", argError("packed", "invalid length of packed IP address string: "+strconv.Itoa(len(b))+
			" bytes for "+family.String(), unix.EINVAL)
	}
	if family == AF_INET {
		return ntop4(b), nil
	}
	return ntop6((*[16]byte)(b)), nil
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

// parseAton parses the address at the start of s the way glibc's
// inet_aton_end does and returns what follows it; the callers decide what
// may follow (inet_aton: nothing or whitespace and anything; getaddrinfo:
// nothing).
func parseAton(s string) (ip [4]byte, rest string, ok bool) {
	var parts [3]uint32
	n := 0
	for {
		if s == "" || !isDigit(s[0]) {
			return ip, "", false
		}
		v, tail, ok := strtoul32(s)
		if !ok {
			return ip, "", false
		}
		s = tail
		if s != "" && s[0] == '.' {
			// The first three parts are single bytes.
			if n == 3 || v > 0xff {
				return ip, "", false
			}
			parts[n] = v
			n++
			s = s[1:]
			continue
		}
		// The last part fills whatever the others left.
		if v > 0xffffffff>>(8*n) {
			return ip, "", false
		}
		for i := 0; i < n; i++ {
			v |= parts[i] << (24 - 8*i)
		}
		binary.BigEndian.PutUint32(ip[:], v)
		return ip, s, true
	}
}

// strtoul32 parses an unsigned number as C's strtoul(s, &end, 0) does after
// a leading digit: 0x for hexadecimal, a leading 0 for octal, decimal
// otherwise; it stops at the first character that is not a digit of the
// base, and "0x" without hex digits parses as 0 ending before the x. ok is
// false past 32 bits (glibc rejects those).
func strtoul32(s string) (v uint32, rest string, ok bool) {
	base := uint64(10)
	i := 0
	if s[0] == '0' {
		base = 8
		i = 1
		if len(s) > 2 && (s[1] == 'x' || s[1] == 'X') && hexVal(s[2]) >= 0 {
			base = 16
			i = 2
		}
	}
	var acc uint64
	for ; i < len(s); i++ {
		d := hexVal(s[i])
		if d < 0 || uint64(d) >= base {
			break
		}
		acc = acc*base + uint64(d)
		if acc > 0xffffffff {
			return 0, "", false
		}
	}
	return uint32(acc), s[i:], true
}

// pton4 is inet_pton(AF_INET): four decimal parts, each 0..255 with no
// leading zero, and nothing else.
func pton4(s string) (ip [4]byte, ok bool) {
	octets := 0
	sawDigit := false
	var cur uint32
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			if sawDigit && cur == 0 {
				return ip, false // a leading zero
			}
			cur = cur*10 + uint32(c-'0')
			if cur > 255 {
				return ip, false
			}
			if !sawDigit {
				if octets == 4 {
					return ip, false
				}
				octets++
				sawDigit = true
			}
			ip[octets-1] = byte(cur)
		case c == '.' && sawDigit:
			if octets == 4 {
				return ip, false
			}
			sawDigit = false
			cur = 0
		default:
			return ip, false
		}
	}
	return ip, octets == 4 && sawDigit
}

// pton6 is inet_pton(AF_INET6), following glibc's rules: groups of at most
// four hex digits, one "::", and a dotted quad in place of the last two
// groups.
func pton6(s string) (ip [16]byte, ok bool) {
	if s == "" {
		return ip, false
	}
	if s[0] == ':' {
		if len(s) < 2 || s[1] != ':' {
			return ip, false
		}
		s = s[1:]
	}
	var tmp [16]byte
	n := 0      // bytes written to tmp
	gap := -1   // where "::" stands, as an offset in tmp
	digits := 0 // hex digits in the current group
	var val uint32
	tok := 0 // start of the current group in s
	for i := 0; i < len(s); i++ {
		c := s[i]
		if d := hexVal(c); d >= 0 {
			if digits == 4 {
				return ip, false
			}
			val = val<<4 | uint32(d)
			digits++
			continue
		}
		if c == ':' {
			tok = i + 1
			if digits == 0 {
				if gap >= 0 {
					return ip, false
				}
				gap = n
				continue
			}
			if i+1 == len(s) || n+2 > 16 {
				return ip, false
			}
			tmp[n], tmp[n+1] = byte(val>>8), byte(val)
			n += 2
			digits, val = 0, 0
			continue
		}
		if c == '.' && n+4 <= 16 {
			v4, ok := pton4(s[tok:])
			if !ok {
				return ip, false
			}
			copy(tmp[n:], v4[:])
			n += 4
			digits = 0
			break
		}
		return ip, false
	}
	if digits > 0 {
		if n+2 > 16 {
			return ip, false
		}
		tmp[n], tmp[n+1] = byte(val>>8), byte(val)
		n += 2
	}
	if gap >= 0 {
		if n == 16 {
			return ip, false // "::" must stand for at least one group
		}
		tail := n - gap
		copy(ip[16-tail:], tmp[gap:n])
		copy(ip[:gap], tmp[:gap])
		return ip, true
	}
	if n != 16 {
		return ip, false
	}
	return tmp, true
}

// ntop4 formats 4 bytes as a dotted quad.
func ntop4(b []byte) string {
	buf := make([]byte, 0, 15)
	for i := 0; i < 4; i++ {
		if i > 0 {
			buf = append(buf, '.')
		}
		buf = strconv.AppendUint(buf, uint64(b[i]), 10)
	}
	return string(buf)
}

// ntop6 formats an IPv6 address as glibc's inet_ntop does.
func ntop6(ip *[16]byte) string {
	var words [8]uint16
	for i := range words {
		words[i] = binary.BigEndian.Uint16(ip[2*i:])
	}
	// The longest run of zero groups, the first one on a tie; a run of
	// one group is not shortened.
	bestBase, bestLen := -1, 0
	for i := 0; i < 8; {
		if words[i] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && words[j] == 0 {
			j++
		}
		if j-i > bestLen {
			bestBase, bestLen = i, j-i
		}
		i = j
	}
	if bestLen < 2 {
		bestBase = -1
	}
	buf := make([]byte, 0, 46)
	for i := 0; i < 8; i++ {
		if bestBase >= 0 && i >= bestBase && i < bestBase+bestLen {
			if i == bestBase {
				buf = append(buf, ':')
			}
			continue
		}
		if i != 0 {
			buf = append(buf, ':')
		}
		// IPv4-compatible (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d)
		// addresses end in a dotted quad.
		if i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xffff)) {
			buf = append(buf, ntop4(ip[12:])...)
			return string(buf)
		}
		buf = strconv.AppendUint(buf, uint64(words[i]), 16)
	}
	if bestBase >= 0 && bestBase+bestLen == 8 {
		buf = append(buf, ':')
	}
	return string(buf)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isCSpace is C's isspace in the C locale.
func isCSpace(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') }

// hexVal returns the value of a hex digit, or -1.
func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
