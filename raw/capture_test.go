//go:build linux

package raw_test

import (
	"errors"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/raw"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// listenTCP returns a TCP listener on an ephemeral loopback port.
func listenTCP(t *testing.T) (*socket.Socket, socket.Addr) {
	t.Helper()
	ln, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	ln.SetTimeout(5 * time.Second)
	require.NoError(t, ln.Bind(socket.AddrFrom(netip.MustParseAddrPort("127.0.0.1:0"))))
	require.NoError(t, ln.Listen(8))
	a, err := ln.Getsockname()
	require.NoError(t, err)
	return ln, a
}

// captureLo opens a capture on lo that keeps what filter accepts and sees
// each frame once (lo sends and receives each: PACKET_IGNORE_OUTGOING
// drops the copy sent), with timeout on its reads, closed when t ends.
func captureLo(t testing.TB, filter []bpf.Instruction, timeout time.Duration) *raw.PacketConn {
	t.Helper()
	cap, err := raw.ListenPacket(raw.PacketConfig{Interface: "lo", IgnoreOutgoing: true, Filter: filter})
	require.NoError(t, err)
	t.Cleanup(func() { cap.Close() })
	cap.SetTimeout(timeout)
	return cap
}

// converse connects to addr, sends line, closes, and lets the server
// read it to the end and close: a handshake, one segment of data and a
// four-way close.
func converse(t *testing.T, ln *socket.Socket, addr socket.Addr, line string) {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		conn, _, err := ln.Accept()
		if err != nil {
			done <- err
			return
		}
		defer conn.Close()
		conn.SetTimeout(5 * time.Second)
		buf := make([]byte, 64)
		for {
			n, err := conn.Recv(buf, 0)
			if n == 0 || err != nil {
				done <- err // 0: the client's FIN arrived; now send ours
				return
			}
		}
	}()
	c, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	require.NoError(t, err)
	c.SetTimeout(5 * time.Second)
	require.NoError(t, c.Connect(addr))
	_, err = c.Sendall([]byte(line), 0)
	require.NoError(t, err)
	require.NoError(t, c.Shutdown(socket.SHUT_WR))
	require.NoError(t, <-done)
	// Wait for the server's FIN before closing, so that the close is the
	// orderly four-way one rather than a reset.
	_, err = c.Recv(make([]byte, 8), 0)
	require.NoError(t, err)
	require.NoError(t, c.Close())
}

// tcpdumpFlags returns tcpdump's flag string of a TCP packet ("S.").
func tcpdumpFlags(p *raw.Packet) string {
	line := string(p.AppendText(nil))
	i := strings.Index(line, "Flags [")
	return line[i+7 : i+7+strings.IndexByte(line[i+7:], ']')]
}

// Must-show 3: a capture on lo filtered by BPF for one TCP port sees that
// connection's handshake, data and four-way close in order, and nothing
// of the other connection, of UDP on the same port number, or twice.
func TestCaptureHandshakeOnLoopback(t *testing.T) {
	requireRoot(t)
	ln, addr := listenTCP(t)
	other, otherAddr := listenTCP(t)
	port := uint16(addr.Port())

	cap := captureLo(t, raw.PortFilter(raw.LinkEthernet, socket.IPPROTO_TCP, port), 300*time.Millisecond)
	assert.Equal(t, raw.LinkEthernet, cap.Link())

	// Traffic the filter must keep out: another TCP port, and UDP to the
	// same port number.
	converse(t, other, otherAddr, "noise\n")
	udp, _ := udpSocket(t, "127.0.0.1")
	_, err := udp.Sendto([]byte("udp noise"), 0, addr)
	require.NoError(t, err)
	converse(t, ln, addr, "hello\n")

	var flags []string
	var lines []string
	var p raw.Packet
	buf := make([]byte, 2048)
	for {
		n, from, err := cap.ReadPacket(buf)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			break // the conversation is over and nothing else matches
		}
		require.NoError(t, err)
		require.NoError(t, p.Decode(buf[:n], cap.Link()))
		lines = append(lines, string(p.AppendText(nil)))
		require.NotZero(t, p.Layers&raw.HasTCP, "the kernel passed only TCP: %s", lines[len(lines)-1])
		assert.True(t, p.TCP.SrcPort == port || p.TCP.DstPort == port, "only port %d: %s", port, lines[len(lines)-1])
		assert.Equal(t, uint8(unix.PACKET_HOST), from.PktType)
		assert.Equal(t, uint16(unix.ARPHRD_LOOPBACK), from.HAType)
		assert.Equal(t, cap.Ifindex(), from.Ifindex)
		if len(p.Payload) > 0 {
			assert.Equal(t, "hello\n", string(p.Payload))
		}
		flags = append(flags, tcpdumpFlags(&p))
	}
	t.Logf("captured:\n%s", strings.Join(lines, "\n"))
	assert.Equal(t, []string{"S", "S.", "."}, flags[:3], "the three-way handshake")
	assert.Subset(t, flags, []string{"P.", "F."})
	// In order: handshake, data, then both FINs, then the last ACK.
	want := []string{"S", "S.", ".", "P.", "F.", "F.", "."}
	i := 0
	for _, f := range flags {
		if i < len(want) && f == want[i] {
			i++
		}
	}
	assert.Equal(t, len(want), i, "the sequence %v holds %v in order", flags, want)

	st, err := cap.Stats()
	require.NoError(t, err)
	assert.Equal(t, uint32(len(flags)), st.Packets, "the kernel counted what the filter accepted")
	assert.Zero(t, st.Drops)
}

// The capture loop (receive, decode, format a line) allocates nothing
// per packet.
func TestCaptureLoopAllocs(t *testing.T) {
	requireRoot(t)
	rx, to := udpSocket(t, "127.0.0.1")
	cap := captureLo(t, raw.PortFilter(raw.LinkEthernet, socket.IPPROTO_UDP, uint16(to.Port())), 5*time.Second)
	loop := newCaptureLoop(cap)
	msg := []byte("ping")
	sink := make([]byte, 16)
	allocs := testing.AllocsPerRun(200, func() {
		rx.Sendto(msg, 0, to)
		rx.Recv(sink, 0)
		require.NoError(t, loop.next())
	})
	assert.Zero(t, allocs)
	assert.Contains(t, string(loop.line), "UDP, length 4")
}

func BenchmarkCaptureLoop(b *testing.B) {
	requireRoot(b)
	rx, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	require.NoError(b, err)
	defer rx.Close()
	require.NoError(b, rx.Bind(socket.AddrFrom(netip.MustParseAddrPort("127.0.0.1:0"))))
	to, _ := rx.Getsockname()
	cap := captureLo(b, raw.PortFilter(raw.LinkEthernet, socket.IPPROTO_UDP, uint16(to.Port())), 0)
	cap.SetBlocking(true)
	loop := newCaptureLoop(cap)
	msg, sink := make([]byte, 64), make([]byte, 64)
	b.ReportAllocs()
	for b.Loop() {
		rx.Sendto(msg, 0, to)
		rx.Recv(sink, 0)
		if err := loop.next(); err != nil {
			b.Fatal(err)
		}
	}
}

// captureLoop is a sniffer's loop body, as examples/sniff runs it: one
// frame read into a buffer of tcpdump's snapshot length, decoded, its TCP
// numbers made relative, and printed (-e's line too) into buffers reused
// for every packet.
type captureLoop struct {
	c    *raw.PacketConn
	buf  []byte
	line []byte
	p    raw.Packet
	seqs *raw.TCPSeqs
}

func newCaptureLoop(c *raw.PacketConn) *captureLoop {
	return &captureLoop{c: c, buf: make([]byte, 262144), line: make([]byte, 0, 256), seqs: new(raw.TCPSeqs)}
}

func (l *captureLoop) next() error {
	n, _, err := l.c.ReadPacket(l.buf)
	if err != nil {
		return err
	}
	if err := l.p.Decode(l.buf[:n], l.c.Link()); err != nil {
		return err
	}
	l.seqs.Relative(&l.p)
	l.line = l.p.AppendLinkText(l.line[:0])
	l.line = l.p.AppendText(l.line[:0])
	return nil
}

// Issue 25: PortFilter with protocol 0 is tcpdump's "port P": TCP and
// UDP to the port pass, another port does not.
func TestCapturePortTCPAndUDP(t *testing.T) {
	requireRoot(t)
	ln, addr := listenTCP(t)
	other, otherAddr := listenTCP(t)
	port := uint16(addr.Port())
	cap := captureLo(t, raw.PortFilter(raw.LinkEthernet, 0, port), 300*time.Millisecond)

	converse(t, other, otherAddr, "noise\n")
	udp, _ := udpSocket(t, "127.0.0.1")
	_, err := udp.Sendto([]byte("to the port"), 0, addr)
	require.NoError(t, err)
	_, err = udp.Sendto([]byte("elsewhere"), 0, otherAddr)
	require.NoError(t, err)
	converse(t, ln, addr, "hello\n")

	var p raw.Packet
	buf := make([]byte, 2048)
	var tcp, udps int
	for {
		n, _, err := cap.ReadPacket(buf)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			break
		}
		require.NoError(t, err)
		require.NoError(t, p.Decode(buf[:n], cap.Link()))
		switch {
		case p.Layers&raw.HasTCP != 0:
			assert.True(t, p.TCP.SrcPort == port || p.TCP.DstPort == port, "only port %d: %s", port, p.AppendText(nil))
			tcp++
		case p.Layers&raw.HasUDP != 0:
			assert.Equal(t, port, p.UDP.DstPort, "%s", p.AppendText(nil))
			udps++
		default:
			t.Errorf("neither TCP nor UDP: %s", p.AppendText(nil))
		}
	}
	assert.GreaterOrEqual(t, tcp, 7, "the handshake, the data and the close")
	assert.Equal(t, 1, udps, "the datagram to the port, and not the other")
}

// The capture loop allocates nothing on TCP either, where each segment
// goes through the sequence table: a connection on lo sends a byte each
// round, and the loop reads and prints that segment. The filter keeps
// only the segments to the server's port, so that the server's
// acknowledgments, which come when the kernel likes, leave exactly one
// frame a round.
func TestCaptureLoopAllocsTCP(t *testing.T) {
	requireRoot(t)
	ln, addr := listenTCP(t)
	toServer := []bpf.Instruction{
		bpf.LoadAbsolute{Off: 14 + 9, Size: 1}, // IPv4 protocol, after Ethernet
		bpf.JumpIf{Cond: bpf.JumpNotEqual, Val: unix.IPPROTO_TCP, SkipTrue: 3},
		bpf.LoadAbsolute{Off: 14 + 20 + 2, Size: 2}, // TCP destination port (no IPv4 options on lo)
		bpf.JumpIf{Cond: bpf.JumpNotEqual, Val: uint32(addr.Port()), SkipTrue: 1},
		bpf.RetConstant{Val: 262144},
		bpf.RetConstant{Val: 0},
	}
	cap := captureLo(t, toServer, 5*time.Second)
	c, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer c.Close()
	c.SetTimeout(5 * time.Second)
	require.NoError(t, c.SetsockoptInt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1))
	require.NoError(t, c.Connect(addr))
	srv, _, err := ln.Accept()
	require.NoError(t, err)
	defer srv.Close()
	srv.SetTimeout(5 * time.Second)

	loop := newCaptureLoop(cap)
	for range 2 { // the SYN and the handshake's last ACK
		require.NoError(t, loop.next())
	}
	msg, sink := []byte("x"), make([]byte, 16)
	allocs := testing.AllocsPerRun(200, func() {
		c.Send(msg, 0)
		srv.Recv(sink, 0)
		require.NoError(t, loop.next())
	})
	assert.Zero(t, allocs)
	// The filter hid the SYN-ACK, so the handshake's last ACK recorded
	// the connection, and the numbers count from it, as tcpdump's would
	// behind the same filter: the 201st byte (AllocsPerRun's warm-up
	// round included) is 200:201.
	assert.Contains(t, string(loop.line), "Flags [P.], seq 200:201, ack 1,")
}
