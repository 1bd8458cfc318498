package socket

import (
	"encoding/binary"
	"math"

	"github.com/bsdsock/socket/internal/sockaddr"
	"golang.org/x/sys/unix"
)

// CAN protocols, New's third argument for an AF_CAN socket (Controller
// Area Network, the bus of cars and machines): CAN_RAW sends and receives
// frames as they are, CAN_BCM is the broadcast manager (cyclic sends and
// content filters in the kernel), CAN_ISOTP the ISO 15765-2 transport of
// longer messages, CAN_J1939 the SAE J1939 vehicle protocol. Under Python's
// names. Linux only.
const (
	CAN_RAW   Protocol = unix.CAN_RAW
	CAN_BCM   Protocol = unix.CAN_BCM
	CAN_ISOTP Protocol = unix.CAN_ISOTP
	CAN_J1939 Protocol = unix.CAN_J1939
)

// Option levels of AF_CAN sockets: SOL_CAN_BASE is the base of the CAN
// levels, SOL_CAN_RAW (SOL_CAN_BASE + CAN_RAW) the level of the CAN_RAW_*
// options. Linux only.
const (
	SOL_CAN_BASE = unix.SOL_CAN_BASE
	SOL_CAN_RAW  = unix.SOL_CAN_RAW
)

// Options of level SOL_CAN_RAW: CAN_RAW_FILTER sets the frames a socket
// receives (an array of struct can_filter), CAN_RAW_LOOPBACK and
// CAN_RAW_RECV_OWN_MSGS whether frames sent on this machine come back,
// CAN_RAW_FD_FRAMES allows CAN FD frames, CAN_RAW_JOIN_FILTERS requires a
// frame to match every filter instead of any. From linux/can/raw.h. Linux
// only.
const (
	CAN_RAW_FILTER        = unix.CAN_RAW_FILTER
	CAN_RAW_LOOPBACK      = unix.CAN_RAW_LOOPBACK
	CAN_RAW_RECV_OWN_MSGS = unix.CAN_RAW_RECV_OWN_MSGS
	CAN_RAW_FD_FRAMES     = unix.CAN_RAW_FD_FRAMES
	CAN_RAW_JOIN_FILTERS  = unix.CAN_RAW_JOIN_FILTERS
)

// Bits and masks of a CAN identifier (can_id in struct can_frame):
// CAN_EFF_FLAG marks a 29-bit extended frame, CAN_RTR_FLAG a remote
// transmission request, CAN_ERR_FLAG an error frame; CAN_SFF_MASK and
// CAN_EFF_MASK keep the 11-bit and 29-bit identifier, CAN_ERR_MASK an error
// frame's class bits. From linux/can.h. Linux only.
const (
	CAN_EFF_FLAG = unix.CAN_EFF_FLAG
	CAN_RTR_FLAG = unix.CAN_RTR_FLAG
	CAN_ERR_FLAG = unix.CAN_ERR_FLAG
	CAN_SFF_MASK = unix.CAN_SFF_MASK
	CAN_EFF_MASK = unix.CAN_EFF_MASK
	CAN_ERR_MASK = unix.CAN_ERR_MASK
)

// Opcodes of the broadcast manager (CAN_BCM), the opcode of struct
// bcm_msg_head: TX_SETUP, TX_DELETE and TX_READ create, remove and read a
// cyclic send, TX_SEND sends once; RX_SETUP, RX_DELETE and RX_READ the same
// for a receive filter; the kernel answers with TX_STATUS, TX_EXPIRED,
// RX_STATUS, RX_TIMEOUT and RX_CHANGED. From linux/can/bcm.h, whose values
// x/sys/unix lacks. Linux only.
const (
	CAN_BCM_TX_SETUP   = 1
	CAN_BCM_TX_DELETE  = 2
	CAN_BCM_TX_READ    = 3
	CAN_BCM_TX_SEND    = 4
	CAN_BCM_RX_SETUP   = 5
	CAN_BCM_RX_DELETE  = 6
	CAN_BCM_RX_READ    = 7
	CAN_BCM_TX_STATUS  = 8
	CAN_BCM_TX_EXPIRED = 9
	CAN_BCM_RX_STATUS  = 10
	CAN_BCM_RX_TIMEOUT = 11
	CAN_BCM_RX_CHANGED = 12
)

// Flags of the broadcast manager, the flags of struct bcm_msg_head: timer
// control (SETTIMER, STARTTIMER, TX_COUNTEVT, TX_ANNOUNCE), which frames a
// receive filter reports (RX_FILTER_ID, RX_CHECK_DLC, RX_NO_AUTOTIMER,
// RX_ANNOUNCE_RESUME, RX_RTR_FRAME), TX_CP_CAN_ID, TX_RESET_MULTI_IDX, and
// CAN_BCM_CAN_FD_FRAME for CAN FD frames. From linux/can/bcm.h, whose
// values x/sys/unix lacks. Linux only.
const (
	CAN_BCM_SETTIMER           = 1
	CAN_BCM_STARTTIMER         = 2
	CAN_BCM_TX_COUNTEVT        = 4
	CAN_BCM_TX_ANNOUNCE        = 8
	CAN_BCM_TX_CP_CAN_ID       = 16
	CAN_BCM_RX_FILTER_ID       = 32
	CAN_BCM_RX_CHECK_DLC       = 64
	CAN_BCM_RX_NO_AUTOTIMER    = 128
	CAN_BCM_RX_ANNOUNCE_RESUME = 0x100
	CAN_BCM_TX_RESET_MULTI_IDX = 0x200
	CAN_BCM_RX_RTR_FRAME       = 0x400
	CAN_BCM_CAN_FD_FRAME       = 0x800
)

// Addresses, names and parameter group numbers (PGNs) of SAE J1939
// (CAN_J1939), the fields of its address: J1939_NO_ADDR, J1939_NO_NAME and
// J1939_NO_PGN mean none, J1939_IDLE_ADDR an ECU still claiming an address,
// J1939_MAX_UNICAST_ADDR the highest unicast one; J1939_PGN_REQUEST,
// J1939_PGN_ADDRESS_CLAIMED and J1939_PGN_ADDRESS_COMMANDED are the
// network-management PGNs, J1939_PGN_PDU1_MAX and J1939_PGN_MAX the
// bounds; J1939_FILTER_MAX bounds SO_J1939_FILTER's array. From
// linux/can/j1939.h, whose values x/sys/unix lacks. Linux only.
const (
	J1939_NO_ADDR               = 255
	J1939_NO_NAME               = 0
	J1939_NO_PGN                = 0x40000
	J1939_IDLE_ADDR             = 254
	J1939_MAX_UNICAST_ADDR      = 253
	J1939_PGN_REQUEST           = 0xea00
	J1939_PGN_ADDRESS_CLAIMED   = 0xee00
	J1939_PGN_ADDRESS_COMMANDED = 0xfed8
	J1939_PGN_PDU1_MAX          = 0x3ff00
	J1939_PGN_MAX               = 0x3ffff
	J1939_FILTER_MAX            = 0x200
)

// Options of level SOL_CAN_J1939 (SO_J1939_FILTER, SO_J1939_PROMISC,
// SO_J1939_SEND_PRIO, SO_J1939_ERRQUEUE), the control messages a J1939
// socket receives (SCM_J1939_DEST_ADDR, SCM_J1939_DEST_NAME,
// SCM_J1939_PRIO, SCM_J1939_ERRQUEUE), and what an error-queue message
// carries: its kind (J1939_EE_INFO_NONE, J1939_EE_INFO_TX_ABORT) and its
// netlink attributes (J1939_NLA_PAD, J1939_NLA_BYTES_ACKED). From
// linux/can/j1939.h, whose values x/sys/unix lacks. Linux only.
const (
	SO_J1939_FILTER        = 1
	SO_J1939_PROMISC       = 2
	SO_J1939_SEND_PRIO     = 3
	SO_J1939_ERRQUEUE      = 4
	SCM_J1939_DEST_ADDR    = 1
	SCM_J1939_DEST_NAME    = 2
	SCM_J1939_PRIO         = 3
	SCM_J1939_ERRQUEUE     = 4
	J1939_EE_INFO_NONE     = 0
	J1939_EE_INFO_TX_ABORT = 1
	J1939_NLA_PAD          = 0
	J1939_NLA_BYTES_ACKED  = 1
)

// CANAddr returns the AF_CAN address (struct sockaddr_can) of the CAN
// interface with index ifindex, for CAN_RAW and CAN_BCM sockets: Python's
// (interface,) tuple, whose name IfNametoindex turns into the index ("vcan0"
// is CANAddr(IfNametoindex("vcan0"))). Index 0 binds to every CAN
// interface. An index outside 0..2147483647 gives the zero Addr. It makes
// no system call and does not allocate. Linux only.
func CANAddr(ifindex int) Addr {
	return canAddr(ifindex, [16]byte{})
}

// CANISOTPAddr returns the AF_CAN address (struct sockaddr_can with its
// can_addr.tp) of a CAN_ISOTP socket on interface ifindex, receiving
// frames with CAN ID rxID and sending with txID: Python's (interface,
// rx_id, tx_id) tuple. An index outside 0..2147483647 gives the zero
// Addr. It makes no system call and does not allocate. Linux only.
func CANISOTPAddr(ifindex int, rxID, txID uint32) Addr {
	var u [16]byte
	binary.NativeEndian.PutUint32(u[0:], rxID)
	binary.NativeEndian.PutUint32(u[4:], txID)
	return canAddr(ifindex, u)
}

// CANJ1939Addr returns the AF_CAN address (struct sockaddr_can with its
// can_addr.j1939) of a CAN_J1939 socket on interface ifindex: the 64-bit
// NAME of the ECU (J1939_NO_NAME for none), the parameter group number
// (J1939_NO_PGN) and the 8-bit address (J1939_NO_ADDR), Python's
// (interface, name, pgn, addr) tuple. An index outside 0..2147483647
// gives the zero Addr. It makes no system call and does not allocate.
// Linux only.
func CANJ1939Addr(ifindex int, name uint64, pgn uint32, addr uint8) Addr {
	var u [16]byte
	binary.NativeEndian.PutUint64(u[0:], name)
	binary.NativeEndian.PutUint32(u[8:], pgn)
	u[12] = addr
	return canAddr(ifindex, u)
}

// canAddr encodes a sockaddr_can, or returns the zero Addr for an index
// the struct's int cannot hold.
func canAddr(ifindex int, union [16]byte) Addr {
	var a Addr
	if ifindex < 0 || ifindex > math.MaxInt32 {
		return a
	}
	a.len = sockaddr.PutCAN(&a.raw, int32(ifindex), union)
	return a
}

// CAN returns the interface index of an AF_CAN address (struct
// sockaddr_can), the interface of Python's tuples (IfIndextoname gives
// its name); ok is false for another family or an address too short to
// hold the index. It makes no system call and does not allocate. Linux
// only.
func (a Addr) CAN() (ifindex int, ok bool) {
	if a.Family() != AF_CAN {
		return 0, false
	}
	i, _, ok := sockaddr.CAN(&a.raw, a.len)
	return int(i), ok
}

// CANISOTP returns the interface index and the receive and transmit CAN
// IDs of an AF_CAN address read as a CAN_ISOTP socket's (can_addr.tp of
// struct sockaddr_can), Python's (interface, rx_id, tx_id); ok is false
// for another family. The address does not say which CAN protocol it is
// for: read it as its socket's. It makes no system call and does not
// allocate. Linux only.
func (a Addr) CANISOTP() (ifindex int, rxID, txID uint32, ok bool) {
	if a.Family() != AF_CAN {
		return 0, 0, 0, false
	}
	i, u, ok := sockaddr.CAN(&a.raw, a.len)
	return int(i), binary.NativeEndian.Uint32(u[0:]), binary.NativeEndian.Uint32(u[4:]), ok
}

// CANJ1939 returns the interface index, NAME, PGN and address of an AF_CAN
// address read as a CAN_J1939 socket's (can_addr.j1939 of struct
// sockaddr_can), Python's (interface, name, pgn, addr); ok is false for
// another family. The address does not say which CAN protocol it is for:
// read it as its socket's. It makes no system call and does not allocate.
// Linux only.
func (a Addr) CANJ1939() (ifindex int, name uint64, pgn uint32, addr uint8, ok bool) {
	if a.Family() != AF_CAN {
		return 0, 0, 0, 0, false
	}
	i, u, ok := sockaddr.CAN(&a.raw, a.len)
	return int(i), binary.NativeEndian.Uint64(u[0:]), binary.NativeEndian.Uint32(u[8:]), u[12], ok
}
