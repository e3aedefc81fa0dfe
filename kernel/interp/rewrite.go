package interp

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
	"strings"
)

// Rewrites for yaegi v0.16.1's gaps, applied to each chunk just before it
// is evaluated, on the same lines (columns of errors are mapped back, see
// colEdit):
//
//  1. Range over an integer (Go 1.22) makes yaegi's compiler panic ("nil
//     type"). Wherever the range expression is known to be an integer (int
//     literals, len/cap, integer conversions, constant expressions, names
//     declared in the cell with such values or with integer types, and
//     globals whose value is an integer), `for k := range n {` becomes
//     `for _N, _I := n, n-n; _I < _N; _I++ { k := _I; _ = k;` (n is
//     evaluated once: a complex n goes into a block of its own first).
//  2. A compound statement at the top level of a cell (if, for, switch,
//     select, block) is compiled by yaegi in global scope, where it goes
//     wrong in several ways: a several-valued := inside it (v, err := f())
//     is lost ("undefined: v"), a := in its blocks overwrites a global of
//     the same name instead of shadowing it, a type switch panics, and
//     closures made in a loop can hang, and panics point at the wrong
//     line. Such statements run wrapped in
//     `func() { ... }()`, which reads and assigns globals as before (at the
//     cost of one copy of yaegi's global frame per statement run).
//     Statements containing return, defer or goto (whose meaning the
//     wrapper would change), and every statement of a chunk with a goto,
//     stay as they are.
//  4. Loop variables get one copy per iteration (Go 1.22 semantics) when
//     the loop body makes closures or goroutines (see perIteration).
//  3. A top-level `x := s[i]` (or `var x = s[i]`) where s has a compiled
//     type fails in yaegi's global type analysis ("constant definition
//     loop"): the value is converted to its known type, `x := T(s[i])`.

// edit replaces del bytes at off (in the chunk) by ins; ins holds no
// newline, so lines stay the cell's.
type edit struct {
	off, del int
	ins      string
	order    int // among edits at the same offset, lower first
	// stand, if positive, is the offset (in the chunk) of the statement that
	// panic positions at the inserted text should name instead (see
	// yieldEdits).
	stand int
}

// colEdit is an edit in cell coordinates, to map error columns back.
type colEdit struct {
	line, col int // 1-based, in the cell before the rewrite
	del, ins  int
	stand     [2]int // line, column that positions inside ins stand for (0: none)
}

func applyEdits(src string, edits []edit) string {
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].off != edits[j].off {
			return edits[i].off < edits[j].off
		}
		return edits[i].order < edits[j].order
	})
	var b strings.Builder
	at := 0
	for _, e := range edits {
		if e.off < at {
			continue // overlapping: never produced, but stay safe
		}
		b.WriteString(src[at:e.off])
		b.WriteString(e.ins)
		at = e.off + e.del
	}
	b.WriteString(src[at:])
	return b.String()
}

// standIn returns the position that a (mapped) position at an inserted
// call stands for: yaegi names a function's first step as the place of a
// panic in it, which with loop pauses is the inserted call.
func standIn(edits []colEdit, line, col int) (int, int) {
	for _, e := range edits {
		if e.line == line && e.col == col && e.stand[0] > 0 {
			return e.stand[0], e.stand[1]
		}
	}
	return line, col
}

// mapColumn maps a column of the rewritten cell back to the original.
func mapColumn(edits []colEdit, line, col int) int {
	var on []colEdit
	for _, e := range edits {
		if e.line == line {
			on = append(on, e)
		}
	}
	sort.SliceStable(on, func(i, j int) bool { return on[i].col < on[j].col })
	shift := 0
	for _, e := range on {
		start := e.col + shift
		if col < start {
			break
		}
		if col < start+e.ins {
			return e.col
		}
		shift += e.ins - e.del
	}
	return col - shift
}

// rewriter holds what the rewrites of one chunk know.
type rewriter struct {
	in      *Interp
	src     string
	off     func(token.Pos) int
	edits   []edit
	scopes  []map[string]reflect.Type
	globals map[string]reflect.Value
	n       *int // name counter
	typing  bool // types are needed: the chunk has a range or an index
	// uncertain is the offset of the first range over an expression of
	// unknown type (-1 if none), for the error message if yaegi panics.
	uncertain int
}

// rewriteChunk applies the rewrites to a chunk and returns the new source
// and its edits. counter makes generated names unique within a cell.
// p, if not nil, shares its parse of src.
func (in *Interp) rewriteChunk(src string, decl bool, counter *int, p *chunkParser) (string, []edit, int) {
	yields := in.yield.every > 0 && (strings.Contains(src, "for") || strings.Contains(src, "func"))
	if !yields && !strings.Contains(src, "range") && !strings.Contains(src, "for") && (decl || !strings.ContainsAny(src, "{[")) {
		return src, nil, -1
	}
	prefix := stmtPrefix
	if decl {
		prefix = filePrefix
	}
	f, fset, err := p.parse(src, decl)
	if err != nil {
		return src, nil, -1
	}
	rw := &rewriter{in: in, src: src, n: counter, uncertain: -1, typing: strings.Contains(src, "range") || strings.Contains(src, "["),
		off: func(p token.Pos) int { return fset.Position(p).Offset - len(prefix) }}
	rw.push()
	if decl {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				rw.push()
				if d.Recv != nil {
					rw.fields(d.Recv)
				}
				rw.fields(d.Type.Params)
				rw.fields(d.Type.Results)
				if d.Body != nil {
					rw.block(d.Body.List)
				}
				rw.pop()
			case *ast.GenDecl:
				rw.genDecl(d)
			}
		}
	} else {
		stmts := f.Decls[0].(*ast.FuncDecl).Body.List
		hasGoto := false
		for _, s := range stmts {
			if escapes(s, true) {
				hasGoto = true
			}
		}
		for _, s := range stmts {
			rw.topIndexTypes(s)
			rw.stmt(s)
			if !hasGoto && isCompound(s) && !escapes(s, false) {
				rw.edits = append(rw.edits,
					edit{off: rw.off(s.Pos()), ins: "func() { ", order: -1},
					edit{off: rw.off(s.End()), ins: " }()", order: 1})
			}
		}
	}
	if yields {
		rw.yieldEdits(f, decl)
	}
	if len(rw.edits) == 0 {
		return src, nil, rw.uncertain
	}
	return applyEdits(src, rw.edits), rw.edits, rw.uncertain
}

func isCompound(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.BlockStmt:
		return true
	case *ast.LabeledStmt:
		return isCompound(s.Stmt)
	}
	return false
}

// escapes reports whether s contains (outside function literals) a goto,
// or, unless onlyGoto, a return or defer.
func escapes(s ast.Node, onlyGoto bool) bool {
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			found = found || n.Tok == token.GOTO
		case *ast.ReturnStmt, *ast.DeferStmt:
			found = found || !onlyGoto
		}
		return !found
	})
	return found
}

func (rw *rewriter) push() { rw.scopes = append(rw.scopes, map[string]reflect.Type{}) }
func (rw *rewriter) pop()  { rw.scopes = rw.scopes[:len(rw.scopes)-1] }
func (rw *rewriter) declare(name string, t reflect.Type) {
	if name != "_" {
		rw.scopes[len(rw.scopes)-1][name] = t
	}
}

func (rw *rewriter) fields(fl *ast.FieldList) {
	if fl == nil {
		return
	}
	for _, f := range fl.List {
		t := rw.typeExpr(f.Type)
		for _, n := range f.Names {
			rw.declare(n.Name, t)
		}
	}
}

func (rw *rewriter) genDecl(d *ast.GenDecl) {
	if d.Tok != token.VAR && d.Tok != token.CONST {
		return
	}
	for _, sp := range d.Specs {
		vs, ok := sp.(*ast.ValueSpec)
		if !ok {
			continue
		}
		for _, v := range vs.Values {
			rw.exprs(v)
		}
		var typ reflect.Type
		if vs.Type != nil {
			typ = rw.typeExpr(vs.Type)
		}
		for i, n := range vs.Names {
			t := typ
			if vs.Type == nil && i < len(vs.Values) && len(vs.Names) == len(vs.Values) {
				t = rw.typeOf(vs.Values[i])
			} else if vs.Type == nil && d.Tok == token.CONST && len(vs.Values) == 0 {
				t = reflect.TypeFor[int]() // iota sequences
			}
			rw.declare(n.Name, t)
		}
	}
}

func (rw *rewriter) block(list []ast.Stmt) {
	rw.push()
	for _, s := range list {
		rw.stmt(s)
	}
	rw.pop()
}

// exprs walks an expression for function literals.
func (rw *rewriter) exprs(e ast.Node) {
	if e == nil {
		return
	}
	ast.Inspect(e, func(n ast.Node) bool {
		if fl, ok := n.(*ast.FuncLit); ok {
			rw.push()
			rw.fields(fl.Type.Params)
			rw.fields(fl.Type.Results)
			rw.block(fl.Body.List)
			rw.pop()
			return false
		}
		return true
	})
}

func (rw *rewriter) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case nil:
	case *ast.AssignStmt:
		for _, e := range s.Rhs {
			rw.exprs(e)
		}
		if s.Tok != token.DEFINE {
			return
		}
		var types []reflect.Type
		if len(s.Lhs) == len(s.Rhs) {
			for _, e := range s.Rhs {
				types = append(types, rw.typeOf(e))
			}
		} else if len(s.Rhs) == 1 {
			if call, ok := s.Rhs[0].(*ast.CallExpr); ok {
				if ft := rw.funcType(call); ft != nil && ft.NumOut() == len(s.Lhs) {
					for i := range ft.NumOut() {
						types = append(types, ft.Out(i))
					}
				}
			}
		}
		top := rw.scopes[len(rw.scopes)-1]
		for i, l := range s.Lhs {
			id, ok := l.(*ast.Ident)
			if !ok {
				continue
			}
			if _, exists := top[id.Name]; exists && len(s.Lhs) > 1 {
				continue // reused, keeps its type
			}
			var t reflect.Type
			if i < len(types) {
				t = types[i]
			}
			rw.declare(id.Name, t)
		}
	case *ast.DeclStmt:
		if g, ok := s.Decl.(*ast.GenDecl); ok {
			rw.genDecl(g)
		}
	case *ast.ExprStmt:
		rw.exprs(s.X)
	case *ast.SendStmt:
		rw.exprs(s.Chan)
		rw.exprs(s.Value)
	case *ast.IncDecStmt:
	case *ast.ReturnStmt:
		for _, e := range s.Results {
			rw.exprs(e)
		}
	case *ast.GoStmt:
		rw.exprs(s.Call)
	case *ast.DeferStmt:
		rw.exprs(s.Call)
	case *ast.BlockStmt:
		rw.block(s.List)
	case *ast.LabeledStmt:
		rw.stmt(s.Stmt)
	case *ast.IfStmt:
		rw.push()
		rw.stmt(s.Init)
		rw.exprs(s.Cond)
		rw.block(s.Body.List)
		rw.stmt(s.Else)
		rw.pop()
	case *ast.ForStmt:
		if a, ok := s.Init.(*ast.AssignStmt); ok && a.Tok == token.DEFINE {
			var names []string
			for _, l := range a.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					names = append(names, id.Name)
				}
			}
			rw.perIteration(s.Body, names, true)
		}
		rw.push()
		rw.stmt(s.Init)
		rw.exprs(s.Cond)
		rw.stmt(s.Post)
		rw.block(s.Body.List)
		rw.pop()
	case *ast.RangeStmt:
		rw.rangeStmt(s)
	case *ast.SwitchStmt:
		rw.push()
		rw.stmt(s.Init)
		rw.exprs(s.Tag)
		for _, c := range s.Body.List {
			cc := c.(*ast.CaseClause)
			for _, e := range cc.List {
				rw.exprs(e)
			}
			rw.block(cc.Body)
		}
		rw.pop()
	case *ast.TypeSwitchStmt:
		rw.push()
		rw.stmt(s.Init)
		rw.exprs(s.Assign)
		var name string
		if a, ok := s.Assign.(*ast.AssignStmt); ok && len(a.Lhs) == 1 {
			if id, ok := a.Lhs[0].(*ast.Ident); ok {
				name = id.Name
			}
		}
		for _, c := range s.Body.List {
			cc := c.(*ast.CaseClause)
			rw.push()
			if name != "" {
				var t reflect.Type
				if len(cc.List) == 1 {
					t = rw.typeExpr(cc.List[0])
				}
				rw.declare(name, t)
			}
			rw.block(cc.Body)
			rw.pop()
		}
		rw.pop()
	case *ast.SelectStmt:
		for _, c := range s.Body.List {
			cc := c.(*ast.CommClause)
			rw.push()
			rw.stmt(cc.Comm)
			rw.block(cc.Body)
			rw.pop()
		}
	}
}

func isInteger(t reflect.Type) bool {
	if t == nil {
		return false
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

// simple reports whether evaluating e twice is harmless (no calls but
// len/cap and conversions, no receives).
func simple(e ast.Expr) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if id, isID := n.Fun.(*ast.Ident); !isID || !(id.Name == "len" || id.Name == "cap" || builtinTypes[id.Name] != nil) {
				ok = false
			}
		case *ast.UnaryExpr:
			ok = ok && n.Op != token.ARROW
		case *ast.FuncLit:
			ok = false
		}
		return ok
	})
	return ok
}

func (rw *rewriter) rangeStmt(s *ast.RangeStmt) {
	rw.exprs(s.X)
	xt := rw.typeOf(s.X)
	rw.push()
	defer rw.pop()
	if !isInteger(xt) {
		var kt, vt reflect.Type
		if xt != nil {
			switch xt.Kind() {
			case reflect.Pointer:
				if xt.Elem().Kind() == reflect.Array {
					kt, vt = reflect.TypeFor[int](), xt.Elem().Elem()
				}
			case reflect.Slice, reflect.Array:
				kt, vt = reflect.TypeFor[int](), xt.Elem()
			case reflect.String:
				kt, vt = reflect.TypeFor[int](), reflect.TypeFor[rune]()
			case reflect.Map:
				kt, vt = xt.Key(), xt.Elem()
			case reflect.Chan:
				kt = xt.Elem()
			}
		} else if rw.uncertain < 0 {
			rw.uncertain = rw.off(s.For)
		}
		if s.Tok == token.DEFINE {
			var names []string
			if id, ok := s.Key.(*ast.Ident); ok {
				rw.declare(id.Name, kt)
				names = append(names, id.Name)
			}
			if id, ok := s.Value.(*ast.Ident); ok {
				rw.declare(id.Name, vt)
				names = append(names, id.Name)
			}
			rw.perIteration(s.Body, names, false)
		}
		rw.block(s.Body.List)
		return
	}
	start, lbrace := rw.off(s.For), rw.off(s.Body.Lbrace)
	x := rw.src[rw.off(s.X.Pos()):rw.off(s.X.End())]
	if strings.Contains(rw.src[start:lbrace], "\n") || s.Value != nil {
		if rw.uncertain < 0 {
			rw.uncertain = start
		}
		rw.block(s.Body.List)
		return
	}
	*rw.n++
	nn, ii := fmt.Sprintf("_descentN%d", *rw.n), fmt.Sprintf("_descentI%d", *rw.n)
	var head, tail string
	if simple(s.X) {
		head = fmt.Sprintf("for %s, %s := (%s), (%s)-(%s); %s < %s; %s++ {", nn, ii, x, x, x, ii, nn, ii)
	} else {
		head = fmt.Sprintf("{ %s := (%s); for %s := %s - %s; %s < %s; %s++ {", nn, x, ii, nn, nn, ii, nn, ii)
		tail = " }"
	}
	if id, ok := s.Key.(*ast.Ident); ok && id.Name != "_" {
		if s.Tok == token.DEFINE {
			head += fmt.Sprintf(" %s := %s; _ = %s;", id.Name, ii, id.Name)
			rw.declare(id.Name, xt)
		} else {
			head += fmt.Sprintf(" %s = %s;", id.Name, ii)
		}
	} else if s.Key != nil && !isBlankIdent(s.Key) {
		head += fmt.Sprintf(" %s = %s;", rw.src[rw.off(s.Key.Pos()):rw.off(s.Key.End())], ii)
	}
	rw.edits = append(rw.edits, edit{off: start, del: lbrace + 1 - start, ins: head})
	if tail != "" {
		rw.edits = append(rw.edits, edit{off: rw.off(s.Body.Rbrace) + 1, ins: tail})
	}
	rw.block(s.Body.List)
}

// perIteration gives each iteration of a loop its own copy of the loop's
// variables, as Go 1.22 does and yaegi v0.16.1 does not (closures and
// goroutines made in the loop would all see the last value): it inserts
// `v := v;` at the start of the body when the body makes a function
// literal (or a go statement) and, for three-clause loops (checkAssigned),
// never changes the variable (the copy would hide the change from the
// loop).
func (rw *rewriter) perIteration(body *ast.BlockStmt, names []string, checkAssigned bool) {
	captures := false
	assigned := map[string]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt:
			captures = true
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				for _, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						assigned[id.Name] = true
					}
				}
			}
		case *ast.IncDecStmt:
			if id, ok := n.X.(*ast.Ident); ok {
				assigned[id.Name] = true
			}
		case *ast.UnaryExpr:
			if id, ok := n.X.(*ast.Ident); ok && n.Op == token.AND {
				assigned[id.Name] = true
			}
		}
		return true
	})
	if !captures {
		return
	}
	var b strings.Builder
	for _, name := range names {
		if name == "_" || (checkAssigned && assigned[name]) {
			continue
		}
		fmt.Fprintf(&b, " %s := %s;", name, name)
	}
	if b.Len() > 0 {
		rw.edits = append(rw.edits, edit{off: rw.off(body.Lbrace) + 1, ins: b.String()})
	}
}

func isBlankIdent(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

// topIndexTypes converts indexed values of top-level := and var
// declarations to their type (rewrite 3).
func (rw *rewriter) topIndexTypes(s ast.Stmt) {
	var values []ast.Expr
	switch s := s.(type) {
	case *ast.AssignStmt:
		if s.Tok == token.DEFINE && len(s.Lhs) == len(s.Rhs) {
			values = s.Rhs
		}
	case *ast.DeclStmt:
		if g, ok := s.Decl.(*ast.GenDecl); ok && g.Tok == token.VAR {
			for _, sp := range g.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok && vs.Type == nil && len(vs.Names) == len(vs.Values) {
					values = append(values, vs.Values...)
				}
			}
		}
	}
	for _, v := range values {
		if !hasIndex(v) {
			continue
		}
		t := rw.typeOf(v)
		name := rw.typeName(t)
		if name == "" {
			continue
		}
		if strings.HasPrefix(name, "*") || strings.HasPrefix(name, "func") || strings.HasPrefix(name, "<-") {
			name = "(" + name + ")"
		}
		rw.edits = append(rw.edits,
			edit{off: rw.off(v.Pos()), ins: name + "(", order: -1},
			edit{off: rw.off(v.End()), ins: ")", order: 1})
	}
}

func hasIndex(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IndexExpr:
			found = true
		}
		return !found
	})
	return found
}

// typeName renders t as Go source valid in a cell ("" if it cannot).
func (rw *rewriter) typeName(t reflect.Type) string {
	if t == nil {
		return ""
	}
	if t.Name() != "" {
		if t.PkgPath() == "" {
			if builtinTypes[t.Name()] == t {
				return t.Name()
			}
			return ""
		}
		for name, path := range rw.in.imports {
			if path == t.PkgPath() && !strings.Contains(t.Name(), "[") {
				return name + "." + t.Name()
			}
		}
		return ""
	}
	switch t.Kind() {
	case reflect.Pointer:
		if e := rw.typeName(t.Elem()); e != "" {
			return "*" + e
		}
	case reflect.Slice:
		if e := rw.typeName(t.Elem()); e != "" {
			return "[]" + e
		}
	case reflect.Array:
		if e := rw.typeName(t.Elem()); e != "" {
			return fmt.Sprintf("[%d]%s", t.Len(), e)
		}
	case reflect.Map:
		k, e := rw.typeName(t.Key()), rw.typeName(t.Elem())
		if k != "" && e != "" {
			return "map[" + k + "]" + e
		}
	}
	return ""
}

var builtinTypes = map[string]reflect.Type{
	"bool": reflect.TypeFor[bool](), "string": reflect.TypeFor[string](), "error": reflect.TypeFor[error](),
	"int": reflect.TypeFor[int](), "int8": reflect.TypeFor[int8](), "int16": reflect.TypeFor[int16](),
	"int32": reflect.TypeFor[int32](), "rune": reflect.TypeFor[rune](), "int64": reflect.TypeFor[int64](),
	"uint": reflect.TypeFor[uint](), "uint8": reflect.TypeFor[uint8](), "byte": reflect.TypeFor[byte](),
	"uint16": reflect.TypeFor[uint16](), "uint32": reflect.TypeFor[uint32](), "uint64": reflect.TypeFor[uint64](),
	"uintptr": reflect.TypeFor[uintptr](), "float32": reflect.TypeFor[float32](), "float64": reflect.TypeFor[float64](),
	"complex64": reflect.TypeFor[complex64](), "complex128": reflect.TypeFor[complex128](),
	"any": reflect.TypeFor[any](),
}

// lookup finds a name: the cell's scopes, then the interpreter's globals.
// found is false for names it knows nothing about.
func (rw *rewriter) lookup(name string) (reflect.Type, bool) {
	for i := len(rw.scopes) - 1; i >= 0; i-- {
		if t, ok := rw.scopes[i][name]; ok {
			return t, true
		}
	}
	if rw.globals == nil {
		rw.globals = rw.in.yi.Globals()
	}
	if v, ok := rw.globals[name]; ok && v.IsValid() {
		if c, ok := v.Interface().(constant.Value); ok {
			return constantType(c), true
		}
		return v.Type(), true
	}
	return nil, false
}

func constantType(c constant.Value) reflect.Type {
	switch c.Kind() {
	case constant.Int:
		return reflect.TypeFor[int]()
	case constant.Float:
		return reflect.TypeFor[float64]()
	case constant.String:
		return reflect.TypeFor[string]()
	case constant.Bool:
		return reflect.TypeFor[bool]()
	}
	return nil
}

// packageMember returns the exported member sel of the package imported as
// name: a value (func, var, const) or a type (isType).
func (rw *rewriter) packageMember(name, sel string) (t reflect.Type, isType, ok bool) {
	for _, sc := range rw.scopes {
		if _, local := sc[name]; local {
			return nil, false, false
		}
	}
	path, imported := rw.in.imports[name]
	if !imported {
		return nil, false, false
	}
	v, found := rw.in.pkgSyms[path][sel]
	if !found || !v.IsValid() {
		return nil, false, true
	}
	if c, isConst := v.Interface().(constant.Value); isConst {
		return constantType(c), false, true
	}
	switch v.Kind() {
	case reflect.Func:
		return v.Type(), false, true
	case reflect.Pointer:
		if v.IsNil() {
			return v.Type().Elem(), true, true // a type
		}
		return v.Type().Elem(), false, true // a variable
	}
	return v.Type(), false, true
}

// typeExpr resolves a type expression (nil if unknown, e.g. a cell's type).
func (rw *rewriter) typeExpr(e ast.Expr) reflect.Type {
	switch e := e.(type) {
	case *ast.Ident:
		if t, ok := builtinTypes[e.Name]; ok {
			if _, shadowed := rw.lookup(e.Name); !shadowed {
				return t
			}
		}
	case *ast.ParenExpr:
		return rw.typeExpr(e.X)
	case *ast.SelectorExpr:
		if id, ok := e.X.(*ast.Ident); ok {
			if t, isType, ok := rw.packageMember(id.Name, e.Sel.Name); ok && isType {
				return t
			}
		}
	case *ast.StarExpr:
		if t := rw.typeExpr(e.X); t != nil {
			return reflect.PointerTo(t)
		}
	case *ast.ArrayType:
		if t := rw.typeExpr(e.Elt); t != nil && e.Len == nil {
			return reflect.SliceOf(t)
		}
	case *ast.MapType:
		k, v := rw.typeExpr(e.Key), rw.typeExpr(e.Value)
		if k != nil && v != nil && k.Comparable() {
			return reflect.MapOf(k, v)
		}
	case *ast.FuncType:
		var in, out []reflect.Type
		for _, list := range []*ast.FieldList{e.Params, e.Results} {
			if list == nil {
				continue
			}
			for _, f := range list.List {
				if _, ok := f.Type.(*ast.Ellipsis); ok {
					return nil
				}
				t := rw.typeExpr(f.Type)
				if t == nil {
					return nil
				}
				for range max(len(f.Names), 1) {
					if list == e.Params {
						in = append(in, t)
					} else {
						out = append(out, t)
					}
				}
			}
		}
		return reflect.FuncOf(in, out, false)
	case *ast.InterfaceType:
		if len(e.Methods.List) == 0 {
			return reflect.TypeFor[any]()
		}
	}
	return nil
}

// funcType returns the type of the function a call calls (nil if unknown).
func (rw *rewriter) funcType(call *ast.CallExpr) reflect.Type {
	if t := rw.typeOf(call.Fun); t != nil && t.Kind() == reflect.Func {
		return t
	}
	return nil
}

// typeOf returns the type of an expression, nil if unknown. Untyped
// constants get their default type.
func (rw *rewriter) typeOf(e ast.Expr) reflect.Type {
	if !rw.typing {
		return nil
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		switch e.Kind {
		case token.INT:
			return reflect.TypeFor[int]()
		case token.CHAR:
			return reflect.TypeFor[rune]()
		case token.FLOAT:
			return reflect.TypeFor[float64]()
		case token.STRING:
			return reflect.TypeFor[string]()
		}
	case *ast.Ident:
		if t, ok := rw.lookup(e.Name); ok {
			return t
		}
		if e.Name == "true" || e.Name == "false" {
			return reflect.TypeFor[bool]()
		}
	case *ast.ParenExpr:
		return rw.typeOf(e.X)
	case *ast.UnaryExpr:
		switch e.Op {
		case token.ADD, token.SUB, token.XOR:
			return rw.typeOf(e.X)
		case token.NOT:
			return reflect.TypeFor[bool]()
		case token.AND:
			if t := rw.typeOf(e.X); t != nil {
				return reflect.PointerTo(t)
			}
		case token.ARROW:
			if t := rw.typeOf(e.X); t != nil && t.Kind() == reflect.Chan {
				return t.Elem()
			}
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ, token.LAND, token.LOR:
			return reflect.TypeFor[bool]()
		case token.SHL, token.SHR:
			return rw.typeOf(e.X)
		}
		tx, ty := rw.typeOf(e.X), rw.typeOf(e.Y)
		if _, lit := e.X.(*ast.BasicLit); lit && ty != nil {
			return ty
		}
		if tx != nil {
			return tx
		}
		return ty
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok {
			if _, shadowed := rw.lookup(id.Name); !shadowed {
				switch id.Name {
				case "len", "cap", "copy":
					return reflect.TypeFor[int]()
				case "min", "max":
					if len(e.Args) > 0 {
						return rw.typeOf(&ast.BinaryExpr{X: e.Args[0], Op: token.ADD, Y: e.Args[len(e.Args)-1]})
					}
				case "append":
					if len(e.Args) > 0 {
						return rw.typeOf(e.Args[0])
					}
				case "make":
					if len(e.Args) > 0 {
						return rw.typeExpr(e.Args[0])
					}
				case "new":
					if len(e.Args) > 0 {
						if t := rw.typeExpr(e.Args[0]); t != nil {
							return reflect.PointerTo(t)
						}
					}
				case "real", "imag":
					return reflect.TypeFor[float64]()
				case "complex":
					return reflect.TypeFor[complex128]()
				}
			}
		}
		if t := rw.typeExpr(e.Fun); t != nil {
			return t // a conversion
		}
		if ft := rw.funcType(e); ft != nil && ft.NumOut() == 1 {
			return ft.Out(0)
		}
	case *ast.SelectorExpr:
		if id, ok := e.X.(*ast.Ident); ok {
			if t, isType, ok := rw.packageMember(id.Name, e.Sel.Name); ok {
				if isType {
					return nil
				}
				return t
			}
		}
		t := rw.typeOf(e.X)
		if t == nil {
			return nil
		}
		if m, ok := t.MethodByName(e.Sel.Name); ok {
			return methodFunc(m, t)
		}
		if t.Kind() != reflect.Interface && t.Kind() != reflect.Pointer {
			if m, ok := reflect.PointerTo(t).MethodByName(e.Sel.Name); ok {
				return methodFunc(m, reflect.PointerTo(t))
			}
		}
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() == reflect.Struct {
			if f, ok := t.FieldByName(e.Sel.Name); ok {
				return f.Type
			}
		}
	case *ast.IndexExpr:
		t := rw.typeOf(e.X)
		if t == nil {
			return nil
		}
		if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Array {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Slice, reflect.Array, reflect.Map:
			return t.Elem()
		case reflect.String:
			return reflect.TypeFor[byte]()
		}
	case *ast.SliceExpr:
		t := rw.typeOf(e.X)
		if t == nil {
			return nil
		}
		if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Array {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Slice, reflect.String:
			return t
		case reflect.Array:
			return reflect.SliceOf(t.Elem())
		}
	case *ast.StarExpr:
		if t := rw.typeOf(e.X); t != nil && t.Kind() == reflect.Pointer {
			return t.Elem()
		}
	case *ast.CompositeLit:
		return rw.typeExpr(e.Type)
	case *ast.FuncLit:
		return rw.typeExpr(e.Type)
	case *ast.TypeAssertExpr:
		return rw.typeExpr(e.Type)
	}
	return nil
}

// methodFunc returns the type of a method value: receiver dropped for
// methods of concrete types.
func methodFunc(m reflect.Method, recv reflect.Type) reflect.Type {
	if recv.Kind() == reflect.Interface {
		return m.Type
	}
	ft := m.Type
	in := make([]reflect.Type, 0, ft.NumIn())
	for i := 1; i < ft.NumIn(); i++ {
		in = append(in, ft.In(i))
	}
	out := make([]reflect.Type, ft.NumOut())
	for i := range out {
		out[i] = ft.Out(i)
	}
	return reflect.FuncOf(in, out, ft.IsVariadic())
}

// results returns the number of results of a trailing expression when it
// is a call of a compiled package's function (fmt.Println: 2), else 1 (to
// be found out by compiling it). It saves compiling cells that end with
// such calls twice.
func (in *Interp) results(expr string) int {
	e, err := parser.ParseExpr(expr)
	if err != nil {
		return 1
	}
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return 1
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return 1
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return 1
	}
	rw := &rewriter{in: in, typing: true}
	rw.push()
	if t, isType, ok := rw.packageMember(id.Name, sel.Sel.Name); ok && !isType && t != nil && t.Kind() == reflect.Func {
		return t.NumOut()
	}
	return 1
}
