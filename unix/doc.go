// Package unix is the AF_UNIX family done in full, on top of the root
// package's *socket.Socket: listeners and dialers for filesystem paths and
// abstract names, the peer's credentials, and descriptor passing that
// allocates nothing.
//
// Its name collides with golang.org/x/sys/unix, which programs using it
// usually import too; import it under another name:
//
//	import (
//		"github.com/bsdsock/socket"
//		sockunix "github.com/bsdsock/socket/unix"
//		"golang.org/x/sys/unix"
//	)
//
// # Listening and dialing
//
// Listen binds a socket to a path (or an abstract name written "@name", as
// Go's net does; Python writes a leading NUL) and, for SOCK_STREAM and
// SOCK_SEQPACKET, listens on it. It returns a *Listener, whose Accept takes
// the next connection and whose Close removes
// the socket file it created, unless SetUnlinkOnClose(false) says not to,
// as net.UnixListener does. A path that exists and is not a socket is never
// removed; a socket file left behind by a process that died is reported
// with an error that says how to remove it (RemoveStale). Dial connects a
// new socket to a path and returns the *socket.Socket.
//
// # Credentials
//
// PeerCred reads the peer's pid, uid and gid (SO_PEERCRED); PeerPidfd gives
// a pidfd for the peer process (SO_PEERPIDFD, Linux 6.5 and later), which
// names it without the race of a reused pid. SetPassCred asks the kernel to
// attach the sender's credentials to every message (SO_PASSCRED);
// AppendCredentials builds an SCM_CREDENTIALS message and ParseCredentials
// reads one. All but PeerCred are Linux only; on macOS and the BSDs
// PeerCred reads the equivalent option (LOCAL_PEERCRED, SO_PEERCRED or
// LOCAL_PEEREID, as getpeereid(3) does), and the abstract namespace (a path
// starting with NUL) does not exist.
//
// # Descriptor passing
//
// AppendRights and ParseRights build and read SCM_RIGHTS messages in the
// caller's buffers; SendRights and RecvRights send and receive descriptors
// with them, with no allocation once the caller's buffers are large
// enough. Received descriptors are close-on-exec. When the control buffer
// was too small (MSG_CTRUNC), RecvRights closes every descriptor that did
// arrive and says so in its error, rather than leave the caller with a
// partial set. The root package's SendFDs and RecvFDs are Python's
// send_fds and recv_fds, which allocate.
//
// # Records
//
// A SOCK_SEQPACKET socket keeps the boundaries of what was sent: each
// receive returns one record, and socket.Socket.Recvmsg reports a record
// longer than the buffer with MSG_TRUNC in Msg.Flags (the rest of it is
// discarded, as for a datagram).
package unix
