package main

import "github.com/bsdsock/socket"

// kernelView asks the kernel what s is: SO_DOMAIN, SO_TYPE, SO_PROTOCOL.
func kernelView(s *socket.Socket) (socket.Family, socket.Type, socket.Protocol, error) {
	domain, err1 := s.SoDomain()
	typ, err2 := s.SoType()
	proto, err3 := s.SoProtocol()
	for _, err := range []error{err1, err2, err3} {
		if err != nil {
			return 0, 0, 0, err
		}
	}
	return domain, typ, proto, nil
}
