package socket

import (
	"context"
	"errors"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// errStop ends a Dialer or ListenConfig call in Control, after the address
// was read and before any bind or connect: the table below asks only
// whether the text was taken.
var errStop = errors.New("stopped before bind and connect")

// refused reports whether a call turned the address text down: an
// *ArgError, or a failed name or service lookup. Any other error (the
// Control stop, a refused connect) means the text was taken.
func refused(err error) bool {
	var ae *ArgError
	var gai *AddrInfoError
	return errors.As(err, &ae) || errors.As(err, &gai)
}

// TestHostPortAgreement: the same text is taken or refused alike by every
// call that reads host:port. numeric is the verdict of the calls that
// resolve no names (ParseAddr, ListenConfig), named that of those that do
// (Dialer, CreateServer, CreateConnection); they differ only on names.
func TestHostPortAgreement(t *testing.T) {
	p := strconv.Itoa(closedPort(t).Port())
	for _, tc := range []struct {
		in             string
		family         Family // CreateServer's
		numeric, named bool   // taken?
		errno          unix.Errno
	}{
		{"127.0.0.1:" + p, AF_INET, true, true, 0},
		{"127.0.0.1:0" + p, AF_INET, true, true, 0}, // leading zero: net, netip and strtoul take it
		{"127.0.0.1:", AF_INET, true, true, 0},      // empty port is 0, as in net.Dial
		{"[::1]:" + p, AF_INET6, true, true, 0},
		{"[::1%lo]:" + p, AF_INET6, true, true, 0},
		{"[127.0.0.1]:" + p, AF_INET, true, true, 0}, // net.SplitHostPort takes brackets around IPv4
		{":" + p, AF_INET, true, true, 0},
		{"127.0.0.1:+" + p, AF_INET, false, false, unix.EINVAL}, // net and strtoul skip the sign
		{"127.0.0.1: " + p, AF_INET, false, false, unix.EINVAL},
		{"127.0.0.1:-1", AF_INET, false, false, unix.EINVAL},
		{"127.0.0.1:65536", AF_INET, false, false, unix.EINVAL}, // glibc would use 0
		{"127.0.0.1:99999999999999999999", AF_INET, false, false, unix.EINVAL},
		{"[::1%nosuchif0]:" + p, AF_INET6, false, false, unix.ENXIO},
		{"::1:" + p, AF_INET6, false, false, unix.EINVAL},
		{"127.0.0.1", AF_INET, false, false, unix.EINVAL},
		{"127.0.0.1:1:2", AF_INET, false, false, unix.EINVAL},
		{"", AF_INET, false, false, unix.EINVAL},
		{"127.0.0.1:echo", AF_INET, false, true, 0},
		{"localhost:" + p, AF_INET, false, true, 0},
		{"127.0.0.1:no-such-service", AF_INET, false, false, 0},
	} {
		ctx := context.Background()
		verdicts := map[string]error{}
		a, err := ParseAddr(tc.in)
		verdicts["ParseAddr"] = err
		if err == nil {
			assert.False(t, a.IsZero(), tc.in)
		}
		_, err = (&ListenConfig{Control: func(*Socket) error { return errStop }}).ListenSocket(ctx, "tcp", tc.in)
		verdicts["ListenConfig"] = err
		_, err = (&Dialer{Control: func(*Socket) error { return errStop }}).DialSocket(ctx, "tcp", tc.in)
		verdicts["Dialer"] = err
		c, err := CreateConnection(ctx, tc.in, time.Second, Addr{})
		verdicts["CreateConnection"] = err
		if err == nil {
			c.Close()
		}
		// An empty host would bind the wildcard address: tests bind loopback only.
		if tc.in != ":"+p {
			s, err := CreateServer(tc.in, WithFamily(tc.family))
			verdicts["CreateServer"] = err
			if err == nil {
				s.Close()
			}
		}
		for call, err := range verdicts {
			want := tc.named
			if call == "ParseAddr" || call == "ListenConfig" {
				want = tc.numeric
			}
			assert.Equal(t, !want, refused(err), "%s(%q): %v", call, tc.in, err)
			if !want && tc.errno != 0 {
				assert.ErrorIs(t, err, tc.errno, "%s(%q)", call, tc.in)
				var ae *ArgError
				assert.ErrorAs(t, err, &ae, "%s(%q)", call, tc.in)
			}
			if err != nil && refused(err) && call != "ParseAddr" {
				var oe *net.OpError
				assert.ErrorAs(t, err, &oe, "%s(%q): the operation is named", call, tc.in)
			}
		}
	}
}

// TestParseAddrMatchesListen: what ParseAddr gives is the address
// ListenConfig binds for the same text on tcp4 or tcp6.
func TestParseAddrMatchesListen(t *testing.T) {
	for _, in := range []string{"127.0.0.1:0", "127.0.0.1:", "[::1]:0", "[::1%lo]:0", "[127.0.0.1]:0"} {
		a, err := ParseAddr(in)
		require.NoError(t, err, in)
		network := "tcp4"
		if a.Family() == AF_INET6 {
			network = "tcp6"
		}
		lt, err := listenTarget(network, in)
		require.NoError(t, err, in)
		assert.Equal(t, a, lt.addr, in)
	}
}
