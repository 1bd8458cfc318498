//go:build linux

package raw_test

import (
	"encoding/hex"
	"fmt"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/raw"
	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// The checksum of an IPv4 header: computed over the header with the field
// zero, then written into it; a header with the right checksum sums to 0.
func ExampleChecksum() {
	hdr, _ := hex.DecodeString("450000730000400040110000c0000201c00002c7")
	c := raw.Checksum(hdr)
	hdr[10], hdr[11] = byte(c>>8), byte(c)
	fmt.Printf("%#04x %d\n", c, raw.Checksum(hdr))
	// Output: 0xb5b1 0
}

// Decoding a captured frame opens the dolls one by one: the Ethernet
// header, the IPv4 header, the TCP header, the payload.
func ExamplePacket_Decode() {
	frame, _ := hex.DecodeString("000000000000000000000000080045000034ccef400040066fd27f0000017f000001" +
		"b5f4a59d4fd5a7bea5bb8cf880100040fe2800000101080a964bab4ec8989e41")
	var p raw.Packet
	if err := p.Decode(frame, raw.LinkEthernet); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(p.AppendText(nil)))
	fmt.Println(len(p.LinkHeader), len(p.IPHeader), len(p.TransportHeader), len(p.Payload))
	// Output:
	// IP 127.0.0.1.46580 > 127.0.0.1.42397: Flags [.], ack 2780531960, win 64, options [nop,nop,TS val 2521541454 ecr 3365445185], length 0
	// 14 20 32 0
}

// PortFilter is tcpdump's "tcp port 8080" as a classic BPF program, which
// x/net/bpf assembles into the instructions the kernel runs.
func ExamplePortFilter() {
	prog := raw.PortFilter(raw.LinkEthernet, socket.IPPROTO_TCP, 8080)
	ins, err := bpf.Assemble(prog)
	fmt.Println(len(ins), err, prog[len(prog)-1])
	// Output: 21 <nil> ret #262144
}

// A PacketAddr is a sockaddr_ll; it travels as a socket.Addr.
func ExamplePacketAddrFrom() {
	a := raw.PacketAddr{Ifindex: 1, Protocol: unix.ETH_P_IP, HWLen: 6, HWAddr: [8]byte{2, 0, 0, 0, 0, 1}}
	sa := a.Addr()
	back, err := raw.PacketAddrFrom(sa)
	fmt.Println(sa.Family(), sa.Len(), back == a, err)
	fmt.Println(back)
	// Output:
	// AF_PACKET 20 true <nil>
	// ifindex 1 proto 0x0800 hatype 0 pkttype 0 02:00:00:00:00:01
}
