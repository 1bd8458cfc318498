package raw

import (
	"github.com/bsdsock/socket"
	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// snapLen is what an accepting filter returns: keep up to this many bytes
// of the frame (tcpdump's default snapshot length).
const snapLen = 262144

// AttachFilter assembles prog with x/net/bpf and attaches it to the socket
// with setsockopt(2) SO_ATTACH_FILTER, socket(7), replacing any filter
// before it: socket.Socket's AttachFilter, which takes the assembled
// program, with the assembly done here. The kernel runs it on each frame
// and queues only those it accepts, cut to the length it returns. Frames
// queued before the call stay queued: give the filter to ListenPacket to
// have it in place before the first frame. The embedded Socket's
// DetachFilter and SetLockFilter remove and lock it.
//
// Errors: an *socket.ArgError wrapping EINVAL for a program that does not
// assemble or is empty; setsockopt's (EINVAL for one the kernel's checker
// refuses).
//
// Linux only.
func (c *PacketConn) AttachFilter(prog []bpf.Instruction) error {
	ins, err := bpf.Assemble(prog)
	if err == nil && len(ins) == 0 {
		err = errEmptyFilter
	}
	if err != nil {
		return sockArgError(c.Socket, "attachfilter", "prog", err.Error(), unix.EINVAL)
	}
	return c.Socket.AttachFilter(ins)
}

type filterError string

func (e filterError) Error() string { return string(e) }

const errEmptyFilter = filterError("an empty program accepts nothing")

// PortFilter returns a classic BPF program that accepts the IPv4 and IPv6
// packets of proto (IPPROTO_TCP or IPPROTO_UDP) whose source or
// destination port is port, and drops everything else: tcpdump's
// "tcp port 80". link says where the IP header starts (after 14 bytes of
// Ethernet header, or at once for SOCK_DGRAM). IPv4 fragments after the
// first carry no ports and are dropped; IPv6 packets with extension
// headers before the transport header are too.
//
// Linux only.
func PortFilter(link LinkType, proto socket.Protocol, port uint16) []bpf.Instruction {
	l := uint32(0)
	if link == LinkEthernet {
		l = 14
	}
	p, pt := uint32(proto), uint32(port)
	// Jumps count instructions forward: the indexes are in the comments.
	return []bpf.Instruction{
		/* 0 */ bpf.LoadExtension{Num: bpf.ExtProto}, // the EtherType, whatever the link header
		/* 1 */ bpf.JumpIf{Cond: bpf.JumpEqual, Val: etherTypeIPv4, SkipFalse: 10}, // else 12: IPv6?
		/* 2 */ bpf.LoadAbsolute{Off: l + 9, Size: 1}, // IPv4 protocol
		/* 3 */ bpf.JumpIf{Cond: bpf.JumpNotEqual, Val: p, SkipTrue: 15},
		/* 4 */ bpf.LoadAbsolute{Off: l + 6, Size: 2}, // flags and fragment offset
		/* 5 */ bpf.JumpIf{Cond: bpf.JumpBitsSet, Val: 0x1fff, SkipTrue: 13},
		/* 6 */ bpf.LoadMemShift{Off: l}, // X = IPv4 header length
		/* 7 */ bpf.LoadIndirect{Off: l, Size: 2}, // source port
		/* 8 */ bpf.JumpIf{Cond: bpf.JumpEqual, Val: pt, SkipTrue: 11},
		/* 9 */ bpf.LoadIndirect{Off: l + 2, Size: 2}, // destination port
		/* 10 */ bpf.JumpIf{Cond: bpf.JumpEqual, Val: pt, SkipTrue: 9},
		/* 11 */ bpf.RetConstant{Val: 0},
		/* 12 */ bpf.JumpIf{Cond: bpf.JumpNotEqual, Val: etherTypeIPv6, SkipTrue: 6},
		/* 13 */ bpf.LoadAbsolute{Off: l + 6, Size: 1}, // IPv6 next header
		/* 14 */ bpf.JumpIf{Cond: bpf.JumpNotEqual, Val: p, SkipTrue: 4},
		/* 15 */ bpf.LoadAbsolute{Off: l + 40, Size: 2},
		/* 16 */ bpf.JumpIf{Cond: bpf.JumpEqual, Val: pt, SkipTrue: 3},
		/* 17 */ bpf.LoadAbsolute{Off: l + 42, Size: 2},
		/* 18 */ bpf.JumpIf{Cond: bpf.JumpEqual, Val: pt, SkipTrue: 1},
		/* 19 */ bpf.RetConstant{Val: 0},
		/* 20 */ bpf.RetConstant{Val: snapLen},
	}
}
