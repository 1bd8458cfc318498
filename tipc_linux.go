package socket

import (
	"encoding/binary"

	"github.com/bsdsock/socket/internal/sockaddr"
	"golang.org/x/sys/unix"
)

// SOL_TIPC is the option level of AF_TIPC sockets (Transparent
// Inter-Process Communication, a cluster's messaging protocol). Linux only.
const SOL_TIPC = unix.SOL_TIPC

// Kinds of AF_TIPC address, the addrtype of struct sockaddr_tipc:
// TIPC_ADDR_ID is one socket (node and port reference), TIPC_ADDR_NAME a
// service (type and instance), TIPC_ADDR_NAMESEQ a range of instances of a
// service (type, lower, upper). From linux/tipc.h. Linux only.
const (
	TIPC_ADDR_NAMESEQ = unix.TIPC_ADDR_NAMESEQ
	TIPC_ADDR_NAME    = unix.TIPC_ADDR_NAME
	TIPC_ADDR_ID      = unix.TIPC_ADDR_ID
)

// Scopes of a TIPC service binding, the scope of struct sockaddr_tipc: how
// far the binding is seen (zone, cluster, this node). From linux/tipc.h.
// Linux only.
const (
	TIPC_ZONE_SCOPE    = unix.TIPC_ZONE_SCOPE
	TIPC_CLUSTER_SCOPE = unix.TIPC_CLUSTER_SCOPE
	TIPC_NODE_SCOPE    = unix.TIPC_NODE_SCOPE
)

// Options of level SOL_TIPC: TIPC_IMPORTANCE (whose values are the
// TIPC_*_IMPORTANCE levels) decides which messages go first under
// congestion, TIPC_SRC_DROPPABLE and TIPC_DEST_DROPPABLE whether a message
// that cannot be delivered is dropped or returned, TIPC_CONN_TIMEOUT how
// long a connect waits (ms). From linux/tipc.h. Linux only.
const (
	TIPC_IMPORTANCE          = unix.TIPC_IMPORTANCE
	TIPC_SRC_DROPPABLE       = unix.TIPC_SRC_DROPPABLE
	TIPC_DEST_DROPPABLE      = unix.TIPC_DEST_DROPPABLE
	TIPC_CONN_TIMEOUT        = unix.TIPC_CONN_TIMEOUT
	TIPC_LOW_IMPORTANCE      = unix.TIPC_LOW_IMPORTANCE
	TIPC_MEDIUM_IMPORTANCE   = unix.TIPC_MEDIUM_IMPORTANCE
	TIPC_HIGH_IMPORTANCE     = unix.TIPC_HIGH_IMPORTANCE
	TIPC_CRITICAL_IMPORTANCE = unix.TIPC_CRITICAL_IMPORTANCE
)

// The topology service, which reports services appearing and leaving:
// TIPC_TOP_SRV is its service type (TIPC_CFG_SRV the configuration
// service's); a subscription (struct tipc_subscr) asks for TIPC_SUB_PORTS
// or TIPC_SUB_SERVICE events, or TIPC_SUB_CANCEL, waiting up to its timeout
// or TIPC_WAIT_FOREVER; the events are TIPC_PUBLISHED, TIPC_WITHDRAWN and
// TIPC_SUBSCR_TIMEOUT. From linux/tipc.h. TIPC_WAIT_FOREVER is the kernel's
// __u32 timeout, 0xffffffff, which Python reads as the C int -1. Linux only.
const (
	TIPC_TOP_SRV        = unix.TIPC_TOP_SRV
	TIPC_CFG_SRV        = unix.TIPC_CFG_SRV
	TIPC_SUB_PORTS      = unix.TIPC_SUB_PORTS
	TIPC_SUB_SERVICE    = unix.TIPC_SUB_SERVICE
	TIPC_SUB_CANCEL     = unix.TIPC_SUB_CANCEL
	TIPC_WAIT_FOREVER   = unix.TIPC_WAIT_FOREVER
	TIPC_PUBLISHED      = unix.TIPC_PUBLISHED
	TIPC_WITHDRAWN      = unix.TIPC_WITHDRAWN
	TIPC_SUBSCR_TIMEOUT = unix.TIPC_SUBSCR_TIMEOUT
)

// TIPCAddr returns the AF_TIPC address (struct sockaddr_tipc) Python
// spells (addr_type, v1, v2, v3, scope): for TIPC_ADDR_NAMESEQ, v1, v2 and
// v3 are the service type and the lower and upper instance; for
// TIPC_ADDR_NAME the type, the instance and the lookup domain; for
// TIPC_ADDR_ID the node and the port reference (v3 unused). scope is
// TIPC_ZONE_SCOPE, TIPC_CLUSTER_SCOPE or TIPC_NODE_SCOPE. It makes no
// system call and does not allocate. Linux only.
func TIPCAddr(addrType uint8, v1, v2, v3 uint32, scope int8) Addr {
	var u [12]byte
	if addrType == TIPC_ADDR_ID {
		// struct tipc_portid is ref, then node; Python's v1 is the node.
		v1, v2 = v2, v1
	}
	binary.NativeEndian.PutUint32(u[0:], v1)
	binary.NativeEndian.PutUint32(u[4:], v2)
	binary.NativeEndian.PutUint32(u[8:], v3)
	var a Addr
	a.len = sockaddr.PutTIPC(&a.raw, addrType, scope, u)
	return a
}

// TIPC returns the fields of an AF_TIPC address (struct sockaddr_tipc) in
// the order of Python's (addr_type, v1, v2, v3, scope) tuple, as TIPCAddr
// takes them (for TIPC_ADDR_NAME, v3 is the domain, which Python's
// getsockname leaves 0); ok is false for another family or an address too
// short to be a sockaddr_tipc. It makes no system call and does not
// allocate. Linux only.
func (a Addr) TIPC() (addrType uint8, v1, v2, v3 uint32, scope int8, ok bool) {
	if a.Family() != AF_TIPC {
		return 0, 0, 0, 0, 0, false
	}
	addrType, scope, u, ok := sockaddr.TIPC(&a.raw, a.len)
	v1, v2, v3 = binary.NativeEndian.Uint32(u[0:]), binary.NativeEndian.Uint32(u[4:]), binary.NativeEndian.Uint32(u[8:])
	if addrType == TIPC_ADDR_ID {
		v1, v2 = v2, v1
	}
	return addrType, v1, v2, v3, scope, ok
}
