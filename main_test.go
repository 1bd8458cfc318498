package socket

import (
	"os"
	"testing"

	"github.com/bsdsock/socket/internal/leakcheck"
)

// TestMain fails the run if the tests leave descriptors or goroutines
// behind: every socket a test opens must be closed by it.
func TestMain(m *testing.M) { os.Exit(leakcheck.Run(m)) }

// countFDs and listFDs are leakcheck's, for tests that check one step.
var (
	countFDs = leakcheck.CountFDs
	listFDs  = leakcheck.ListFDs
)
