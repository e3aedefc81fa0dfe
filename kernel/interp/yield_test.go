package interp

import (
	"path"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/traefik/yaegi/stdlib"

	"github.com/descentml/descent/kernel/symbols/webstd"
)

// pausing are the options of the browser notebook's interpreter (loop
// pauses), with pauses as often as possible.
var pausing = Options{Stdlib: stdlib.Symbols, YieldEvery: time.Nanosecond}

func TestYieldRewriteKeepsLines(t *testing.T) {
	in, err := New(pausing)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		src    string
		decl   bool
		yields int
	}{
		{"for", "for i := 0; i < 3; i++ {\n\tx += i\n}", false, 1},
		{"endless", "for {\n}", false, 1},
		{"range over slice", "for _, v := range []int{1, 2} {\n\tx += v\n}", false, 1},
		{"range over int", "for i := range 3 {\n\tx += i\n}", false, 1},
		{"nested", "for i := 0; i < 3; i++ {\n\tfor j := range i {\n\t\tx += j\n\t}\n}", false, 2},
		{"closure", "f := func(n int) int {\n\treturn n * 2\n}\nx = f(x)", false, 1},
		{"func decl with loop", "func sum(v []float64) (s float64) {\n\tfor _, x := range v {\n\t\ts += x\n\t}\n\treturn s\n}", true, 2},
		{"method", "type T struct{}\n\nfunc (T) M() int { return 1 }", true, 1},
		{"no loop or func", "x = 2\ny := x", false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			counter := 0
			out, _, _ := in.rewriteChunk(tc.src, tc.decl, &counter, nil)
			if got := strings.Count(out, yieldCall); got != tc.yields {
				t.Errorf("%d pauses inserted, want %d:\n%s", got, tc.yields, out)
			}
			if strings.Count(out, "\n") != strings.Count(tc.src, "\n") {
				t.Errorf("lines changed:\n%s", out)
			}
		})
	}
	// Natively (YieldEvery zero) nothing is inserted.
	native := newInterp(t)
	counter := 0
	if out, _, _ := native.rewriteChunk("for {\n}", false, &counter, nil); strings.Contains(out, yieldCall) {
		t.Errorf("pause inserted without YieldEvery: %s", out)
	}
}

// TestCellsWithLoopPauses runs the interpreter's cell tests again with loop
// and function pauses inserted, as in the browser notebook: they must not
// change what any cell does or where its errors point.
func TestCellsWithLoopPauses(t *testing.T) {
	saved := testOptions
	testOptions = pausing
	defer func() { testOptions = saved }()
	for name, f := range map[string]func(*testing.T){
		"Cells":                     TestCells,
		"ErrorsUseCellLines":        TestErrorsUseCellLines,
		"PanicBecomesError":         TestPanicBecomesError,
		"InterruptStopsCell":        TestInterruptStopsCellAndNextCellIsClean,
		"ClosuresSurviveInterrupt":  TestClosuresSurviveInterrupt,
		"Redefinitions":             TestRedefinitions,
		"GoroutinePanic":            TestGoroutinePanicDoesNotKillKernel,
		"DefineInTopLevelBlock":     TestDefineInTopLevelBlock,
		"RangeOverInt":              TestRangeOverInt,
		"PanicInWrappedStatement":   TestPanicInWrappedStatementPointsAtTheCell,
		"IndexedValuesAtTopLevel":   TestIndexedValuesAtTopLevel,
		"CellBatchObjective":        TestCellBatchObjective,
		"LoopErrorColumn":           testLoopErrorColumn,
		"SortWithInterpretedLess":   testSortWithInterpretedLess,
		"RecursionAndLabeledBreaks": testRecursionAndLabels,
		"DeclaredAgain":             TestDeclaredAgainIsSeenByEarlierCells,
		"CellRunAgain":              TestCellRunAgain,
	} {
		t.Run(name, f)
	}
}

// testLoopErrorColumn: an error after the inserted call on a loop's line
// points at the cell's own column.
func testLoopErrorColumn(t *testing.T) {
	in := newInterp(t)
	res, _ := run(t, in, "x := 0\nfor i := 0; i < 3; i++ { x += nope }")
	if res.Err == nil || !strings.HasPrefix(res.Err.Value, "line 2:31: ") {
		t.Fatalf("want an error at line 2:31, got %+v", res.Err)
	}
}

func testSortWithInterpretedLess(t *testing.T) {
	in := newInterp(t)
	mustRun(t, in, "import \"sort\"\ns := []int{5, 2, 9, 1}\nsort.Slice(s, func(i, j int) bool { return s[i] < s[j] })")
	if res, _ := mustRun(t, in, "s"); plain(res) != "[1 2 5 9]" {
		t.Errorf("sorted: %s", plain(res))
	}
}

func testRecursionAndLabels(t *testing.T) {
	in := newInterp(t)
	mustRun(t, in, "func fib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn fib(n-1) + fib(n-2)\n}")
	mustRun(t, in, "n := 0\nouter:\nfor i := 0; ; i++ {\n\tfor j := range 10 {\n\t\tif j == 3 {\n\t\t\tcontinue outer\n\t\t}\n\t\tif i == 4 {\n\t\t\tbreak outer\n\t\t}\n\t\tn++\n\t}\n}")
	if res, _ := mustRun(t, in, "fib(15)*100 + n"); plain(res) != "61012" {
		t.Errorf("fib(15)*100 + n = %s, want 61012", plain(res))
	}
}

// TestLoopsPause: a busy loop pauses about every YieldEvery, which is what
// lets the browser's event loop deliver an interrupt.
func TestLoopsPause(t *testing.T) {
	in, err := New(Options{Stdlib: stdlib.Symbols, YieldEvery: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	mustRun(t, in, "import \"time\"\nstart := time.Now()\nfor time.Since(start) < 200*time.Millisecond {\n}")
	if n := in.yield.pauses.Load(); n < 5 || n > 25 {
		t.Errorf("a 200 ms loop paused %d times with YieldEvery 10 ms, want about 20 (at least 5, at most 25)", n)
	}
}

// TestBrowserStdlib runs a cell with the browser notebook's interpreter
// options (the webstd subset, loop pauses): every package of the subset
// imports, one outside it fails with a clear error, and a cell using a
// few of them works.
func TestBrowserStdlib(t *testing.T) {
	in, err := New(Options{Stdlib: webstd.Symbols, YieldEvery: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for k := range webstd.Symbols {
		paths = append(paths, path.Dir(k))
	}
	sort.Strings(paths)
	if len(paths) < 20 {
		t.Fatalf("webstd has %d packages: %v", len(paths), paths)
	}
	for _, p := range paths {
		mustRun(t, in, "import _ "+strconv.Quote(p))
	}
	res, _ := run(t, in, `import "net/http"`)
	if res.Err == nil || !strings.Contains(res.Err.Value, "net/http") {
		t.Errorf("importing net/http in the browser subset: %+v", res.Err)
	}
	_, r := mustRun(t, in, "import (\n\t\"encoding/csv\"\n\t\"fmt\"\n\t\"math/rand/v2\"\n\t\"strings\"\n)\n\nrows, err := csv.NewReader(strings.NewReader(\"a,b\\n1,2\\n\")).ReadAll()\nrng := rand.New(rand.NewPCG(1, 2))\nfmt.Println(rows, err, rng.IntN(10) < 10)")
	if got := r.stdout(); got != "[[a b] [1 2]] <nil> true\n" {
		t.Errorf("stdout %q", got)
	}
}
