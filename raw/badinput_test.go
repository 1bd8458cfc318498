//go:build linux

package raw_test

import (
	"errors"
	"net"
	"net/netip"
	"testing"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/raw"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/bpf"
	"golang.org/x/net/ipv4"
	"golang.org/x/sys/unix"
)

// assertArgError checks that err is a *socket.ArgError naming arg,
// unwrapping to errno, inside a *net.OpError when op is not "".
func assertArgError(t *testing.T, err error, op, arg string, errno unix.Errno) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, errno)
	var ae *socket.ArgError
	require.True(t, errors.As(err, &ae), "an ArgError: %v", err)
	assert.Equal(t, arg, ae.Arg)
	if op != "" {
		var oe *net.OpError
		require.True(t, errors.As(err, &oe), "a *net.OpError: %v", err)
		assert.Equal(t, op, oe.Op)
	}
}

// Must-show 5: wrong family, type or protocol, an unknown interface, and
// misuse of a socket are refused with errors naming the argument.
func TestBadInput(t *testing.T) {
	_, err := raw.ListenIP(socket.AF_UNIX, socket.IPPROTO_UDP)
	assertArgError(t, err, "socket", "family", unix.EAFNOSUPPORT)
	_, err = raw.ListenIP(socket.AF_INET, 0)
	assertArgError(t, err, "socket", "proto", unix.EPROTONOSUPPORT)
	_, err = raw.ListenIP(socket.AF_INET6, 256)
	assertArgError(t, err, "socket", "proto", unix.EPROTONOSUPPORT)
	assert.EqualError(t, err, "socket ip6: invalid proto: IP protocol 256 is outside 1..255: protocol not supported")
	_, err = raw.NewPinger(socket.AF_PACKET, socket.SOCK_RAW)
	assertArgError(t, err, "socket", "family", unix.EAFNOSUPPORT)
	_, err = raw.NewPinger(socket.AF_INET, socket.SOCK_STREAM)
	assertArgError(t, err, "socket", "type", unix.ESOCKTNOSUPPORT)
	_, err = raw.ListenPacket(raw.PacketConfig{Type: socket.SOCK_STREAM})
	assertArgError(t, err, "socket", "type", unix.ESOCKTNOSUPPORT)
	_, err = raw.ListenPacket(raw.PacketConfig{Interface: "nosuch0"})
	assertArgError(t, err, "socket", "ifname", unix.ENODEV)
	assert.ErrorContains(t, err, `no interface "nosuch0"`)

	inet := socket.AddrFrom(netip.MustParseAddrPort("127.0.0.1:80"))
	_, err = raw.PacketAddrFrom(inet)
	assertArgError(t, err, "", "addr", unix.EAFNOSUPPORT)
	short, err := socket.AddrFromRaw([]byte{unix.AF_PACKET, 0, 0, 8})
	require.NoError(t, err)
	_, err = raw.PacketAddrFrom(short)
	assertArgError(t, err, "", "addr", unix.EINVAL)
}

// A packet too short for one of its headers is an error naming the
// layer; the layers before it stay decoded.
func TestDecodeTooShort(t *testing.T) {
	var p raw.Packet
	for _, tc := range []struct {
		name  string
		frame []byte
		link  raw.LinkType
		layer string
	}{
		{"runt frame", make([]byte, 10), raw.LinkEthernet, "ethernet header"},
		{"ipv4 cut", sampleFrames[0].frame[:14+12], raw.LinkEthernet, "ipv4 header"},
		{"ipv6 cut", sampleFrames[5].frame[:14+30], raw.LinkEthernet, "ipv6 header"},
		{"tcp cut", sampleFrames[0].frame[:14+20+10], raw.LinkEthernet, "tcp header"},
		{"udp cut", sampleFrames[3].frame[:20+4], raw.LinkIP, "udp header"},
		{"empty", nil, raw.LinkIP, "ip header"},
		{"bad ihl", append([]byte{0x43}, make([]byte, 19)...), raw.LinkIP, "ipv4 header"},
		{"unknown link", make([]byte, 40), raw.LinkType(9), "link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assertArgError(t, p.Decode(tc.frame, tc.link), "", tc.layer, unix.EINVAL)
			assert.NotPanics(t, func() { p.AppendText(nil) })
		})
	}
	err := p.Decode(sampleFrames[0].frame[:14+12], raw.LinkEthernet)
	assert.EqualError(t, err, "invalid ipv4 header: needs 20 bytes, packet has 12: invalid argument")
	assert.Equal(t, raw.HasEthernet, p.Layers)
}

func TestBadInputAsRoot(t *testing.T) {
	requireRoot(t)
	c, err := raw.ListenIP(socket.AF_INET6, socket.IPPROTO_ICMPV6)
	require.NoError(t, err)
	defer c.Close()
	_, _, err = c.ReadIPv4(make([]byte, 64))
	assertArgError(t, err, "readipv4", "socket", unix.EAFNOSUPPORT)

	v4, err := raw.ListenIP(socket.AF_INET, socket.IPPROTO_RAW)
	require.NoError(t, err)
	defer v4.Close()
	// No destination: x/net/ipv4 refuses to marshal the header.
	_, err = v4.WriteIPv4(&ipv4.Header{TTL: 1}, nil)
	assertArgError(t, err, "writeipv4", "header", unix.EINVAL)

	pc, err := raw.ListenPacket(raw.PacketConfig{Protocol: unix.ETH_P_IP})
	require.NoError(t, err)
	defer pc.Close()
	assertArgError(t, pc.SetPromiscuous(true), "setsockopt", "ifindex", unix.EINVAL)
	assertArgError(t, pc.AttachFilter(nil), "attachfilter", "prog", unix.EINVAL)
	// A program that assembles but that the kernel's checker refuses: it
	// jumps past its end.
	err = pc.AttachFilter([]bpf.Instruction{bpf.Jump{Skip: 5}, bpf.RetConstant{Val: 0}})
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.ErrorIs(t, pc.DetachFilter(), unix.ENOENT, "no filter to detach")
	require.NoError(t, pc.AttachFilter([]bpf.Instruction{bpf.RetConstant{Val: 0}}))
	require.NoError(t, pc.DetachFilter())
	require.NoError(t, pc.Close())
	assert.ErrorIs(t, pc.AttachFilter([]bpf.Instruction{bpf.RetConstant{Val: 0}}), net.ErrClosed)
}
