//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package socket

import "io"

// splice(2) is Linux only: on the BSDs ReadFrom and WriteTo find no splice
// side and copy through a buffer, as io.Copy does (Go's net does the same,
// src/net/splice_stub.go). sendfile(2) keeps its own fallback.

// spliceEnd is one side of a splice copy; the BSDs never make one.
type spliceEnd struct{ s *Socket }

// spliceEndOf reports that nothing can be spliced.
func spliceEndOf(any) (spliceEnd, bool) { return spliceEnd{}, false }

// spliceCopy is never reached (spliceEndOf says no); it leaves the copy to
// the caller.
func spliceCopy(_, _ spliceEnd, _ int64, _ io.Writer) (int64, bool, error) { return 0, false, nil }
