//go:build !linux

package main

import "github.com/bsdsock/socket"

// capture is the tour's window on its own frames; AF_PACKET is Linux only,
// so elsewhere there is none, and the chapters tell their story without
// the frames.
type capture struct{}

// startCapture explains why there is no capture here and returns nil.
func startCapture(proto socket.Protocol, port int) (*capture, error) {
	say("(capturing frames needs Linux's AF_PACKET; on this system the chapter shows no packets)")
	return nil, nil
}

func (c *capture) show() error  { return nil }
func (c *capture) close() error { return nil }
