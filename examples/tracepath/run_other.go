//go:build !linux

package main

// run says what is missing: the error queue, where the kernel puts the
// ICMP errors about an unprivileged socket's datagrams, is Linux's.
func run(string, int, int, int) int {
	fail("the error queue (IP_RECVERR) is Linux only", 1)
	return 1
}
