// FreeBSD has sendmmsg(2) and recvmmsg(2) in libc only, as a loop of
// sendmsg(2) or recvmsg(2) (lib/libc/gen/sendmmsg.c, recvmmsg.c). OpenBSD
// has them as system calls, but a program may enter its kernel only
// through libc (sys_libc.go), and x/sys/unix wraps neither, so a call
// would need a trampoline in assembly per architecture. Both make here the
// loop FreeBSD's libc makes, with the single-message calls this package
// already makes on each: the batch saves no kernel entries there, but a
// program written for Linux's batches runs unchanged.

//go:build freebsd || openbsd

package sockfd

import (
	"math"

	"golang.org/x/sys/unix"
)

// SysMmsg sends (send) or receives the messages of hdrs, not empty, one
// sendmsg(2) or recvmsg(2) each, stopping at the first that fails: the
// messages before it are the result, and an error on the first message is
// the call's, as in FreeBSD's libc. The flags carry MSG_DONTWAIT, so a
// full buffer or an empty queue ends the loop with EAGAIN. raw chooses
// RawSyscall (sys_trap.go; libc calls have no such choice).
func SysMmsg(send bool, s uintptr, hdrs []Mmsghdr, flags int, raw bool) (int, unix.Errno) {
	call, size := sysRecvmsg, 0
	if send {
		call = sysSendmsg
	}
	if !raw {
		size = math.MaxInt32 // past any rawMax: the ordinary path
	}
	for i := range hdrs {
		r, e := call(s, &hdrs[i].Hdr, flags, size)
		if e != 0 {
			if i == 0 {
				return 0, e
			}
			return i, 0
		}
		hdrs[i].Len = mmsgLen(r)
	}
	return len(hdrs), 0
}
