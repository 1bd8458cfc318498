// Command loadclient is the second process of the load test
// (load_test.go, build tag load): the open-file limit of 20,000 cannot
// hold both ends of 10,000 connections in one process. It is built by the
// test and uses only package net, so the server under test talks to an
// independent peer.
//
// It dials -n connections to -addr (a bounded number at a time, so the
// listen backlog never overflows), prints "connected N" and waits for a
// line on its standard input. Then every connection, all at once, sends
// -size bytes (different for each), half-closes and reads the echo to the
// end, comparing its SHA-256 with what was sent. It prints "ok N BYTES"
// and exits 0, or names the first failure and exits 1.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"sync"
	"sync/atomic"
)

func main() {
	addr := flag.String("addr", "", "the server's host:port")
	n := flag.Int("n", 10000, "connections to hold at once")
	size := flag.Int("size", 64<<10, "bytes each connection sends and expects back")
	dialers := flag.Int("dialers", 64, "dials in flight at a time")
	flag.Parse()

	conns, err := dialAll(*addr, *n, *dialers)
	if err != nil {
		fail(err)
	}
	fmt.Printf("connected %d\n", len(conns))
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		fail(fmt.Errorf("waiting for the go-ahead: %v", err))
	}

	// One random block; connection i sends the window starting at i, so
	// that no two connections send the same bytes.
	block := make([]byte, *size+*n)
	r := rand.NewChaCha8([32]byte{1})
	r.Read(block)

	var wg sync.WaitGroup
	var verified atomic.Int64
	errs := make(chan error, len(conns))
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer c.Close()
			if err := echo(c, block[i:i+*size]); err != nil {
				errs <- fmt.Errorf("connection %d: %v", i, err)
				return
			}
			verified.Add(int64(*size))
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		fail(err)
	}
	fmt.Printf("ok %d %d\n", len(conns), verified.Load())
}

// dialAll opens n connections to addr with at most dialers in flight.
func dialAll(addr string, n, dialers int) ([]*net.TCPConn, error) {
	conns := make([]*net.TCPConn, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	var firstErr atomic.Value
	for range dialers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || firstErr.Load() != nil {
					return
				}
				c, err := net.Dial("tcp", addr)
				if err != nil {
					firstErr.CompareAndSwap(nil, fmt.Errorf("dial %d: %v", i, err))
					return
				}
				conns[i] = c.(*net.TCPConn)
			}
		}()
	}
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return nil, err
	}
	return conns, nil
}

// echo sends msg on c while reading c to the end of the stream, and
// checks that what came back hashes as msg does.
func echo(c *net.TCPConn, msg []byte) error {
	sent := make(chan error, 1)
	go func() {
		_, err := c.Write(msg)
		if err == nil {
			err = c.CloseWrite()
		}
		sent <- err
	}()
	h := sha256.New()
	got, rerr := io.Copy(h, c)
	if err := <-sent; err != nil {
		return fmt.Errorf("write: %v", err)
	}
	if rerr != nil {
		return fmt.Errorf("read: %v", rerr)
	}
	want := sha256.Sum256(msg)
	if got != int64(len(msg)) || !bytes.Equal(h.Sum(nil), want[:]) {
		return fmt.Errorf("echo of %d bytes came back as %d bytes with another hash", len(msg), got)
	}
	return nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "loadclient:", err)
	os.Exit(1)
}
