package socket

import "strconv"

// osString formats the addresses of the families only Linux has as
// Python prints their tuples: AF_NETLINK as "(pid, groups)", AF_VSOCK as
// "(cid, port)", AF_QIPCRTR as "(node, port)", AF_TIPC as "(addr_type, v1,
// v2, v3, scope)", AF_ALG as "('type', 'name')" and AF_CAN as
// "('interface',)" (the interface's name, asked of the kernel, or its
// index; ” for index 0; the ISO-TP and J1939 fields are for the accessors, since the
// address does not say its protocol); ok is false for the others.
func (a Addr) osString() (s string, ok bool) {
	if pid, groups, ok := a.Netlink(); ok {
		return tupleString(uint64(pid), uint64(groups)), true
	}
	if cid, port, ok := a.Vsock(); ok {
		return tupleString(uint64(cid), uint64(port)), true
	}
	if node, port, ok := a.QIPCRTR(); ok {
		return tupleString(uint64(node), uint64(port)), true
	}
	if typ, v1, v2, v3, scope, ok := a.TIPC(); ok {
		s := tupleString(uint64(typ), uint64(v1), uint64(v2), uint64(v3), 0)
		return s[:len(s)-2] + strconv.Itoa(int(scope)) + ")", true
	}
	if typ, name, _, _, ok := a.ALG(); ok {
		return "('" + typ + "', '" + name + "')", true
	}
	if ifindex, ok := a.CAN(); ok {
		name := "" // index 0, every interface, as Python prints it
		if ifindex != 0 {
			name = zoneName(uint32(ifindex))
		}
		return "('" + name + "',)", true
	}
	return "", false
}

// tupleString formats numbers as Python prints a tuple of them: "(1, 2)".
func tupleString(v ...uint64) string {
	b := make([]byte, 0, 16*len(v))
	b = append(b, '(')
	for i, x := range v {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendUint(b, x, 10)
	}
	return string(append(b, ')'))
}
