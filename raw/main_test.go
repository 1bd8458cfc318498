package raw_test

import (
	"os"
	"testing"

	"github.com/bsdsock/socket/internal/leakcheck"
)

// TestMain fails the run if the tests leave descriptors or goroutines
// behind, as the root package's does.
func TestMain(m *testing.M) { os.Exit(leakcheck.Run(m)) }

// requireRoot skips t unless the process may open raw and packet sockets.
func requireRoot(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root (CAP_NET_RAW for SOCK_RAW and AF_PACKET, CAP_NET_ADMIN for namespaces); run the tests as root to include it")
	}
}
