package socket

// The options of level SOL_TCP that this file's typed methods read and set,
// for AF_INET and AF_INET6 stream sockets.
var (
	tcpMaxSeg  = sockopt{SOL_TCP, TCP_MAXSEG, "TCP_MAXSEG"}
	tcpNoDelay = sockopt{SOL_TCP, TCP_NODELAY, "TCP_NODELAY"}
)

// SetNoDelay sets TCP_NODELAY (SOL_TCP) with setsockopt(2): with it on,
// small writes are sent at once instead of being held back by Nagle's
// algorithm until earlier data is acknowledged. Request/response protocols
// want it; Go's net package turns it on for every TCP connection, the
// kernel and Python leave it off.
func (s *Socket) SetNoDelay(on bool) error { return s.setBool(tcpNoDelay, on) }

// NoDelay reports TCP_NODELAY (SOL_TCP) with getsockopt(2).
func (s *Socket) NoDelay() (bool, error) { return s.getBool(tcpNoDelay) }

// SetMaxSeg sets TCP_MAXSEG (SOL_TCP), the largest segment the socket
// sends, in bytes, with setsockopt(2). Set it before Connect or Listen; the
// kernel accepts 88 to 32767 (EINVAL otherwise) and the peer's advertised
// MSS may lower it further.
func (s *Socket) SetMaxSeg(n int) error { return s.setInt(tcpMaxSeg, n) }

// MaxSeg returns TCP_MAXSEG (SOL_TCP) with getsockopt(2): the value set,
// while the socket is unconnected or listening (536 if none was), and the
// connection's current MSS once connected.
func (s *Socket) MaxSeg() (int, error) { return s.getInt(tcpMaxSeg) }
