package raw

// EtherTypes the decoders know: IEEE's numbers, the same on every system
// (Linux's ETH_P_IP, ETH_P_IPV6 and ETH_P_ARP; x/sys/unix defines them for
// Linux only).
const (
	etherTypeIPv4 = 0x0800
	etherTypeIPv6 = 0x86dd
	etherTypeARP  = 0x0806
)
