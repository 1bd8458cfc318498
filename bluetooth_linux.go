package socket

// Bluetooth protocols of AF_BLUETOOTH sockets, as the kernel's
// <net/bluetooth/bluetooth.h> numbers them (x/sys/unix has none): Python
// has them when it was built with the Bluetooth headers. Linux only.
const (
	BTPROTO_L2CAP  Protocol = 0
	BTPROTO_HCI    Protocol = 1
	BTPROTO_SCO    Protocol = 2
	BTPROTO_RFCOMM Protocol = 3
)

// SOL_HCI is the option level of BTPROTO_HCI sockets, and HCI_DATA_DIR,
// HCI_FILTER and HCI_TIME_STAMP its options (<net/bluetooth/hci.h>): the
// direction of each packet and its timestamp as control messages, and the
// packet filter. Linux only.
const (
	SOL_HCI        = 0
	HCI_DATA_DIR   = 1
	HCI_FILTER     = 2
	HCI_TIME_STAMP = 3
)
