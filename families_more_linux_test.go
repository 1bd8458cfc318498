package socket

import (
	"encoding/binary"
	"testing"

	"github.com/bsdsock/socket/internal/cstruct"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// Every family's addresses, checked byte by byte against the C structs of
// the system's headers and x/sys/unix's Raw* structs, and read back: the
// only check for the families this kernel lacks (AF_CAN, AF_ALG, AF_TIPC,
// AF_QIPCRTR).

// familyCases are an address of each kind, the C statements that build
// the same struct in v, and the x/sys/unix struct's bytes where it has one.
func familyCases() []struct {
	name string
	addr Addr
	c    string
	xsys []byte
} {
	nl := unix.RawSockaddrNetlink{Family: unix.AF_NETLINK, Pid: 0x01020304, Groups: 0x0a0b0c0d}
	vm := unix.RawSockaddrVM{Family: unix.AF_VSOCK, Cid: VMADDR_CID_HOST, Port: 0x01020304}
	canRaw := unix.RawSockaddrCAN{Family: unix.AF_CAN, Ifindex: 3}
	isotp := canRaw
	binary.NativeEndian.PutUint32(isotp.Addr[0:], 0x123)
	binary.NativeEndian.PutUint32(isotp.Addr[4:], 0x80000456)
	j1939 := canRaw
	binary.NativeEndian.PutUint64(j1939.Addr[0:], 0x0102030405060708)
	binary.NativeEndian.PutUint32(j1939.Addr[8:], J1939_PGN_REQUEST)
	j1939.Addr[12] = 0x80
	alg := unix.RawSockaddrALG{Family: unix.AF_ALG, Feat: 1, Mask: 2}
	copy(alg.Type[:], "hash")
	copy(alg.Name[:], "sha256")
	tipcName := unix.RawSockaddrTIPC{Family: unix.AF_TIPC, Addrtype: TIPC_ADDR_NAME, Scope: TIPC_CLUSTER_SCOPE}
	binary.NativeEndian.PutUint32(tipcName.Addr[0:], 1000)
	binary.NativeEndian.PutUint32(tipcName.Addr[4:], 7)
	binary.NativeEndian.PutUint32(tipcName.Addr[8:], 9)
	tipcID := unix.RawSockaddrTIPC{Family: unix.AF_TIPC, Addrtype: TIPC_ADDR_ID, Scope: TIPC_NODE_SCOPE}
	binary.NativeEndian.PutUint32(tipcID.Addr[0:], 42) // ref
	binary.NativeEndian.PutUint32(tipcID.Addr[4:], 17) // node
	algAddr, err := ALGAddr("hash", "sha256", 1, 2)
	if err != nil {
		panic(err)
	}
	return []struct {
		name string
		addr Addr
		c    string
		xsys []byte
	}{
		{"netlink", NetlinkAddr(0x01020304, 0x0a0b0c0d), `struct sockaddr_nl v; memset(&v, 0, sizeof v); v.nl_family = AF_NETLINK;
			v.nl_pid = 0x01020304; v.nl_groups = 0x0a0b0c0d;`, rawBytes(&nl)},
		{"vsock", VsockAddr(VMADDR_CID_HOST, 0x01020304), `struct sockaddr_vm v; memset(&v, 0, sizeof v); v.svm_family = AF_VSOCK;
			v.svm_cid = VMADDR_CID_HOST; v.svm_port = 0x01020304;`, rawBytes(&vm)},
		{"CAN", CANAddr(3), `struct sockaddr_can v; memset(&v, 0, sizeof v); v.can_family = AF_CAN; v.can_ifindex = 3;`, rawBytes(&canRaw)},
		{"ISO-TP", CANISOTPAddr(3, 0x123, 0x80000456), `struct sockaddr_can v; memset(&v, 0, sizeof v); v.can_family = AF_CAN; v.can_ifindex = 3;
			v.can_addr.tp.rx_id = 0x123; v.can_addr.tp.tx_id = 0x80000456;`, rawBytes(&isotp)},
		{"J1939", CANJ1939Addr(3, 0x0102030405060708, J1939_PGN_REQUEST, 0x80), `struct sockaddr_can v; memset(&v, 0, sizeof v); v.can_family = AF_CAN; v.can_ifindex = 3;
			v.can_addr.j1939.name = 0x0102030405060708ULL; v.can_addr.j1939.pgn = J1939_PGN_REQUEST; v.can_addr.j1939.addr = 0x80;`, rawBytes(&j1939)},
		{"ALG", algAddr, `struct sockaddr_alg v; memset(&v, 0, sizeof v); v.salg_family = AF_ALG;
			strcpy((char *)v.salg_type, "hash"); strcpy((char *)v.salg_name, "sha256"); v.salg_feat = 1; v.salg_mask = 2;`, rawBytes(&alg)},
		{"TIPC name", TIPCAddr(TIPC_ADDR_NAME, 1000, 7, 9, TIPC_CLUSTER_SCOPE), `struct sockaddr_tipc v; memset(&v, 0, sizeof v); v.family = AF_TIPC;
			v.addrtype = TIPC_ADDR_NAME; v.scope = TIPC_CLUSTER_SCOPE; v.addr.name.name.type = 1000; v.addr.name.name.instance = 7; v.addr.name.domain = 9;`, rawBytes(&tipcName)},
		{"TIPC id", TIPCAddr(TIPC_ADDR_ID, 17, 42, 0, TIPC_NODE_SCOPE), `struct sockaddr_tipc v; memset(&v, 0, sizeof v); v.family = AF_TIPC;
			v.addrtype = TIPC_ADDR_ID; v.scope = TIPC_NODE_SCOPE; v.addr.id.node = 17; v.addr.id.ref = 42;`, rawBytes(&tipcID)},
		{"QIPCRTR", QIPCRTRAddr(5, 0xfffffffe), `struct sockaddr_qrtr v; memset(&v, 0, sizeof v); v.sq_family = AF_QIPCRTR; v.sq_node = 5; v.sq_port = 0xfffffffe;`, nil},
	}
}

// TestFamilyAddrBytes compares the bytes of each family's Addr with the C
// struct the kernel defines and with x/sys/unix's.
func TestFamilyAddrBytes(t *testing.T) {
	cases := familyCases()
	for _, tc := range cases {
		if tc.xsys != nil {
			assert.Equal(t, tc.xsys, tc.addr.Raw(), "%s: x/sys/unix's struct", tc.name)
		}
		back, err := AddrFromRaw(tc.addr.Raw())
		require.NoError(t, err)
		assert.True(t, back == tc.addr, "%s: back from its bytes", tc.name)
	}
	var body string
	for _, tc := range cases {
		body += "\t{ " + tc.c + " dump(&v, sizeof v); }\n"
	}
	c := cstruct.Bytes(t, []string{"linux/netlink.h", "linux/vm_sockets.h", "linux/can.h", "linux/can/j1939.h", "linux/if_alg.h", "linux/tipc.h", "linux/qrtr.h"}, body)
	require.Len(t, c, len(cases))
	for i, tc := range cases {
		assert.Equal(t, c[i], tc.addr.Raw(), "%s: the C struct", tc.name)
	}
}

// TestFamilyAddrAccessors reads each family's fields back, in Python's
// order, and prints the tuples as Python does.
func TestFamilyAddrAccessors(t *testing.T) {
	ifindex, ok := CANAddr(3).CAN()
	assert.True(t, ok)
	assert.Equal(t, 3, ifindex)
	assert.Equal(t, "('',)", CANAddr(0).String(), "index 0, any interface")
	assert.Equal(t, Addr{}, CANAddr(-1), "an index the C int cannot hold")

	i, rx, tx, ok := CANISOTPAddr(3, 0x123, 0x456).CANISOTP()
	assert.True(t, ok)
	assert.Equal(t, []any{3, uint32(0x123), uint32(0x456)}, []any{i, rx, tx})

	i, name, pgn, addr, ok := CANJ1939Addr(4, J1939_NO_NAME, J1939_NO_PGN, J1939_NO_ADDR).CANJ1939()
	assert.True(t, ok)
	assert.Equal(t, []any{4, uint64(J1939_NO_NAME), uint32(J1939_NO_PGN), uint8(J1939_NO_ADDR)}, []any{i, name, pgn, addr})

	// The kernel's getsockname of CAN_RAW returns only family and index
	// (8 bytes): the union reads as zeros.
	short, err := AddrFromRaw(CANISOTPAddr(3, 1, 2).Raw()[:8])
	require.NoError(t, err)
	i, rx, tx, ok = short.CANISOTP()
	assert.True(t, ok)
	assert.Equal(t, []any{3, uint32(0), uint32(0)}, []any{i, rx, tx})

	a, err := ALGAddr("skcipher", "cbc(aes)", 0, 0)
	require.NoError(t, err)
	typ, nm, _, _, ok := a.ALG()
	assert.True(t, ok)
	assert.Equal(t, []string{"skcipher", "cbc(aes)"}, []string{typ, nm})
	assert.Equal(t, "('skcipher', 'cbc(aes)')", a.String())
	_, err = ALGAddr("hash", string(make([]byte, 64)), 0, 0)
	assert.ErrorIs(t, err, unix.ENAMETOOLONG)
	_, err = ALGAddr("0123456789abcd", "x", 0, 0)
	assert.ErrorIs(t, err, unix.ENAMETOOLONG)

	at, v1, v2, v3, scope, ok := TIPCAddr(TIPC_ADDR_ID, 17, 42, 0, TIPC_NODE_SCOPE).TIPC()
	assert.True(t, ok)
	assert.Equal(t, []any{uint8(TIPC_ADDR_ID), uint32(17), uint32(42), uint32(0), int8(TIPC_NODE_SCOPE)}, []any{at, v1, v2, v3, scope})
	assert.Equal(t, "(1, 1000, 1, 5, 2)", TIPCAddr(TIPC_ADDR_NAMESEQ, 1000, 1, 5, TIPC_CLUSTER_SCOPE).String())

	node, port, ok := QIPCRTRAddr(5, 6).QIPCRTR()
	assert.True(t, ok)
	assert.Equal(t, []uint32{5, 6}, []uint32{node, port})
	assert.Equal(t, "(5, 6)", QIPCRTRAddr(5, 6).String())

	_, ok = NetlinkAddr(1, 2).CAN()
	assert.False(t, ok, "a netlink address is no CAN address")

	allocs := testing.AllocsPerRun(100, func() {
		_, _ = CANAddr(1).CAN()
		_, _, _, _ = CANISOTPAddr(1, 2, 3).CANISOTP()
		_, _, _, _, _ = CANJ1939Addr(1, 2, 3, 4).CANJ1939()
		_, _, _, _, _, _ = TIPCAddr(TIPC_ADDR_NAME, 1, 2, 3, 2).TIPC()
		_, _, _ = QIPCRTRAddr(1, 2).QIPCRTR()
		_, _ = ALGAddr("hash", "sha256", 0, 0)
	})
	assert.Zero(t, allocs, "the constructors and accessors (but ALG's strings)")
}
