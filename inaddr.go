package socket

// Well-known IPv4 addresses as 32-bit numbers in host byte order, as C's
// <netinet/in.h> and Python's socket module have them (Python passes
// addresses as text, so they are rarely needed): INADDR_ANY (0.0.0.0),
// INADDR_BROADCAST and INADDR_NONE (255.255.255.255, also inet_addr's
// error), INADDR_LOOPBACK (127.0.0.1), INADDR_UNSPEC_GROUP (224.0.0.0),
// INADDR_ALLHOSTS_GROUP (224.0.0.1), INADDR_MAX_LOCAL_GROUP
// (224.0.0.255). From <netinet/in.h>; x/sys/unix lacks them.
const (
	INADDR_ANY             = 0
	INADDR_BROADCAST       = 0xffffffff
	INADDR_NONE            = 0xffffffff
	INADDR_LOOPBACK        = 0x7f000001
	INADDR_UNSPEC_GROUP    = 0xe0000000
	INADDR_ALLHOSTS_GROUP  = 0xe0000001
	INADDR_MAX_LOCAL_GROUP = 0xe00000ff
)

// IPPORT_RESERVED is the first port an unprivileged process may bind
// (ports below it need root or CAP_NET_BIND_SERVICE), and
// IPPORT_USERRESERVED the historical start of ports for servers of
// ordinary users. From <netinet/in.h>; x/sys/unix lacks them.
const (
	IPPORT_RESERVED     = 0x400
	IPPORT_USERRESERVED = 0x1388
)
