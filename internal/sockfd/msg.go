package sockfd

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// msg is the argument state of recvmsg(2) and sendmsg(2): the caller's
// data and control buffers, and the msghdr and iovecs built from them. The
// iovecs are reused: they grow only when a call has more buffers than any
// before it on the same op.
type msg struct {
	bufs [][]byte
	one  [1][]byte // lets a single buffer stand as bufs without allocating
	oob  []byte    // the control (ancillary) data buffer
	iov  []unix.Iovec
	hdr  unix.Msghdr
}

// set makes the data buffers bufs, or p alone when bufs is nil, and the
// control buffer oob.
func (m *msg) set(bufs [][]byte, p, oob []byte) {
	m.bufs, m.oob = bufs, oob
	if bufs == nil {
		m.one[0] = p
		m.bufs = m.one[:]
	}
}

// reset drops the references to the caller's buffers, so that they can be
// collected while the op waits for its next call: the iovecs and the msghdr
// point into them too.
func (m *msg) reset() {
	m.one[0], m.bufs, m.oob = nil, nil, nil
	clear(m.iov)
	m.hdr = unix.Msghdr{}
}

// build fills the msghdr for a call that skips the first done bytes of the
// data buffers (a call that goes on after a partial transfer), with name as
// msg_name (nil for none), and returns the length of the data still to
// move.
func (m *msg) build(done int, name *unix.RawSockaddrAny, namelen uint32) int {
	m.iov = m.iov[:0]
	total := 0
	for _, b := range m.bufs {
		if done > 0 {
			// Skip what moved, and the buffers it emptied or that
			// were empty among them.
			if done >= len(b) {
				done -= len(b)
				continue
			}
			b, done = b[done:], 0
		}
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
	if len(m.oob) > 0 {
		m.hdr.Control = &m.oob[0]
		m.hdr.SetControllen(len(m.oob))
	}
	return total
}

// total is the length of all the data buffers.
func (m *msg) total() int {
	n := 0
	for _, b := range m.bufs {
		n += len(b)
	}
	return n
}
