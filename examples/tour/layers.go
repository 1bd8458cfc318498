package main

import (
	"fmt"

	"github.com/bsdsock/socket"
)

func init() { register(2, "The TCP/IP layers and encapsulation: nested dolls", layers) }

// layers tells the four layers of the TCP/IP model and shows one datagram
// going down them: the program hands the socket only its bytes, and each
// layer below adds a header (encapsulation), which the receiving side's
// layers strip in the opposite order.
func layers() error {
	say("The TCP/IP model stacks four layers; each serves the one above it:")
	say("  application layer  the program's own protocol: HTTP, DNS, the bytes this tour sends")
	say("  transport layer    TCP (a reliable stream of bytes) or UDP (datagrams); ports name the programs")
	say("  network layer      IP: addresses and routing from one host to another")
	say("  link layer         one hop on one medium: Ethernet, Wi-Fi, or here the loopback interface lo")
	say("Encapsulation: on the way down each layer puts its header in front of what it was given, like")
	say("nested dolls; on the way up each layer strips its own header and hands the rest upwards.")
	fmt.Println()

	rx, tx, to, err := udpPair()
	if err != nil {
		return err
	}
	defer rx.Close()
	defer tx.Close()
	capture, err := startCapture(socket.IPPROTO_UDP, to.Port())
	if err != nil {
		return err
	}
	defer capture.close()
	msg := []byte("hello, layers")
	if _, err := tx.Sendto(msg, 0, to); err != nil {
		return err
	}
	buf := make([]byte, 64)
	n, from, err := rx.Recvfrom(buf, 0)
	if err != nil {
		return err
	}
	say("sendto(2) gave the kernel %d bytes of application data; recvfrom(2) on the other socket", len(msg))
	say("returned the same %d bytes %q from %v: a socket sees only the innermost doll", n, buf[:n], from)
	say("on the wire the frame is 14 (Ethernet) + 20 (IPv4) + 8 (UDP) + %d = %d bytes", n, 14+20+8+n)
	return capture.show()
}
