// Command echoclient is the second process of BenchmarkUDPEchoServer
// (bench_server_test.go): the load on a UDP echo server comes from another
// process, so that the server's CPU time (getrusage(2) of the benchmark's
// process) is the server's alone. It uses only package net, so the server
// under test talks to an independent peer.
//
// It opens -flows connected UDP sockets to -addr (each a flow: its own
// source port), warms each up with a few round trips, prints "ready" and
// waits for a line on its standard input. Then every flow sends a
// datagram, waits for its echo and sends the next, until -n echoes have
// come back in all; a datagram whose echo does not come within 200 ms
// counts as lost and the flow goes on. It prints "done LOST" and exits 0,
// or names the first failure and exits 1.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	addr := flag.String("addr", "", "the server's host:port")
	n := flag.Int64("n", 10000, "echoes to wait for, in all")
	flows := flag.Int("flows", 64, "connected sockets sending at once")
	size := flag.Int("size", 64, "bytes per datagram")
	flag.Parse()

	conns := make([]*net.UDPConn, *flows)
	for i := range conns {
		ua, err := net.ResolveUDPAddr("udp", *addr)
		if err != nil {
			fail(err)
		}
		if conns[i], err = net.DialUDP("udp", nil, ua); err != nil {
			fail(err)
		}
		defer conns[i].Close()
	}
	var warm atomic.Int64
	if err := run(conns, *size, 8*int64(len(conns)), &warm); err != nil {
		fail(fmt.Errorf("warm-up: %v", err))
	}
	fmt.Println("ready")
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		fail(fmt.Errorf("waiting for the go-ahead: %v", err))
	}
	var lost atomic.Int64
	if err := run(conns, *size, *n, &lost); err != nil {
		fail(err)
	}
	fmt.Printf("done %d\n", lost.Load())
}

// run makes n round trips over conns, each flow one at a time, and counts
// the datagrams whose echo did not come in lost.
func run(conns []*net.UDPConn, size int, n int64, lost *atomic.Int64) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, len(conns))
	for _, c := range conns {
		wg.Go(func() {
			msg, echo := make([]byte, size), make([]byte, size+1)
			for next.Add(1) <= n {
				for {
					if _, err := c.Write(msg); err != nil {
						errs <- err
						return
					}
					c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
					_, err := c.Read(echo)
					if err == nil {
						break
					}
					if !errors.Is(err, os.ErrDeadlineExceeded) {
						errs <- err
						return
					}
					lost.Add(1)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "echoclient:", err)
	os.Exit(1)
}
