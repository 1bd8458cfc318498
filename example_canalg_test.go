//go:build linux

package socket_test

import (
	"fmt"

	"github.com/bsdsock/socket"
)

// A CAN frame is 16 bytes on the wire between a program and the kernel
// (struct can_frame), 72 for CAN FD: build one to Send on a CAN_RAW
// socket, and parse what Recv read.
func ExampleAppendCANFrame() {
	f := socket.CANFrame{ID: 0x123, Len: 3}
	copy(f.Data[:], "hi!")
	b, err := socket.AppendCANFrame(nil, f) // s.Send(b, 0) on a CAN_RAW socket
	if err != nil {
		fmt.Println(err)
		return
	}
	back, err := socket.ParseCANFrame(b) // b: n bytes of s.Recv(buf, 0)
	fmt.Println(len(b), err, fmt.Sprintf("%#x %q", back.ID, back.Payload()))

	fd := socket.CANFrame{ID: 0x1abcdef | socket.CAN_EFF_FLAG, Len: 12, FD: true, Flags: socket.CANFD_BRS}
	b, _ = socket.AppendCANFrame(nil, fd)
	fmt.Println(len(b), "bytes: a canfd_frame")
	_, err = socket.AppendCANFrame(nil, socket.CANFrame{Len: 12})
	fmt.Println(err)
	// Output:
	// 16 <nil> 0x123 "hi!"
	// 72 bytes: a canfd_frame
	// invalid CAN frame: length 12 over 8: invalid argument
}

// A CAN_RAW socket receives every frame of its interface until a filter
// says which: here the standard IDs 0x100 to 0x1ff, and everything but
// 0x7df. It needs a kernel with AF_CAN (can, can_raw), so it is not run
// as a test here (TestCANRawVcan is, where the kernel has vcan).
func ExampleSocket_SetCANRawFilter() {
	s, err := socket.New(socket.AF_CAN, socket.SOCK_RAW, socket.CAN_RAW)
	if err != nil {
		fmt.Println(err) // EAFNOSUPPORT: no AF_CAN in this kernel
		return
	}
	defer s.Close()
	err = s.SetCANRawFilter([]socket.CANFilter{
		{ID: 0x100, Mask: 0x700},
		{ID: 0x7df | socket.CAN_INV_FILTER, Mask: socket.CAN_SFF_MASK},
	})
	if err != nil {
		fmt.Println(err)
	}
}

// Python's sendmsg_afalg(op=ALG_OP_ENCRYPT, iv=iv) is Sendmsg with two
// control messages, built in one buffer without allocating when it has
// room: an operation socket of "skcipher" "cbc(aes)" then encrypts the
// data (op, _, _ := alg.Accept(); op.Sendmsg(plain, oob, 0, socket.Addr{})).
func ExampleAppendALGOp() {
	iv := make([]byte, 16)
	oob := make([]byte, 0, socket.CmsgSpace(4)+socket.CmsgSpace(4+len(iv)))
	oob = socket.AppendALGOp(oob, socket.ALG_OP_ENCRYPT)
	oob, err := socket.AppendALGIV(oob, iv)
	if err != nil {
		fmt.Println(err)
		return
	}
	for b := oob; len(b) > 0; {
		c, rest, _ := socket.NextCmsg(b)
		fmt.Println(c.Level == socket.SOL_ALG, c.Type, len(c.Data))
		b = rest
	}
	// Output:
	// true 3 4
	// true 2 20
}
