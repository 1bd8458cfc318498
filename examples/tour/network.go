package main

func init() {
	register(3, "The network layer: IP, and beside it ICMP and IGMP, on the wire", network)
}

// network tells the three protocols of the network layer the tutorial
// names and, as root on Linux, shows each on a veth pair between two
// network namespaces the chapter makes and removes: a datagram's IP
// packet, an ICMP echo and its reply, and the IGMP reports a host's
// kernel sends when a socket joins a multicast group and leaves it.
func network() error {
	say("The network layer moves packets from host to host. Three protocols live there:")
	say("  IP    every packet's header: source and destination address, TTL, and the protocol inside")
	say("  ICMP  IP's own messages, carried in IP (protocol 1): echo request and reply (ping), and the")
	say("        errors a router or host sends back, \"port unreachable\", \"time exceeded\"")
	say("  IGMP  how a host tells the routers on its link which multicast groups it wants (protocol 2):")
	say("        no program sends it; the kernel does, when a socket joins a group (IP_ADD_MEMBERSHIP)")
	say("        and when the last one leaves it")
	return showNetworkLayer()
}
