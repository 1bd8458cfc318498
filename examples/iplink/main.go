//go:build linux

// Command iplink lists the machine's network interfaces as ip -o link
// does, by asking the kernel itself over an AF_NETLINK socket:
//
//	go run ./examples/iplink
//	1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
//
// Netlink is how programs talk to the Linux kernel's networking: ip(8)
// sends an RTM_GETLINK request with NLM_F_DUMP over a NETLINK_ROUTE
// socket, and the kernel answers with one RTM_NEWLINK message per
// interface (a struct ifinfomsg and its attributes: name, MTU, address,
// ...), then NLMSG_DONE. This program does the same with socket.New,
// Sendto and Recvfrom, and the netlink package to frame the messages.
// Linux only.
package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"log"
	"net"
	"strings"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/netlink"
	"golang.org/x/sys/unix"
)

// link is what one RTM_NEWLINK message says about an interface.
type link struct {
	index, master     int32
	typ               uint16 // ARPHRD_*
	flags             uint32 // IFF_*
	name, qdisc       string
	mtu, txqlen, grp  uint32
	parent            int32 // IFLA_LINK: a veth's peer, a VLAN's device
	operstate, mode   uint8
	addr, brd         net.HardwareAddr
	hasParent, hasTxq bool
	otherNS           bool // IFLA_LINK_NETNSID: parent is in another namespace
}

func main() {
	log.SetFlags(0)
	s, err := socket.New(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
	check(err)
	defer s.Close()
	check(s.Bind(socket.NetlinkAddr(0, 0))) // port ID 0: the kernel picks one

	// The request: "every link" (NLM_F_DUMP), of any family.
	req, err := netlink.AppendMessage(nil, netlink.Header{Type: unix.RTM_GETLINK,
		Flags: unix.NLM_F_REQUEST | unix.NLM_F_DUMP, Seq: 1}, make([]byte, unix.SizeofIfInfomsg))
	check(err)
	_, err = s.Sendto(req, 0, socket.NetlinkAddr(0, 0)) // pid 0: the kernel
	check(err)

	var links []link
	names := map[int32]string{}
	buf := make([]byte, 32<<10)
	for done := false; !done; {
		n, _, err := s.Recvfrom(buf, 0) // a few messages per datagram
		check(err)
		for m, err := range netlink.Messages(buf[:n]) {
			check(err)
			switch m.Type {
			case unix.NLMSG_DONE:
				done = true
			case unix.RTM_NEWLINK:
				l := parseLink(m.Data)
				links = append(links, l)
				names[l.index] = l.name
			}
		}
	}
	for _, l := range links {
		fmt.Println(l.format(names))
	}
}

// parseLink reads a struct ifinfomsg and the attributes after it.
func parseLink(b []byte) link {
	if len(b) < unix.SizeofIfInfomsg {
		log.Fatalf("iplink: RTM_NEWLINK of %d bytes", len(b))
	}
	l := link{
		typ:   binary.NativeEndian.Uint16(b[2:]),
		index: int32(binary.NativeEndian.Uint32(b[4:])),
		flags: binary.NativeEndian.Uint32(b[8:]),
	}
	u32 := func(d []byte) uint32 {
		if len(d) < 4 {
			return 0
		}
		return binary.NativeEndian.Uint32(d)
	}
	u8 := func(d []byte) uint8 {
		if len(d) < 1 {
			return 0
		}
		return d[0]
	}
	for a, err := range netlink.Attrs(b[unix.SizeofIfInfomsg:]) {
		check(err)
		switch a.Type {
		case unix.IFLA_IFNAME:
			l.name = strings.TrimRight(string(a.Data), "\x00")
		case unix.IFLA_QDISC:
			l.qdisc = strings.TrimRight(string(a.Data), "\x00")
		case unix.IFLA_MTU:
			l.mtu = u32(a.Data)
		case unix.IFLA_TXQLEN:
			l.txqlen, l.hasTxq = u32(a.Data), true
		case unix.IFLA_GROUP:
			l.grp = u32(a.Data)
		case unix.IFLA_LINK:
			l.parent, l.hasParent = int32(u32(a.Data)), true
		case unix.IFLA_LINK_NETNSID:
			l.otherNS = true
		case unix.IFLA_MASTER:
			l.master = int32(u32(a.Data))
		case unix.IFLA_OPERSTATE:
			l.operstate = u8(a.Data)
		case unix.IFLA_LINKMODE:
			l.mode = u8(a.Data)
		case unix.IFLA_ADDRESS:
			l.addr = net.HardwareAddr(bytes.Clone(a.Data)) // a.Data is in buf, read again next
		case unix.IFLA_BROADCAST:
			l.brd = net.HardwareAddr(bytes.Clone(a.Data))
		}
	}
	return l
}

// format prints l as ip -o link does.
func (l link) format(names map[int32]string) string {
	var b strings.Builder
	name := l.name
	switch {
	case !l.hasParent: // the kernel sends IFLA_LINK only for a link stacked on another
	case l.parent == 0:
		name += "@NONE"
	case l.otherNS:
		name += fmt.Sprintf("@if%d", l.parent) // an index of another namespace
	case names[l.parent] != "":
		name += "@" + names[l.parent]
	default:
		name += fmt.Sprintf("@if%d", l.parent)
	}
	fmt.Fprintf(&b, "%d: %s: <%s> mtu %d", l.index, name, flagNames(l.flags), l.mtu)
	if l.qdisc != "" {
		fmt.Fprintf(&b, " qdisc %s", l.qdisc)
	}
	if l.master != 0 {
		fmt.Fprintf(&b, " master %s", names[l.master])
	}
	fmt.Fprintf(&b, " state %s mode %s group ", operStates[min(int(l.operstate), len(operStates)-1)],
		map[uint8]string{0: "DEFAULT", 1: "DORMANT"}[l.mode])
	if l.grp == 0 {
		b.WriteString("default")
	} else {
		fmt.Fprintf(&b, "%d", l.grp)
	}
	if l.hasTxq {
		fmt.Fprintf(&b, " qlen %d", l.txqlen)
	}
	fmt.Fprintf(&b, `\    link/%s`, linkType(l.typ))
	if len(l.addr) > 0 {
		fmt.Fprintf(&b, " %s", l.addr)
	}
	if len(l.brd) > 0 {
		brd := "brd"
		if l.flags&unix.IFF_POINTOPOINT != 0 {
			brd = "peer"
		}
		fmt.Fprintf(&b, " %s %s", brd, l.brd)
	}
	return b.String()
}

// operStates are the names of IFLA_OPERSTATE's values (RFC 2863), as ip
// prints them.
var operStates = []string{"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP", "UNKNOWN"}

// flagNames prints an interface's IFF_* flags in ip's order, NO-CARRIER
// first for an interface up whose link is not.
func flagNames(flags uint32) string {
	var out []string
	if flags&unix.IFF_UP != 0 && flags&unix.IFF_RUNNING == 0 {
		out = append(out, "NO-CARRIER")
	}
	for _, f := range []struct {
		bit  uint32
		name string
	}{{unix.IFF_LOOPBACK, "LOOPBACK"}, {unix.IFF_BROADCAST, "BROADCAST"}, {unix.IFF_POINTOPOINT, "POINTOPOINT"},
		{unix.IFF_MULTICAST, "MULTICAST"}, {unix.IFF_NOARP, "NOARP"}, {unix.IFF_ALLMULTI, "ALLMULTI"},
		{unix.IFF_PROMISC, "PROMISC"}, {unix.IFF_MASTER, "MASTER"}, {unix.IFF_SLAVE, "SLAVE"},
		{unix.IFF_DEBUG, "DEBUG"}, {unix.IFF_DYNAMIC, "DYNAMIC"}, {unix.IFF_AUTOMEDIA, "AUTOMEDIA"},
		{unix.IFF_PORTSEL, "PORTSEL"}, {unix.IFF_NOTRAILERS, "NOTRAILERS"}, {unix.IFF_UP, "UP"},
		{unix.IFF_LOWER_UP, "LOWER_UP"}, {unix.IFF_DORMANT, "DORMANT"}, {unix.IFF_ECHO, "ECHO"}} {
		if flags&f.bit != 0 {
			out = append(out, f.name)
		}
	}
	return strings.Join(out, ",")
}

// linkType names an ARPHRD_* link type as ip does, for the common ones.
func linkType(t uint16) string {
	switch t {
	case unix.ARPHRD_ETHER:
		return "ether"
	case unix.ARPHRD_LOOPBACK:
		return "loopback"
	case unix.ARPHRD_NONE:
		return "none"
	case unix.ARPHRD_IPGRE:
		return "gre"
	case unix.ARPHRD_TUNNEL:
		return "ipip"
	case unix.ARPHRD_SIT:
		return "sit"
	case unix.ARPHRD_CAN:
		return "can"
	case unix.ARPHRD_VOID:
		return "void"
	}
	return fmt.Sprintf("[%d]", t)
}

func check(err error) {
	if err != nil {
		log.Fatalf("iplink: %v", err)
	}
}
