// Package raw reaches below TCP and UDP on top of a socket.Socket: raw IP
// sockets (SOCK_RAW) for IPv4 and IPv6, the IPv4 header a program builds
// itself (IP_HDRINCL), ICMP echo and traceroute, and link-layer capture
// with AF_PACKET and a classic BPF filter run by the kernel.
//
// The layers nest like dolls: an Ethernet frame carries an IP packet, which
// carries a TCP segment or UDP datagram, which carries the payload. An
// ordinary socket sees only the innermost doll; a raw IP socket (ListenIP)
// sees the IP packet and may write its own header; an AF_PACKET socket
// (ListenPacket) sees the whole frame. Packet.Decode opens the dolls one by
// one (Ethernet, ARP, IPv4 and IPv6 with its extension headers, TCP, UDP,
// ICMP, IGMP) and AppendText prints them as tcpdump -nn does, AppendLinkText
// as tcpdump -nn -e; a TCPSeqs table makes TCP sequence numbers relative to
// each connection's start, tcpdump's default.
//
// Everything here needs CAP_NET_RAW (root), except the ICMP datagram socket
// a Pinger opens with SOCK_DGRAM, which the sysctl net.ipv4.ping_group_range
// allows per group, and Traceroute's default UDP probes: as traceroute(8)
// and tracepath do, it sends ordinary UDP datagrams with a rising TTL and
// reads the ICMP errors the routers send back from the socket's error
// queue (IP_RECVERR, socket.RecvErrQueue), which Linux gives any socket
// that asks, privileged or not.
//
// Headers, ICMP messages and BPF programs are built with golang.org/x/net's
// ipv4, icmp and bpf packages; Packet decodes its own fixed view of each
// header so that a capture loop allocates nothing per packet.
//
// AF_PACKET (ListenPacket, PacketAddr, the BPF filters), IPV6_HDRINCL and
// Traceroute's UDP probes are Linux only; raw IP sockets, ICMP and the decoders work on macOS and
// the BSDs too (where ICMP datagram sockets exist: macOS).
//
// Errors are the root package's: a *net.OpError naming the operation, with
// a *socket.ArgError for a bad argument, unwrapping to the errno.
package raw
