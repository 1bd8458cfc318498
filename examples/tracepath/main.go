// Command tracepath finds the path to a host and its MTU, as iputils'
// tracepath does, without privileges: it sends UDP datagrams with a
// rising TTL and the don't-fragment bit set, starting as large as an IP
// packet can be, and reads from the socket's error queue (IP_RECVERR,
// socket.RecvErrQueue) what comes back about each:
//
//	go run ./examples/tracepath [-n] [-l PKTLEN] [-m MAXHOPS] [-p PORT] HOST
//
// What comes back is one of four:
//
//   - the local stack's "message too long" (origin LOCAL, errno EMSGSIZE)
//     when the probe is larger than the interface's MTU, which it names:
//     the line " 1?: [LOCALHOST]  pmtu 1500";
//   - a router's ICMP "fragmentation needed" (IPv6 "packet too big") when
//     the probe is larger than its next link, naming that link's MTU:
//     "pmtu 1400" after the router's line;
//   - a router's time exceeded: a line with its address and time;
//   - the host's port unreachable: "reached", and the trace ends.
//
// After an MTU message the probe shrinks to the MTU named and goes again.
// The last line sums up: the path MTU, the hops to the host and the hops
// its answer came back over (from the TTL it arrived with).
//
// The probes go to port 44444 and up, one port per probe, so that an
// answer is told apart by the destination port of the datagram it quotes.
// The socket sets IP_MTU_DISCOVER to IP_PMTUDISC_PROBE (falling back to
// IP_PMTUDISC_DO): the don't-fragment bit, and sends sized by the probe,
// not by the path MTU the kernel has learnt.
//
// Where it differs from iputils' tracepath on purpose: it prints
// addresses only (-n is accepted, and always in effect), and of the
// options has -n, -l, -m and -p. The error queue is Linux's: elsewhere it
// says so and exits 1.
package main

import (
	"flag"
	"fmt"
	"os"
)

// maxPktlen bounds -l: a probe never exceeds an IPv6 jumbo-free
// datagram by much, and the buffer is allocated at that size.
const maxPktlen = 1 << 17

func main() {
	flag.Bool("n", false, "print addresses only (always)")
	pktlen := flag.Int("l", 0, "start with probes of `PKTLEN` bytes, headers included (65535; IPv6 128000)")
	maxHops := flag.Int("m", 30, "at most `MAXHOPS` hops")
	port := flag.Int("p", 44444, "send the first probe to `PORT`")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: tracepath [-n] [-l PKTLEN] [-m MAXHOPS] [-p PORT] HOST")
		os.Exit(2)
	}
	switch {
	case *maxHops < 1 || *maxHops > 255:
		fail("max hops must be 1..255", 2)
	case *port < 1 || *port > 65535-64:
		fail("port must be 1..65471", 2)
	case *pktlen < 0 || *pktlen > maxPktlen:
		fail(fmt.Sprintf("packet length must be 0..%d", maxPktlen), 2)
	}
	os.Exit(run(flag.Arg(0), *pktlen, *maxHops, *port))
}

// fail prints msg as tracepath's errors are printed and exits.
func fail(msg string, code int) {
	fmt.Fprintln(os.Stderr, "tracepath: "+msg)
	os.Exit(code)
}
