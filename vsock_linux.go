package socket

import (
	"github.com/bsdsock/socket/internal/sockaddr"
	"golang.org/x/sys/unix"
)

// Well-known context IDs and ports of AF_VSOCK addresses, the cid and port
// of VsockAddr. A context ID names a machine: VMADDR_CID_HOST the
// hypervisor's host, VMADDR_CID_LOCAL this machine over the loopback
// transport (vsock_loopback), VMADDR_CID_ANY any of this machine's IDs (to
// bind). VMADDR_PORT_ANY asks bind(2) for a free port. From
// linux/vm_sockets.h; Python 3.11 has all but VMADDR_CID_LOCAL. Linux only.
const (
	VMADDR_CID_ANY   = unix.VMADDR_CID_ANY
	VMADDR_CID_HOST  = unix.VMADDR_CID_HOST
	VMADDR_CID_LOCAL = unix.VMADDR_CID_LOCAL
	VMADDR_PORT_ANY  = unix.VMADDR_PORT_ANY
)

// Options of level AF_VSOCK (vsock sockets use their family as the level),
// the sizes of a stream socket's buffer in bytes, as 64-bit values
// (GetsockoptBytes with 8 bytes); VM_SOCKETS_INVALID_VERSION is what the
// version ioctl answers when it has none, and
// IOCTL_VM_SOCKETS_GET_LOCAL_CID the ioctl(2) request on /dev/vsock that
// reads this machine's context ID. From linux/vm_sockets.h. Linux only.
const (
	SO_VM_SOCKETS_BUFFER_SIZE      = unix.SO_VM_SOCKETS_BUFFER_SIZE
	SO_VM_SOCKETS_BUFFER_MIN_SIZE  = unix.SO_VM_SOCKETS_BUFFER_MIN_SIZE
	SO_VM_SOCKETS_BUFFER_MAX_SIZE  = unix.SO_VM_SOCKETS_BUFFER_MAX_SIZE
	VM_SOCKETS_INVALID_VERSION     = unix.VM_SOCKETS_INVALID_VERSION
	IOCTL_VM_SOCKETS_GET_LOCAL_CID = unix.IOCTL_VM_SOCKETS_GET_LOCAL_CID
)

// VsockAddr returns the AF_VSOCK address (struct sockaddr_vm) of port on
// the machine with context ID cid, Python's (cid, port) tuple: a virtual
// machine and its host talk over it without a network. It makes no system
// call and does not allocate. Linux only.
func VsockAddr(cid, port uint32) Addr {
	var a Addr
	a.len = sockaddr.PutVsock(&a.raw, cid, port)
	return a
}

// Vsock returns the context ID and port of an AF_VSOCK address (struct
// sockaddr_vm), Python's (cid, port) tuple; ok is false for another family
// or an address too short to be a sockaddr_vm. It makes no system call and
// does not allocate. Linux only.
func (a Addr) Vsock() (cid, port uint32, ok bool) {
	if a.Family() != AF_VSOCK {
		return 0, 0, false
	}
	return sockaddr.Vsock(&a.raw, a.len)
}

// connectOutcomeInSOError reports whether a connect(2) of family that had
// to wait learns how it ended from SO_ERROR: AF_VSOCK's connect(2), asked
// again after its connect timeout (ETIMEDOUT in SO_ERROR), starts a new
// attempt instead of reporting it. Other families report it to the
// repeated connect(2), which also leaves the socket as a blocking
// connect(2) would (internal/sockfd's op.connect).
func connectOutcomeInSOError(f Family) bool { return f == AF_VSOCK }
