package socket

import (
	"math"
	"runtime"
	"strconv"
	"unsafe"

	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// The options of a socket's classic BPF filter (socket(7)).
var (
	soAttachFilter = sockopt{SOL_SOCKET, SO_ATTACH_FILTER, "SO_ATTACH_FILTER"}
	soDetachFilter = sockopt{SOL_SOCKET, SO_DETACH_FILTER, "SO_DETACH_FILTER"}
	soLockFilter   = sockopt{SOL_SOCKET, SO_LOCK_FILTER, "SO_LOCK_FILTER"}
)

// AttachFilter attaches the classic BPF program prog to the socket with
// SO_ATTACH_FILTER (SOL_SOCKET) and setsockopt(2), socket(7), replacing
// any filter before it. The kernel runs it on every packet before it is
// queued, and keeps only those it accepts, cut to the length it returns (0
// drops the packet). On a UDP or TCP socket the program sees the packet
// from its transport header on (offset 0 is the source port); on a raw or
// packet socket, from the network or link header. Packets queued before the
// call stay queued.
//
// Assemble prog with golang.org/x/net/bpf's Assemble; it is what x/net's
// ipv4.PacketConn.SetBPF and socket2's attach_filter take. Python has no
// method: it takes SO_ATTACH_FILTER's struct sock_fprog, packed by hand,
// in setsockopt. An empty prog, or one of more than 65535 instructions, is
// refused with an *ArgError wrapping EINVAL; the kernel's checker refuses
// a bad program with EINVAL (more than 4096 instructions, a jump out of
// it, no final return) and a locked filter with EPERM (SetLockFilter).
//
// Linux only.
func (s *Socket) AttachFilter(prog []bpf.RawInstruction) error {
	if len(prog) == 0 || len(prog) > math.MaxUint16 {
		return s.opError("setsockopt", nil, argError("prog", strconv.Itoa(len(prog))+
			" instructions: a filter has 1 to 65535", unix.EINVAL))
	}
	// bpf.RawInstruction is laid out as struct sock_filter (x/net's
	// SetBPF relies on it too); the kernel copies the program during the
	// call, so prog need live only as long as it.
	f := unix.SockFprog{Len: uint16(len(prog)), Filter: (*unix.SockFilter)(unsafe.Pointer(&prog[0]))}
	err := setStruct(s, soAttachFilter, &f)
	runtime.KeepAlive(prog)
	return err
}

// DetachFilter removes the socket's classic BPF filter with
// SO_DETACH_FILTER (SOL_SOCKET) and setsockopt(2), socket(7). It fails
// with ENOENT when there is none, and EPERM when the filter is locked
// (SetLockFilter). Python has no method: it passes SO_DETACH_FILTER to
// setsockopt.
//
// Linux only.
func (s *Socket) DetachFilter() error { return s.setsockopt(soDetachFilter, nil, 0) }

// SetLockFilter sets SO_LOCK_FILTER (SOL_SOCKET) with setsockopt(2),
// socket(7): with it on, the socket's filter can no longer be replaced or
// removed (EPERM), nor the lock turned off, for the life of the socket; a
// privileged program attaches a filter, locks it, and hands the socket to
// a less trusted one.
//
// Linux only.
func (s *Socket) SetLockFilter(on bool) error { return s.setBool(soLockFilter, on) }

// LockFilter reports SO_LOCK_FILTER (SOL_SOCKET) with getsockopt(2),
// socket(7).
//
// Linux only.
func (s *Socket) LockFilter() (bool, error) { return s.getBool(soLockFilter) }
