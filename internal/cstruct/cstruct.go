// Package cstruct compiles small C programs from the system's headers for
// tests that compare this module's encodings with the kernel's structs,
// byte by byte. The root package, netlink/ and their tests share it.
package cstruct

import (
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Bytes compiles and runs a C program made of the system headers named in
// includes and body, the statements of main, which call dump(&v, sizeof v)
// once per value (dump(p, n) for n bytes at p); it returns the bytes each
// call printed. It skips the test when no C compiler is installed.
func Bytes(t testing.TB, includes []string, body string) [][]byte {
	t.Helper()
	cc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("gcc is not installed: no C struct to compare the bytes with")
	}
	var src strings.Builder
	for _, h := range append([]string{"stdio.h", "string.h", "sys/socket.h"}, includes...) {
		src.WriteString("#include <" + h + ">\n")
	}
	src.WriteString(`static void dump(const void *p, size_t n) {
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) printf("%02x", b[i]);
	printf("\n");
}
int main(void) {
` + body + `
	return 0;
}
`)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "s.c"), []byte(src.String()), 0o600))
	out, err := exec.Command(cc, "-o", filepath.Join(dir, "s"), filepath.Join(dir, "s.c")).CombinedOutput()
	require.NoError(t, err, "gcc: %s", out)
	out, err = exec.Command(filepath.Join(dir, "s")).Output()
	require.NoError(t, err)
	var dumps [][]byte
	for line := range strings.FieldsSeq(string(out)) {
		b, err := hex.DecodeString(line)
		require.NoError(t, err)
		dumps = append(dumps, b)
	}
	return dumps
}
