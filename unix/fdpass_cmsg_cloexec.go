// This file makes received descriptors close-on-exec where recvmsg(2) takes
// MSG_CMSG_CLOEXEC, as Go's src/net/unixsock_readmsg_cmsg_cloexec.go
// does (and the root package's recvfds_cmsg_cloexec.go).

//go:build dragonfly || linux || netbsd || openbsd

package unix

import (
	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// cmsgCloexec is added to RecvFDs' flags: the kernel makes every received
// descriptor close-on-exec as it installs it.
const cmsgCloexec = socket.MsgFlag(unix.MSG_CMSG_CLOEXEC)

// closeOnExec has nothing left to do; it inlines away.
func closeOnExec([]int) {}
