package sockfd

import (
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLibcSignatures checks every go:linkname declaration of sys_libc.go
// against the //sys line x/sys/unix generates the target from. The linker
// checks only that the name exists, so a changed parameter list in a newer
// x/sys would otherwise pass the build and corrupt arguments on macOS and
// OpenBSD, where this package's tests cannot run. It runs on any system:
// it reads source, not the binary.
func TestLibcSignatures(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "golang.org/x/sys").Output()
	if err != nil {
		t.Skipf("go list cannot locate x/sys (%v): no source to compare with", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "unix")

	want := map[string]string{} // x/sys function name -> its signature
	sysLine := regexp.MustCompile(`(?m)^//sys(?:nb)?\t(\w+)(\([^=\n]*?)\s*(?:=.*)?$`)
	for _, file := range []string{"syscall_bsd.go", "syscall_darwin.go", "syscall_openbsd.go"} {
		src, err := os.ReadFile(filepath.Join(dir, file))
		require.NoError(t, err)
		for _, m := range sysLine.FindAllStringSubmatch(string(src), -1) {
			want[m[1]] = signature(t, "func f"+m[2], "")
		}
	}

	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "sys_libc.go", nil, parser.ParseComments)
	require.NoError(t, err)
	target := regexp.MustCompile(`^//go:linkname (\w+) golang\.org/x/sys/unix\.(\w+)$`)
	checked := 0
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body != nil || fn.Doc == nil {
			continue
		}
		for _, c := range fn.Doc.List {
			m := target.FindStringSubmatch(c.Text)
			if m == nil {
				continue
			}
			assert.Equal(t, fn.Name.Name, m[1], "linkname names another function")
			sig, ok := want[m[2]]
			if assert.True(t, ok, "x/sys has no //sys line for %s", m[2]) {
				assert.Equal(t, sig, typesOf(fset, fn.Type, "unix."), "%s against x/sys's %s", fn.Name.Name, m[2])
			}
			checked++
		}
	}
	assert.GreaterOrEqual(t, checked, 10, "declarations checked")
}

// signature parses a func declaration and returns typesOf its type.
func signature(t *testing.T, src, prefix string) string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package p\n"+src+"\n", 0)
	require.NoError(t, err, src)
	return typesOf(fset, f.Decls[0].(*ast.FuncDecl).Type, prefix)
}

// typesOf lists a function type's parameter and result types, without
// names and with prefix (the package qualifier) removed; x/sys's _Socklen
// is the uint32 it is defined as.
func typesOf(fset *token.FileSet, ft *ast.FuncType, prefix string) string {
	var b strings.Builder
	list := func(fl *ast.FieldList) {
		b.WriteString("(")
		if fl != nil {
			for _, field := range fl.List {
				var ts strings.Builder
				_ = printer.Fprint(&ts, fset, field.Type)
				typ := strings.ReplaceAll(strings.ReplaceAll(ts.String(), prefix, ""), "_Socklen", "uint32")
				for n := max(len(field.Names), 1); n > 0; n-- {
					b.WriteString(typ + ",")
				}
			}
		}
		b.WriteString(")")
	}
	list(ft.Params)
	list(ft.Results)
	return b.String()
}
