//go:build linux

package socket_test

import (
	"fmt"
	"strings"
	"syscall"
	"unsafe"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

// An AF_NETLINK socket talks to the kernel. Bound with port ID 0, as
// Python's bind((0, 0)), it gets a port ID from the kernel, which
// Getsockname reads back; the kernel's own address is NetlinkAddr(0, 0).
func ExampleNetlinkAddr() {
	s, err := socket.New(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
	if err != nil {
		panic(err)
	}
	defer s.Close()
	if err := s.Bind(socket.NetlinkAddr(0, 0)); err != nil {
		panic(err)
	}
	addr, err := s.Getsockname()
	if err != nil {
		panic(err)
	}
	pid, groups, ok := addr.Netlink()
	fmt.Println(addr.Family(), ok, pid != 0, groups)
	fmt.Println("the kernel:", socket.NetlinkAddr(0, 0))
	// Output:
	// AF_NETLINK true true 0
	// the kernel: (0, 0)
}

// List the machine's network interfaces as ip -o link does, by asking the
// kernel over AF_NETLINK: one RTM_GETLINK request with NLM_F_DUMP, then
// RTM_NEWLINK answers, one per interface, until NLMSG_DONE. The messages
// are built with x/sys/unix's structs and parsed with package syscall's
// helpers.
func ExampleNetlinkAddr_listInterfaces() {
	s, err := socket.New(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
	if err != nil {
		panic(err)
	}
	defer s.Close()

	req := make([]byte, unix.NLMSG_HDRLEN+unix.SizeofIfInfomsg)
	*(*unix.NlMsghdr)(unsafe.Pointer(&req[0])) = unix.NlMsghdr{
		Len: uint32(len(req)), Type: unix.RTM_GETLINK, Flags: unix.NLM_F_REQUEST | unix.NLM_F_DUMP, Seq: 1,
	}
	if _, err := s.Sendto(req, 0, socket.NetlinkAddr(0, 0)); err != nil {
		panic(err)
	}
	buf := make([]byte, 64<<10)
	for {
		n, _, err := s.Recvfrom(buf, 0)
		if err != nil {
			panic(err)
		}
		msgs, err := syscall.ParseNetlinkMessage(buf[:n])
		if err != nil {
			panic(err)
		}
		for _, m := range msgs {
			if m.Header.Type == unix.NLMSG_DONE || m.Header.Type == unix.NLMSG_ERROR {
				return
			}
			ifi := (*unix.IfInfomsg)(unsafe.Pointer(&m.Data[0]))
			attrs, _ := syscall.ParseNetlinkRouteAttr(&m)
			for _, a := range attrs {
				if a.Attr.Type == unix.IFLA_IFNAME {
					fmt.Printf("%d: %s\n", ifi.Index, strings.TrimRight(string(a.Value), "\x00"))
				}
			}
		}
	}
}

// An AF_VSOCK address is a machine's context ID and a port, Python's
// (cid, port) tuple: a virtual machine and its host talk over it without
// a network. A server binds VMADDR_CID_ANY and a port (VMADDR_PORT_ANY
// for a free one); a client in the virtual machine connects to
// VMADDR_CID_HOST and that port. An AF_VSOCK socket needs the kernel's
// vsock module (New fails with EAFNOSUPPORT without it).
func ExampleVsockAddr() {
	addr := socket.VsockAddr(socket.VMADDR_CID_HOST, 5000)
	cid, port, ok := addr.Vsock()
	fmt.Println(addr, addr.Family(), cid, port, ok)
	// Output:
	// (2, 5000) AF_VSOCK 2 5000 true
}
