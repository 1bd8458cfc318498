package socket

import (
	"bytes"
	"net/netip"
	"strconv"
	"testing"

	"github.com/bsdsock/socket/internal/resolv"
)

var fuzzSeeds = []string{"1.2.3.4", "127.1", "0x7f.1", "017.0.0.1", "4294967295", "1.2.3.4 junk", "::", "::1",
	"::ffff:1.2.3.4", "::1.2.3.4", "1:2:3:4:5:6:7::", "fe80::1%lo", "fe80::1%1", "fd00::1%5", "1::2::3",
	"", ".", ":", "0x", "1.2.3.4.", "255.255.255.255", "2001:db8::1", "1:2:3:4:5:6:1.2.3.4", "08.1"}

// FuzzInetPton: InetPton never panics; what it accepts InetNtop prints
// and InetPton reads back to the same bytes, the printed form being
// canonical; for IPv4 it agrees with net/netip both ways, and every IPv6
// address net/netip reads (without a zone) it reads the same.
func FuzzInetPton(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fam := range []Family{AF_INET, AF_INET6} {
			b, err := InetPton(fam, s)
			if err != nil {
				continue
			}
			text, err := InetNtop(fam, b)
			if err != nil {
				t.Fatalf("InetNtop(%v, %x): %v", fam, b, err)
			}
			b2, err := InetPton(fam, text)
			if err != nil || !bytes.Equal(b, b2) {
				t.Fatalf("%q -> %x -> %q -> %x, %v", s, b, text, b2, err)
			}
			if again, _ := InetNtop(fam, b2); again != text {
				t.Fatalf("%q printed as %q, then as %q", s, text, again)
			}
		}
		ip, err := netip.ParseAddr(s)
		v4, err4 := InetPton(AF_INET, s)
		switch {
		case err4 == nil && (err != nil || !ip.Is4() || !bytes.Equal(ip.AsSlice(), v4)):
			t.Fatalf("InetPton(AF_INET, %q) = %x, netip: %v %v", s, v4, ip, err)
		case err == nil && ip.Is4() && err4 != nil:
			t.Fatalf("netip reads %q as %v, InetPton(AF_INET) fails: %v", s, ip, err4)
		case err == nil && ip.Is6() && ip.Zone() == "":
			v6, err6 := InetPton(AF_INET6, s)
			if err6 != nil || !bytes.Equal(v6, ip.AsSlice()) {
				t.Fatalf("netip reads %q as %v, InetPton(AF_INET6) = %x, %v", s, ip, v6, err6)
			}
		}
	})
}

// FuzzInetAton: InetAton never panics; what it accepts has 4 bytes that
// InetNtoa prints as a dotted quad InetAton and InetPton both read back;
// it accepts all InetPton(AF_INET) accepts, with the same bytes.
func FuzzInetAton(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := InetAton(s)
		if p, perr := InetPton(AF_INET, s); perr == nil && (err != nil || !bytes.Equal(p, b)) {
			t.Fatalf("InetPton(AF_INET, %q) = %x, InetAton = %x, %v", s, p, b, err)
		}
		if err != nil {
			return
		}
		if len(b) != 4 {
			t.Fatalf("InetAton(%q) gave %d bytes", s, len(b))
		}
		text, err := InetNtoa(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, read := range []func(string) ([]byte, error){InetAton, func(s string) ([]byte, error) { return InetPton(AF_INET, s) }} {
			b2, err := read(text)
			if err != nil || !bytes.Equal(b, b2) {
				t.Fatalf("%q -> %x -> %q -> %x, %v", s, b, text, b2, err)
			}
		}
	})
}

// FuzzGetaddrinfoNumeric: Getaddrinfo with AI_NUMERICHOST|AI_NUMERICSERV
// (which never looks anything up) never panics; a numeric host gives one
// result whose printed address (with its %scope) and port give the same
// Addr again; a host InetAton reads exactly is that IPv4 address.
func FuzzGetaddrinfoNumeric(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, "80")
	}
	f.Add("127.0.0.1", " +8080")
	f.Add("::1", "4294967296")
	f.Fuzz(func(t *testing.T, host, port string) {
		const flags = AI_NUMERICHOST | AI_NUMERICSERV
		res, err := Getaddrinfo(host, port, AF_UNSPEC, SOCK_STREAM, 0, flags)
		if err != nil {
			if _, ok := err.(*AddrInfoError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if host == "" || host == "*" {
			if len(res) != 2 {
				t.Fatalf("no host gave %d results", len(res))
			}
			return
		}
		if len(res) != 1 {
			t.Fatalf("%q gave %d results", host, len(res))
		}
		a := res[0].Addr
		h, _ := resolv.HostOf(&a.raw)
		text := resolv.NumericHost(h)
		if v4, rest, ok := resolv.ParseAton(host); ok && rest == "" && (h.Family != int(AF_INET) || !bytes.Equal(h.IP[:4], v4[:])) {
			t.Fatalf("%q is %v, InetAton says %v", host, a, v4)
		}
		again, err := Getaddrinfo(text, strconv.Itoa(a.Port()), AF_UNSPEC, SOCK_STREAM, 0, flags)
		if err != nil || len(again) != 1 || again[0].Addr != a {
			t.Fatalf("%q port %q -> %v -> %q -> %v, %v", host, port, a, text, again, err)
		}
	})
}
