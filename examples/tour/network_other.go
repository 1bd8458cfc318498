//go:build !linux

package main

// showNetworkLayer explains why there are no packets to show here.
func showNetworkLayer() error {
	say("(showing them on the wire needs Linux's network namespaces and AF_PACKET; not on this system)")
	return nil
}
