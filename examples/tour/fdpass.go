package main

import (
	"fmt"
	"os"

	"github.com/bsdsock/socket"
)

func init() {
	register(14, "Beyond Python's basics: passing descriptors over AF_UNIX (SCM_RIGHTS)", fdpass)
}

// fdpass sends an open file from one socket to another: the receiver gets
// a descriptor of its own for the same open file, as another process would.
func fdpass() error {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET, 0)
	if err != nil {
		return err
	}
	defer a.Close()
	defer b.Close()
	f, err := os.CreateTemp("", "tour")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if _, err := f.WriteString("written before the descriptor travelled"); err != nil {
		return err
	}
	if _, err := a.SendFDs([][]byte{[]byte("fd")}, []int{int(f.Fd())}, 0, socket.Addr{}); err != nil {
		return err
	}
	buf := make([]byte, 64)
	_, fds, err := b.RecvFDs(buf, 1, 0)
	if err != nil {
		return err
	}
	if len(fds) != 1 {
		return fmt.Errorf("received %d descriptors, want 1", len(fds))
	}
	got := os.NewFile(uintptr(fds[0]), "received")
	defer got.Close()
	content := make([]byte, 64)
	k, _ := got.ReadAt(content, 0)
	say("sendmsg(2) with SCM_RIGHTS passed fd %d; it arrived as fd %d and reads %q", f.Fd(), fds[0], content[:k])
	return nil
}
