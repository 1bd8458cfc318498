//go:build !linux

package main

import "github.com/bsdsock/socket"

// kernelView asks the kernel what s is where it can: SO_TYPE; the BSDs
// have no SO_DOMAIN or SO_PROTOCOL, so the family and protocol are the
// ones the Socket was made with.
func kernelView(s *socket.Socket) (socket.Family, socket.Type, socket.Protocol, error) {
	typ, err := s.SoType()
	return s.Family(), typ, s.Proto(), err
}
