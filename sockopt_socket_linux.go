package socket

import (
	"math"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// The options of level SOL_SOCKET whose typed methods only Linux has.
var (
	soBindToDevice = sockopt{SOL_SOCKET, SO_BINDTODEVICE, "SO_BINDTODEVICE"}
	soBindToIndex  = sockopt{SOL_SOCKET, SO_BINDTOIFINDEX, "SO_BINDTOIFINDEX"}
	soBusyPoll     = sockopt{SOL_SOCKET, SO_BUSY_POLL, "SO_BUSY_POLL"}
	soBusyBudget   = sockopt{SOL_SOCKET, SO_BUSY_POLL_BUDGET, "SO_BUSY_POLL_BUDGET"}
	soCookie       = sockopt{SOL_SOCKET, SO_COOKIE, "SO_COOKIE"}
	soDomain       = sockopt{SOL_SOCKET, SO_DOMAIN, "SO_DOMAIN"}
	soIncomingCPU  = sockopt{SOL_SOCKET, SO_INCOMING_CPU, "SO_INCOMING_CPU"}
	soMark         = sockopt{SOL_SOCKET, SO_MARK, "SO_MARK"}
	soPreferBusy   = sockopt{SOL_SOCKET, SO_PREFER_BUSY_POLL, "SO_PREFER_BUSY_POLL"}
	soPriority     = sockopt{SOL_SOCKET, SO_PRIORITY, "SO_PRIORITY"}
	soProtocol     = sockopt{SOL_SOCKET, SO_PROTOCOL, "SO_PROTOCOL"}
	soRxqOvfl      = sockopt{SOL_SOCKET, SO_RXQ_OVFL, "SO_RXQ_OVFL"}
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

// SetBindToIfindex binds the socket to the network interface with index
// ifindex with SO_BINDTOIFINDEX (SOL_SOCKET) and setsockopt(2), socket(7):
// SetBindToDevice by index, which saves the name lookup and names an
// interface whatever it is renamed to; 0 removes the binding. The
// privileges are SetBindToDevice's, and a negative index gives EINVAL.
// Unlike a name, the index is not checked against the interfaces: a
// socket bound to one that does not exist fails each send with ENODEV.
// Linux 5.0 and later (ENOPROTOOPT before).
//
// Linux and macOS only (IP_BOUND_IF and IPV6_BOUND_IF there).
func (s *Socket) SetBindToIfindex(ifindex int) error { return s.setInt(soBindToIndex, ifindex) }

// BindToIfindex returns the index of the interface the socket is bound to
// with SO_BINDTOIFINDEX (SOL_SOCKET) and getsockopt(2), socket(7), or 0
// for none; it reads a binding SetBindToDevice made too.
//
// Linux and macOS only (IP_BOUND_IF and IPV6_BOUND_IF there).
func (s *Socket) BindToIfindex() (int, error) { return s.getInt(soBindToIndex) }

// SetBusyPoll sets SO_BUSY_POLL (SOL_SOCKET), socket(7), with
// setsockopt(2): a receive on an empty queue polls the device's receive
// queue for up to d (rounded up to whole microseconds) before it sleeps,
// trading CPU time for latency on NICs whose driver supports it (NAPI);
// 0 turns it off. Raising it above the system's net.core.busy_read needs
// CAP_NET_ADMIN (EPERM). Every Socket is non-blocking at the OS level, so
// the poll happens within each receive system call (and in epoll_wait,
// net.core.busy_poll), not while the runtime poller waits. socket2's
// set_busy_poll.
//
// Linux only.
func (s *Socket) SetBusyPoll(d time.Duration) error {
	return s.setDuration(soBusyPoll, d, time.Microsecond)
}

// BusyPoll returns SO_BUSY_POLL (SOL_SOCKET), socket(7), with
// getsockopt(2): how long a receive busy-polls, in whole microseconds.
//
// Linux only.
func (s *Socket) BusyPoll() (time.Duration, error) {
	return s.getDuration(soBusyPoll, time.Microsecond)
}

// SetPreferBusyPoll sets SO_PREFER_BUSY_POLL (SOL_SOCKET), socket(7),
// with setsockopt(2): with it on, and SO_BUSY_POLL set, the device's
// interrupts stay off while the application busy-polls, so that it alone
// drives the receive queue (Linux 5.11). Turning it on needs CAP_NET_ADMIN
// (EPERM).
//
// Linux only.
func (s *Socket) SetPreferBusyPoll(on bool) error { return s.setBool(soPreferBusy, on) }

// PreferBusyPoll reports SO_PREFER_BUSY_POLL (SOL_SOCKET), socket(7),
// with getsockopt(2).
//
// Linux only.
func (s *Socket) PreferBusyPoll() (bool, error) { return s.getBool(soPreferBusy) }

// SetBusyPollBudget sets SO_BUSY_POLL_BUDGET (SOL_SOCKET), socket(7),
// with setsockopt(2): the most packets one busy poll takes from the
// device (Linux 5.11), 0 to 65535 (EINVAL otherwise); 0, the default,
// means the kernel's 8. Raising it needs CAP_NET_ADMIN (EPERM). It has no getter: the kernel
// answers getsockopt(2) of SO_BUSY_POLL_BUDGET with ENOPROTOOPT. socket2
// has no method for it.
//
// Linux only.
func (s *Socket) SetBusyPollBudget(n int) error {
	// The kernel checks the privilege before the range, so without this an
	// unprivileged caller would get EPERM for a value no one may set.
	if n < 0 || n > math.MaxUint16 {
		return s.opError("setsockopt", nil, argError(soBusyBudget.name, strconv.Itoa(n)+" is outside 0..65535", unix.EINVAL))
	}
	return s.setInt(soBusyBudget, n)
}

// SetRxqOvfl sets SO_RXQ_OVFL (SOL_SOCKET), socket(7), with
// setsockopt(2): every datagram received then carries the count of
// datagrams the socket has dropped for want of receive buffer, an
// SO_RXQ_OVFL control message that ParseControl decodes into
// ControlInfo.Dropped (size oob with CmsgSpace(4)). It is how a server
// learns it is losing packets without reading /proc/net/udp.
//
// Linux only.
func (s *Socket) SetRxqOvfl(on bool) error { return s.setBool(soRxqOvfl, on) }

// RxqOvfl reports SO_RXQ_OVFL (SOL_SOCKET), socket(7), with
// getsockopt(2).
//
// Linux only.
func (s *Socket) RxqOvfl() (bool, error) { return s.getBool(soRxqOvfl) }

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
