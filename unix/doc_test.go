package unix_test

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"io/fs"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every exported name has a doc comment that starts with its name, and
// every function and method says which system call it makes, or that it
// makes none.
func TestDocConventions(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.ParseComments)
	require.NoError(t, err)
	files := []*ast.File{}
	for _, f := range pkgs["unix"].Files {
		files = append(files, f)
	}
	p, err := doc.NewFromFiles(fset, files, "github.com/bsdsock/socket/unix")
	require.NoError(t, err)

	checkFunc := func(f *doc.Func) {
		text := strings.Join(strings.Fields(f.Doc), " ")
		assert.True(t, strings.HasPrefix(f.Doc, f.Name+" "), "%s: doc starts with its name", f.Name)
		assert.True(t, strings.Contains(text, "(2)") || strings.Contains(text, "no system call"),
			"%s: doc names its system call or says it makes none", f.Name)
	}
	for _, f := range p.Funcs {
		checkFunc(f)
	}
	for _, typ := range p.Types {
		assert.True(t, strings.HasPrefix(typ.Doc, typ.Name+" "), "%s: doc starts with its name", typ.Name)
		for _, f := range append(typ.Funcs, typ.Methods...) {
			checkFunc(f)
		}
	}
	for _, v := range append(p.Consts, p.Vars...) {
		for _, name := range v.Names {
			if ast.IsExported(name) {
				assert.Contains(t, v.Doc, name, "%s: documented", name)
			}
		}
	}
}
