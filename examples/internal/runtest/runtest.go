// Package runtest holds what the tests of the example programs share: a
// leak check for TestMain, building a command into a directory any user
// can read, and running it with a hang guard.
package runtest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bsdsock/socket/internal/leakcheck"

	// The programs a test builds use these; importing them here puts them
	// in the test binary's cache key, so go test reruns after they change.
	_ "github.com/bsdsock/socket/raw"
	_ "github.com/bsdsock/socket/unix"
)

// Main runs the tests and fails the run if they leave descriptors or
// goroutines behind (leakcheck); call it from TestMain. It removes the
// programs Build made.
func Main(m *testing.M) {
	code := leakcheck.Run(m)
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// SharedDir returns a new directory that every user may read, enter and
// write (mode 1777, like /tmp), removed after the test: for binaries and
// files a test uses under another uid.
func SharedDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o1777); err != nil {
		t.Fatal(err)
	}
	return dir
}

// built caches the binaries Build made, by absolute package directory, in
// one SharedDir-like directory that Main removes after the tests.
var built struct {
	sync.Mutex
	dir  string
	bins map[string]string
}

// Build compiles the command in pkg (a directory relative to the test's,
// such as "." or "./echo-server") once per test run into a directory every
// user can read, so that a test can also run it under another uid, and
// returns the binary's path.
func Build(t testing.TB, pkg string) string {
	t.Helper()
	abs, err := filepath.Abs(pkg)
	if err != nil {
		t.Fatal(err)
	}
	built.Lock()
	defer built.Unlock()
	if bin, ok := built.bins[abs]; ok {
		return bin
	}
	if built.dir == "" {
		if built.dir, err = os.MkdirTemp("", "example-bin"); err == nil {
			err = os.Chmod(built.dir, 0o755)
		}
		if err != nil {
			t.Fatal(err)
		}
		built.bins = map[string]string{}
	}
	watchSources(abs)
	bin := filepath.Join(built.dir, filepath.Base(abs))
	if out, err := GoBuild("", bin, pkg); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	built.bins[abs] = bin
	return bin
}

// GoBuild runs go build -o bin pkg in dir ("" for the current directory)
// and returns what it printed. It builds without version-control stamping
// (-buildvcs=false): stamping runs git, which refuses a checkout another
// user owns ("detected dubious ownership", exit status 128), so a test run
// by a user who does not own the clone (a CI runner, a shared checkout)
// would fail to build the programs it tests.
func GoBuild(dir, bin, pkg string) ([]byte, error) {
	goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goCmd); err != nil {
		goCmd = "go"
	}
	cmd := exec.Command(goCmd, "build", "-buildvcs=false", "-o", bin, pkg)
	cmd.Dir = dir
	return cmd.CombinedOutput()
}

// watchSources opens the Go files of dir, so that go test's cache, which
// records the files a test opens, reruns the test when one of them changes.
func watchSources(dir string) {
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".go") {
			if f, err := os.Open(filepath.Join(dir, e.Name())); err == nil {
				f.Close()
			}
		}
	}
}

// Run runs a command, killing it if it has not finished within a
// generous guard, and returns its standard output and error together.
func Run(t testing.TB, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	return string(out), err
}

// MustRun is Run for a command that must succeed.
func MustRun(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := Run(t, name, args...)
	if err != nil {
		cmd := name + " " + strings.Join(args, " ")
		if len(cmd) > 200 {
			cmd = cmd[:200] + "..."
		}
		t.Fatalf("%s: %v\n%s", cmd, err, out)
	}
	return out
}
