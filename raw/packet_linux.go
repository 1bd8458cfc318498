package raw

import (
	"encoding/binary"
	"errors"
	"strconv"

	"github.com/bsdsock/socket"
	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// PacketConfig says what a packet socket captures; ListenPacket applies it
// in an order that lets no unwanted frame in.
//
// Linux only.
type PacketConfig struct {
	// Type is SOCK_RAW (frames with their link-layer header; the default)
	// or SOCK_DGRAM (the kernel strips the link header: packets start with
	// the network header, and its EtherType is in the sender's PacketAddr).
	Type socket.Type
	// Interface names the interface to capture on ("lo", "eth0"), or
	// Ifindex gives its index; with neither, every interface.
	Interface string
	Ifindex   int
	// Protocol is the EtherType to receive (unix.ETH_P_IP, ...); 0 means
	// every protocol (ETH_P_ALL).
	Protocol uint16
	// Filter is a classic BPF program (SO_ATTACH_FILTER) the kernel runs
	// on each frame before queueing it; see PortFilter.
	Filter []bpf.Instruction
	// Promiscuous asks the interface for frames addressed to other hosts
	// (PACKET_ADD_MEMBERSHIP with PACKET_MR_PROMISC), for as long as the
	// socket is open.
	Promiscuous bool
	// IgnoreOutgoing drops the frames this host sends
	// (PACKET_IGNORE_OUTGOING). On lo every frame is both sent and
	// received: set it to see each once, as tcpdump does.
	IgnoreOutgoing bool
	// RecvBuffer is the socket's receive buffer in bytes, the frames
	// that may wait for the program before the kernel drops them
	// (SO_RCVBUFFORCE, which CAP_NET_ADMIN lets past net.core.rmem_max;
	// without it SO_RCVBUF, capped there); 0 keeps the default, about
	// three 64 KiB frames. tcpdump's ring holds 2 MiB.
	RecvBuffer int
}

// PacketConn is an AF_PACKET socket: it receives the link-layer frames of
// one interface, or of all, and sends frames the program built. The
// embedded *socket.Socket gives every socket method (SetTimeout,
// Recvfrom, Close, ...).
//
// Linux only.
type PacketConn struct {
	*socket.Socket
	ifindex int
	link    LinkType
}

// ListenPacket opens an AF_PACKET socket with socket(2) and sets it up as
// cfg says: PACKET_IGNORE_OUTGOING and the BPF filter first, then bind(2)
// to the interface and protocol (a packet socket receives nothing before
// it is bound, so no frame escapes the filter), then promiscuous mode. It
// needs CAP_NET_RAW. Python's equivalent is socket.socket(AF_PACKET,
// SOCK_RAW, htons(proto)) followed by bind((ifname, proto)).
//
// Errors: an *socket.ArgError wrapping ESOCKTNOSUPPORT for a Type other
// than SOCK_RAW and SOCK_DGRAM, ENODEV for an unknown interface name,
// EINVAL for a filter that does not assemble; EPERM without CAP_NET_RAW.
//
// Linux only.
func ListenPacket(cfg PacketConfig) (*PacketConn, error) {
	c := &PacketConn{ifindex: cfg.Ifindex, link: LinkEthernet}
	switch cfg.Type {
	case 0, socket.SOCK_RAW:
		cfg.Type = socket.SOCK_RAW
	case socket.SOCK_DGRAM:
		c.link = LinkIP
	default:
		return nil, argError("socket", "packet", "type", cfg.Type.String()+" is not SOCK_RAW or SOCK_DGRAM", unix.ESOCKTNOSUPPORT)
	}
	if cfg.Interface != "" {
		i, err := socket.IfNametoindex(cfg.Interface)
		if err != nil {
			return nil, argError("socket", "packet", "ifname", "no interface "+strconv.Quote(cfg.Interface), unix.ENODEV)
		}
		c.ifindex = i
	}
	if cfg.Protocol == 0 {
		cfg.Protocol = unix.ETH_P_ALL
	}
	// Protocol 0: nothing is queued until bind names the real one.
	s, err := socket.New(socket.AF_PACKET, cfg.Type, 0)
	if err != nil {
		return nil, err
	}
	c.Socket = s
	if err := c.setup(cfg); err != nil {
		s.Close()
		return nil, err
	}
	return c, nil
}

func (c *PacketConn) setup(cfg PacketConfig) error {
	if cfg.RecvBuffer > 0 {
		err := c.SetsockoptInt(unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, cfg.RecvBuffer)
		if errors.Is(err, unix.EPERM) {
			err = c.SetsockoptInt(unix.SOL_SOCKET, unix.SO_RCVBUF, cfg.RecvBuffer)
		}
		if err != nil {
			return err
		}
	}
	if cfg.IgnoreOutgoing {
		if err := c.SetsockoptInt(unix.SOL_PACKET, unix.PACKET_IGNORE_OUTGOING, 1); err != nil {
			return err
		}
	}
	if cfg.Filter != nil {
		if err := c.AttachFilter(cfg.Filter); err != nil {
			return err
		}
	}
	if err := c.Bind(PacketAddr{Ifindex: c.ifindex, Protocol: cfg.Protocol}.Addr()); err != nil {
		return err
	}
	if cfg.Promiscuous {
		return c.SetPromiscuous(true)
	}
	return nil
}

// Ifindex returns the index of the interface the socket is bound to, or 0
// for all interfaces.
//
// Linux only.
func (c *PacketConn) Ifindex() int { return c.ifindex }

// Link returns what the frames the socket receives start with: an
// Ethernet header (SOCK_RAW on Ethernet and loopback) or the IP header
// (SOCK_DGRAM). Pass it to Packet.Decode.
//
// Linux only.
func (c *PacketConn) Link() LinkType { return c.link }

// ReadPacket receives one frame into b with recvfrom(2) and returns its
// length and where it came from. It allocates nothing, so a capture loop
// of ReadPacket, Packet.Decode and Packet.AppendText allocates nothing per
// frame. A frame longer than b is cut to len(b). Modes and errors are
// Recvfrom's.
//
// Linux only.
func (c *PacketConn) ReadPacket(b []byte) (int, PacketAddr, error) {
	n, from, err := c.Recvfrom(b, 0)
	if err != nil {
		return n, PacketAddr{}, err
	}
	pa, _ := PacketAddrFrom(from) // an AF_PACKET socket reports AF_PACKET senders
	return n, pa, nil
}

// WritePacket sends the frame b to the interface and hardware address of
// to with sendto(2): on a SOCK_RAW socket b carries its own link header;
// on SOCK_DGRAM the kernel builds it from to's protocol and hardware
// address. to.Ifindex 0 means the interface the socket is bound to. Modes
// and errors are Sendto's.
//
// Linux only.
func (c *PacketConn) WritePacket(b []byte, to PacketAddr) (int, error) {
	if to.Ifindex == 0 {
		to.Ifindex = c.ifindex
	}
	return c.Sendto(b, 0, to.Addr())
}

// SetPromiscuous puts the bound interface in promiscuous mode, or takes
// it out, with setsockopt(2) PACKET_ADD_MEMBERSHIP (PACKET_DROP_MEMBERSHIP)
// and PACKET_MR_PROMISC. The kernel counts the sockets asking and undoes
// it when the last one closes.
//
// Errors: an *socket.ArgError wrapping EINVAL on a socket bound to every
// interface; setsockopt's.
//
// Linux only.
func (c *PacketConn) SetPromiscuous(on bool) error {
	if c.ifindex == 0 {
		return sockArgError(c.Socket, "setsockopt", "ifindex", "promiscuous mode needs one interface", unix.EINVAL)
	}
	var mreq [unix.SizeofPacketMreq]byte // struct packet_mreq, in host order
	binary.NativeEndian.PutUint32(mreq[0:], uint32(c.ifindex))
	binary.NativeEndian.PutUint16(mreq[4:], unix.PACKET_MR_PROMISC)
	opt := unix.PACKET_ADD_MEMBERSHIP
	if !on {
		opt = unix.PACKET_DROP_MEMBERSHIP
	}
	return c.SetsockoptBytes(unix.SOL_PACKET, opt, mreq[:])
}

// PacketStats counts what the kernel did with the frames for a packet
// socket since the last PACKET_STATISTICS read.
//
// Linux only.
type PacketStats struct {
	Packets uint32 // frames that passed the filter (received and dropped)
	Drops   uint32 // frames dropped because the receive buffer was full
}

// Stats reads and resets the socket's counters with getsockopt(2)
// PACKET_STATISTICS (struct tpacket_stats).
//
// Linux only.
func (c *PacketConn) Stats() (PacketStats, error) {
	var b [unix.SizeofTpacketStats]byte
	if _, err := c.GetsockoptInto(unix.SOL_PACKET, unix.PACKET_STATISTICS, b[:]); err != nil {
		return PacketStats{}, err
	}
	return PacketStats{Packets: binary.NativeEndian.Uint32(b[0:]), Drops: binary.NativeEndian.Uint32(b[4:])}, nil
}
