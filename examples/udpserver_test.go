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

	exchange := func(family socket.Family, host string, segments int) {
		c, err := socket.New(family, socket.SOCK_DGRAM, 0)
		require.NoError(t, err)
		defer c.Close()
		c.SetTimeout(5 * time.Second)
		to := socket.AddrFrom(netip.AddrPortFrom(netip.MustParseAddr(host), port))
		msg := bytes.Repeat([]byte("0123456789"), 10*segments) // segments of 100 bytes
		var oob []byte
		if segments > 1 {
			oob = socket.AppendUDPSegment(nil, 100)
		}
		_, err = c.Sendmsg(msg, oob, 0, to)
		require.NoError(t, err)
		buf := make([]byte, 200)
		for i := range segments {
			n, from, err := c.Recvfrom(buf, 0)
			require.NoError(t, err, "echo %d of %d from %s", i+1, segments, host)
			assert.Equal(t, msg[i*100:(i+1)*100], buf[:n])
			assert.Equal(t, to, from, "the echo comes from the address the client wrote to")
		}
	}
	exchange(socket.AF_INET, "127.0.0.1", 4)
	exchange(socket.AF_INET6, "::1", 4)
	exchange(socket.AF_INET, "127.0.0.1", 1)
	exchange(socket.AF_INET6, "::1", 1)

	out := srv.wait(t)
	assert.Regexp(t, `from \[::1\]:\d+ to ::1: socket \d+ \(cpu \d+\), 4 datagram\(s\) in one buffer`, out)
	assert.Regexp(t, `from \[::ffff:127\.0\.0\.1\]:\d+ to 127\.0\.0\.1: socket \d+ \(cpu \d+\), 4 datagram\(s\) in one buffer`, out)
	assert.Equal(t, 4, strings.Count(out, "\n"), "a line per buffer: two bursts, two single datagrams\n%s", out)
}
