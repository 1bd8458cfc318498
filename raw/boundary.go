package raw

import (
	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/internal/handle"
)

// boundary reaches a *socket.Socket's descriptor, modes and error wrapping
// (internal/handle).
var boundary = handle.Get[socket.Socket, socket.Addr]()
