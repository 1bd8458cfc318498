package socket

import "github.com/bsdsock/socket/internal/sockaddr"

// QIPCRTRAddr returns the AF_QIPCRTR address (struct sockaddr_qrtr of
// linux/qrtr.h) of port on node, Python's (node, port) tuple: the IPC
// router of Qualcomm modems and their host. It makes no system call and
// does not allocate. Linux only.
func QIPCRTRAddr(node, port uint32) Addr {
	var a Addr
	a.len = sockaddr.PutQrtr(&a.raw, node, port)
	return a
}

// QIPCRTR returns the node and port of an AF_QIPCRTR address (struct
// sockaddr_qrtr), Python's (node, port) tuple; ok is false for another
// family or an address too short to be a sockaddr_qrtr. It makes no system
// call and does not allocate. Linux only.
func (a Addr) QIPCRTR() (node, port uint32, ok bool) {
	if a.Family() != AF_QIPCRTR {
		return 0, 0, false
	}
	return sockaddr.Qrtr(&a.raw, a.len)
}
