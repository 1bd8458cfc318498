package activation

import (
	"os"
	"testing"

	"github.com/bsdsock/socket/internal/leakcheck"
)

// TestMain fails the run if the tests leave descriptors or goroutines
// behind. In the child TestSockets starts, descriptors 3 and 4 are open
// before the baseline: the child must close what it takes and nothing else.
func TestMain(m *testing.M) { os.Exit(leakcheck.Run(m)) }
