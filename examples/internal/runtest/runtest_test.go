package runtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGoBuildInAnotherUsersCheckout: GoBuild builds a program in a git
// checkout that another user owns, where git refuses to report the
// checkout's status and VCS stamping would fail the build (issue 22, item
// 1: go test failed for a user who did not own the clone).
func TestGoBuildInAnotherUsersCheckout(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("making a checkout another user owns needs root")
	}
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	// Stamping on, as it is by default: a user's go env may turn it off.
	t.Setenv("GOFLAGS", "-buildvcs=auto")
	dir := SharedDir(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/owned\n\ngo 1.23\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644))
	out, err := exec.Command(git, "init", "-q", dir).CombinedOutput()
	require.NoError(t, err, "%s", out)
	nobody := 65534
	require.NoError(t, filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, nobody, nobody)
	}))
	out, err = exec.Command(git, "-C", dir, "status").CombinedOutput()
	require.Error(t, err, "git must refuse the checkout for the test to mean anything: %s", out)

	out, err = GoBuild(dir, filepath.Join(t.TempDir(), "owned"), ".")
	require.NoError(t, err, "%s", out)
}
