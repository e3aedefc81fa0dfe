package interp

import (
	"context"
	"go/ast"
	"go/token"
	"reflect"

	yaegi "github.com/descentml/descent/kernel/interp/internal/yaegi"
)

// Compiled cells.
//
// Running a cell again unchanged (a training cell, a plot) is common, and
// yaegi compiling it again costs about as much as a small model's fit. So
// a cell made only of statements keeps its compiled programs, and running
// the same source again executes them directly, as long as nothing the
// compilation depended on changed: Interp.epoch counts changes of the
// session's global names (a declaration chunk, a statement defining a new
// global or changing one's type, a failed compilation, a forgotten name),
// and an entry is only used at the epoch it was recorded at.
//
// Executing the recorded programs is what compiling again would do: with
// kernel/interp/internal/yaegi's patch, a variable declared again with the
// same type keeps its frame slot, so the recorded programs and a fresh
// compilation write the same variables.

// compiledCell is a cell's compiled statement programs, in order.
type compiledCell struct {
	progs []*yaegi.Program
	// value: the last program computes the cell's trailing value.
	value bool
	epoch uint64
	// The rewrites' edits, for error positions (describe).
	colEdits  []colEdit
	rangeHint *[2]int
}

// maxCompiledCells bounds the cache; it is emptied when full and whenever
// the epoch changes.
const maxCompiledCells = 128

// compiledCells maps a cell's source to its compiled programs.
type compiledCells struct {
	epoch uint64
	cells map[string]*compiledCell
	hits  int
}

func (cc *compiledCells) get(code string, epoch uint64) (*compiledCell, bool) {
	c, ok := cc.cells[code]
	if !ok || c.epoch != epoch {
		return nil, false
	}
	cc.hits++
	return c, true
}

func (cc *compiledCells) put(code string, c *compiledCell) {
	if cc.cells == nil || cc.epoch != c.epoch || len(cc.cells) >= maxCompiledCells {
		cc.cells = map[string]*compiledCell{}
		cc.epoch = c.epoch
	}
	cc.cells[code] = c
}

// replay executes a compiled cell's programs.
func (in *Interp) replay(ctx context.Context, c *compiledCell) (reflect.Value, error) {
	in.colEdits, in.rangeHint = c.colEdits, c.rangeHint
	for i, p := range c.progs {
		v, err := in.execute(ctx, p)
		if err != nil {
			return reflect.Value{}, err
		}
		if i == len(c.progs)-1 && c.value {
			return v, nil
		}
	}
	return reflect.Value{}, nil
}

// stmts compiles and runs a statement chunk (src, padded), adding its
// program to rec when rec is not nil. defs are the names the chunk
// defines at top level: a compilation that changes their symbols, or adds
// any global, starts a new epoch.
func (in *Interp) stmts(ctx context.Context, src string, defs []string, rec *compiledCell) (reflect.Value, error) {
	n, before := in.symbolsOf(defs)
	p, err := in.compile(src)
	if err != nil {
		in.epoch++
		return reflect.Value{}, evalError{err}
	}
	n2, after := in.symbolsOf(defs)
	if n2 != n || !equalPtrs(before, after) {
		in.epoch++
	}
	if rec != nil {
		rec.progs = append(rec.progs, p)
	}
	v, err := in.execute(ctx, p)
	// A global declared again with another type is a new variable: the
	// funcs that use it follow (deps.go).
	var changed []string
	for i, name := range defs {
		if before[i] != 0 && after[i] != before[i] {
			changed = append(changed, name)
		}
	}
	in.follow(ctx, changed, nil)
	return v, err
}

// symbolsOf returns the number of names in the main scope and the
// identities of the symbols of names (0 for none).
func (in *Interp) symbolsOf(names []string) (int, []uintptr) {
	ptrs := make([]uintptr, len(names))
	m := in.mainSymbols()
	if !m.IsValid() {
		return 0, ptrs
	}
	for i, name := range names {
		if s := m.MapIndex(reflect.ValueOf(name)); s.IsValid() {
			ptrs[i] = s.Pointer()
		}
	}
	return m.Len(), ptrs
}

func equalPtrs(a, b []uintptr) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// topLevelDefs returns the names a statement chunk defines at its top
// level (x := …, var x …); statements nested in blocks define locals.
func topLevelDefs(src string, p *chunkParser) []string {
	list, _, err := parseStmtsWith(src, p)
	if err != nil {
		return nil
	}
	var names []string
	for _, s := range list {
		switch s := s.(type) {
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				for _, e := range s.Lhs {
					if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
						names = append(names, id.Name)
					}
				}
			}
		case *ast.DeclStmt:
			if g, ok := s.Decl.(*ast.GenDecl); ok {
				for _, spec := range g.Specs {
					if vs, ok := spec.(*ast.ValueSpec); ok {
						for _, id := range vs.Names {
							if id.Name != "_" {
								names = append(names, id.Name)
							}
						}
					}
				}
			}
		}
	}
	return names
}
