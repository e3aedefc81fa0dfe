// Package interp is the kernel's Go interpreter: notebook cells run on
// yaegi with the standard library, the core packages and kernel/display
// importable. It implements protocol.Interpreter (execute, complete,
// inspect, is_complete, kernel info, interrupt, shutdown) and never sees
// sockets or wire messages; it builds for GOOS=js GOARCH=wasm.
//
// A cell may mix declarations and statements: it is split into runs of
// file-level declarations (import, const, type, func) and of statements
// (var declarations included), evaluated in order, so state persists across
// cells. Before yaegi sees a run, it is rewritten on the same lines around
// gaps of yaegi v0.16.1 (see rewrite.go): range over integers, top-level
// compound statements, indexed values in top-level :=, per-iteration loop
// variables. Redefining a type replaces it (values made with
// the old type keep it). The value of a trailing single-valued expression
// becomes the cell's result, displayed through kernel/display.
package interp

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
	"io"
	"os"
	"path"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	yaegi "github.com/descentml/descent/kernel/interp/internal/yaegi"

	"github.com/descentml/descent/kernel/display"
	"github.com/descentml/descent/kernel/protocol"
	"github.com/descentml/descent/kernel/symbols"
)

// displayPath is the yaegi symbol key of kernel/display.
const displayPath = "github.com/descentml/descent/kernel/display/display"

// displayAlias is the private name under which cells' trailing values are
// passed through display.Value.
const displayAlias = "_descentDisplay"

// Version is the interpreter's implementation version.
const Version = "0.1.0"

// Interp runs Go cells. Its zero value is not usable; call New.
type Interp struct {
	yi *yaegi.Interpreter

	mu     sync.Mutex // guards out, ctx and cancel
	out    protocol.Output
	ctx    context.Context // the running cell's
	cancel context.CancelFunc

	state  yaegiState
	stale  bool // an interrupted cell could not be stopped cleanly
	owners owners

	stream *streamer
	stdin  *stdinReader

	// The running cell's rewrites (rewrite.go), for error positions.
	colEdits  []colEdit
	rangeHint *[2]int // line, column of a range over a value of unknown type

	// Compiled packages cells may import: import path → exported symbols,
	// and the sorted import paths.
	pkgSyms  map[string]map[string]reflect.Value
	packages []string

	yield yielder // loop pauses (Options.YieldEvery)

	// Session knowledge, touched only by Execute (one cell at a time).
	types   map[string]bool
	imports map[string]string // package name in cells → import path
	decls   map[string]string // user declaration name → source

	epoch    uint64 // counts changes of global names (compiled.go)
	compiled compiledCells
	funcs    map[string]*funcDecl // the cells' funcs and methods (deps.go)
	seq      int
}

// Options configure an interpreter.
type Options struct {
	// Stdlib is the standard library that cells may import, as yaegi symbol
	// tables ("fmt/fmt" → exported symbols): all of it is
	// github.com/traefik/yaegi/stdlib.Symbols; kernel/symbols/webstd holds a
	// subset for a smaller js/wasm binary. It must include fmt and os; the
	// core packages, gonum's mat and stat, and kernel/display are always
	// there. The interpreter does not import yaegi's stdlib package itself,
	// so that a binary links only the tables it passes.
	Stdlib map[string]map[string]reflect.Value

	// YieldEvery, if positive, makes the loops and functions of a cell pause
	// for a moment at most this often while they run (see yield.go). Where a busy goroutine never gives
	// way to its host, as under js/wasm (no preemption; the JavaScript event
	// loop runs only when every goroutine waits), this lets an interrupt
	// request and the cell's streamed output through during an endless
	// loop. Natively it is not needed: leave it zero.
	YieldEvery time.Duration
}

// New returns an interpreter with opts.Stdlib, the core packages and
// kernel/display available to cells.
func New(opts Options) (*Interp, error) {
	in := &Interp{types: map[string]bool{}, imports: map[string]string{}, decls: map[string]string{}, funcs: map[string]*funcDecl{}}
	in.yield.every, in.yield.start = opts.YieldEvery, time.Now()
	// Let os.Stdin, os.Stdout and os.Stderr in cells be the kernel's
	// streams although they are not files (yaegi reads this at New).
	os.Setenv("YAEGI_SPECIAL_STDIO", "1")
	in.stream = &streamer{in: in}
	in.stdin = &stdinReader{in: in}
	in.yi = yaegi.New(yaegi.Options{
		Stdin:        in.stdin,
		Stdout:       streamWriter{in.stream, "stdout"},
		Stderr:       streamWriter{in.stream, "stderr"},
		Unrestricted: true,
		GoPath:       "/nonexistent-descent-gopath",
	})
	in.state = newYaegiState(in.yi)
	for _, p := range []string{"fmt/fmt", "os/os"} {
		if _, ok := opts.Stdlib[p]; !ok {
			return nil, fmt.Errorf("interp: Options.Stdlib lacks package %s, which the kernel itself needs", path.Dir(p))
		}
	}
	if err := in.yi.Use(opts.Stdlib); err != nil {
		return nil, fmt.Errorf("interp: stdlib symbols: %w", err)
	}
	// time.Sleep ends early on interrupt; os.Exit must not end the session.
	exit := func(code int) {
		panic(fmt.Sprintf("os.Exit(%d) called: the kernel keeps running (restart it from the frontend to start over)", code))
	}
	overrides := yaegi.Exports{}
	if _, ok := opts.Stdlib["time/time"]; ok {
		overrides["time/time"] = map[string]reflect.Value{"Sleep": reflect.ValueOf(in.sleep)}
	}
	if _, ok := opts.Stdlib["os/os"]; ok {
		overrides["os/os"] = map[string]reflect.Value{"Exit": reflect.ValueOf(exit)}
	}
	if err := in.yi.Use(overrides); err != nil {
		return nil, fmt.Errorf("interp: stdlib overrides: %w", err)
	}
	syms := yaegi.Exports{}
	for k, v := range symbols.Symbols {
		syms[k] = v
	}
	disp, mapTypes := in.displaySymbols()
	syms[displayPath] = disp
	syms["."] = map[string]reflect.Value{"MapTypes": reflect.ValueOf(mapTypes)}
	if err := in.yi.Use(syms); err != nil {
		return nil, fmt.Errorf("interp: core symbols: %w", err)
	}
	in.pkgSyms = map[string]map[string]reflect.Value{}
	for _, tables := range []map[string]map[string]reflect.Value{opts.Stdlib, symbols.Symbols} {
		for k, v := range tables {
			if i := strings.LastIndex(k, "/"); i > 0 {
				in.pkgSyms[k[:i]] = v
				in.packages = append(in.packages, k[:i])
			}
		}
	}
	sort.Strings(in.packages)
	prelude := []string{displayAlias + ` "github.com/descentml/descent/kernel/display"`, fmtAlias + ` "fmt"`, osAlias + ` "os"`}
	if in.yield.every > 0 {
		if err := in.yi.Use(yaegi.Exports{hooksPath: {"Yield": reflect.ValueOf(in.yield.tick)}}); err != nil {
			return nil, fmt.Errorf("interp: loop hooks: %w", err)
		}
		prelude = append(prelude, hooksAlias+` "`+path.Dir(hooksPath)+`"`)
	}
	if _, err := in.yi.Eval("import (" + strings.Join(prelude, "; ") + ")"); err != nil {
		return nil, fmt.Errorf("interp: prelude: %w", err)
	}
	return in, nil
}

// richTypes are the interfaces that yaegi checks interpreted values against
// when they are passed to the display functions, so that compiled code sees
// their display methods (most specific first).
var richTypes = []reflect.Type{
	reflect.TypeFor[display.MIMEBundler](),
	reflect.TypeFor[display.HTMLer](),
	reflect.TypeFor[display.SVGer](),
	reflect.TypeFor[display.PNGer](),
	reflect.TypeFor[display.JPEGer](),
	reflect.TypeFor[display.Markdowner](),
	reflect.TypeFor[display.LaTeXer](),
	reflect.TypeFor[display.JSONer](),
	reflect.TypeFor[fmt.Stringer](),
	reflect.TypeFor[error](),
}

// displaySymbols returns kernel/display's symbols with the output functions
// bound to this interpreter's running cell.
func (in *Interp) displaySymbols() (map[string]reflect.Value, map[reflect.Value][]reflect.Type) {
	m := map[string]reflect.Value{}
	for k, v := range symbols.Symbols[displayPath] {
		m[k] = v
	}
	show := func(v any, id string, update bool) {
		out := in.output()
		if out == nil || (!update && !in.owners.current()) {
			return
		}
		b := display.Bundle(v)
		if b == nil {
			b = display.MIMEBundle{"text/plain": "<nil>"}
		}
		in.stream.flush()
		out.Display(protocol.MIMEBundle(b), nil, id, update)
	}
	fns := map[string]any{
		"Display": func(values ...any) {
			for _, v := range values {
				show(v, "", false)
			}
		},
		"DisplayID": func(id string, v any) { show(v, id, false) },
		"Update":    func(id string, v any) { show(v, id, true) },
		"Clear": func() {
			if out := in.output(); out != nil {
				in.stream.flush()
				out.ClearOutput(false)
			}
		},
		"ClearWait": func() {
			if out := in.output(); out != nil {
				in.stream.flush()
				out.ClearOutput(true)
			}
		},
		"Input":    func(prompt string) (string, error) { return in.input(prompt, false) },
		"Password": func(prompt string) (string, error) { return in.input(prompt, true) },
	}
	mapTypes := map[reflect.Value][]reflect.Type{}
	for name, f := range fns {
		v := reflect.ValueOf(f)
		m[name] = v
		if name == "Display" || name == "DisplayID" || name == "Update" {
			mapTypes[v] = richTypes
		}
	}
	mapTypes[m["Value"]] = richTypes
	mapTypes[m["Bundle"]] = richTypes
	mapTypes[m["Text"]] = richTypes
	return m, mapTypes
}

func (in *Interp) output() protocol.Output {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.out
}

func (in *Interp) input(prompt string, password bool) (string, error) {
	out := in.output()
	if out == nil {
		return "", errors.New("interp: input outside a running cell")
	}
	in.stream.flush()
	return out.Input(prompt, password)
}

// KernelInfo implements protocol.Interpreter.
func (in *Interp) KernelInfo() protocol.KernelInfo {
	return protocol.KernelInfo{
		Implementation:        "descent",
		ImplementationVersion: Version,
		LanguageInfo: protocol.LanguageInfo{
			Name:           "go",
			Version:        strings.TrimPrefix(runtime.Version(), "go"),
			MIMEType:       "text/x-go",
			FileExtension:  ".go",
			PygmentsLexer:  "go",
			CodemirrorMode: "go",
		},
		Banner: "Go (descent) — Go cells on yaegi with the descent ML library",
		HelpLinks: []protocol.HelpLink{
			{Text: "Go", URL: "https://go.dev/doc/"},
			{Text: "descent", URL: "https://github.com/descentml/descent"},
		},
	}
}

// Interrupt implements protocol.Interpreter.
func (in *Interp) Interrupt() {
	in.mu.Lock()
	cancel := in.cancel
	in.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// Shutdown implements protocol.Interpreter.
func (in *Interp) Shutdown(restart bool) { in.Interrupt() }

// Execute implements protocol.Interpreter.
func (in *Interp) Execute(ctx context.Context, req *protocol.ExecuteRequest, out protocol.Output) *protocol.ExecuteResult {
	ctx, cancel := context.WithCancel(ctx)
	in.owners.next()
	in.mu.Lock()
	in.out, in.ctx, in.cancel = out, ctx, cancel
	in.mu.Unlock()
	stopFlush := in.stream.start()
	defer func() {
		stopFlush()
		in.mu.Lock()
		in.out, in.ctx, in.cancel = nil, nil, nil
		in.mu.Unlock()
		cancel()
	}()
	res := &protocol.ExecuteResult{}
	if name, ok := helpRequest(req.Code); ok {
		// `name?` or `?name`: the documentation in the pager, as in IPython.
		if r := in.Inspect(name, len(name), 0); r.Found {
			res.Page = r.Data
		} else {
			res.Err = &protocol.Error{Name: "NotFound", Value: fmt.Sprintf("no documentation for %s", name), Traceback: []string{fmt.Sprintf("no documentation for %s: try a package member such as fmt.Println or a name defined in a cell", name)}}
		}
		return res
	}
	v, err := in.run(ctx, req.Code)
	if err != nil {
		res.Err = in.describe(ctx, err, req.Code)
	} else if v.IsValid() && v.CanInterface() {
		// Display methods may be interpreted code: run them like a cell.
		bv, err := in.runCancellable(ctx, func() (reflect.Value, error) {
			return reflect.ValueOf(display.Bundle(v.Interface())), nil
		})
		if err != nil {
			res.Err = in.describe(ctx, err, req.Code)
		} else if b, _ := bv.Interface().(display.MIMEBundle); b != nil {
			res.Data = protocol.MIMEBundle(b)
		}
	}
	if len(req.UserExpressions) > 0 {
		res.UserExpressions = in.userExpressions(ctx, req.UserExpressions)
	}
	return res
}

func (in *Interp) userExpressions(ctx context.Context, exprs map[string]string) map[string]any {
	out := map[string]any{}
	for name, expr := range exprs {
		v, err := in.eval(ctx, displayAlias+".Value("+expr+")")
		if err != nil {
			e := in.describe(ctx, err, expr)
			out[name] = map[string]any{"status": "error", "ename": e.Name, "evalue": e.Value, "traceback": e.Traceback}
			continue
		}
		var data display.MIMEBundle
		if v.IsValid() && v.CanInterface() {
			bv, err := in.runCancellable(ctx, func() (reflect.Value, error) {
				return reflect.ValueOf(display.Bundle(v.Interface())), nil
			})
			if err == nil {
				data, _ = bv.Interface().(display.MIMEBundle)
			}
		}
		if data == nil {
			data = display.MIMEBundle{"text/plain": "<nil>"}
		}
		out[name] = map[string]any{"status": "ok", "data": data, "metadata": map[string]any{}}
	}
	return out
}

// eval evaluates src, turning a panic escaping yaegi into an error.
func (in *Interp) eval(ctx context.Context, src string) (v reflect.Value, err error) {
	defer func() {
		in.forgetMain()
		if err != nil {
			err = evalError{err}
		}
	}()
	return in.runCancellable(ctx, func() (reflect.Value, error) { return in.yi.Eval(src) })
}

// forgetMain drops the "main" function yaegi wraps statements in: when a
// compilation fails after declaring it, yaegi would otherwise run it again
// before every later program.
func (in *Interp) forgetMain() { in.drop("main") }

// pad places src one line below its line of the cell, so that the wrapper
// yaegi puts in front of statements stays on a line of its own: yaegi's
// positions are then the cell's, one line down (see evalError).
func pad(src string, line int) string {
	return strings.Repeat("\n", line) + src
}

// padStmt is pad for a statement chunk: a leading ";" keeps yaegi in
// statement mode when the chunk starts with var.
func padStmt(src string, line int) string {
	return ";" + pad(src, line)
}

// rewrite applies the rewrites of rewrite.go to a chunk and records their
// column edits and the first range of unknown type, for describe.
func (in *Interp) rewrite(c chunk, counter *int, p *chunkParser) string {
	out, edits, uncertain := in.rewriteChunk(c.src, c.decl, counter, p)
	at := func(off int) (line, col int) {
		before := c.src[:off]
		return c.line + strings.Count(before, "\n"), off - strings.LastIndex(before, "\n")
	}
	for _, e := range edits {
		line, col := at(e.off)
		ce := colEdit{line: line, col: col, del: e.del, ins: len(e.ins)}
		if e.stand > 0 {
			ce.stand[0], ce.stand[1] = at(e.stand)
		}
		in.colEdits = append(in.colEdits, ce)
	}
	if uncertain >= 0 && in.rangeHint == nil {
		line, col := at(uncertain)
		in.rangeHint = &[2]int{line, col}
	}
	return out
}

// evalError marks errors whose positions come from yaegi (one line below
// the cell's, because of pad).
type evalError struct{ err error }

func (e evalError) Error() string { return e.err.Error() }
func (e evalError) Unwrap() error { return e.err }

// run evaluates a cell chunk by chunk and returns the trailing value. A
// cell of statements only is kept compiled (compiled.go).
func (in *Interp) run(ctx context.Context, code string) (reflect.Value, error) {
	// (Not while a stuck cell may still run: the programs' temporaries are
	// not to be shared with it.)
	if c, ok := in.compiled.get(code, in.epoch); ok && !in.stale {
		return in.replay(ctx, c)
	}
	in.colEdits, in.rangeHint = nil, nil
	rec := &compiledCell{}
	v, err := in.runChunks(ctx, code, &rec)
	if err == nil && rec != nil {
		rec.epoch, rec.colEdits, rec.rangeHint = in.epoch, in.colEdits, in.rangeHint
		in.compiled.put(code, rec)
	}
	return v, err
}

// runChunks is run without the cache; it records the cell's programs in
// *rec, or sets *rec to nil if the cell cannot be kept compiled.
func (in *Interp) runChunks(ctx context.Context, code string, rec **compiledCell) (reflect.Value, error) {
	var globals map[string]reflect.Value
	chunks, err := splitCellWith(code, func(name string) bool {
		if globals == nil {
			globals = in.yi.Globals()
		}
		_, ok := globals[name]
		return ok
	})
	if err != nil {
		return reflect.Value{}, err
	}
	counter := 0
	// One parse of a chunk serves the steps below while its source stays
	// the same (most chunks need no rewrite).
	var parsed chunkParser
	for i, c := range chunks {
		last := i == len(chunks)-1
		// Only a chunk that ends with an expression has a trailing value
		// (a wrapped compound statement ends with a call after rewrite).
		endsWithExpr := false
		if last && !c.decl {
			_, _, _, endsWithExpr = trailingExpr(c.src, &parsed)
		}
		c.src = guardGoroutinesWith(c.src, c.decl, &parsed)
		c.src = in.rewrite(c, &counter, &parsed)
		if c.decl {
			noop, err := in.runDecls(ctx, c)
			if noop {
				// Imports already in effect: nothing to record or redo.
				continue
			}
			*rec = nil
			in.epoch++
			if err != nil {
				return reflect.Value{}, err
			}
			continue
		}
		defs := topLevelDefs(c.src, &parsed)
		if !last || !endsWithExpr {
			if _, err := in.stmts(ctx, padStmt(c.src, c.line), defs, *rec); err != nil {
				return reflect.Value{}, err
			}
			continue
		}
		before, expr, exprStart, ok := trailingExpr(c.src, &parsed)
		if !ok {
			_, err := in.stmts(ctx, padStmt(c.src, c.line), defs, *rec)
			return reflect.Value{}, err
		}
		if strings.TrimSpace(before) != "" {
			if _, err := in.stmts(ctx, padStmt(before, c.line), defs, *rec); err != nil {
				return reflect.Value{}, err
			}
		}
		exprLine := c.line + strings.Count(c.src[:exprStart], "\n")
		// A single-valued expression compiles inside display.Value; calls
		// with no or several results (fmt.Println) do not and run as they are.
		if in.results(expr) == 1 {
			// (An expression defines nothing: a failed compilation here
			// starts no new epoch.)
			if prog, err := in.compile(pad(displayAlias+".Value("+expr+")", exprLine)); err == nil {
				if *rec != nil {
					(*rec).progs = append((*rec).progs, prog)
					(*rec).value = true
				}
				return in.execute(ctx, prog)
			}
		}
		_, err := in.stmts(ctx, pad(expr, exprLine), nil, *rec)
		return reflect.Value{}, err
	}
	return reflect.Value{}, nil
}

// compile compiles src; a panic in yaegi's compiler becomes a yaegi.Panic
// error, as one in eval does.
func (in *Interp) compile(src string) (p *yaegi.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = yaegi.Panic{Value: r}
		}
		in.forgetMain()
	}()
	return in.yi.Compile(src)
}

func (in *Interp) execute(ctx context.Context, p *yaegi.Program) (v reflect.Value, err error) {
	defer func() {
		if err != nil {
			err = evalError{err}
		}
	}()
	return in.runCancellable(ctx, func() (reflect.Value, error) { return in.yi.Execute(p) })
}

// runDecls evaluates a chunk of declarations: imports already in effect
// are skipped and redefined types are forgotten first, so that the new
// definition wins.
//
// It reports noop when the chunk only imports packages already imported
// under the same names: then nothing changed.
func (in *Interp) runDecls(ctx context.Context, c chunk) (noop bool, err error) {
	info, err := parseDecls(c.src)
	if err != nil {
		// Let yaegi report the syntax error with the cell's positions.
		_, err := in.eval(ctx, pad(c.src, c.line))
		return false, err
	}
	if len(info.names) == 0 && len(info.funcs) == 0 && len(info.imports) > 0 {
		noop = true
		for _, im := range info.imports {
			name := im.localName()
			if in.imports[name] != im.path || !in.hasSymbol(name+"/_.go") {
				noop = false
			}
		}
		if noop {
			return true, nil
		}
	}
	src := []byte(c.src)
	for _, im := range info.imports {
		name := im.localName()
		if !in.hasSymbol(name + "/_.go") {
			continue
		}
		if in.imports[name] == im.path {
			// Already imported: importing again is an error in yaegi.
			for j := im.start; j < im.end; j++ {
				if src[j] != '\n' {
					src[j] = ' '
				}
			}
		} else {
			in.forget(name + "/_.go")
		}
	}
	// Names declared again: the funcs that mention them follow (deps.go).
	var changed []string
	for _, n := range info.names {
		if in.hasSymbol(n) {
			changed = append(changed, n)
		}
	}
	for key, d := range info.funcs {
		if _, ok := in.funcs[key]; ok && strings.Contains(key, ".") {
			changed = append(changed, d.name)
		}
	}
	for _, t := range info.types {
		if in.types[t] {
			in.forget(t)
		}
	}
	var evalErr error
	if strings.TrimSpace(string(src)) != "" {
		_, evalErr = in.eval(ctx, pad(string(src), c.line))
	}
	// yaegi keeps imports even when the rest of the chunk fails.
	for _, im := range info.imports {
		if name := im.localName(); in.hasSymbol(name + "/_.go") {
			in.imports[name] = im.path
		}
	}
	if evalErr != nil {
		return false, evalErr
	}
	for _, t := range info.types {
		in.types[t] = true
	}
	for name, s := range info.sources {
		in.decls[name] = s
	}
	in.recordFuncs(info, c.line)
	fresh := map[string]bool{}
	for key := range info.funcs {
		fresh[key] = true
	}
	in.follow(ctx, changed, fresh)
	return false, nil
}

// mainSymbols returns the symbol table of yaegi's main package scope. yaegi
// offers no way to drop a declaration, and it silently keeps an old type
// when a type is declared again, so the kernel reaches into the table.
func (in *Interp) mainSymbols() reflect.Value {
	v := reflect.ValueOf(in.yi).Elem().FieldByName("scopes")
	if !v.IsValid() {
		return reflect.Value{}
	}
	v = reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
	sc := v.MapIndex(reflect.ValueOf("main"))
	if !sc.IsValid() || sc.IsNil() {
		return reflect.Value{}
	}
	s := sc.Elem().FieldByName("sym")
	if !s.IsValid() {
		return reflect.Value{}
	}
	return reflect.NewAt(s.Type(), unsafe.Pointer(s.UnsafeAddr())).Elem()
}

// hasSymbol reports whether the main scope defines name.
func (in *Interp) hasSymbol(name string) bool {
	m := in.mainSymbols()
	return m.IsValid() && m.MapIndex(reflect.ValueOf(name)).IsValid()
}

// forget removes a name from the main scope.
func (in *Interp) forget(name string) {
	in.epoch++
	in.drop(name)
}

// drop removes a name from the main scope without starting a new epoch:
// for yaegi's own wrapper function.
func (in *Interp) drop(name string) {
	if m := in.mainSymbols(); m.IsValid() {
		m.SetMapIndex(reflect.ValueOf(name), reflect.Value{})
	}
}

// userNames returns the names declared by cells so far.
func (in *Interp) userNames() []string {
	var names []string
	if m := in.mainSymbols(); m.IsValid() {
		for _, k := range m.MapKeys() {
			n := k.String()
			if !strings.Contains(n, "/") && !strings.HasPrefix(n, "_") {
				names = append(names, n)
			}
		}
	}
	sort.Strings(names)
	return names
}

var (
	posRE   = regexp.MustCompile(`^(?:_\.go:)?(\d+):(\d+): `)
	panicRE = regexp.MustCompile(`(?m)^(?:_\.go:)?(\d+):(\d+): panic(?:: (.*))?$`)
)

// describe turns an evaluation error into an error reply: the message with
// the cell's line and column, the offending line with a caret, and for
// panics the interpreted call sites.
func (in *Interp) describe(ctx context.Context, err error, code string) *protocol.Error {
	lines := strings.Split(code, "\n")
	shift := 0
	if errors.As(err, new(evalError)) {
		shift = 1
	}
	caret := func(line, col int) []string {
		if line < 1 || line > len(lines) {
			return nil
		}
		src := lines[line-1]
		indent := strings.Repeat(" ", max(col-1, 0))
		return []string{fmt.Sprintf("%4d | %s", line, src), "     | " + indent + "^"}
	}
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		in.stream.takePanics()
		tb := []string{"Interrupted: the cell was interrupted; variables keep the values they had"}
		if in.stale {
			tb = append(tb, "The cell was stuck in a compiled call and could not be stopped cleanly: functions made by earlier cells may no longer run when compiled code calls them. Restart the kernel if results look wrong.")
		}
		return &protocol.Error{Name: "Interrupted", Value: "the cell was interrupted", Traceback: tb}
	}
	var p yaegi.Panic
	if errors.As(err, &p) && fmt.Sprint(p.Value) == "nil type" {
		// yaegi's compiler panics on a range over an integer that the
		// kernel's rewrite could not recognize (rewrite.go).
		in.stream.takePanics()
		msg := "yaegi, the kernel's Go interpreter, failed to compile the cell (panic: nil type), most likely on a range over an integer the kernel could not recognize as one: write `for i := range int(n)` or `for i := 0; i < n; i++`"
		tb := []string{msg}
		if h := in.rangeHint; h != nil {
			msg = fmt.Sprintf("line %d:%d: %s", h[0], h[1], msg)
			tb = append([]string{fmt.Sprintf("cell:%d:%d: range over a value of unknown type", h[0], h[1])}, caret(h[0], h[1])...)
			tb = append(tb, msg)
		}
		return &protocol.Error{Name: "CompileError", Value: msg, Traceback: tb}
	}
	if errors.As(err, &p) {
		msg := fmt.Sprint(p.Value)
		tb := []string{"panic: " + msg, ""}
		for _, m := range panicRE.FindAllStringSubmatch(in.stream.takePanics(), -1) {
			line, _ := strconv.Atoi(m[1])
			col, _ := strconv.Atoi(m[2])
			line -= 1 // panics always come from yaegi
			col = mapColumn(in.colEdits, line, col)
			line, col = standIn(in.colEdits, line, col)
			where := fmt.Sprintf("cell line %d, column %d", line, col)
			if m[3] != "" {
				where += " in " + m[3]
			}
			tb = append(tb, where)
			tb = append(tb, caret(line, col)...)
		}
		return &protocol.Error{Name: "panic", Value: msg, Traceback: tb}
	}
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		var tb []string
		for _, e := range list {
			col := mapColumn(in.colEdits, e.Pos.Line-shift, e.Pos.Column)
			tb = append(tb, fmt.Sprintf("cell:%d:%d: %s", e.Pos.Line-shift, col, e.Msg))
			tb = append(tb, caret(e.Pos.Line-shift, col)...)
		}
		col := mapColumn(in.colEdits, list[0].Pos.Line-shift, list[0].Pos.Column)
		return &protocol.Error{Name: "SyntaxError", Value: fmt.Sprintf("line %d:%d: %s", list[0].Pos.Line-shift, col, list[0].Msg), Traceback: tb}
	}
	in.stream.takePanics()
	msg := err.Error()
	tb := []string{}
	if m := posRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		line -= shift
		col = mapColumn(in.colEdits, line, col)
		rest := msg[len(m[0]):]
		if strings.HasSuffix(rest, "definition loop") {
			rest += " (yaegi, the kernel's interpreter, could not work out a type here; declaring it helps: `var v T` then `v = ...`, or `v := T(...)`)"
		}
		msg = fmt.Sprintf("line %d:%d: %s", line, col, rest)
		tb = append(tb, fmt.Sprintf("cell:%d:%d: %s", line, col, err.Error()[len(m[0]):]))
		tb = append(tb, caret(line, col)...)
	} else {
		tb = append(tb, msg)
	}
	return &protocol.Error{Name: "CompileError", Value: msg, Traceback: tb}
}

// streamer buffers a cell's stdout and stderr and publishes them every
// 50 ms while the cell runs and when it ends. Writes between cells (from
// goroutines a cell left behind) are dropped.
type streamer struct {
	in     *Interp
	mu     sync.Mutex
	name   string
	buf    strings.Builder
	panics strings.Builder

	// The periodic flusher starts at a cell's first write, so that cells
	// without output cost no goroutine and ticker.
	running bool          // a cell runs (between start and its stop)
	ticking bool          // the running cell's flusher is started
	done    chan struct{} // closed to stop the flusher
	wg      sync.WaitGroup
}

type streamWriter struct {
	s    *streamer
	name string
}

func (w streamWriter) Write(p []byte) (int, error) {
	w.s.write(w.name, string(p))
	return len(p), nil
}

func (s *streamer) write(name, text string) {
	if name == "stderr" && panicRE.MatchString(text) {
		// yaegi reports the interpreted frames of a panic on stderr; they
		// go into the error's traceback instead.
		s.mu.Lock()
		s.panics.WriteString(text)
		s.mu.Unlock()
		return
	}
	if s.in.output() == nil || !s.in.owners.current() {
		return
	}
	s.mu.Lock()
	if s.name != name && s.buf.Len() > 0 {
		s.flushLocked()
	}
	s.name = name
	s.buf.WriteString(text)
	if s.running && !s.ticking {
		s.ticking = true
		s.done = make(chan struct{})
		s.wg.Add(1)
		go s.tick(s.done)
	}
	s.mu.Unlock()
}

// tick flushes every 50 ms until done is closed.
func (s *streamer) tick(done chan struct{}) {
	defer s.wg.Done()
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			s.flush()
		}
	}
}

func (s *streamer) takePanics() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.panics.String()
	s.panics.Reset()
	return p
}

func (s *streamer) flush() {
	s.mu.Lock()
	s.flushLocked()
	s.mu.Unlock()
}

func (s *streamer) flushLocked() {
	if s.buf.Len() == 0 {
		return
	}
	if out := s.in.output(); out != nil {
		out.Stream(s.name, s.buf.String())
	}
	s.buf.Reset()
}

// start begins a cell's periodic flushing (from its first write); the
// returned func stops it and flushes.
func (s *streamer) start() func() {
	s.mu.Lock()
	s.buf.Reset()
	s.panics.Reset()
	s.running, s.ticking = true, false
	s.mu.Unlock()
	return s.stop
}

func (s *streamer) stop() {
	s.mu.Lock()
	s.running = false
	ticking, done := s.ticking, s.done
	s.ticking, s.done = false, nil
	s.mu.Unlock()
	if ticking {
		close(done)
		s.wg.Wait()
	}
	s.flush()
}

// stdinReader turns reads of os.Stdin in cells into input requests.
type stdinReader struct {
	in      *Interp
	mu      sync.Mutex
	pending string
}

func (r *stdinReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pending == "" {
		line, err := r.in.input("", false)
		if err != nil {
			return 0, io.EOF
		}
		r.pending = line + "\n"
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	return n, nil
}

// helpRequest recognises a help cell, `name?` or `?name` where name is an
// identifier or a dotted selector (fmt.Println, linear.Ridge.Fit), and
// returns the name. Any other cell is Go.
func helpRequest(code string) (string, bool) {
	c := strings.TrimSpace(code)
	switch {
	case strings.HasPrefix(c, "?"):
		c = strings.TrimSpace(c[1:])
	case strings.HasSuffix(c, "?"):
		c = strings.TrimSpace(c[:len(c)-1])
	default:
		return "", false
	}
	if c == "" {
		return "", false
	}
	for _, part := range strings.Split(c, ".") {
		if !token.IsIdentifier(part) {
			return "", false
		}
	}
	return c, true
}
