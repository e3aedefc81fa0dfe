package symbols

import (
	"go/ast"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// corePackages are the module's packages whose tables are generated here,
// by directory (relative to the module root) and import path.
var corePackages = []string{
	"core/model", "core/data", "core/metrics", "core/preprocess", "core/optim", "core/optim/surface",
	"core/linear", "core/sgd", "core/selection", "core/svm", "core/privacy", "core/explain",
	"core/plot", "core/persist", "kernel/display",
}

// exportedNames lists a package directory's exported package-level names
// (funcs, types, vars, consts; no methods), as yaegi's extract would, which
// skips generic functions and types.
func exportedNames(t *testing.T, dir string) []string {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name.Name != filepath.Base(dir) || excludedNatively(f) {
			continue
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.IsExported() && d.Type.TypeParams == nil {
					names = append(names, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() && s.TypeParams == nil {
							names = append(names, s.Name.Name)
						}
					case *ast.ValueSpec:
						for _, id := range s.Names {
							if id.IsExported() {
								names = append(names, id.Name)
							}
						}
					}
				}
			}
		}
	}
	sort.Strings(names)
	return names
}

// excludedNatively reports files that a native linux/amd64 build (where the
// tables are generated) leaves out by their //go:build line.
func excludedNatively(f *ast.File) bool {
	for _, c := range f.Comments {
		if c.Pos() > f.Package {
			break
		}
		for _, l := range c.List {
			if !constraint.IsGoBuild(l.Text) {
				continue
			}
			expr, err := constraint.Parse(l.Text)
			if err != nil {
				return false
			}
			return !expr.Eval(func(tag string) bool {
				return tag == "linux" || tag == "amd64" || tag == "unix" || tag == "gc" || strings.HasPrefix(tag, "go1.")
			})
		}
	}
	return false
}

// TestTablesMatchTheAPI fails when a core package's exported API changed
// without `go generate ./kernel/...`: cells would miss the new names (or
// the build would break on removed ones), and inspect would lack docs.
func TestTablesMatchTheAPI(t *testing.T) {
	const module = "github.com/descentml/descent/"
	for _, dir := range corePackages {
		t.Run(dir, func(t *testing.T) {
			key := module + dir + "/" + filepath.Base(dir)
			table, ok := Symbols[key]
			if !ok {
				t.Fatalf("no symbol table %q: run go generate ./kernel/...", key)
			}
			for _, name := range exportedNames(t, filepath.Join("..", "..", dir)) {
				if _, ok := table[name]; !ok {
					t.Errorf("%s.%s is exported but not in the symbol table: run go generate ./kernel/...", dir, name)
				}
				if _, ok := Docs[module+dir+"."+name]; !ok {
					t.Errorf("%s.%s has no entry in Docs: run go generate ./kernel/...", dir, name)
				}
			}
		})
	}
}
