package raw_test

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"
)

// TestMain fails the run if the tests leave descriptors or goroutines
// behind, as the root package's does.
func TestMain(m *testing.M) {
	// The runtime poller keeps the descriptors it opens on first use.
	if r, w, err := os.Pipe(); err == nil {
		r.Close()
		w.Close()
	}
	fds, goroutines := countFDs(), runtime.NumGoroutine()
	code := m.Run()
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		os.Exit(code) // the fuzzing engine keeps goroutines of its own
	}
	if code == 0 {
		var nowFDs, nowG int
		for range 50 {
			nowFDs, nowG = countFDs(), runtime.NumGoroutine()
			if nowFDs <= fds && nowG <= goroutines {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if nowFDs > fds || nowG > goroutines {
			buf := make([]byte, 1<<20)
			fmt.Fprintf(os.Stderr, "leak: %d descriptors before, %d after; %d goroutines before, %d after\n%s",
				fds, nowFDs, goroutines, nowG, buf[:runtime.Stack(buf, true)])
			code = 1
		}
	}
	os.Exit(code)
}

func countFDs() int {
	ents, _ := os.ReadDir("/proc/self/fd")
	return len(ents)
}

// requireRoot skips t unless the process may open raw and packet sockets.
func requireRoot(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root (CAP_NET_RAW for SOCK_RAW and AF_PACKET, CAP_NET_ADMIN for namespaces); run the tests as root to include it")
	}
}
