package raw_test

import (
	"math"
	"testing"
	"time"

	"github.com/bsdsock/socket/raw"
	"github.com/stretchr/testify/assert"
	"golang.org/x/net/icmp"
	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
)

// Issue 25: the statistics iputils prints, from the counts and RTTs, and
// nothing divides by zero when no request was sent (ping -c 0 panicked).
func TestPingStats(t *testing.T) {
	var zero raw.PingStats
	assert.Equal(t, 0.0, zero.Loss())
	lo, avg, hi, mdev := zero.RTT()
	assert.Zero(t, lo+avg+hi+mdev)
	assert.Equal(t, "0 packets transmitted, 0 received\n", zero.Summary(0))

	echo := func(ms float64) raw.Reply {
		return raw.Reply{Type: ipv4.ICMPTypeEchoReply, RTT: time.Duration(ms * float64(time.Millisecond))}
	}
	var s raw.PingStats
	s.Add(echo(0.018), true)
	s.Add(echo(0.034), true)
	assert.Equal(t, "2 packets transmitted, 2 received, 0% packet loss, time 204ms\n"+
		"rtt min/avg/max/mdev = 0.018/0.026/0.034/0.008 ms\n", s.Summary(204*time.Millisecond), "iputils' lines for the same RTTs")
	s.Add(raw.Reply{}, false)
	s.Add(raw.Reply{Type: ipv4.ICMPTypeDestinationUnreachable, Code: 1}, true)
	assert.Equal(t, 4, s.Transmitted)
	assert.Equal(t, 2, s.Received)
	assert.Equal(t, 1, s.Errors)
	assert.Contains(t, s.Summary(time.Second), "4 packets transmitted, 2 received, +1 errors, 50% packet loss, time 1000ms\n")

	// mdev as iputils computes it, in whole microseconds: for these
	// RTTs (Σx = 572, Σx² = 61880) (61880 - 572²/6)/6 = 1225, whose
	// square root is 35, where the exact variance, 1224.89, gives 34.
	var dev raw.PingStats
	for _, us := range []int{89, 112, 113, 26, 93, 139} {
		dev.Add(raw.Reply{Type: ipv4.ICMPTypeEchoReply, RTT: time.Duration(us) * time.Microsecond}, true)
	}
	assert.Contains(t, dev.Summary(time.Second), "rtt min/avg/max/mdev = 0.026/0.095/0.139/0.035 ms\n", "iputils' integer mdev")

	assert.Contains(t, dev.Summary(2003500*time.Microsecond), ", time 2004ms\n", "iputils rounds the time to the millisecond")
	assert.Contains(t, dev.Summary(2003499*time.Microsecond), ", time 2003ms\n")

	// Any RTTs, however absurd, give figures and return: the sums of
	// squares may overflow, the square root must not loop.
	for _, rtts := range [][]time.Duration{
		{math.MaxInt64, 0}, {math.MinInt64, math.MaxInt64}, {-time.Second, time.Second},
		{3037000499 * time.Microsecond, 0}, {math.MaxInt64, math.MaxInt64, math.MinInt64},
	} {
		var odd raw.PingStats
		for _, d := range rtts {
			odd.Add(raw.Reply{Type: ipv4.ICMPTypeEchoReply, RTT: d}, true)
		}
		_, _, _, mdev := odd.RTT()
		assert.GreaterOrEqual(t, mdev, time.Duration(0), "%v", rtts)
		assert.NotEmpty(t, odd.Summary(time.Second))
	}

	var third raw.PingStats
	third.Add(echo(1), true)
	third.Add(raw.Reply{}, false)
	third.Add(raw.Reply{}, false)
	assert.Contains(t, third.Summary(0), "66.6667% packet loss", "iputils' %g of a float")
}

// Issue 25: reply times printed as iputils prints them.
func TestMillisText(t *testing.T) {
	for d, want := range map[time.Duration]string{
		45 * time.Microsecond:     "0.045",
		1234 * time.Microsecond:   "1.23",
		12345 * time.Microsecond:  "12.3",
		123456 * time.Microsecond: "123",
		// iputils rounds the last digit it prints (ping_common.c).
		1237 * time.Microsecond:   "1.24",
		1999 * time.Microsecond:   "2.00",
		9994 * time.Microsecond:   "9.99",
		9996 * time.Microsecond:   "10.0",
		12356 * time.Microsecond:  "12.4",
		99949 * time.Microsecond:  "99.9",
		99950 * time.Microsecond:  "100",
		123500 * time.Microsecond: "124",
	} {
		assert.Equal(t, want, raw.MillisText(d), "%v", d)
	}
}

// Issue 25: ICMP errors named as iputils ping names them, and marked as
// traceroute marks them.
func TestReplyTextAndAnnotation(t *testing.T) {
	for _, tc := range []struct {
		typ        icmp.Type
		code       int
		text, mark string
	}{
		{ipv4.ICMPTypeEchoReply, 0, "echo reply", ""},
		{ipv4.ICMPTypeDestinationUnreachable, 0, "Destination Net Unreachable", "!N"},
		{ipv4.ICMPTypeDestinationUnreachable, 1, "Destination Host Unreachable", "!H"},
		{ipv4.ICMPTypeDestinationUnreachable, 2, "Destination Protocol Unreachable", "!P"},
		{ipv4.ICMPTypeDestinationUnreachable, 3, "Destination Port Unreachable", ""},
		{ipv4.ICMPTypeDestinationUnreachable, 13, "Packet filtered", "!X"},
		{ipv4.ICMPTypeDestinationUnreachable, 99, "Dest Unreachable, Bad Code: 99", "!<99>"},
		{ipv4.ICMPTypeTimeExceeded, 0, "Time to live exceeded", ""},
		{ipv6.ICMPTypeDestinationUnreachable, 0, "Destination unreachable: No route", "!N"},
		{ipv6.ICMPTypeDestinationUnreachable, 3, "Destination unreachable: Address unreachable", "!H"},
		{ipv6.ICMPTypeDestinationUnreachable, 4, "Destination unreachable: Port unreachable", ""},
		{ipv6.ICMPTypeTimeExceeded, 0, "Time exceeded: Hop limit", ""},
	} {
		r := raw.Reply{Type: tc.typ, Code: tc.code}
		assert.Equal(t, tc.text, r.Text())
		assert.Equal(t, tc.mark, r.Annotation(), tc.text)
	}
}

// Issue 23: a probe too big for the next hop is marked as traceroute
// marks it, with the MTU the router named ("!F-1400"), IPv4's
// fragmentation needed and IPv6's packet too big alike; without an MTU,
// "!F".
func TestAnnotationFragNeeded(t *testing.T) {
	for _, tc := range []struct {
		r    raw.Reply
		mark string
	}{
		{raw.Reply{Type: ipv4.ICMPTypeDestinationUnreachable, Code: 4, MTU: 1400}, "!F-1400"},
		{raw.Reply{Type: ipv4.ICMPTypeDestinationUnreachable, Code: 4}, "!F"},
		{raw.Reply{Type: ipv6.ICMPTypePacketTooBig, MTU: 1280}, "!F-1280"},
		{raw.Reply{Type: ipv4.ICMPTypeDestinationUnreachable, Code: 5}, "!S"},
		{raw.Reply{Type: ipv6.ICMPTypeDestinationUnreachable, Code: 1}, "!X"},
	} {
		assert.Equal(t, tc.mark, tc.r.Annotation(), "%+v", tc.r)
	}
}
