// Package godoc extracts the signature and doc comment of every exported
// symbol of a Go package from its source, for the kernel's inspect
// requests. It is used at generate time for the core packages and at run
// time for the standard library (from GOROOT, when present).
package godoc

import (
	"bytes"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
)

// Dir returns the docs of the exported symbols of the package in dir (test
// files excluded), keyed by "Name" or "Type.Method". Each entry is the
// declaration followed by a blank line and the doc comment.
func Dir(dir string) (map[string]string, error) {
	fset := token.NewFileSet()
	// Only the files of the current build context: some packages declare a
	// method in two files with opposite build tags.
	bp, err := build.ImportDir(dir, 0)
	if err != nil {
		return nil, err
	}
	var files []*ast.File
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			continue
		}
		if len(files) > 0 && f.Name.Name != files[0].Name.Name {
			continue
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, fs.ErrNotExist
	}
	p, err := doc.NewFromFiles(fset, files, "p")
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	put := func(name string, decl ast.Node, text string) {
		var b bytes.Buffer
		cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
		if err := cfg.Fprint(&b, fset, decl); err != nil {
			return
		}
		out[name] = strings.TrimSpace(b.String() + "\n\n" + text)
	}
	funcs := func(prefix string, fs []*doc.Func) {
		for _, f := range fs {
			d := *f.Decl
			d.Body = nil
			d.Doc = nil
			put(prefix+f.Name, &d, f.Doc)
		}
	}
	values := func(vs []*doc.Value) {
		for _, v := range vs {
			d := *v.Decl
			d.Doc = nil
			for _, n := range v.Names {
				put(n, &d, v.Doc)
			}
		}
	}
	funcs("", p.Funcs)
	values(p.Consts)
	values(p.Vars)
	for _, t := range p.Types {
		d := *t.Decl
		d.Doc = nil
		put(t.Name, &d, t.Doc)
		funcs("", t.Funcs)
		funcs(t.Name+".", t.Methods)
		values(t.Consts)
		values(t.Vars)
	}
	return out, nil
}
