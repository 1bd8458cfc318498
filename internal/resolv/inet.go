package resolv

import (
	"encoding/binary"
	"strconv"
)

// This file holds the text <-> binary address conversions of Python's
// socket module, written to give glibc's answers (Python calls glibc's
// inet_aton, inet_pton and inet_ntop). None of them makes a system call.

// InetAton is glibc's inet_aton(3): an IPv4 address in any of its forms,
// and after it nothing or a whitespace character and anything.
func InetAton(s string) (ip [4]byte, ok bool) {
	ip, rest, ok := ParseAton(s)
	return ip, ok && (rest == "" || isCSpace(rest[0]))
}

// ParseAton parses the address at the start of s the way glibc's
// inet_aton_end does and returns what follows it; the callers decide what
// may follow (inet_aton: nothing or whitespace and anything; getaddrinfo:
// nothing).
func ParseAton(s string) (ip [4]byte, rest string, ok bool) {
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

// Pton4 is inet_pton(AF_INET): four decimal parts, each 0..255 with no
// leading zero, and nothing else.
func Pton4(s string) (ip [4]byte, ok bool) {
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

// Pton6 is inet_pton(AF_INET6), following glibc's rules: groups of at most
// four hex digits, one "::", and a dotted quad in place of the last two
// groups.
func Pton6(s string) (ip [16]byte, ok bool) {
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
			v4, ok := Pton4(s[tok:])
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

// Ntop4 formats 4 bytes as a dotted quad.
func Ntop4(b []byte) string {
	buf := make([]byte, 0, 15)
	for i := 0; i < 4; i++ {
		if i > 0 {
			buf = append(buf, '.')
		}
		buf = strconv.AppendUint(buf, uint64(b[i]), 10)
	}
	return string(buf)
}

// Ntop6 formats an IPv6 address as glibc's inet_ntop does.
func Ntop6(ip *[16]byte) string {
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
			buf = append(buf, Ntop4(ip[12:])...)
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
