//go:build linux

// Command sha256sum prints the SHA-256 of files as sha256sum(1) does,
// computed by the Linux kernel's crypto API over an AF_ALG socket:
//
//	go run ./examples/sha256sum go.mod
//	8d2f...  go.mod
//
// AF_ALG turns sockets into a door to the kernel's ciphers and hashes: a
// socket bound to ("hash", "sha256") is a factory, each Accept on it gives
// an operation socket, the data sent to it is hashed, and a receive reads
// the 32-byte digest. It is Python's
//
//	alg = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET)
//	alg.bind(("hash", "sha256"))
//	op, _ = alg.accept()
//	op.sendall(data); digest = op.recv(32)
//
// A kernel built without AF_ALG (CONFIG_CRYPTO_USER_API_HASH) refuses the
// socket with EAFNOSUPPORT; the program says so and exits with status 1.
// Linux only.
package main

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/bsdsock/socket"
	"golang.org/x/sys/unix"
)

func main() {
	log.SetFlags(0)
	if len(os.Args) < 2 {
		log.Fatal("usage: sha256sum FILE...")
	}
	alg, err := socket.New(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
	if errors.Is(err, unix.EAFNOSUPPORT) {
		log.Fatalf("sha256sum: this kernel has no AF_ALG, the crypto API's sockets (%v): "+
			"it needs CONFIG_CRYPTO_USER_API_HASH, or modprobe algif_hash", err)
	}
	check(err)
	defer alg.Close()
	addr, err := socket.ALGAddr("hash", "sha256", 0, 0)
	check(err)
	if err := alg.Bind(addr); errors.Is(err, unix.ENOENT) {
		log.Fatalf("sha256sum: the kernel has AF_ALG but no hash sha256 for it (%v): modprobe algif_hash", err)
	} else {
		check(err)
	}
	status := 0
	for _, name := range os.Args[1:] {
		sum, err := hashFile(alg, name)
		if err != nil {
			log.Printf("sha256sum: %v", err)
			status = 1
			continue
		}
		fmt.Printf("%s  %s\n", hex.EncodeToString(sum), name)
	}
	os.Exit(status)
}

// hashFile sends a file's bytes to a new operation socket of alg and
// reads back the digest.
func hashFile(alg *socket.Socket, name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	op, _, err := alg.Accept() // one operation socket per digest
	if err != nil {
		return nil, err
	}
	defer op.Close()
	buf := make([]byte, 64<<10)
	for {
		n, err := f.Read(buf)
		if n > 0 {
			// MSG_MORE: more data follows, do not finish the hash yet.
			if _, err := op.Sendall(buf[:n], socket.MSG_MORE); err != nil {
				return nil, err
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	// An empty send without MSG_MORE ends the data; the receive then
	// gives the digest (of no bytes, for an empty file).
	if _, err := op.Send(nil, 0); err != nil {
		return nil, err
	}
	sum := make([]byte, 32)
	n, err := op.Recv(sum, 0)
	if err != nil {
		return nil, err
	}
	return sum[:n], nil
}

func check(err error) {
	if err != nil {
		log.Fatalf("sha256sum: %v", err)
	}
}
