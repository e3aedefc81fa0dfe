package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"sort"
	"strings"
)

// Goroutine panics.
//
// A panic in a goroutine that nobody recovers ends a Go program; in the
// kernel it would end the user's session. yaegi offers no hook, so the
// kernel rewrites every go statement of a cell,
//
//	go f(x, y)
//
// into the equivalent (operands evaluated at the go statement, as Go does)
//
//	{ g0 := f; g1 := x; g2 := y; go func() { defer recoverGo(); g0(g1, g2) }() }
//
// on the same lines, so that line numbers stay the cell's. The recovered
// panic is reported on the cell's stderr.

// goRecover is the deferred handler the rewrite installs.
const goRecover = `defer func() { if r := recover(); r != nil { ` + fmtAlias + `.Fprintf(` + osAlias + `.Stderr, "panic in goroutine: %v (the goroutine stopped; the kernel keeps running)\n", r) } }()`

// Private import names of the prelude.
const (
	fmtAlias = "_descentFmt"
	osAlias  = "_descentOS"
)

var builtinFuncs = map[string]bool{
	"append": true, "cap": true, "clear": true, "close": true, "complex": true, "copy": true,
	"delete": true, "imag": true, "len": true, "make": true, "max": true, "min": true,
	"new": true, "panic": true, "print": true, "println": true, "real": true, "recover": true,
}

// guardGoroutines rewrites the go statements of a chunk (see above). It
// returns src unchanged when there are none or the chunk does not parse.
func guardGoroutines(src string, decl bool) string {
	return guardGoroutinesWith(src, decl, nil)
}

// guardGoroutinesWith is guardGoroutines sharing p's parse of src.
func guardGoroutinesWith(src string, decl bool, p *chunkParser) string {
	if !strings.Contains(src, "go") {
		return src
	}
	prefix := stmtPrefix
	if decl {
		prefix = filePrefix
	}
	f, fset, err := p.parse(src, decl)
	if err != nil {
		return src
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset - len(prefix) }
	var gos []*ast.GoStmt
	ast.Inspect(f, func(n ast.Node) bool {
		if g, ok := n.(*ast.GoStmt); ok {
			gos = append(gos, g)
		}
		return true
	})
	if len(gos) == 0 {
		return src
	}
	sort.Slice(gos, func(i, j int) bool { return gos[i].Pos() < gos[j].Pos() })
	counter := 0
	// render returns src[a:b] with the go statements inside rewritten.
	var render func(a, b int) string
	render = func(a, b int) string {
		var out strings.Builder
		at := a
		for _, g := range gos {
			gs, ge := off(g.Pos()), off(g.End())
			if gs < at || ge > b {
				continue // outside, or nested in one already rendered
			}
			out.WriteString(src[at:gs])
			out.WriteString(rewriteGo(g, off, render, &counter))
			at = ge
		}
		out.WriteString(src[at:b])
		return out.String()
	}
	return render(0, len(src))
}

func rewriteGo(g *ast.GoStmt, off func(token.Pos) int, render func(a, b int) string, counter *int) string {
	call := g.Call
	var names, values, args []string
	name := func() string {
		n := fmt.Sprintf("_descentGo%d", *counter)
		*counter++
		return n
	}
	fun := render(off(call.Fun.Pos()), off(call.Fun.End()))
	callee := fun
	if id, ok := call.Fun.(*ast.Ident); !ok || !builtinFuncs[id.Name] {
		callee = name()
		names, values = append(names, callee), append(values, fun)
	}
	for _, a := range call.Args {
		n := name()
		names, values = append(names, n), append(values, render(off(a.Pos()), off(a.End())))
		args = append(args, n)
	}
	ellipsis := ""
	if call.Ellipsis.IsValid() {
		ellipsis = "..."
	}
	var b strings.Builder
	b.WriteString("{ ")
	// One := per operand, in order: yaegi mishandles a func value in a
	// multiple assignment.
	for i := range names {
		fmt.Fprintf(&b, "%s := %s; ", names[i], values[i])
	}
	fmt.Fprintf(&b, "go func() { %s; %s(%s%s) }() }", goRecover, callee, strings.Join(args, ", "), ellipsis)
	return b.String()
}
