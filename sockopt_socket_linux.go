package socket

import (
	"strconv"

	"golang.org/x/sys/unix"
)

// The options of level SOL_SOCKET whose typed methods only Linux has.
var (
	soBindToDevice = sockopt{SOL_SOCKET, SO_BINDTODEVICE, "SO_BINDTODEVICE"}
	soCookie       = sockopt{SOL_SOCKET, SO_COOKIE, "SO_COOKIE"}
	soDomain       = sockopt{SOL_SOCKET, SO_DOMAIN, "SO_DOMAIN"}
	soIncomingCPU  = sockopt{SOL_SOCKET, SO_INCOMING_CPU, "SO_INCOMING_CPU"}
	soMark         = sockopt{SOL_SOCKET, SO_MARK, "SO_MARK"}
	soPriority     = sockopt{SOL_SOCKET, SO_PRIORITY, "SO_PRIORITY"}
	soProtocol     = sockopt{SOL_SOCKET, SO_PROTOCOL, "SO_PROTOCOL"}
	soTimestampNS  = sockopt{SOL_SOCKET, SO_TIMESTAMPNS, "SO_TIMESTAMPNS"}
)

// SetBindToDevice binds the socket to a network interface with
// SO_BINDTODEVICE (SOL_SOCKET) and setsockopt(2): it then sends and receives
// only through the interface named ifname ("eth0"); "" removes the binding.
// Changing an existing binding needs CAP_NET_RAW (EPERM), and so does any
// binding before Linux 5.7. A name of IFNAMSIZ (16) bytes or
// more is refused with EINVAL, where the kernel would silently truncate it;
// an unknown name gives ENODEV.
//
// Linux only.
func (s *Socket) SetBindToDevice(ifname string) error {
	if len(ifname) >= unix.IFNAMSIZ {
		return s.opError("setsockopt", nil, argError("SO_BINDTODEVICE", strconv.Quote(ifname)+" is longer than an interface name", unix.EINVAL))
	}
	return s.setsockopt(soBindToDevice, []byte(ifname), 0)
}

// BindToDevice returns the name of the interface the socket is bound to with
// SO_BINDTODEVICE (SOL_SOCKET) and getsockopt(2), or "" for none.
//
// Linux only.
func (s *Socket) BindToDevice() (string, error) {
	return s.getString(soBindToDevice, unix.IFNAMSIZ)
}

// SetMark sets the firewall mark SO_MARK (SOL_SOCKET) of the socket's
// packets with setsockopt(2), for policy routing and netfilter. It needs
// CAP_NET_ADMIN (EPERM otherwise).
//
// Linux only.
func (s *Socket) SetMark(mark uint32) error { return s.setsockopt(soMark, nil, int(int32(mark))) }

// Mark returns SO_MARK (SOL_SOCKET) with getsockopt(2).
//
// Linux only.
func (s *Socket) Mark() (uint32, error) {
	v, err := s.getInt(soMark)
	return uint32(v), err
}

// SetPriority sets SO_PRIORITY (SOL_SOCKET), the queueing priority of the
// socket's packets, with setsockopt(2). Values 0 to 6 need no privilege;
// higher ones need CAP_NET_ADMIN (EPERM).
//
// Linux only.
func (s *Socket) SetPriority(p int) error { return s.setInt(soPriority, p) }

// Priority returns SO_PRIORITY (SOL_SOCKET) with getsockopt(2).
//
// Linux only.
func (s *Socket) Priority() (int, error) { return s.getInt(soPriority) }

// SetTimestampNS sets SO_TIMESTAMPNS (SOL_SOCKET) with setsockopt(2): every
// datagram received then carries the time the kernel received it, in
// nanoseconds, as an SCM_TIMESTAMPNS control message that ParseControl
// decodes into ControlInfo.Timestamp.
//
// Linux only.
func (s *Socket) SetTimestampNS(on bool) error { return s.setBool(soTimestampNS, on) }

// TimestampNS reports SO_TIMESTAMPNS (SOL_SOCKET) with getsockopt(2).
//
// Linux only.
func (s *Socket) TimestampNS() (bool, error) { return s.getBool(soTimestampNS) }

// SetIncomingCPU sets SO_INCOMING_CPU (SOL_SOCKET) with setsockopt(2): in an
// SO_REUSEPORT group, connections and datagrams processed on that CPU go to
// this socket first.
//
// Linux only.
func (s *Socket) SetIncomingCPU(cpu int) error { return s.setInt(soIncomingCPU, cpu) }

// IncomingCPU returns SO_INCOMING_CPU (SOL_SOCKET) with getsockopt(2): the
// CPU that processed the last packet received, or the value set; -1 before
// either.
//
// Linux only.
func (s *Socket) IncomingCPU() (int, error) { return s.getInt(soIncomingCPU) }

// Cookie returns SO_COOKIE (SOL_SOCKET) with getsockopt(2): a 64-bit number
// the kernel assigns to the socket, unique for as long as the system runs,
// that names it in BPF programs and sock_diag answers.
//
// Linux only.
func (s *Socket) Cookie() (uint64, error) {
	var c uint64
	_, err := getStruct(s, soCookie, &c)
	return c, err
}

// SoDomain reads the option SO_DOMAIN (SOL_SOCKET), the socket's address
// family as the kernel reports it, with getsockopt(2). It is read-only;
// Family returns the family the Socket was made with, without a system
// call.
//
// Linux only.
func (s *Socket) SoDomain() (Family, error) {
	v, err := s.getInt(soDomain)
	return Family(v), err
}

// SoProtocol reads the option SO_PROTOCOL (SOL_SOCKET), the socket's
// protocol as the kernel reports it, with getsockopt(2). It is read-only.
// Unlike Proto, which returns what New was given without a system call,
// it names the protocol the kernel chose for 0: IPPROTO_TCP for an AF_INET
// SOCK_STREAM socket.
//
// Linux only.
func (s *Socket) SoProtocol() (Protocol, error) {
	v, err := s.getInt(soProtocol)
	return Protocol(v), err
}
