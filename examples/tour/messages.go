package main

import (
	"fmt"
	"os"

	"github.com/bsdsock/socket"
)

func init() { register(25, "Messages: SEQPACKET boundaries, MSG_TRUNC, passing descriptors", messages) }

// messages shows what only the message calls can do: keep record
// boundaries, report truncation, and carry descriptors between processes
// (here, between two ends in one process).
func messages() error {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET, 0)
	if err != nil {
		return err
	}
	defer a.Close()
	defer b.Close()

	for _, rec := range []string{"first record", "second"} {
		if _, err := a.Send([]byte(rec), 0); err != nil {
			return err
		}
	}
	buf := make([]byte, 5)
	m, err := b.Recvmsg(buf, nil, 0)
	if err != nil {
		return err
	}
	say("SOCK_SEQPACKET keeps records: recvmsg(2) into 5 bytes got %q, msg_flags %v", buf[:m.N], m.Flags)
	buf = make([]byte, 64)
	n, err := b.Recv(buf, 0)
	if err != nil {
		return err
	}
	say("the rest of the first record is gone; the next recv(2) reads %q", buf[:n])

	// SCM_RIGHTS: the receiver gets its own descriptor for the same file.
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
