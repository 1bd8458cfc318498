package unix_test

import (
	"os"
	"testing"

	"github.com/bsdsock/socket/internal/leakcheck"
)

// TestMain fails the run if the tests leave descriptors or goroutines
// behind (every socket, pipe and passed descriptor a test opens must be
// closed by it), and names the descriptors that were left open.
func TestMain(m *testing.M) { os.Exit(leakcheck.Run(m)) }

// countFDs counts this process's open descriptors.
var countFDs = leakcheck.CountFDs
