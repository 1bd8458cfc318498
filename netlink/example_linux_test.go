package netlink_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/netlink"
	"golang.org/x/sys/unix"
)

// Dump the machine's links with RTM_GETLINK, as ip link does, and print
// the loopback's index and name.
func ExampleMessages() {
	s, err := socket.New(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	// The request: a header and a struct ifinfomsg that asks for every
	// family's links.
	req, err := netlink.AppendMessage(nil, netlink.Header{Type: unix.RTM_GETLINK,
		Flags: unix.NLM_F_REQUEST | unix.NLM_F_DUMP, Seq: 1}, make([]byte, unix.SizeofIfInfomsg))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := s.Sendto(req, 0, socket.NetlinkAddr(0, 0)); err != nil {
		log.Fatal(err)
	}
	buf := make([]byte, 32<<10) // a dump comes a few messages per receive
	for {
		n, _, err := s.Recvfrom(buf, 0)
		if err != nil {
			log.Fatal(err)
		}
		for m, err := range netlink.Messages(buf[:n]) {
			if err != nil {
				log.Fatal(err)
			}
			if m.Type == unix.NLMSG_DONE {
				return
			}
			index := int32(binary.NativeEndian.Uint32(m.Data[4:])) // ifi_index
			for a, err := range netlink.Attrs(m.Data[unix.SizeofIfInfomsg:]) {
				if err != nil {
					log.Fatal(err)
				}
				if name := strings.TrimRight(string(a.Data), "\x00"); a.Type == unix.IFLA_IFNAME && name == "lo" {
					fmt.Printf("%d: %s\n", index, name)
				}
			}
		}
	}
	// Output:
	// 1: lo
}

// Build a request, and read it back as the kernel would.
func ExampleAppendMessage() {
	var ifi [unix.SizeofIfInfomsg]byte
	binary.NativeEndian.PutUint32(ifi[4:], 1) // ifi_index: the loopback
	b, _ := netlink.AppendMessage(nil, netlink.Header{Type: unix.RTM_GETLINK, Flags: unix.NLM_F_REQUEST, Seq: 42}, ifi[:])
	for m := range netlink.Messages(b) {
		fmt.Printf("%d bytes: type %d, seq %d, %d bytes of payload\n", len(b), m.Type, m.Seq, len(m.Data))
	}
	// Output:
	// 32 bytes: type 18, seq 42, 16 bytes of payload
}

// Ask for an interface that does not exist: the kernel answers with
// NLMSG_ERROR, which Messages gives as an *Error.
func ExampleError() {
	s, err := socket.New(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	var ifi [unix.SizeofIfInfomsg]byte
	binary.NativeEndian.PutUint32(ifi[4:], 0x7ffffff0)
	req, _ := netlink.AppendMessage(nil, netlink.Header{Type: unix.RTM_GETLINK, Flags: unix.NLM_F_REQUEST, Seq: 2}, ifi[:])
	if _, err := s.Sendto(req, 0, socket.NetlinkAddr(0, 0)); err != nil {
		log.Fatal(err)
	}
	buf := make([]byte, 4096)
	n, _, err := s.Recvfrom(buf, 0)
	if err != nil {
		log.Fatal(err)
	}
	for _, err := range netlink.Messages(buf[:n]) {
		var e *netlink.Error
		fmt.Println(err)
		fmt.Println(errors.Is(err, unix.ENODEV), errors.As(err, &e) && e.Type == unix.RTM_GETLINK)
	}
	// Output:
	// netlink: message type 18 seq 2: no such device
	// true true
}
