//go:build linux

// Command latency shows where the time of a UDP round trip goes, message
// by message, from the kernel's own timestamps beside what the program
// sees:
//
//	go run ./examples/latency [-n 5] [-size 64] [-6]
//
// A client and an echo server run on loopback. The client asks the kernel
// to stamp each datagram as it leaves for the device (SO_TIMESTAMPING with
// SOF_TIMESTAMPING_TX_SOFTWARE: the stamp comes back on the socket's error
// queue, read with RecvErrQueue, and SOF_TIMESTAMPING_OPT_ID names the
// send it belongs to) and as each arrives (SOF_TIMESTAMPING_RX_SOFTWARE: a
// control message with the datagram, decoded by ParseControl). The server
// stamps the same way and puts its two stamps in the reply. All four
// stamps come from one clock, so each leg is a difference:
//
//	send   the client's Send until the datagram left for the device
//	out    left the client until it reached the server's socket
//	server reached the server until the reply left: its wake-up and turnaround
//	back   left the server until it reached the client's socket
//	wake   reached the client until Recv returned: the scheduler's part
//
// The user-space round trip is their sum; the kernel's (left to reached)
// leaves out the two ends, where a busy machine's latency mostly goes.
package main

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/bsdsock/socket"
)

// The stamping each side asks for: software stamps of both directions,
// sends numbered, and the transmit stamp queued without the datagram.
const stamping = socket.SOF_TIMESTAMPING_TX_SOFTWARE | socket.SOF_TIMESTAMPING_RX_SOFTWARE |
	socket.SOF_TIMESTAMPING_SOFTWARE | socket.SOF_TIMESTAMPING_OPT_ID | socket.SOF_TIMESTAMPING_OPT_TSONLY

func main() {
	count := flag.Int("n", 5, "send `N` messages")
	size := flag.Int("size", 64, "datagram size in `bytes` (at least 32)")
	inet6 := flag.Bool("6", false, "use ::1 rather than 127.0.0.1")
	flag.Parse()
	if *count < 1 || *size < 32 || *size > 65507 {
		fmt.Fprintln(os.Stderr, "latency: -n must be at least 1 and -size 32..65507")
		os.Exit(2)
	}
	fam, host := socket.AF_INET, "127.0.0.1:0"
	if *inet6 {
		fam, host = socket.AF_INET6, "[::1]:0"
	}
	srv, cli := open(fam, host), open(fam, host)
	defer srv.Close()
	defer cli.Close()
	srvAddr, err := srv.Getsockname()
	check(err)
	check(cli.Connect(srvAddr))
	go serve(srv, *size)

	fmt.Printf("%d-byte UDP round trips on %v, times in µs\n", *size, srvAddr)
	fmt.Println("  #     user   kernel |   send    out server   back   wake")
	msg, reply, oob := make([]byte, *size), make([]byte, *size), make([]byte, 256)
	// The kernel turns receive stamping on for the whole system from a
	// work queue: the first datagrams may come unstamped. Warm it up.
	ids := uint32(0)
	for ; ; ids++ {
		_, _, err := roundTrip(cli, msg, reply, oob)
		if err == nil {
			break
		}
		if !errors.Is(err, errNoStamp) || ids == 100 {
			log.Fatal(err)
		}
		time.Sleep(time.Millisecond)
	}
	ids++
	for i := 1; i <= *count; i, ids = i+1, ids+1 {
		t, id, err := roundTrip(cli, msg, reply, oob)
		if errors.Is(err, errNoStamp) {
			fmt.Printf("%3d %8s  %v\n", i, us(t.userDone.Sub(t.userSend)), err)
			continue
		}
		check(err)
		if id != ids {
			log.Fatalf("the transmit stamp names send %d, want %d", id, ids)
		}
		fmt.Printf("%3d %8s %8s | %6s %6s %6s %6s %6s\n", i,
			us(t.userDone.Sub(t.userSend)), us(t.cliRecv.Sub(t.cliSent)),
			us(t.cliSent.Sub(t.userSend)), us(t.srvRecv.Sub(t.cliSent)), us(t.srvSent.Sub(t.srvRecv)),
			us(t.cliRecv.Sub(t.srvSent)), us(t.userDone.Sub(t.cliRecv)))
		time.Sleep(10 * time.Millisecond)
	}
}

// open returns a UDP socket bound on loopback with stamping on, waiting at
// most 5 s in each call.
func open(fam socket.Family, host string) *socket.Socket {
	s, err := socket.New(fam, socket.SOCK_DGRAM, 0)
	check(err)
	addr, err := socket.ParseAddr(host)
	check(err)
	check(s.Bind(addr))
	check(s.SetTimestamping(stamping)) // setsockopt(SOL_SOCKET, SO_TIMESTAMPING)
	s.SetTimeout(5 * time.Second)
	return s
}

// times are one round trip's moments: the user's on either side of the
// calls, the kernel's stamps of each end.
type times struct {
	userSend, userDone time.Time
	cliSent, cliRecv   time.Time // the client's transmit and receive stamps
	srvRecv, srvSent   time.Time // the server's, carried back in the reply
}

// roundTrip sends msg, reads its transmit stamp from the error queue and
// the reply with its receive stamp, and returns the times and the id the
// kernel gave the send.
func roundTrip(cli *socket.Socket, msg, reply, oob []byte) (t times, id uint32, err error) {
	// Round(0) drops the monotonic reading: the kernel's stamps are
	// wall-clock times (CLOCK_REALTIME), and every leg must be measured
	// on that one clock for the legs to add up to the round trip.
	t.userSend = time.Now().Round(0)
	if _, err = cli.Send(msg, 0); err != nil { // send(2)
		return t, 0, err
	}
	_, _, ci, err := recvStamped(cli, reply, oob) // recvmsg(2): the echo, and its stamp
	t.userDone = time.Now().Round(0)
	if err != nil {
		return t, 0, err
	}
	t.cliRecv = ci.Timestamping.Software
	// The server's stamps come after the echo, which cannot carry its
	// own transmit stamp: the kernel takes it as the echo leaves.
	n, err := cli.Recv(reply, 0)
	if err != nil {
		return t, 0, err
	}
	if n != 32 {
		return t, 0, fmt.Errorf("server report of %d bytes", n)
	}
	t.srvRecv, t.srvSent = stampAt(reply), stampAt(reply[16:])
	// The transmit stamp was queued when the datagram left, long before
	// the reply came: recvmsg(2) with MSG_ERRQUEUE finds it at once.
	e, err := cli.RecvErrQueue(nil, oob, 0)
	if err != nil {
		return t, 0, err
	}
	_, id, ok := e.Err.Timestamp()
	if !ok {
		return t, 0, e.Err
	}
	t.cliSent = e.Timestamping.Software
	for _, ts := range [...]time.Time{t.cliSent, t.cliRecv, t.srvRecv, t.srvSent} {
		if ts.IsZero() {
			return t, id, errNoStamp
		}
	}
	return t, id, nil
}

// errNoStamp is a round trip with a kernel timestamp missing.
var errNoStamp = errors.New("a timestamp is missing")

// serve echoes each datagram, then sends the kernel's stamps of the
// datagram's arrival and of the echo's departure in a report of 32 bytes.
func serve(s *socket.Socket, size int) {
	buf, oob, report := make([]byte, size), make([]byte, 256), make([]byte, 32)
	s.SetTimeout(-1)
	for {
		n, from, ci, err := recvStamped(s, buf, oob)
		if err != nil {
			return
		}
		sent, err := sendStamped(s, buf[:n], from, oob)
		if err != nil {
			return
		}
		putStamp(report, ci.Timestamping.Software)
		putStamp(report[16:], sent)
		if _, err := sendStamped(s, report, from, oob); err != nil {
			return
		}
	}
}

// recvStamped receives a datagram and its receive stamp.
func recvStamped(s *socket.Socket, buf, oob []byte) (int, socket.Addr, socket.ControlInfo, error) {
	m, err := s.Recvmsg(buf, oob, 0)
	if err != nil {
		return 0, socket.Addr{}, socket.ControlInfo{}, err
	}
	ci, err := socket.ParseControl(oob[:m.OOBN])
	return m.N, m.From, ci, err
}

// sendStamped sends b to to and returns the kernel's transmit stamp, read
// from the error queue: it was queued as the datagram left, so
// recvmsg(2) with MSG_ERRQUEUE finds it at once.
func sendStamped(s *socket.Socket, b []byte, to socket.Addr, oob []byte) (time.Time, error) {
	if _, err := s.Sendto(b, 0, to); err != nil {
		return time.Time{}, err
	}
	e, err := s.RecvErrQueue(nil, oob, 0)
	return e.Timestamping.Software, err
}

// putStamp and stampAt carry a time in 16 bytes of a datagram.
func putStamp(b []byte, t time.Time) {
	binary.BigEndian.PutUint64(b, uint64(t.Unix()))
	binary.BigEndian.PutUint64(b[8:], uint64(t.Nanosecond()))
}

func stampAt(b []byte) time.Time {
	return time.Unix(int64(binary.BigEndian.Uint64(b)), int64(binary.BigEndian.Uint64(b[8:])))
}

// us formats d in microseconds with one decimal.
func us(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Nanoseconds())/1e3) }

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
