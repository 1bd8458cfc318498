package socket

import (
	"go/ast"
	"go/doc"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests check what can be checked of the rendered documentation
// without rendering it: what pkgsite shows is go/doc's view of the source.

// docPackage is go/doc's view of the package in this directory; with tests,
// the Examples of both test packages are attached to what they show.
func docPackage(t *testing.T, withTests bool) *doc.Package {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	ents, err := os.ReadDir(".")
	require.NoError(t, err)
	for _, e := range ents {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || (!withTests && strings.HasSuffix(n, "_test.go")) {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, parser.ParseComments)
		require.NoError(t, err)
		files = append(files, f)
	}
	p, err := doc.NewFromFiles(fset, files, "github.com/bsdsock/socket")
	require.NoError(t, err)
	return p
}

// TestExportedNamesHaveDocs: every exported name of the package has a doc
// comment, its own or its group's (a constant of a documented const block
// is documented by the block). Exported struct fields are left to their
// type's doc, which describes them.
func TestExportedNamesHaveDocs(t *testing.T) {
	p := docPackage(t, false)
	values := func(kind string, vs []*doc.Value) {
		for _, v := range vs {
			if strings.TrimSpace(v.Doc) != "" {
				continue
			}
			for _, spec := range v.Decl.Specs {
				vs := spec.(*ast.ValueSpec)
				if vs.Doc == nil && vs.Comment == nil {
					assert.Fail(t, "undocumented "+kind, "%v", vs.Names)
				}
			}
		}
	}
	funcs := func(prefix string, fs []*doc.Func) {
		for _, f := range fs {
			assert.NotEmpty(t, strings.TrimSpace(f.Doc), "%s%s has no doc comment", prefix, f.Name)
		}
	}
	values("const", p.Consts)
	values("var", p.Vars)
	funcs("", p.Funcs)
	for _, ty := range p.Types {
		assert.NotEmpty(t, strings.TrimSpace(ty.Doc), "type %s has no doc comment", ty.Name)
		values("const", ty.Consts)
		values("var", ty.Vars)
		funcs("", ty.Funcs)
		funcs(ty.Name+".", ty.Methods)
	}
}

// docLinks returns the doc links ([Name], [Socket.Bind], [net.Conn]) of a
// doc comment as pkgsite resolves them, and the bracketed words it could
// not resolve (which render as plain text with their brackets).
func docLinks(p *doc.Package, text string) (links []*comment.DocLink, broken []string) {
	return linksOf(p.Parser().Parse(text).Content)
}

// linksOf is docLinks for parsed blocks.
func linksOf(content []comment.Block) (links []*comment.DocLink, broken []string) {
	var walk func(ts []comment.Text)
	walk = func(ts []comment.Text) {
		for _, x := range ts {
			switch x := x.(type) {
			case *comment.DocLink:
				links = append(links, x)
			case *comment.Link:
				walk(x.Text)
			case comment.Italic:
				broken = append(broken, unresolvedLink.FindAllString(string(x), -1)...)
			case comment.Plain:
				broken = append(broken, unresolvedLink.FindAllString(string(x), -1)...)
			}
		}
	}
	var blocks func(bs []comment.Block)
	blocks = func(bs []comment.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *comment.Paragraph:
				walk(b.Text)
			case *comment.Heading:
				walk(b.Text)
			case *comment.List:
				for _, it := range b.Items {
					blocks(it.Content)
				}
			}
		}
	}
	blocks(content)
	return links, broken
}

// unresolvedLink matches what was meant as a doc link: [Name] or
// [pkg.Name], not [2] or [::1].
var unresolvedLink = regexp.MustCompile(`\[\*?[A-Za-z][\w./]*\]`)

// TestOverviewHasDocLinks: the package overview and Socket's doc link the
// names they teach, and every link resolves.
func TestOverviewHasDocLinks(t *testing.T) {
	p := docPackage(t, false)
	for _, d := range []struct{ name, text string }{{"package overview", p.Doc}, {"Socket", typeDoc(t, p, "Socket").Doc}} {
		links, broken := docLinks(p, d.text)
		assert.Empty(t, broken, "%s: links that do not resolve", d.name)
		names := map[string]bool{}
		for _, l := range links {
			names[linkName(l)] = true
		}
		for _, want := range []string{"New", "Socket.Bind", "Socket.Listen", "Socket.Accept", "Socket.Connect", "Socket.Send", "Socket.Recv", "Socket.Close"} {
			assert.True(t, names[want], "%s does not link [%s]", d.name, want)
		}
	}
	links, _ := docLinks(p, p.Doc)
	var other bool // links to other packages: net.Conn, os.ErrDeadlineExceeded
	for _, l := range links {
		other = other || l.ImportPath != ""
	}
	assert.True(t, other, "the overview links no other package")
}

func typeDoc(t *testing.T, p *doc.Package, name string) *doc.Type {
	t.Helper()
	for _, ty := range p.Types {
		if ty.Name == name {
			return ty
		}
	}
	require.Fail(t, "no type "+name)
	return nil
}

// TestLifeCycleHasExamples: each name in the list of Socket's doc (the
// life cycle a learner reads first) has an Example of its own.
func TestLifeCycleHasExamples(t *testing.T) {
	p := docPackage(t, true)
	socket := typeDoc(t, p, "Socket")
	assert.NotEmpty(t, socket.Examples, "type Socket has no Example")
	var list *comment.List
	for _, b := range p.Parser().Parse(socket.Doc).Content {
		if l, ok := b.(*comment.List); ok && list == nil {
			list = l
		}
	}
	require.NotNil(t, list, "Socket's doc has no life-cycle list")
	examples := map[string]int{} // "New", "Socket.Bind": number of Examples
	for _, f := range p.Funcs {
		examples[f.Name] = len(f.Examples)
	}
	for _, ty := range p.Types {
		for _, f := range ty.Funcs {
			examples[f.Name] = len(f.Examples)
		}
		for _, m := range ty.Methods {
			examples[ty.Name+"."+m.Name] = len(m.Examples)
		}
	}
	var names []string
	for _, it := range list.Items {
		links, _ := linksOf(it.Content)
		for _, l := range links {
			names = append(names, linkName(l))
		}
	}
	require.NotEmpty(t, names, "the life-cycle list links no names")
	for _, n := range names {
		assert.Positive(t, examples[n], "%s, in Socket's life cycle, has no Example", n)
	}
}

// linkName is a link's target as written in the doc: New, Socket.Bind,
// net.Conn.
func linkName(l *comment.DocLink) string {
	name := l.Name
	if l.Recv != "" {
		name = l.Recv + "." + name
	}
	if l.ImportPath != "" {
		name = l.ImportPath + "." + name
	}
	return name
}

// TestNoFreeStandingComments: a comment between declarations that is
// attached to none of them never appears on the rendered page, so a
// top-level comment of the package's files that introduces exported names
// (the next declaration has one) must be a declaration's doc or the
// package's. Notes on unexported helpers may stand alone: they would not
// render anyway.
func TestNoFreeStandingComments(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, parser.ParseComments)
	require.NoError(t, err)
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			attached := map[*ast.CommentGroup]bool{f.Doc: true}
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.GenDecl:
					attached[d.Doc] = true
				case *ast.FuncDecl:
					attached[d.Doc] = true
				}
			}
			for _, c := range f.Comments {
				if attached[c] || c.Pos() < f.Package || insideDecl(f, c) || !exportedNext(f, c) {
					continue
				}
				assert.Fail(t, "a comment attached to no declaration", "%s: %q", fset.Position(c.Pos()), firstLine(c.Text()))
			}
		}
	}
}

func insideDecl(f *ast.File, c *ast.CommentGroup) bool {
	for _, d := range f.Decls {
		if d.Pos() <= c.Pos() && c.End() <= d.End() {
			return true
		}
	}
	return false
}

// exportedNext reports whether the first declaration after c declares an
// exported name (a method counts if its name is exported).
func exportedNext(f *ast.File, c *ast.CommentGroup) bool {
	for _, d := range f.Decls {
		if d.Pos() < c.End() {
			continue
		}
		switch d := d.(type) {
		case *ast.FuncDecl:
			return d.Name.IsExported()
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch spec := spec.(type) {
				case *ast.TypeSpec:
					if spec.Name.IsExported() {
						return true
					}
				case *ast.ValueSpec:
					for _, n := range spec.Names {
						if n.IsExported() {
							return true
						}
					}
				}
			}
			return false
		}
	}
	return false
}

func firstLine(s string) string { return strings.SplitN(s, "\n", 2)[0] }

// TestPythonHabitsInDocs: the two Python habits that go wrong silently in
// Go are named where a porter looks (issue 22, items 6 and 10): SetTimeout
// takes a Duration, not seconds, and Recv's doc shows recv(1024).
func TestPythonHabitsInDocs(t *testing.T) {
	p := docPackage(t, false)
	docOf := func(name string) string {
		for _, m := range typeDoc(t, p, "Socket").Methods {
			if m.Name == name {
				return m.Doc
			}
		}
		require.Fail(t, "no method "+name)
		return ""
	}
	assert.Contains(t, docOf("SetTimeout"), "settimeout(2) is SetTimeout(2 * time.Second), and SetTimeout(2) is two\nnanoseconds")
	assert.Contains(t, docOf("Recv"), "data = s.recv(1024)")
	assert.Contains(t, docOf("Recv"), "n, err := s.Recv(buf, 0)")
}
