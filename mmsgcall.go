//go:build linux || freebsd || netbsd || openbsd

package socket

import (
	"sync"
	"unsafe"

	"github.com/bsdsock/socket/internal/sockfd"
	"golang.org/x/sys/unix"
)

// batch is a socket's state for Sendmmsg and Recvmmsg, one call per
// direction, allocated the first time the socket sends or receives a batch
// (most sockets never do, and a Socket stays small).
type batch struct {
	send, recv mmsgCall
}

// batchState returns the socket's batch state, making it on first use.
func (s *Socket) batchState() *batch {
	if b := s.batch.Load(); b != nil {
		return b
	}
	b := &batch{}
	b.send.init(true)
	b.recv.init(false)
	if s.batch.CompareAndSwap(nil, b) {
		return b
	}
	return s.batch.Load() // another goroutine's first batch won
}

// mmsgCall is one sendmmsg(2) or recvmmsg(2) call: its arguments and
// results in fields, the mmsghdr and iovec vectors the kernel reads (grown
// only when a batch is larger than any before), and its callback a method
// value bound once, so that a call allocates nothing (docs/design.md, "The
// hot path allocates nothing"). mu is held for the whole call: the fields
// are written before RawRead or RawWrite take the direction's turn.
type mmsgCall struct {
	mu   sync.Mutex
	send bool
	run  func(sysfd uintptr) unix.Errno

	msgs  []Mmsg // the caller's vector, at most maxBatch long
	flags MsgFlag
	n     int // messages the kernel reported

	hdrs   []sockfd.Mmsghdr
	iov    []unix.Iovec
	bytes  int  // the buffers' total length, set by build
	toPath bool // a message goes to an AF_UNIX path, set by build
}

// A batch of at most rawBatchLen messages and rawBatchBytes bytes is
// issued with RawSyscall6, which keeps the P through the call: through
// Syscall6, the runtime's monitor takes the P back from a call that lasts
// one of its ticks and starts a thread for it, which costs a batch more
// than the call (docs/design.md, "Why, in numbers"). It never blocks: the flags carry
// MSG_DONTWAIT (docs/design.md, "Never block in the kernel"). Larger
// batches take Syscall6, so other goroutines never wait long behind one.
const (
	rawBatchLen   = 64
	rawBatchBytes = 64 << 10
)

func (c *mmsgCall) init(send bool) {
	c.send = send
	c.run = c.call
}

// acquire returns c locked for one call or, when another goroutine's batch
// in the same direction holds it (perhaps parked in the poller), a fresh
// call of its own: waiting on the mutex would ignore this call's timeout,
// context and Close, while the direction's turn, taken in RawRead and
// RawWrite, honours them. Only such contended calls allocate.
func (c *mmsgCall) acquire() *mmsgCall {
	if c.mu.TryLock() {
		return c
	}
	own := &mmsgCall{}
	own.init(c.send)
	own.mu.Lock()
	return own
}

// set takes the call's arguments.
func (c *mmsgCall) set(msgs []Mmsg, flags MsgFlag) {
	c.msgs, c.flags, c.n = msgs[:min(len(msgs), maxBatch)], flags, 0
}

// finish fills the results of the messages the kernel handled, drops the
// references to the caller's buffers (the headers point into them) so that
// they can be collected while the socket idles, and ends the call.
func (c *mmsgCall) finish(ok bool) int {
	n := 0
	if ok {
		n = c.n
		for i := range c.msgs[:n] {
			m, h := &c.msgs[i], &c.hdrs[i]
			m.N = int(h.Len)
			if c.send {
				continue
			}
			m.OOBN, m.Flags = 0, MsgFlag(h.Hdr.Flags)
			if len(m.OOB) > 0 {
				m.OOBN = int(h.Hdr.Controllen)
			}
			m.Addr.setReceived(h.Hdr.Namelen)
		}
	}
	// The headers build made for this call: none when the call failed
	// before its first attempt (closed, ctx done, deadline passed).
	clear(c.hdrs)
	clear(c.iov)
	c.msgs = nil
	c.mu.Unlock()
	return n
}

// call is the callback RawRead or RawWrite run: the headers are built
// afresh for every attempt (the kernel writes lengths and flags into them),
// and an errno goes back for the turn to act on (EINTR: again; EAGAIN:
// wait, or fail in non-blocking mode).
func (c *mmsgCall) call(sysfd uintptr) unix.Errno {
	c.build()
	raw := len(c.msgs) <= rawBatchLen && c.bytes <= rawBatchBytes && !c.toPath
	n, e := sockfd.SysMmsg(c.send, sysfd, c.hdrs, int(c.flags), raw)
	if e == 0 {
		c.n = n
	}
	return e
}

// build fills an mmsghdr per message. On receive the kernel writes each
// sender's address straight into the caller's Mmsg.Addr.
func (c *mmsgCall) build() {
	nbuf := 0
	for i := range c.msgs {
		nbuf += len(c.msgs[i].Buffers)
	}
	if cap(c.hdrs) < len(c.msgs) {
		c.hdrs = make([]sockfd.Mmsghdr, len(c.msgs))
	}
	if cap(c.iov) < nbuf {
		c.iov = make([]unix.Iovec, nbuf)
	}
	c.hdrs, c.iov = c.hdrs[:len(c.msgs)], c.iov[:nbuf]
	c.bytes, c.toPath = 0, false
	iov := c.iov
	for i := range c.msgs {
		m, h := &c.msgs[i], &c.hdrs[i]
		*h = sockfd.Mmsghdr{}
		if k := len(m.Buffers); k > 0 {
			v := iov[:k:k]
			iov = iov[k:]
			for j, b := range m.Buffers {
				v[j] = unix.Iovec{}
				if len(b) > 0 {
					v[j].Base = &b[0]
					v[j].SetLen(len(b))
					c.bytes += len(b)
				}
			}
			h.Hdr.Iov = &v[0]
			h.Hdr.SetIovlen(k)
		}
		if len(m.OOB) > 0 {
			h.Hdr.Control = &m.OOB[0]
			h.Hdr.SetControllen(len(m.OOB))
		}
		switch {
		case !c.send:
			h.Hdr.Name = (*byte)(unsafe.Pointer(&m.Addr.raw))
			h.Hdr.Namelen = unix.SizeofSockaddrAny
		case !m.Addr.IsZero():
			h.Hdr.Name = (*byte)(unsafe.Pointer(&m.Addr.raw))
			h.Hdr.Namelen = m.Addr.len
			// The kernel looks an AF_UNIX path up in the file
			// system, which may wait for the disk: not under
			// RawSyscall6, as for sendto.
			c.toPath = c.toPath || m.Addr.raw.Addr.Family == unix.AF_UNIX
		}
	}
}

// setReceived makes a the address the kernel wrote into a.raw, n bytes
// long: the bytes after them, left from before, are cleared so that equal
// addresses compare equal.
func (a *Addr) setReceived(n uint32) {
	a.setLen(n)
	raw := unsafe.Slice((*byte)(unsafe.Pointer(&a.raw)), unix.SizeofSockaddrAny)
	clear(raw[a.len:])
}
