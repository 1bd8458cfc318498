package sockfd

import "golang.org/x/sys/unix"

// callKind selects the system call an op makes.
type callKind uint8

const (
	recvfromCall callKind = iota // recvfrom(2); recv(2) without wantAddr
	recvmsgCall                  // recvmsg(2) into msg
	acceptCall                   // accept4(2) with SOCK_NONBLOCK|SOCK_CLOEXEC, or its emulation
	readableCall                 // poll(2): wait until a receive would not block
	sendtoCall                   // sendto(2); send(2) when addrLen is 0
	sendmsgCall                  // sendmsg(2) from msg
	connectCall                  // connect(2), repeated until it completes
	sendfileCall                 // sendfile(2) from file until its end
	writableCall                 // poll(2): wait until a send would not block
	rawCall                      // the caller's function, either direction
)

// The flags every data call adds. MSG_DONTWAIT keeps the call from
// blocking in the kernel whatever the open file description's O_NONBLOCK
// says: any holder of a duplicate (a child process, a descriptor passed
// with SCM_RIGHTS, net.FileConn) may clear it, and a data call made with
// RawSyscall would then hold its P, and stop the world's next GC, until
// data came (docs/design.md, "Never block in the kernel"). MSG_NOSIGNAL
// (noSignal) makes a send to a closed peer fail with EPIPE, never SIGPIPE.
const (
	recvFlags = unix.MSG_DONTWAIT
	sendFlags = unix.MSG_DONTWAIT | noSignal
)

// sendfileArgs are a sendfile call's: the file to send from, where
// (advanced as bytes go out: the call's progress), and the offset to stop
// at (0: the end of the file).
type sendfileArgs struct {
	inFD        int
	offset, end int64
}

// call is the RawConn callback: one attempt, retried on EINTR (PEP 475),
// repeated for a whole call until its buffers are done, and on EAGAIN
// spun, failed (non-blocking mode) or parked (wouldBlock).
func (o *op) call(s uintptr) bool {
	o.resumed()
	switch o.kind {
	case connectCall:
		return o.connect(s)
	case sendfileCall:
		return o.sendfile(s)
	}
	for {
		r, e := o.syscall(s)
		switch e {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			o.setErrno(e)
			if o.spin() {
				continue
			}
			return o.wouldBlock()
		case 0:
			o.errno = 0
			if o.whole {
				o.n += int(r)
				if r > 0 && o.n < o.wanted() {
					continue
				}
				return true
			}
			o.n = int(r)
			return true
		}
		// The kernel's -1 is not a count: n stays what moved before.
		o.setErrno(e)
		return true
	}
}

// wanted is how many bytes a whole call moves in all.
func (o *op) wanted() int {
	if o.kind == recvmsgCall || o.kind == sendmsgCall {
		return o.msg.total()
	}
	return len(o.buf)
}

// syscall makes the op's system call once.
func (o *op) syscall(s uintptr) (uintptr, unix.Errno) {
	switch o.kind {
	case recvfromCall:
		if !o.wantAddr {
			return sysRecvfrom(s, o.buf[o.n:], int(o.flags)|recvFlags, nil, nil)
		}
		// A failed call leaves its length in l, not in addrLen: a whole
		// receive returns the address of the call that got its data.
		l := uint32(unix.SizeofSockaddrAny)
		r, e := sysRecvfrom(s, o.buf[o.n:], int(o.flags)|recvFlags, o.addr, &l)
		if e == 0 {
			o.addrLen = l
		}
		return r, e
	case recvmsgCall:
		if o.n > 0 {
			o.oob = nil // control data comes with the first part only
		}
		total := o.build(o.n, o.addr, unix.SizeofSockaddrAny)
		r, e := sysRecvmsg(s, &o.hdr, int(o.flags)|recvFlags, total)
		if e == 0 {
			o.addrLen = o.hdr.Namelen
			if o.oob != nil {
				o.oobn = int32(o.hdr.Controllen)
			}
			o.rflags |= int32(o.hdr.Flags)
		}
		return r, e
	case acceptCall:
		// accept(2) takes no MSG_DONTWAIT.
		if e := EnsureNonblock(s); e != 0 {
			return 0, e
		}
		if !o.wantAddr {
			// AF_ALG's accept has no peer and fails with
			// ECONNABORTED when asked for one, as Python's
			// sock_accept_impl notes.
			return accept(s, nil, nil)
		}
		o.addrLen = unix.SizeofSockaddrAny
		return accept(s, o.addr, &o.addrLen) // accept4.go, accept_netbsd.go, accept_cloexec.go
	case sendtoCall:
		if o.addrLen == 0 {
			return sysSendto(s, o.buf[o.n:], int(o.flags)|sendFlags, nil, 0)
		}
		return sysSendto(s, o.buf[o.n:], int(o.flags)|sendFlags, o.addr, o.addrLen)
	case sendmsgCall:
		var to *unix.RawSockaddrAny
		if o.addrLen > 0 {
			to = o.addr
		}
		if o.n > 0 {
			o.oob = nil // control data goes with the first part only
		}
		total := o.build(o.n, to, o.addrLen)
		return sysSendmsg(s, &o.hdr, int(o.flags)|sendFlags, total)
	case readableCall:
		return pollNow(s, unix.POLLIN)
	case writableCall:
		return pollNow(s, unix.POLLOUT)
	}
	return 0, o.raw(s)
}

// pollNow asks poll(2), without waiting, whether the descriptor is ready for
// events, and answers as a non-blocking call would: 0 when it is (an error
// or hang-up counts, as select(2) counts them), EAGAIN when not.
func pollNow(s uintptr, events int16) (uintptr, unix.Errno) {
	fds := [1]unix.PollFd{{Fd: int32(s), Events: events}}
	n, err := unix.Poll(fds[:], 0)
	switch e, _ := err.(unix.Errno); {
	case err != nil && e != 0:
		return 0, e
	case err != nil:
		return 0, unix.EINVAL
	case n == 0:
		return 0, unix.EAGAIN
	}
	return 0, 0
}

// connect issues connect(2) and, while the connection is in progress,
// issues it again at every wake-up. On Linux the repeated call answers
// EALREADY until the attempt ends, then reports its outcome (0 or EISCONN
// for success, the error otherwise) and leaves the socket as a blocking
// connect(2) would: reading SO_ERROR instead, as net does for portability,
// leaves a refused socket half-failed, so that the next connect(2) gives
// ECONNABORTED where C and Python see ECONNREFUSED again. A spurious wake-up
// just answers EALREADY. connect(2) takes no MSG_DONTWAIT: the descriptor
// is made non-blocking again before each call.
func (o *op) connect(s uintptr) bool {
	if o.started && o.soError {
		// Resumed after a wait, on a family whose connect(2) would
		// start a new attempt rather than report the failed one
		// (AF_VSOCK after its connect timeout: a blocking Connect
		// would wait for ever). A 0 goes on to connect(2), whose
		// EISCONN or EALREADY says connected or still waiting.
		if e, err := unix.GetsockoptInt(int(s), unix.SOL_SOCKET, unix.SO_ERROR); err == nil && e != 0 {
			o.setErrno(unix.Errno(e))
			return true
		}
	}
	for {
		e := EnsureNonblock(s)
		if e == 0 {
			e = sysConnect(s, o.addr, o.addrLen)
		}
		switch {
		case e == unix.EINTR && !o.started:
			// An interrupted connect goes on in the background.
			e = unix.EINPROGRESS
		case e == unix.EINTR:
			continue
		case e == unix.EISCONN && o.started:
			e = 0 // the attempt we waited for succeeded
		}
		o.setErrno(e)
		if e == unix.EINPROGRESS && !o.started && o.timeout != 0 {
			// Asked once more before waiting: on loopback the
			// handshake has completed by the time connect(2)
			// returns, and the second call's EISCONN spares the
			// registration and the park (docs/design.md, "Why, in
			// numbers").
			o.started = true
			continue
		}
		if e == unix.EINPROGRESS || e == unix.EALREADY {
			// In progress (EALREADY: from an earlier call): wait,
			// as a blocking connect(2) does, unless non-blocking.
			o.started = true
			return o.wouldBlock()
		}
		return true
	}
}
