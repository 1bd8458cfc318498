package sockfd

import "unsafe"

// bufPtr returns the address of b's first byte, or nil for an empty slice
// (the kernel accepts a null buffer of length 0, and b[len(b):] of a full
// slice has no byte to point at).
func bufPtr(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Pointer(&b[0])
}
