package interp

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/descentml/descent/kernel/protocol"
)

// fixCase is a sequence of cells; the last one's result, stdout or error
// is checked.
type fixCase struct {
	name   string
	cells  []string
	result string // text/plain of the last cell ("" to skip)
	stdout string // stdout of the last cell ("" to skip)
	errHas string // the last cell fails with this in its message
}

func runFixCases(t *testing.T, cases []fixCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := newInterp(t)
			for _, c := range tc.cells[:len(tc.cells)-1] {
				mustRun(t, in, c)
			}
			last := tc.cells[len(tc.cells)-1]
			res, r := run(t, in, last)
			if tc.errHas != "" {
				if res.Err == nil || !strings.Contains(res.Err.Value, tc.errHas) {
					t.Fatalf("want an error with %q, got %+v", tc.errHas, res.Err)
				}
				return
			}
			if res.Err != nil {
				t.Fatalf("%s: %s\n%s", res.Err.Name, res.Err.Value, strings.Join(res.Err.Traceback, "\n"))
			}
			if tc.result != "" && plain(res) != tc.result {
				t.Errorf("result %s, want %s", plain(res), tc.result)
			}
			if tc.stdout != "" && r.stdout() != tc.stdout {
				t.Errorf("stdout %q, want %q", r.stdout(), tc.stdout)
			}
		})
	}
}

const fmtStrconv = `import ("fmt"; "strconv")`

// Bug 1: a := with two values inside a block at the top level of a cell.
func TestDefineInTopLevelBlock(t *testing.T) {
	runFixCases(t, []fixCase{
		{name: "for range", cells: []string{fmtStrconv, "for _, t := range []string{\"1\", \"2\"} {\n v, e := strconv.Atoi(t)\n fmt.Println(v, e)\n}"}, stdout: "1 <nil>\n2 <nil>\n"},
		{name: "if", cells: []string{fmtStrconv, "if true {\n v, e := strconv.Atoi(\"3\")\n fmt.Println(v, e)\n}"}, stdout: "3 <nil>\n"},
		{name: "bare block", cells: []string{fmtStrconv, "{\n v, e := strconv.Atoi(\"4\")\n fmt.Println(v, e)\n}"}, stdout: "4 <nil>\n"},
		{name: "switch", cells: []string{fmtStrconv, "switch {\ncase true:\n v, e := strconv.Atoi(\"5\")\n fmt.Println(v, e)\n}"}, stdout: "5 <nil>\n"},
		{name: "assigns globals", cells: []string{fmtStrconv, "sum := 0\nfor _, t := range []string{\"1\", \"2\", \"3\"} {\n v, _ := strconv.Atoi(t)\n sum += v\n}\nsum"}, result: "6"},
		{name: "globals persist", cells: []string{fmtStrconv, "total := 0\nif true { n, _ := strconv.Atoi(\"7\"); total = n }", "total"}, result: "7"},
		{name: "break and continue", cells: []string{fmtStrconv, "out := \"\"\nouter:\nfor i := 0; i < 3; i++ {\n for j := 0; j < 3; j++ {\n  if j == 1 { continue outer }\n  if i == 2 { break outer }\n  s, _ := fmt.Print(\"\"); _ = s\n  out += strconv.Itoa(i) + strconv.Itoa(j)\n }\n}\nout"}, result: `"0010"`},
		{name: "shadowing keeps the global", cells: []string{"x := 1\nif true { x := 2; _ = x }\nx"}, result: "1"},
		{name: "type switch", cells: []string{"var v any = 2.5\nkind := \"\"\nswitch t := v.(type) {\ncase float64:\n kind = \"float\"\n _ = t\n}\nkind"}, result: `"float"`},
		{name: "select with break", cells: []string{"ch := make(chan int, 1)\nch <- 3\ngot := 0\nselect {\ncase v := <-ch:\n if v > 0 { got = v; break }\n got = -1\n}\ngot"}, result: "3"},
		{name: "goto stays unwrapped", cells: []string{"i := 0\nloop:\nif i < 3 {\n i++\n goto loop\n}\ni"}, result: "3"},
		{name: "closures made in a loop", cells: []string{"var fs []func() int\nfor i := 0; i < 3; i++ { fs = append(fs, func() int { return i * 10 }) }", "fs[1]()"}, result: "10"},
		{name: "goroutines in a block", cells: []string{`import "sync"`, "var mu sync.Mutex\nvar wg sync.WaitGroup\nn := 0\nfor i := range 4 {\n wg.Add(1)\n go func() { defer wg.Done(); mu.Lock(); n += i; mu.Unlock() }()\n}\nwg.Wait()\nn"}, result: "6"},
		{name: "panic position", cells: []string{"var s []int\nif true {\n  _ = s[3]\n}"}, errHas: "index out of range"},
		{name: "error columns", cells: []string{fmtStrconv, "if true {\n v, e := strconv.Atoi(\"1\")\n fmt.Println(v, e, nope)\n}"}, errHas: "line 3:20: undefined: nope"},
		{name: "error column on the first line", cells: []string{fmtStrconv, "for _, s := range nope { fmt.Println(s) }"}, errHas: "line 1:19: undefined: nope"},
	})
}

// Bug 2: range over an integer.
func TestRangeOverInt(t *testing.T) {
	runFixCases(t, []fixCase{
		{name: "literal", cells: []string{`import "fmt"`, "for i := range 3 { fmt.Print(i) }"}, stdout: "012"},
		{name: "variable in the cell", cells: []string{`import "fmt"`, "n := 3\nfor i := range n { fmt.Print(i) }"}, stdout: "012"},
		{name: "global of an earlier cell", cells: []string{`import "fmt"`, "n := int64(4)", "for i := range n { fmt.Printf(\"%T%d \", i, i) }"}, stdout: "int640 int641 int642 int643 "},
		{name: "len", cells: []string{`import "fmt"`, "xs := []string{\"a\", \"b\"}\nfor i := range len(xs) { fmt.Print(i, xs[i]) }"}, stdout: "0a1b"},
		{name: "constant expression", cells: []string{`import "fmt"`, "const k = 2", "for i := range k*2 - 1 { fmt.Print(i) }"}, stdout: "012"},
		{name: "conversion of a call", cells: []string{`import ("fmt"; "strings")`, "for i := range int(strings.Count(\"a,b,c\", \",\")) { fmt.Print(i) }"}, stdout: "01"},
		{name: "no key", cells: []string{`import "fmt"`, "for range 2 { fmt.Print(\"x\") }"}, stdout: "xx"},
		{name: "assign key", cells: []string{`import "fmt"`, "var i int\nfor i = range 3 {}\nfmt.Print(i)"}, stdout: "2"},
		{name: "in a function", cells: []string{`import "fmt"`, "func count(n int) (s int) {\n\tfor i := range n {\n\t\ts += i\n\t}\n\treturn s\n}\nfmt.Print(count(5))"}, stdout: "10"},
		{name: "in a func literal", cells: []string{`import "fmt"`, "f := func(n uint8) { for i := range n { fmt.Print(i) } }\nf(3)"}, stdout: "012"},
		{name: "package constant", cells: []string{`import ("fmt"; "github.com/descentml/descent/kernel/display")`, "c := 0\nfor range display.MaxRows { c++ }\nfmt.Print(c)"}, stdout: "10"},
		{name: "field of a compiled value", cells: []string{`import ("fmt"; "github.com/descentml/descent/core/data")`, "ds := data.Iris()\nc := 0\nfor i := range len(ds.Y) { c += i - i + 1 }\nfmt.Print(c)"}, stdout: "150"},
		{name: "closures see their own i", cells: []string{`import "fmt"`, "var fs []func() int\nfor i := range 3 { fs = append(fs, func() int { return i }) }\nfor _, f := range fs { fmt.Print(f()) }"}, stdout: "012"},
		{name: "evaluated once", cells: []string{`import "fmt"`, "calls := 0\nnext := func() int { calls++; return 2 }\nfor i := range next() { fmt.Print(i) }\nfmt.Print(calls)"}, stdout: "011"},
		// Ranges over other values are untouched.
		{name: "slice", cells: []string{`import "fmt"`, "for i, v := range []int{5, 6} { fmt.Print(i, v) }"}, stdout: "0 51 6"},
		{name: "string", cells: []string{`import "fmt"`, "s := \"hé\"\nfor i, r := range s { fmt.Print(i, string(r)) }"}, stdout: "0h1é"},
		{name: "map", cells: []string{`import "fmt"`, "m := map[string]int{\"a\": 1}\nfor k, v := range m { fmt.Print(k, v) }"}, stdout: "a1"},
		{name: "channel", cells: []string{`import "fmt"`, "ch := make(chan int, 2)\nch <- 1\nch <- 2\nclose(ch)\nfor v := range ch { fmt.Print(v) }"}, stdout: "12"},
		{name: "array pointer", cells: []string{`import "fmt"`, "a := [2]int{7, 8}\nfor i := range &a { fmt.Print(i) }"}, stdout: "01"},
		// An integer the kernel cannot see as one is a clear error, and
		// the kernel lives on.
		{name: "unknown integer", cells: []string{"type box struct{ n int }\nfunc (b box) size() int { return b.n }", "b := box{3}\nfor i := range b.size() { _ = i }"}, errHas: "line 2:1: yaegi, the kernel's Go interpreter, failed to compile the cell (panic: nil type)"},
	})
}

func TestPanicInWrappedStatementPointsAtTheCell(t *testing.T) {
	in := newInterp(t)
	res, _ := run(t, in, "var s []int\nif true {\n  _ = s[3]\n}")
	if res.Err == nil || res.Err.Name != "panic" {
		t.Fatalf("want a panic, got %+v", res.Err)
	}
	if tb := strings.Join(res.Err.Traceback, "\n"); !strings.Contains(tb, "cell line 3") {
		t.Errorf("traceback does not point at line 3:\n%s", tb)
	}
}

// The panic of yaegi's compiler on a range over an integer never kills
// the kernel, whether it happens in a statement, a declaration or a
// trailing expression.
func TestRangeOverIntPanicKeepsKernel(t *testing.T) {
	in := newInterp(t)
	mustRun(t, in, "kept := 5\ntype box struct{ n int }\nfunc (b box) size() int { return b.n }\nb := box{2}")
	for _, code := range []string{
		"for i := range b.size() { _ = i }",
		"func f() { for range b.size() {} }",
		"func() int { for range b.size() {}; return 1 }()",
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		res := in.Execute(ctx, &protocol.ExecuteRequest{Code: code}, newRecorder())
		cancel()
		if res.Err == nil {
			t.Errorf("%q: no error", code)
		}
		if r, _ := mustRun(t, in, "kept + 1"); plain(r) != "6" {
			t.Fatalf("after %q the kernel lost its state: %s", code, plain(r))
		}
	}
}

const fitIris = `import (
	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/linear"
	"github.com/descentml/descent/core/plot"
)
lr := &linear.LogisticRegression{}
ds := data.Iris()
if err := lr.Fit(ds.X, ds.Y); err != nil { panic(err) }`

// Bug 3: top-level := and var of an indexed value of a compiled type, and
// var declarations initialized from earlier globals.
func TestIndexedValuesAtTopLevel(t *testing.T) {
	runFixCases(t, []fixCase{
		{name: "index of a global", cells: []string{fitIris, "ic := lr.Intercept()\nb0 := ic[0]\nb0 > 0"}, result: "true"},
		{name: "index of a call", cells: []string{fitIris, "b := lr.Intercept()[0]\nb > 0"}, result: "true"},
		{name: "same cell", cells: []string{fitIris + "\nic := lr.Intercept()\nb0 := ic[0]\nb0 > 0"}, result: "true"},
		{name: "two values", cells: []string{fitIris, "curve := struct{ X []float64 }{X: lr.Intercept()}\nxs := curve.X\nlo, hi := xs[len(xs)-1], xs[0]\nlo < hi"}, result: "true"},
		{name: "field of a compiled struct", cells: []string{fitIris, "first := ds.FeatureNames[0]\nfirst"}, result: `"sepal length (cm)"`},
		{name: "var with type", cells: []string{fitIris, "ic := lr.Intercept()", "var b1 float64 = ic[0]\nb1 > 0"}, result: "true"},
		{name: "var without type", cells: []string{fitIris, "ic := lr.Intercept()", "var b1 = ic[0]\nb1 > 0"}, result: "true"},
		{name: "var from a global", cells: []string{"x := 41", "var y = x + 1\ny"}, result: "42"},
		{name: "var group", cells: []string{"x := 1", "var (\n\ta = x\n\tb = a + 1\n)\nb"}, result: "2"},
		{name: "func before var", cells: []string{"func get() int { return counter }\nvar counter = 3\nget()"}, result: "3"},
		{name: "var after a statement", cells: []string{"var a = 1\na++\nvar b = a * 10\nb"}, result: "20"},
		{name: "still works", cells: []string{"x := []float64{1, 2}\nb := x[1]\nb"}, result: "2"},
		{name: "pointer element", cells: []string{fitIris, "dss := []*data.Dataset{ds}\nd0 := dss[0]\nd0.Name"}, result: `"iris"`},
		{name: "map of compiled type", cells: []string{`import "strings"`, "m := map[string][]string{\"a\": strings.Fields(\"x y\")}\nv := m[\"a\"][1]\nv"}, result: `"y"`},
	})
}

func TestMapColumn(t *testing.T) {
	// "for i := range n {" became "func() { for _N, _I := ... {" at column 1.
	edits := []colEdit{{line: 2, col: 1, ins: 9}, {line: 2, col: 1, del: 18, ins: 60}}
	tests := []struct{ line, col, want int }{
		{1, 5, 5},
		{2, 3, 1},           // inside the inserted wrapper
		{2, 9 + 60 + 2, 20}, // after both edits
	}
	for _, tc := range tests {
		if got := mapColumn(edits, tc.line, tc.col); got != tc.want {
			t.Errorf("mapColumn(%d, %d) = %d, want %d", tc.line, tc.col, got, tc.want)
		}
	}
}

// Bug 4: a BatchObjective declared in a cell runs mini-batches through
// optim.MinimizeBatch and optim.NewBatchRunner; Minimize says to use them.
func TestCellBatchObjective(t *testing.T) {
	in := newInterp(t)
	mustRun(t, in, `import "github.com/descentml/descent/core/optim"
type counts []float64
func (c counts) Len() int { return len(c) }
func (c counts) EvalBatch(x, grad []float64, idx []int) float64 {
	var f, g float64
	for _, i := range idx {
		d := x[0] - c[i]
		f += d * d / 2
		g += d
	}
	grad[0] = g / float64(len(idx))
	return f / float64(len(idx))
}
func (c counts) Eval(x, grad []float64) float64 {
	idx := make([]int, len(c))
	for i := range idx { idx[i] = i }
	return c.EvalBatch(x, grad, idx)
}
obj := counts{1, 2, 3, 4, 5, 6, 7}
s := optim.Settings{BatchSize: 3, MaxIter: 500, Seed: 1, Tol: -1, Schedule: optim.InvScaling{Power: 0.5}}`)
	res, _ := mustRun(t, in, "r, err := optim.MinimizeBatch(obj, []float64{0}, optim.GD{LearningRate: 0.1}, s)\nif err != nil { panic(err) }\nint(r.X[0]*10 + 0.5)")
	if plain(res) != "40" {
		t.Errorf("MinimizeBatch from a cell: 10·x = %s, want 40", plain(res))
	}
	res, _ = mustRun(t, in, "run, err := optim.NewBatchRunner(obj, []float64{0}, optim.GD{LearningRate: 0.1}, s)\nif err != nil { panic(err) }\nsteps := 0\nfor !run.Done() && run.Epoch() < 2 { run.Step(); steps++ }\nsteps")
	if plain(res) != "6" { // 7 examples in batches of 3: 3 steps an epoch
		t.Errorf("NewBatchRunner from a cell: %s steps for 2 epochs, want 6", plain(res))
	}
	res, _ = mustRun(t, in, "_, err := optim.Minimize(obj, []float64{0}, optim.GD{LearningRate: 0.1}, s)\nerr.Error()")
	if !strings.Contains(plain(res), "MinimizeBatch") {
		t.Errorf("Minimize's error does not point at MinimizeBatch: %s", plain(res))
	}
}

// Bug 5: every package under core/ (but internal/) is importable.
func TestEveryCorePackageImports(t *testing.T) {
	root := filepath.Join("..", "..", "core")
	var pkgs []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "internal" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() {
			return nil
		}
		if strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			rel, _ := filepath.Rel(root, filepath.Dir(path))
			p := "github.com/descentml/descent/core/" + filepath.ToSlash(rel)
			if len(pkgs) == 0 || pkgs[len(pkgs)-1] != p {
				pkgs = append(pkgs, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) < 10 {
		t.Fatalf("found only %d core packages: %v", len(pkgs), pkgs)
	}
	in := newInterp(t)
	for _, p := range pkgs {
		if res, _ := run(t, in, "import \""+p+"\""); res.Err != nil {
			t.Errorf("import %q: %s (add it to the go:generate lines of kernel/symbols/symbols.go)", p, res.Err.Value)
		}
	}
	res, _ := mustRun(t, in, "import \"github.com/descentml/descent/core/optim/surface\"\nsurface.Rosenbrock{}.Eval([]float64{1, 1}, make([]float64, 2))")
	if plain(res) != "0" {
		t.Errorf("surface.Rosenbrock at its minimum: %s", plain(res))
	}
}

// Bug 6: a figure is sent as SVG (and text), never also as PNG.
func TestFiguresAreSVGOnly(t *testing.T) {
	in := newInterp(t)
	mustRun(t, in, fitIris)
	steps := []struct{ name, code string }{
		{"trailing value", "fig, err := plot.Scatter(ds.X, ds.Y, plot.ScatterOptions{})\nif err != nil { panic(err) }\nfig"},
		{"display", "import \"github.com/descentml/descent/kernel/display\"\ndisplay.Display(fig)"},
		{"cell type with both", "type pic struct{}\nfunc (pic) SVG() string { return \"<svg/>\" }\nfunc (pic) PNG() []byte { return []byte{1} }\npic{}"},
		{"cell type with PNG only", "type raster struct{}\nfunc (raster) PNG() []byte { return []byte{1} }\nraster{}"},
	}
	for _, s := range steps {
		res, r := mustRun(t, in, s.code)
		b := res.Data
		if b == nil && len(r.displays) > 0 {
			b = r.displays[0]
		}
		if s.name == "cell type with PNG only" {
			if b["image/png"] == nil || b["image/svg+xml"] != nil {
				t.Errorf("%s: bundle keys %v, want image/png", s.name, keys(b))
			}
			continue
		}
		if svg, _ := b["image/svg+xml"].(string); !strings.Contains(svg, "<svg") || b["image/png"] != nil || b["text/plain"] == nil {
			t.Errorf("%s: bundle keys %v, want image/svg+xml and text/plain only", s.name, keys(b))
		}
	}
}

func keys(b protocol.MIMEBundle) []string {
	var ks []string
	for k := range b {
		ks = append(ks, k)
	}
	return ks
}

// Loop variables are per iteration (Go 1.22), also for closures made in
// loops, which yaegi alone gets wrong.
func TestLoopVariablesPerIteration(t *testing.T) {
	runFixCases(t, []fixCase{
		{name: "range over a slice", cells: []string{"var fs []func() int\nfor _, v := range []int{1, 2, 3} { fs = append(fs, func() int { return v }) }\nfs[0]() + 10*fs[1]() + 100*fs[2]()"}, result: "321"},
		{name: "range key and value", cells: []string{"var fs []func() string\nfor k, v := range []string{\"a\", \"b\"} { fs = append(fs, func() string { return string(rune('0'+k)) + v }) }\nfs[0]() + fs[1]()"}, result: `"0a1b"`},
		{name: "three clauses", cells: []string{"var fs []func() int\nfor i := 0; i < 3; i++ { fs = append(fs, func() int { return i }) }\nfs[0]() + 10*fs[1]() + 100*fs[2]()"}, result: "210"},
		{name: "three clauses changing i", cells: []string{"var fs []func() int\nfor i := 0; i < 6; i++ { i++; fs = append(fs, func() int { return 0 }) }\nlen(fs)"}, result: "3"},
		{name: "in a function", cells: []string{"func makers(n int) []func() int {\n\tvar fs []func() int\n\tfor i := range n {\n\t\tfs = append(fs, func() int { return i })\n\t}\n\tfor _, f := range []int{7} {\n\t\tfs = append(fs, func() int { return f })\n\t}\n\treturn fs\n}\nfs := makers(2)\nfs[0]() + 10*fs[1]() + 100*fs[2]()"}, result: "710"},
		{name: "goroutines", cells: []string{`import "sync"`, "var wg sync.WaitGroup\nvar mu sync.Mutex\nseen := map[string]bool{}\nfor _, s := range []string{\"a\", \"b\", \"c\"} {\n wg.Add(1)\n go func() { defer wg.Done(); mu.Lock(); seen[s] = true; mu.Unlock() }()\n}\nwg.Wait()\nlen(seen)"}, result: "3"},
	})
}

func TestHelpCellShowsDocInPager(t *testing.T) {
	tests := []struct {
		code      string
		wantPage  string // substring of the page's text/plain; "" = not a help cell
		wantError string
	}{
		{"fmt.Println?", "func Println(a ...any)", ""},
		{"?strings.Fields", "func Fields(s string) []string", ""},
		{"  linear.Ridge ? ", "Ridge", ""},
		{"nosuchname?", "", "no documentation for nosuchname"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			in := newInterp(t)
			mustRun(t, in, `import ("fmt"; "strings"; "github.com/descentml/descent/core/linear")`+"\nvar _ = fmt.Sprint\nvar _ = strings.Fields\nvar _ linear.Ridge")
			res, _ := run(t, in, tt.code)
			if tt.wantError != "" {
				if res.Err == nil || !strings.Contains(res.Err.Value, tt.wantError) {
					t.Fatalf("err = %+v, want %q", res.Err, tt.wantError)
				}
				return
			}
			if res.Err != nil {
				t.Fatalf("help cell failed: %+v", res.Err)
			}
			text, _ := res.Page["text/plain"].(string)
			if !strings.Contains(text, tt.wantPage) {
				t.Fatalf("page %q does not contain %q", text, tt.wantPage)
			}
		})
	}
	// A cell that merely ends in '?' inside Go is not taken for help.
	if _, ok := helpRequest(`x := "a?"`); ok {
		t.Fatal(`x := "a?" taken for a help request`)
	}
}

// The steps of a cell's chunk share one parse while its source is unchanged
// and parse again when a rewrite changed it; the trailing value and
// streamed output are the same as without sharing.
func TestChunkParserShares(t *testing.T) {
	var p chunkParser
	f1, _, err := p.parse("x := 1\nx", false)
	if err != nil {
		t.Fatal(err)
	}
	if f2, _, _ := p.parse("x := 1\nx", false); f2 != f1 {
		t.Error("same source parsed twice")
	}
	if f3, _, _ := p.parse("x := 1\nx", true); f3 == f1 {
		t.Error("a declaration parse reused a statement parse")
	}
	if f4, _, _ := p.parse("x := 2\nx", false); f4 == f1 {
		t.Error("changed source reused the old parse")
	}
	in, err := New(testOptions)
	if err != nil {
		t.Fatal(err)
	}
	res, r := mustRun(t, in, "import \"fmt\"\nn := 3\nfor i := range n { fmt.Print(i) }\nif n > 2 { n++ }\nn * 10")
	if got := res.Data["text/plain"]; got != "40" {
		t.Errorf("value = %v, want 40", got)
	}
	if got := r.stdout(); got != "012" {
		t.Errorf("stdout = %q, want 012", got)
	}
	// A cell with no output starts no flusher; the next one still streams.
	mustRun(t, in, "n = 1")
	if _, r := mustRun(t, in, `fmt.Println("again")`); r.stdout() != "again\n" {
		t.Errorf("stdout = %q", r.stdout())
	}
}
