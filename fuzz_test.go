package socket

import (
	"errors"
	"net"
	"net/netip"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"
)

// The fuzz targets of the root package, each with a seed corpus in
// testdata/fuzz: FuzzAddrFromRaw and FuzzParseAddr (addr_test.go),
// FuzzParseControl (cmsg_test.go: ParseControl and NextCmsg),
// FuzzInetPton, FuzzInetAton and FuzzGetaddrinfoNumeric
// (inet_fuzz_test.go), and FuzzHostPort and FuzzInetNtop here. .ci/run
// runs each for a bounded time.

// FuzzHostPort: the one host:port parser (ParseAddr, Dialer,
// ListenConfig, CreateServer and CreateConnection read through it) never
// panics; a refusal is an *ArgError wrapping EINVAL or ENXIO; what it
// accepts net.SplitHostPort splits the same way, and a numeric address
// joined back with its port reads back to the same host and port.
func FuzzHostPort(f *testing.F) {
	for _, s := range []string{"127.0.0.1:80", "[::1]:443", ":0", ":", "[fe80::1%lo]:1", "[fe80::1%99999]:1",
		"host:http", "host:-1", "1.2.3.4:65536", "1.2.3.4:0080", "[::1]", "a:b:c", "[:1]:x", "1.2.3.4: 80"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, names bool) {
		hp, err := parseHostPort(s, names)
		if err != nil {
			var ae *ArgError
			if !errors.As(err, &ae) || !(errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENXIO)) {
				t.Fatalf("%q: %T %v, want an *ArgError wrapping EINVAL or ENXIO", s, err, err)
			}
			return
		}
		host, port, err := net.SplitHostPort(s)
		if err != nil || host != hp.host {
			t.Fatalf("%q read as host %q, net.SplitHostPort: %q %v", s, hp.host, host, err)
		}
		if hp.service == "" && port != "" {
			if n, err := strconv.ParseUint(port, 10, 16); err != nil || uint16(n) != hp.port {
				t.Fatalf("%q read as port %d, the text says %q", s, hp.port, port)
			}
		}
		if !hp.ip.IsValid() || hp.service != "" {
			return
		}
		again, err := parseHostPort(net.JoinHostPort(hp.ip.String(), strconv.Itoa(int(hp.port))), false)
		if err != nil || again.ip != hp.ip || again.port != hp.port {
			t.Fatalf("%q -> %v port %d -> %v port %d, %v", s, hp.ip, hp.port, again.ip, again.port, err)
		}
	})
}

// FuzzInetNtop: InetNtop never panics on any family and bytes; a refusal
// is an error naming inet_ntop that wraps EINVAL or EAFNOSUPPORT; what it
// prints InetPton reads back to the same bytes, and net/netip prints an
// IPv4 address the same way.
func FuzzInetNtop(f *testing.F) {
	for _, s := range []string{"1.2.3.4", "::", "::1", "::ffff:1.2.3.4", "::1.2.3.4", "2001:db8::1", "1:0:0:2:0:0:0:3"} {
		ip := netip.MustParseAddr(s)
		f.Add(uint16(AF_INET6), ip.AsSlice())
		if ip.Is4() {
			f.Add(uint16(AF_INET), ip.AsSlice())
		}
	}
	f.Add(uint16(AF_INET), []byte{1, 2, 3})
	f.Add(uint16(AF_UNIX), []byte{})
	f.Fuzz(func(t *testing.T, family uint16, b []byte) {
		fam := Family(family)
		text, err := InetNtop(fam, b)
		if err != nil {
			var oe *net.OpError
			if !errors.As(err, &oe) || oe.Op != "inet_ntop" || !(errors.Is(err, unix.EINVAL) || errors.Is(err, unix.EAFNOSUPPORT)) {
				t.Fatalf("InetNtop(%d, %x): %v", family, b, err)
			}
			return
		}
		back, err := InetPton(fam, text)
		if err != nil || string(back) != string(b) {
			t.Fatalf("InetNtop(%d, %x) = %q, which InetPton reads as %x, %v", family, b, text, back, err)
		}
		if fam == AF_INET {
			if want := netip.AddrFrom4([4]byte(b)).String(); text != want {
				t.Fatalf("InetNtop(AF_INET, %x) = %q, netip prints %q", b, text, want)
			}
		}
	})
}
