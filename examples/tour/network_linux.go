package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"time"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/internal/netns"
	"github.com/bsdsock/socket/raw"
)

// showNetworkLayer makes two network namespaces joined by a veth pair,
// captures on one end what the three protocols put on the wire, and
// removes the namespaces; without root, or without ip(8), it says why
// and shows nothing.
func showNetworkLayer() error {
	if os.Geteuid() != 0 {
		say("(not root: making network namespaces and capturing frames needs CAP_NET_ADMIN and")
		say(" CAP_NET_RAW, so this chapter shows no packets; run the tour as root to see them)")
		return nil
	}
	if _, err := exec.LookPath("ip"); err != nil {
		say("(ip(8) from iproute2 is not installed: this chapter makes its namespaces with it, so it")
		say(" shows no packets)")
		return nil
	}
	a, b := fmt.Sprintf("tour-%d-a", os.Getpid()), fmt.Sprintf("tour-%d-b", os.Getpid())
	defer exec.Command("ip", "netns", "del", a).Run()
	defer exec.Command("ip", "netns", "del", b).Run()
	for _, args := range [][]string{{"netns", "add", a}, {"netns", "add", b}} {
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			return fmt.Errorf("ip %v: %v: %s", args, err, out)
		}
	}
	// IPv4 only, so that the kernel's own IPv6 chatter on a new link
	// (neighbor discovery, MLD) does not crowd the three protocols out;
	// and IGMP's repeated report within 10 ms, not a second.
	for _, ns := range []string{a, b} {
		if err := netns.Run(ns, func() error {
			for _, kv := range [][2]string{
				{"ipv6/conf/default/disable_ipv6", "1"},
				{"ipv4/conf/default/igmpv3_unsolicited_report_interval", "10"},
			} {
				if err := os.WriteFile("/proc/sys/net/"+kv[0], []byte(kv[1]), 0); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
	for _, args := range [][]string{
		{"link", "add", "tour0", "netns", a, "type", "veth", "peer", "name", "tour1", "netns", b},
		{"-n", a, "addr", "add", "198.51.100.1/24", "dev", "tour0"},
		{"-n", b, "addr", "add", "198.51.100.2/24", "dev", "tour1"},
		{"-n", a, "link", "set", "tour0", "up"}, {"-n", b, "link", "set", "tour1", "up"},
	} {
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			return fmt.Errorf("ip %v: %v: %s", args, err, out)
		}
	}
	say("two private network namespaces, a (198.51.100.1 on tour0) and b (198.51.100.2 on tour1),")
	say("joined by a veth pair: a cable of two ends. The capture listens on a's end.")

	var cap *raw.PacketConn
	var udp, group *socket.Socket
	var pinger *raw.Pinger
	var ifindex int
	var opened []io.Closer // closed when the chapter ends, however it ends
	defer func() {
		for _, c := range opened {
			c.Close()
		}
	}()
	err := netns.Run(a, func() (err error) {
		if cap, err = raw.ListenPacket(raw.PacketConfig{Interface: "tour0"}); err != nil {
			return err
		}
		opened = append(opened, cap)
		if udp, err = socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0); err != nil {
			return err
		}
		opened = append(opened, udp)
		if group, err = socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0); err != nil {
			return err
		}
		opened = append(opened, group)
		if pinger, err = raw.NewPinger(socket.AF_INET, socket.SOCK_RAW); err != nil {
			return err
		}
		opened = append(opened, pinger)
		ifindex, err = socket.IfNametoindex("tour0")
		return err
	})
	if err != nil {
		return err
	}
	cap.SetTimeout(300 * time.Millisecond)
	show := func() error { return showWire(cap) }

	fmt.Println()
	to, _ := socket.InetAddr("198.51.100.2", 9)
	say("IP: a sends b one UDP datagram; first a's kernel asks the link for b's hardware address (ARP);")
	say("nothing listens on the port in b, so b's kernel answers with an ICMP error")
	if _, err := udp.Sendto([]byte("an IP packet"), 0, to); err != nil {
		return err
	}
	if err := show(); err != nil {
		return err
	}
	fmt.Println()
	say("ICMP: ping, an echo request from a, and b's kernel answers it itself")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := pinger.Ping(ctx, netip.MustParseAddr("198.51.100.2")); err != nil {
		return err
	}
	if err := show(); err != nil {
		return err
	}
	fmt.Println()
	say("IGMP: a socket joins 239.1.2.3 on tour0 (MCAST_JOIN_GROUP), then leaves it: a's kernel reports")
	say("each change to the link's routers in an IGMPv3 report to 224.0.0.22, and repeats it once")
	grp := netip.MustParseAddr("239.1.2.3")
	if err := group.JoinGroup(ifindex, grp); err != nil {
		return err
	}
	if err := show(); err != nil {
		return err
	}
	if err := group.LeaveGroup(ifindex, grp); err != nil {
		return err
	}
	return show()
}

// showWire prints, in tcpdump's words, the frames captured until none
// comes for the capture's timeout, with the network-layer protocol each
// IPv4 packet carries.
func showWire(c *raw.PacketConn) error {
	var p raw.Packet
	buf := make([]byte, 65536)
	for {
		n, _, err := c.ReadPacket(buf)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := p.Decode(buf[:n], c.Link()); err != nil {
			return err
		}
		what := ""
		switch {
		case p.Layers&raw.HasIPv6 != 0:
			continue // none is expected: IPv6 is off
		case p.Layers&raw.HasARP != 0:
			what = "ARP, beside IP on the link: who has this address?"
		case p.Layers&raw.HasIGMP != 0:
			what = "IP protocol 2, IGMP"
		case p.Layers&raw.HasICMP != 0:
			what = "IP protocol 1, ICMP"
		case p.Layers&raw.HasIPv4 != 0:
			what = fmt.Sprintf("IP protocol %d", p.IPv4.Protocol)
		case p.Layers&raw.HasIPv6 != 0:
			continue // the IPv6 the kernel sends by itself on a new link
		}
		say("   %s", p.AppendText(nil))
		say("   %-11s %s", "", what)
	}
}
