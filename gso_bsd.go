//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package socket

// gsoFailed explains nothing on the BSDs: they have no UDP segmentation,
// and an EIO from a send there is not about it.
func (s *Socket) gsoFailed() string { return "" }
