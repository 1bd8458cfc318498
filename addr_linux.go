package socket

// osString formats the addresses of the families only Linux has as
// Python prints their tuples: AF_NETLINK as "(pid, groups)", AF_VSOCK as
// "(cid, port)"; ok is false for the others.
func (a Addr) osString() (s string, ok bool) {
	if pid, groups, ok := a.Netlink(); ok {
		return pairString(pid, groups), true
	}
	if cid, port, ok := a.Vsock(); ok {
		return pairString(cid, port), true
	}
	return "", false
}
