//go:build linux

package examples_test

import (
	"bytes"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/examples/internal/runtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUDPServer sends udp-server, on the dual-stack wildcard address, a
// GSO burst over IPv4 and another over IPv6, and single datagrams: each
// burst comes back as the datagrams it was, from the address it went to,
// and the server saw each burst as one GRO buffer.
func TestUDPServer(t *testing.T) {
	srv := startServer(t, runtest.Build(t, "./udp-server"), "-addr", ":0", "-n", "10")
	require.True(t, strings.HasPrefix(srv.addr, "[::]:"), srv.addr)
	port := netip.MustParseAddrPort(srv.addr).Port()

	// exchange sends segments datagrams of 100 bytes to host in one GSO
	// send, marked with the ECN codepoint ecn, and checks each echo: its
	// bytes, that it comes from the address written to, and its ECN
	// mark (ECT(0) for an ECN-capable datagram).
	exchange := func(family socket.Family, host string, segments int, ecn byte) {
		c, err := socket.New(family, socket.SOCK_DGRAM, 0)
		require.NoError(t, err)
		defer c.Close()
		c.SetTimeout(5 * time.Second)
		if family == socket.AF_INET6 {
			require.NoError(t, c.SetTrafficClass(int(ecn)))
			require.NoError(t, c.SetRecvTrafficClass(true))
		} else {
			require.NoError(t, c.SetTOS(int(ecn)))
			require.NoError(t, c.SetRecvTOS(true))
		}
		to := socket.AddrFrom(netip.AddrPortFrom(netip.MustParseAddr(host), port))
		msg := bytes.Repeat([]byte("0123456789"), 10*segments) // segments of 100 bytes
		var oob []byte
		if segments > 1 {
			oob = socket.AppendUDPSegment(nil, 100)
		}
		_, err = c.Sendmsg(msg, oob, 0, to)
		require.NoError(t, err)
		buf, roob := make([]byte, 200), make([]byte, 64)
		for i := range segments {
			m, err := c.Recvmsg(buf, roob, 0)
			require.NoError(t, err, "echo %d of %d from %s", i+1, segments, host)
			assert.Equal(t, msg[i*100:(i+1)*100], buf[:m.N])
			assert.Equal(t, to, m.From, "the echo comes from the address the client wrote to")
			ci, err := socket.ParseControl(roob[:m.OOBN])
			require.NoError(t, err)
			mark := ci.TOS
			if family == socket.AF_INET6 {
				mark = ci.TrafficClass
			}
			want := socket.INET_ECN_NOT_ECT
			if ecn != socket.INET_ECN_NOT_ECT {
				want = socket.INET_ECN_ECT_0
			}
			assert.Equal(t, want, mark&socket.INET_ECN_MASK, "the echo's ECN mark")
		}
	}
	exchange(socket.AF_INET, "127.0.0.1", 4, socket.INET_ECN_ECT_1)
	exchange(socket.AF_INET6, "::1", 4, socket.INET_ECN_ECT_0)
	// 127.0.0.2 is on lo too, but the route back to the client picks
	// 127.0.0.1: only packet info makes the echo leave from 127.0.0.2.
	exchange(socket.AF_INET, "127.0.0.2", 1, socket.INET_ECN_NOT_ECT)
	exchange(socket.AF_INET6, "::1", 1, socket.INET_ECN_CE)

	out := srv.wait(t)
	assert.Regexp(t, `from \[::1\]:\d+ to ::1: socket \d+ \(cpu \d+\), 4 datagram\(s\) in one buffer, ECN ECT\(0\)`, out)
	assert.Regexp(t, `from \[::ffff:127\.0\.0\.1\]:\d+ to 127\.0\.0\.1: socket \d+ \(cpu \d+\), 4 datagram\(s\) in one buffer, ECN ECT\(1\)`, out)
	assert.Regexp(t, `to 127\.0\.0\.2: socket \d+ \(cpu \d+\), 1 datagram\(s\) in one buffer, ECN Not-ECT`, out)
	assert.Regexp(t, `to ::1: socket \d+ \(cpu \d+\), 1 datagram\(s\) in one buffer, ECN CE`, out)
	assert.Equal(t, 4, strings.Count(out, "\n"), "a line per buffer: two bursts, two single datagrams\n%s", out)
}
