package raw

import (
	"strconv"

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
// packets of proto (IPPROTO_TCP, IPPROTO_UDP, or 0 for TCP, UDP and SCTP)
// whose source or destination port is port, and drops everything else:
// tcpdump's "tcp port 80", or with proto 0 its "port 80". link says where
// the IP header starts (after 14 bytes of Ethernet header, or at once for
// SOCK_DGRAM). IPv4 fragments after the first carry no ports and are
// dropped; IPv6 packets with extension headers before the transport
// header are too (as tcpdump's filter drops them).
//
// Linux only.
func PortFilter(link LinkType, proto socket.Protocol, port uint16) []bpf.Instruction {
	l := uint32(0)
	if link == LinkEthernet {
		l = 14
	}
	protos := []uint32{uint32(proto)}
	if proto == 0 {
		protos = []uint32{unix.IPPROTO_TCP, unix.IPPROTO_UDP, unix.IPPROTO_SCTP}
	}
	pt := uint32(port)
	var f filterAsm
	f.add(bpf.LoadExtension{Num: bpf.ExtProto}) // the EtherType, whatever the link header
	f.jump(bpf.JumpEqual, etherTypeIPv4, "", "ipv6")
	f.add(bpf.LoadAbsolute{Off: l + 9, Size: 1}) // IPv4 protocol
	f.anyOf(protos, "drop")
	f.add(bpf.LoadAbsolute{Off: l + 6, Size: 2}) // flags and fragment offset
	f.jump(bpf.JumpBitsSet, 0x1fff, "drop", "")
	f.add(bpf.LoadMemShift{Off: l})          // X = IPv4 header length
	f.add(bpf.LoadIndirect{Off: l, Size: 2}) // source port
	f.jump(bpf.JumpEqual, pt, "keep", "")
	f.add(bpf.LoadIndirect{Off: l + 2, Size: 2}) // destination port
	f.jump(bpf.JumpEqual, pt, "keep", "")
	f.add(bpf.RetConstant{Val: 0})
	f.label("ipv6")
	f.jump(bpf.JumpNotEqual, etherTypeIPv6, "drop", "")
	f.add(bpf.LoadAbsolute{Off: l + 6, Size: 1}) // IPv6 next header
	f.anyOf(protos, "drop")
	f.add(bpf.LoadAbsolute{Off: l + 40, Size: 2})
	f.jump(bpf.JumpEqual, pt, "keep", "")
	f.add(bpf.LoadAbsolute{Off: l + 42, Size: 2})
	f.jump(bpf.JumpEqual, pt, "keep", "")
	f.label("drop")
	f.add(bpf.RetConstant{Val: 0})
	f.label("keep")
	f.add(bpf.RetConstant{Val: snapLen})
	return f.done()
}

// filterAsm builds a classic BPF program whose conditional jumps name
// labels rather than count instructions, so that a program with a
// varying number of tests cannot jump to the wrong place.
type filterAsm struct {
	prog   []bpf.Instruction
	labels map[string]int
	jumps  []filterJump
}

// filterJump is a conditional jump waiting for its labels ("" is the
// next instruction).
type filterJump struct {
	at          int
	ifTrue, els string
}

func (f *filterAsm) add(i bpf.Instruction) { f.prog = append(f.prog, i) }

func (f *filterAsm) label(name string) {
	if f.labels == nil {
		f.labels = map[string]int{}
	}
	f.labels[name] = len(f.prog)
}

// jump adds a test of A against val that goes to ifTrue or els.
func (f *filterAsm) jump(cond bpf.JumpTest, val uint32, ifTrue, els string) {
	f.jumps = append(f.jumps, filterJump{len(f.prog), ifTrue, els})
	f.add(bpf.JumpIf{Cond: cond, Val: val})
}

// anyOf goes on when A is one of vals, and to otherwise when not.
func (f *filterAsm) anyOf(vals []uint32, otherwise string) {
	next := "any" + strconv.Itoa(len(f.prog))
	for _, v := range vals[:len(vals)-1] {
		f.jump(bpf.JumpEqual, v, next, "")
	}
	f.jump(bpf.JumpNotEqual, vals[len(vals)-1], otherwise, "")
	f.label(next)
}

// done resolves the jumps and returns the program.
func (f *filterAsm) done() []bpf.Instruction {
	skip := func(from int, to string) uint8 {
		if to == "" {
			return 0
		}
		return uint8(f.labels[to] - from - 1)
	}
	for _, j := range f.jumps {
		ji := f.prog[j.at].(bpf.JumpIf)
		ji.SkipTrue, ji.SkipFalse = skip(j.at, j.ifTrue), skip(j.at, j.els)
		f.prog[j.at] = ji
	}
	return f.prog
}
