package raw

import "bytes"

// TCPRelative is what AppendText subtracts from a TCP segment's numbers
// so that they count from the start of the segment's connection, as
// tcpdump prints them unless given -S. The zero TCPRelative prints the
// numbers as sent; TCPSeqs.Relative sets it.
type TCPRelative struct {
	Seq  uint32 // subtracted from the sequence number
	Ack  uint32 // subtracted from the acknowledgment number
	SACK uint32 // subtracted from both edges of each SACK block
}

// The size of a TCPSeqs table: tcpSeqSets sets of tcpSeqWays
// connections each.
const (
	tcpSeqSets = 256
	tcpSeqWays = 4
)

// TCPSeqs remembers where the sequence numbers of each TCP connection
// start, in both directions, so that a capture prints them relative as
// tcpdump does by default. Its rules are tcpdump's: only a segment with
// ACK set is looked at; the first such segment of a connection (the
// SYN-ACK, when the capture saw the handshake), and any with SYN set,
// records the connection's starting numbers and prints its own numbers
// as sent; every later segment of the connection, in either direction,
// prints its sequence number, acknowledgment number and SACK blocks less
// those starting numbers. A connection is its two addresses and ports,
// whichever way the segment goes.
//
// The table is fixed: 1024 connections (256 sets of 4, 56 KB), so
// that no segment allocates and a long capture does not grow. When a
// connection's set is full, the connection used least recently in that
// set is forgotten; should it send again, it is recorded anew at its next
// segment with ACK, which prints its numbers as sent, as tcpdump prints
// the first segment of a connection whose start it did not see. tcpdump
// itself never forgets one.
//
// The zero TCPSeqs is empty and ready to use; it is not safe for
// concurrent use.
type TCPSeqs struct {
	sets  [tcpSeqSets][tcpSeqWays]tcpSeqSlot
	clock uint64
}

// tcpConn names a connection the same way in both directions: the
// endpoint tcpdump orders first (the lower port, or on equal ports the
// lower address) is a.
type tcpConn struct {
	a, b  [16]byte
	ports uint32 // a's port, then b's
	v6    bool
}

// tcpSeqSlot is one connection of the table: seq is where a's numbers
// start, ack where b's do (the first acknowledgment seen, less one).
type tcpSeqSlot struct {
	conn     tcpConn
	seq, ack uint32
	used     uint64 // the table's clock when last looked up; 0: empty
}

// Relative sets p.Rel from the table, recording p's connection first when
// p starts it (see TCPSeqs). Call it after Decode and before AppendText;
// it does nothing for a packet that is not TCP or has no ACK. It
// allocates nothing.
func (t *TCPSeqs) Relative(p *Packet) {
	if p.Layers&HasTCP == 0 || p.TCP.Flags&TCPAck == 0 {
		return
	}
	var src, dst [16]byte
	c := tcpConn{v6: p.Layers&HasIPv6 != 0}
	if c.v6 {
		src, dst = p.IPv6.Src.As16(), p.IPv6.Dst.As16()
	} else {
		src, dst = p.IPv4.Src.As16(), p.IPv4.Dst.As16()
	}
	sport, dport := p.TCP.SrcPort, p.TCP.DstPort
	rev := sport > dport || sport == dport && bytes.Compare(src[:], dst[:]) > 0
	if rev {
		c.a, c.b, c.ports = dst, src, uint32(dport)<<16|uint32(sport)
	} else {
		c.a, c.b, c.ports = src, dst, uint32(sport)<<16|uint32(dport)
	}
	s, found := t.lookup(&c)
	seq, ack := p.TCP.Seq, p.TCP.Ack
	p.Rel = TCPRelative{}
	switch {
	case !found || p.TCP.Flags&TCPSyn != 0:
		s.conn = c
		if rev {
			s.ack, s.seq = seq, ack-1
		} else {
			s.seq, s.ack = seq, ack-1
		}
	case rev:
		p.Rel.Seq, p.Rel.Ack = s.ack, s.seq
	default:
		p.Rel.Seq, p.Rel.Ack = s.seq, s.ack
	}
	// tcpdump takes SACK blocks relative even on the segment that records
	// the connection: they acknowledge the other direction's numbers.
	if rev {
		p.Rel.SACK = s.seq
	} else {
		p.Rel.SACK = s.ack
	}
}

// lookup returns c's slot and true, or the slot c is to replace and
// false.
func (t *TCPSeqs) lookup(c *tcpConn) (*tcpSeqSlot, bool) {
	t.clock++
	set := &t.sets[c.hash()%tcpSeqSets]
	victim := &set[0]
	for i := range set {
		s := &set[i]
		if s.used != 0 && s.conn == *c {
			s.used = t.clock
			return s, true
		}
		if s.used < victim.used {
			victim = s
		}
	}
	victim.used = t.clock
	return victim, false
}

// hash is FNV-1a over the connection's addresses and ports.
func (c *tcpConn) hash() uint32 {
	h := uint32(2166136261)
	for _, b := range c.a {
		h = (h ^ uint32(b)) * 16777619
	}
	for _, b := range c.b {
		h = (h ^ uint32(b)) * 16777619
	}
	for i := 0; i < 32; i += 8 {
		h = (h ^ (c.ports >> i & 0xff)) * 16777619
	}
	return h
}
