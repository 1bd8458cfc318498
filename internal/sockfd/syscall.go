package sockfd

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// rawMax is the largest transfer issued with RawSyscall6. The descriptor is
// non-blocking, so a data call never sleeps in the kernel, and skipping the
// scheduler hand-off of Syscall6 measured 5-10% faster on small messages
// (DESIGN §8). A long copy under RawSyscall6 would hold its P, so larger
// transfers take the ordinary path.
const rawMax = 16 << 10

// dataSyscall issues a send or receive system call that moves n bytes.
func dataSyscall(trap uintptr, n int, a1, a2, a3, a4, a5, a6 uintptr) (uintptr, unix.Errno) {
	var (
		r uintptr
		e unix.Errno
	)
	if n <= rawMax {
		r, _, e = unix.RawSyscall6(trap, a1, a2, a3, a4, a5, a6)
	} else {
		r, _, e = unix.Syscall6(trap, a1, a2, a3, a4, a5, a6)
	}
	return r, e
}

// bufPtr returns the address of b's first byte, or 0 for an empty slice
// (the kernel accepts a null buffer of length 0).
func bufPtr(b []byte) uintptr {
	if len(b) == 0 {
		return 0
	}
	return uintptr(unsafe.Pointer(&b[0]))
}

// Msg is the argument state of recvmsg(2) and sendmsg(2): the caller's
// data and control buffers, and the msghdr and iovecs built from them. The
// iovecs are reused: they grow only when a call has more buffers than any
// before it on the same op.
type Msg struct {
	bufs [][]byte
	one  [1][]byte // lets a single buffer stand as bufs without allocating
	OOB  []byte    // the control (ancillary) data buffer
	iov  []unix.Iovec
	hdr  unix.Msghdr
}

// SetBuffers makes the data buffers bufs, or p alone when bufs is nil.
func (m *Msg) SetBuffers(bufs [][]byte, p []byte) {
	m.bufs = bufs
	if bufs == nil {
		m.one[0] = p
		m.bufs = m.one[:]
	}
}

// Reset drops the references to the caller's buffers, so that they can be
// collected while the op waits for its next call: the iovecs and the msghdr
// point into them too.
func (m *Msg) Reset() {
	m.one[0], m.bufs, m.OOB = nil, nil, nil
	clear(m.iov)
	m.hdr = unix.Msghdr{}
}

// build fills the msghdr for a call, with name as msg_name (nil for none),
// and returns the total length of the data buffers.
func (m *Msg) build(name *unix.RawSockaddrAny, namelen uint32) int {
	m.iov = m.iov[:0]
	total := 0
	for _, b := range m.bufs {
		v := unix.Iovec{}
		if len(b) > 0 {
			v.Base = &b[0]
			v.SetLen(len(b))
		}
		m.iov = append(m.iov, v)
		total += len(b)
	}
	m.hdr = unix.Msghdr{}
	if name != nil {
		m.hdr.Name = (*byte)(unsafe.Pointer(name))
		m.hdr.Namelen = namelen
	}
	if len(m.iov) > 0 {
		m.hdr.Iov = &m.iov[0]
		m.hdr.SetIovlen(len(m.iov))
	}
	if len(m.OOB) > 0 {
		m.hdr.Control = &m.OOB[0]
		m.hdr.SetControllen(len(m.OOB))
	}
	return total
}
