package activation_test

import (
	"fmt"
	"log"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/activation"
)

// A service started by systemd for a .socket unit takes its sockets,
// named by FileDescriptorName=, and serves each by its type. Started by
// hand, it gets none.
func ExampleSockets() {
	sockets, err := activation.Sockets(true)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range sockets {
		switch s.Type() {
		case socket.SOCK_STREAM:
			fmt.Println("serving connections on", s.Name)
		case socket.SOCK_DGRAM:
			fmt.Println("serving datagrams on", s.Name)
		}
	}
	fmt.Println(len(sockets), "sockets passed")
	// Output:
	// 0 sockets passed
}
