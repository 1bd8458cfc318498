//go:build linux

package unix_test

import (
	"testing"

	sockunix "github.com/bsdsock/socket/unix"
	"golang.org/x/sys/unix"
)

// FuzzParseControl: ParseRights and ParseCredentials read any bytes as a
// control-message list without panicking, with a seed corpus in
// testdata/fuzz; a list x/sys/unix finds malformed they refuse, and when
// both read a list, ParseRights finds the descriptors x/sys/unix does.
func FuzzParseControl(f *testing.F) {
	rights, err := sockunix.AppendRights(nil, []int{0, 1, 2})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(rights)
	f.Add(sockunix.AppendCredentials(rights, sockunix.Cred{PID: 1, UID: 2, GID: 3}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		fds, rerr := sockunix.ParseRights(b, nil)
		_, _, cerr := sockunix.ParseCredentials(b)
		msgs, werr := unix.ParseSocketControlMessage(b)
		if werr != nil {
			if rerr == nil && cerr == nil && len(b) >= unix.SizeofCmsghdr {
				t.Fatalf("x/sys refuses %x (%v), both parsers accept it", b, werr)
			}
			return
		}
		if rerr != nil {
			return // stricter than x/sys, which ignores a short tail
		}
		var want []int
		for _, m := range msgs {
			if m.Header.Level == unix.SOL_SOCKET && m.Header.Type == unix.SCM_RIGHTS {
				if len(m.Data)%4 != 0 {
					return // x/sys v0.50's ParseUnixRights panics on it; ParseRights did not
				}
				got, err := unix.ParseUnixRights(&m)
				if err != nil {
					return // x/sys refuses a payload that is no whole number of ints
				}
				want = append(want, got...)
			}
		}
		if len(fds) != len(want) {
			t.Fatalf("ParseRights found %v, x/sys %v", fds, want)
		}
		for i := range want {
			if fds[i] != want[i] {
				t.Fatalf("ParseRights found %v, x/sys %v", fds, want)
			}
		}
	})
}
