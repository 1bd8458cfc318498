package raw

import (
	"encoding/binary"
	"strconv"
)

// TCP option kinds (RFC 9293, RFC 7323, RFC 2018).
const (
	tcpOptEOL       = 0
	tcpOptNOP       = 1
	tcpOptMSS       = 2
	tcpOptWScale    = 3
	tcpOptSACKOK    = 4
	tcpOptSACK      = 5
	tcpOptTimestamp = 8
)

// appendTCPOptions appends the options of a TCP header as tcpdump -S
// prints them between "options [" and "]": "mss 65495,sackOK,TS val 123
// ecr 0,nop,wscale 10". An option whose length is impossible ends the
// list with "[bad opt]", as in tcpdump; one tcpdump has no name for
// prints as "unknown-KIND" and its bytes in hex. sackBase is subtracted
// from the edges of SACK blocks (see TCPRelative).
func appendTCPOptions(dst, opts []byte, sackBase uint32) []byte {
	for i := 0; len(opts) > 0; i++ {
		if i > 0 {
			dst = append(dst, ',')
		}
		kind := opts[0]
		switch kind {
		case tcpOptEOL:
			return append(dst, "eol"...)
		case tcpOptNOP:
			dst, opts = append(dst, "nop"...), opts[1:]
			continue
		}
		if len(opts) < 2 || int(opts[1]) < 2 || int(opts[1]) > len(opts) {
			return append(dst, "[bad opt]"...)
		}
		data := opts[2:opts[1]]
		opts = opts[opts[1]:]
		switch {
		case kind == tcpOptMSS && len(data) == 2:
			dst = strconv.AppendUint(append(dst, "mss "...), uint64(binary.BigEndian.Uint16(data)), 10)
		case kind == tcpOptWScale && len(data) == 1:
			dst = strconv.AppendUint(append(dst, "wscale "...), uint64(data[0]), 10)
		case kind == tcpOptSACKOK && len(data) == 0:
			dst = append(dst, "sackOK"...)
		case kind == tcpOptSACK && len(data)%8 == 0:
			dst = strconv.AppendUint(append(dst, "sack "...), uint64(len(data)/8), 10)
			for ; len(data) > 0; data = data[8:] {
				dst = strconv.AppendUint(append(dst, " {"...), uint64(binary.BigEndian.Uint32(data)-sackBase), 10)
				dst = strconv.AppendUint(append(dst, ':'), uint64(binary.BigEndian.Uint32(data[4:])-sackBase), 10)
				dst = append(dst, '}')
			}
		case kind == tcpOptTimestamp && len(data) == 8:
			dst = strconv.AppendUint(append(dst, "TS val "...), uint64(binary.BigEndian.Uint32(data)), 10)
			dst = strconv.AppendUint(append(dst, " ecr "...), uint64(binary.BigEndian.Uint32(data[4:])), 10)
		case kind == tcpOptMSS || kind == tcpOptWScale || kind == tcpOptSACKOK || kind == tcpOptSACK || kind == tcpOptTimestamp:
			return append(dst, "[bad opt]"...)
		default:
			dst = strconv.AppendUint(append(dst, "unknown-"...), uint64(kind), 10)
			if len(data) > 0 {
				dst = append(dst, " 0x"...)
				for _, c := range data {
					dst = append(dst, hexDigits[c>>4], hexDigits[c&0xf])
				}
			}
		}
	}
	return dst
}
