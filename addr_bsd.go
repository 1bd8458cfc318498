//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package socket

// osString is for the families only some systems have; these have none
// that Addr formats.
func (a Addr) osString() (s string, ok bool) { return "", false }
