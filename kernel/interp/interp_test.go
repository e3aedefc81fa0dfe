package interp

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/descentml/descent/kernel/protocol"
)

// recorder is a protocol.Output that records what a cell publishes.
type recorder struct {
	mu       sync.Mutex
	events   []string
	streams  map[string]string
	displays []protocol.MIMEBundle
	inputs   []string // answers to give
	prompts  []string
}

func newRecorder() *recorder { return &recorder{streams: map[string]string{}} }

func (r *recorder) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.streams[name] += text
	r.events = append(r.events, name+":"+text)
}

func (r *recorder) Display(data protocol.MIMEBundle, md map[string]any, id string, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.displays = append(r.displays, data)
	r.events = append(r.events, fmt.Sprintf("display(%s,%v):%v", id, update, data["text/plain"]))
}

func (r *recorder) ClearOutput(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, fmt.Sprintf("clear(%v)", wait))
}

func (r *recorder) Input(prompt string, password bool) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.prompts = append(r.prompts, fmt.Sprintf("%s|%v", prompt, password))
	if len(r.inputs) == 0 {
		return "", fmt.Errorf("no input")
	}
	a := r.inputs[0]
	r.inputs = r.inputs[1:]
	return a, nil
}

func (r *recorder) stdout() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.streams["stdout"]
}

func newInterp(t *testing.T) *Interp {
	t.Helper()
	in, err := New(testOptions)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func run(t *testing.T, in *Interp, code string) (*protocol.ExecuteResult, *recorder) {
	t.Helper()
	r := newRecorder()
	res := in.Execute(context.Background(), &protocol.ExecuteRequest{Code: code}, r)
	return res, r
}

func mustRun(t *testing.T, in *Interp, code string) (*protocol.ExecuteResult, *recorder) {
	t.Helper()
	res, r := run(t, in, code)
	if res.Err != nil {
		t.Fatalf("cell %q failed: %s: %s\n%s", code, res.Err.Name, res.Err.Value, strings.Join(res.Err.Traceback, "\n"))
	}
	return res, r
}

func plain(res *protocol.ExecuteResult) string {
	if res.Data == nil {
		return "<none>"
	}
	s, _ := res.Data["text/plain"].(string)
	return s
}

func TestCells(t *testing.T) {
	in := newInterp(t)
	steps := []struct {
		code   string
		result string // text/plain of the trailing value, "<none>" for none
		stdout string
	}{
		{"6*7", "42", ""},
		{"import \"fmt\"\nx := 3\nfunc double(n int) int { return 2 * n }\nfmt.Println(\"x is\", x)\ndouble(x)", "6", "x is 3\n"},
		{"var a []int\na = append(a, 1, 2)\nlen(a)", "2", ""},
		{`fmt.Println("only output")`, "<none>", "only output\n"},
		{`fmt.Sprintf("%d-%d", x, x)`, `"3-3"`, ""},
		{"func double(n int) int { return 20 * n }\ndouble(1)", "20", ""},
		{"type T struct{ A int }\nT{A: 1}", "{A:1}", ""},
		{"type T struct{ B string }\nfunc (t T) Hello() string { return \"hi \" + t.B }\nT{B: \"x\"}.Hello()", `"hi x"`, ""},
		{"x = x + 1\nx", "4", ""},
		{"import \"fmt\"\nimport \"strings\"\nstrings.ToUpper(\"go\")", `"GO"`, ""},
		{"func() { fmt.Println(\"literal\") }()", "<none>", "literal\n"},
		{"// a comment only", "<none>", ""},
		{"import \"github.com/descentml/descent/core/data\"\nds := data.Iris()\nlen(ds.Y)", "150", ""},
	}
	for _, s := range steps {
		res, r := mustRun(t, in, s.code)
		if got := plain(res); got != s.result {
			t.Errorf("cell %q: result %q, want %q", s.code, got, s.result)
		}
		if got := r.stdout(); got != s.stdout {
			t.Errorf("cell %q: stdout %q, want %q", s.code, got, s.stdout)
		}
	}
}

func TestErrorsUseCellLines(t *testing.T) {
	in := newInterp(t)
	mustRun(t, in, "x := 1")
	res, _ := run(t, in, "z := 2\n\ny := undefinedName + x")
	if res.Err == nil || !strings.Contains(res.Err.Value, "line 3:") {
		t.Fatalf("want an error on line 3, got %+v", res.Err)
	}
	res, _ = run(t, in, "import \"fmt\"\n\nvar q int = \"s\"\nfmt.Println(q)")
	if res.Err == nil || !strings.Contains(res.Err.Value, "line 3:") {
		t.Fatalf("want an error on line 3, got %+v", res.Err)
	}
	res, _ = run(t, in, "undefinedAtStart")
	if res.Err == nil || !strings.HasPrefix(res.Err.Value, "line 1:1: ") {
		t.Fatalf("want an error at line 1:1, got %+v", res.Err)
	}
	res, _ = run(t, in, "import \"fmt\"\nfmt.Println(1)\n  fmt.Println(nope)")
	if res.Err == nil || !strings.HasPrefix(res.Err.Value, "line 3:") {
		t.Fatalf("want an error on line 3, got %+v", res.Err)
	}
	res, _ = run(t, in, "x := (")
	if res.Err == nil || res.Err.Name != "SyntaxError" {
		t.Fatalf("want a syntax error, got %+v", res.Err)
	}
	// The kernel state survives errors.
	res, _ = mustRun(t, in, "x + 1")
	if plain(res) != "2" {
		t.Fatalf("state lost after errors: %s", plain(res))
	}
}

func TestPanicBecomesError(t *testing.T) {
	in := newInterp(t)
	mustRun(t, in, "n := 7")
	res, r := run(t, in, "var s []int\n\n_ = s[3]")
	if res.Err == nil || res.Err.Name != "panic" {
		t.Fatalf("want a panic error, got %+v", res.Err)
	}
	if strings.Contains(r.streams["stderr"], "panic") {
		t.Errorf("panic trace leaked to stderr: %q", r.streams["stderr"])
	}
	res, _ = run(t, in, "func explode() {\n\tpanic(\"boom\")\n}\n\nexplode()")
	if res.Err == nil || !strings.Contains(res.Err.Value, "boom") {
		t.Fatalf("want panic boom, got %+v", res.Err)
	}
	tb := strings.Join(res.Err.Traceback, "\n")
	if !strings.Contains(tb, "cell line 2") || !strings.Contains(tb, "cell line 5") {
		t.Fatalf("traceback does not point at the cell's lines 2 and 5:\n%s", tb)
	}
	res, _ = mustRun(t, in, "n")
	if plain(res) != "7" {
		t.Fatalf("state lost after panic")
	}
}

func TestInterruptStopsCellAndNextCellIsClean(t *testing.T) {
	in := newInterp(t)
	mustRun(t, in, "import (\"fmt\"; \"time\")\nkept := 5")
	done := make(chan *protocol.ExecuteResult)
	r := newRecorder()
	go func() {
		done <- in.Execute(context.Background(), &protocol.ExecuteRequest{Code: "for i := 0; ; i++ { fmt.Println(\"tick\", i); time.Sleep(10 * time.Millisecond) }"}, r)
	}()
	time.Sleep(200 * time.Millisecond)
	start := time.Now()
	in.Interrupt()
	var res *protocol.ExecuteResult
	select {
	case res = <-done:
	case <-time.After(time.Second):
		t.Fatal("cell not stopped within 1s of the interrupt")
	}
	t.Logf("stopped after %v", time.Since(start))
	if res.Err == nil || res.Err.Name != "Interrupted" {
		t.Fatalf("want Interrupted, got %+v", res.Err)
	}
	if !strings.Contains(r.stdout(), "tick 0") {
		t.Errorf("output did not stream before the interrupt: %q", r.stdout())
	}
	time.Sleep(100 * time.Millisecond)
	res2, r2 := mustRun(t, in, "time.Sleep(100 * time.Millisecond)\nfmt.Println(\"next\")\nkept")
	if r2.stdout() != "next\n" || plain(res2) != "5" {
		t.Fatalf("next cell saw stdout %q result %q", r2.stdout(), plain(res2))
	}
	// A busy loop without calls is interrupted too.
	go func() {
		done <- in.Execute(context.Background(), &protocol.ExecuteRequest{Code: "for { }"}, newRecorder())
	}()
	time.Sleep(100 * time.Millisecond)
	in.Interrupt()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("busy loop not stopped within 1s")
	}
}

func TestStreamsWhileRunning(t *testing.T) {
	in := newInterp(t)
	r := newRecorder()
	done := make(chan struct{})
	go func() {
		in.Execute(context.Background(), &protocol.ExecuteRequest{Code: "import (\"fmt\"; \"time\")\nfmt.Println(\"first\")\ntime.Sleep(400 * time.Millisecond)\nfmt.Println(\"second\")"}, r)
		close(done)
	}()
	time.Sleep(250 * time.Millisecond)
	if got := r.stdout(); got != "first\n" {
		t.Errorf("while the cell sleeps, stdout is %q, want first line already published", got)
	}
	<-done
	if got := r.stdout(); got != "first\nsecond\n" {
		t.Errorf("stdout %q", got)
	}
}

func TestStdinAndDisplay(t *testing.T) {
	in := newInterp(t)
	r := newRecorder()
	r.inputs = []string{"Ada", "secret"}
	res := in.Execute(context.Background(), &protocol.ExecuteRequest{Code: `import ("bufio"; "os"; "fmt"; "github.com/descentml/descent/kernel/display")
name, _ := bufio.NewReader(os.Stdin).ReadString('\n')
pw, _ := display.Password("pw: ")
fmt.Print("hello ", name)
display.Display(display.HTML("<b>x</b>"))
display.DisplayID("p", "0%")
display.Update("p", "50%")
display.Clear()
len(pw)`}, r)
	if res.Err != nil {
		t.Fatalf("%+v", res.Err)
	}
	if plain(res) != "6" || r.stdout() != "hello Ada\n" {
		t.Fatalf("result %q stdout %q", plain(res), r.stdout())
	}
	if len(r.prompts) != 2 || r.prompts[1] != "pw: |true" {
		t.Errorf("prompts %q", r.prompts)
	}
	want := []string{"display(,false):<b>x</b>", `display(p,false):"0%"`, `display(p,true):"50%"`, "clear(false)"}
	var got []string
	for _, e := range r.events {
		if strings.HasPrefix(e, "display") || strings.HasPrefix(e, "clear") {
			got = append(got, e)
		}
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("display events %q, want %q", got, want)
	}
	if r.displays[0]["text/html"] != "<b>x</b>" {
		t.Errorf("html bundle %v", r.displays[0])
	}
}

func TestRichValuesOfInterpretedTypes(t *testing.T) {
	in := newInterp(t)
	res, _ := mustRun(t, in, "type Card struct{ Title string }\nfunc (c Card) HTML() string { return \"<h1>\" + c.Title + \"</h1>\" }\nCard{\"hi\"}")
	if res.Data["text/html"] != "<h1>hi</h1>" {
		t.Fatalf("interpreted HTML method not used: %v", res.Data)
	}
	res, _ = mustRun(t, in, "import (\"github.com/descentml/descent/core/metrics\"; \"github.com/descentml/descent/core/plot\")\ncm, _ := metrics.ConfusionMatrix([]float64{0, 1, 1}, []float64{0, 1, 0})\nfig, err := plot.ConfusionMatrix(cm, plot.ConfusionOptions{})\nif err != nil { panic(err) }\nfig")
	if s, _ := res.Data["image/svg+xml"].(string); !strings.Contains(s, "<svg") {
		t.Fatalf("plot figure not shown as SVG: %v", res.Data["text/plain"])
	}
	res, _ = mustRun(t, in, "import \"github.com/descentml/descent/core/data\"\ndata.Iris()")
	if h, _ := res.Data["text/html"].(string); !strings.Contains(h, "iris") || !strings.Contains(h, "more rows") {
		t.Fatalf("dataset table missing: %v", res.Data)
	}
}

func TestComplete(t *testing.T) {
	in := newInterp(t)
	mustRun(t, in, "import \"strings\"\nmyVariable := 1\nfunc myFunc() {}")
	cases := []struct {
		code  string
		want  string
		start int
	}{
		{"myV", "myVariable", 0},
		{"x := myF", "myFunc", 5},
		{"strings.ToU", "ToUpper", 8},
		{"import \"github.com/descentml/descent/core/data\"\ndata.Ir", "Iris", 53},
		{"fo", "for", 0},
		{"é := 1; strings.Spl", "Split", 16},
	}
	for _, c := range cases {
		cursor := len([]rune(c.code))
		r := in.Complete(c.code, cursor)
		found := false
		for _, m := range r.Matches {
			found = found || m == c.want
		}
		if !found || r.CursorStart != c.start || r.CursorEnd != cursor {
			t.Errorf("Complete(%q) = %v [%d,%d], want %q at %d", c.code, r.Matches, r.CursorStart, r.CursorEnd, c.want, c.start)
		}
	}
}

func TestInspect(t *testing.T) {
	in := newInterp(t)
	mustRun(t, in, "import \"strings\"\n// Greet says hello.\nfunc Greet() string { return \"hi\" }")
	cases := []struct{ code, want string }{
		{"Greet()", "Greet says hello."},
		{"strings.ToUpper", "func ToUpper(s string) string"},
		{"import \"github.com/descentml/descent/core/data\"\ndata.Iris", "Fisher's iris"},
	}
	for _, c := range cases {
		r := in.Inspect(c.code, len([]rune(c.code))-1, 0)
		text, _ := r.Data["text/plain"].(string)
		if !r.Found || !strings.Contains(text, c.want) {
			t.Errorf("Inspect(%q) = %v %q, want %q", c.code, r.Found, text, c.want)
		}
	}
}

func TestIsComplete(t *testing.T) {
	in := newInterp(t)
	cases := []struct{ code, status string }{
		{"x := 1", "complete"},
		{"func f() {", "incomplete"},
		{"x := []int{1,\n2,", "incomplete"},
		{"s := `raw", "incomplete"},
		{"x := 1 +", "incomplete"},
		{"x := )", "invalid"},
		{"func f() }", "invalid"},
	}
	for _, c := range cases {
		if got := in.IsComplete(c.code).Status; got != c.status {
			t.Errorf("IsComplete(%q) = %s, want %s", c.code, got, c.status)
		}
	}
}

// interruptAfter runs code, interrupts it after d and returns how long the
// cell took to stop after the interrupt.
func interruptAfter(t *testing.T, in *Interp, code string, d time.Duration) (*protocol.ExecuteResult, time.Duration) {
	t.Helper()
	done := make(chan *protocol.ExecuteResult, 1)
	go func() { done <- in.Execute(context.Background(), &protocol.ExecuteRequest{Code: code}, newRecorder()) }()
	time.Sleep(d)
	start := time.Now()
	in.Interrupt()
	select {
	case res := <-done:
		return res, time.Since(start)
	case <-time.After(3 * time.Second):
		t.Fatalf("cell %q not stopped 3 s after the interrupt", code)
	}
	return nil, 0
}

func TestClosuresSurviveInterrupt(t *testing.T) {
	in := newInterp(t)
	mustRun(t, in, "import (\"sort\"; \"time\")\nxs := []int{3, 1, 2}\nless := func(i, j int) bool { return xs[i] < xs[j] }\nfunc mk() func(i, j int) bool { return func(i, j int) bool { return xs[i] > xs[j] } }\ngreater := mk()")
	if res, took := interruptAfter(t, in, "for {}", 100*time.Millisecond); res.Err == nil || took > time.Second {
		t.Fatalf("busy loop: %+v after %v", res.Err, took)
	}
	if res, took := interruptAfter(t, in, "time.Sleep(20 * time.Second)", 100*time.Millisecond); res.Err == nil || took > time.Second {
		t.Fatalf("sleep: %+v after %v", res.Err, took)
	}
	// Closures made before the interrupts, called from compiled code.
	if res, _ := mustRun(t, in, "sort.Slice(xs, less)\nxs"); plain(res) != "[1 2 3]" {
		t.Fatalf("less after interrupt sorted to %s", plain(res))
	}
	if res, _ := mustRun(t, in, "sort.Slice(xs, greater)\nxs"); plain(res) != "[3 2 1]" {
		t.Fatalf("greater after interrupt sorted to %s", plain(res))
	}
}

func TestLeftoverGoroutinesDoNotWriteIntoNextCell(t *testing.T) {
	in := newInterp(t)
	_, r1 := mustRun(t, in, `import ("fmt"; "time")
go func() {
	for i := 0; ; i++ {
		fmt.Println("background", i)
		time.Sleep(5 * time.Millisecond)
	}
}()
time.Sleep(30 * time.Millisecond)`)
	if !strings.Contains(r1.stdout(), "background 0") {
		t.Fatalf("the goroutine's output during its own cell is missing: %q", r1.stdout())
	}
	_, r2 := mustRun(t, in, `go func() { fmt.Println("child of cell 2") }()
time.Sleep(50 * time.Millisecond)
fmt.Println("cell 2")`)
	if got := r2.stdout(); got != "child of cell 2\ncell 2\n" {
		t.Fatalf("second cell's stdout %q: want only its own lines", got)
	}
}

func TestPanickingDisplayMethodIsACellError(t *testing.T) {
	in := newInterp(t)
	res, _ := run(t, in, "type Bad struct{}\nfunc (Bad) HTML() string { panic(\"no html\") }\nBad{}")
	if res.Err == nil || !strings.Contains(res.Err.Value, "no html") {
		t.Fatalf("want the display method's panic as the cell's error, got %+v", res.Err)
	}
	if res, _ := mustRun(t, in, "1+1"); plain(res) != "2" {
		t.Fatal("interpreter unusable after a panicking display method")
	}
}

func TestRedefinitions(t *testing.T) {
	in := newInterp(t)
	steps := []struct{ code, result string }{
		{"var v int = 1", "<none>"},
		{"var v string = \"s\"", "<none>"},
		{"v", `"s"`},
		{"w := 1", "<none>"},
		{"w := \"str\"", "<none>"},
		{"w", `"str"`},
		{"const K = 1", "<none>"},
		{"const K = 2", "<none>"},
		{"K", "2"},
		{"type T int", "<none>"},
		{"type T string", "<none>"},
		{"T(\"x\")", `"x"`},
		{"func g() int { return 1 }", "<none>"},
		{"func g() string { return \"g\" }", "<none>"},
		{"g()", `"g"`},
		{"import m \"math\"", "<none>"},
		{"import m \"math/rand\"", "<none>"},
		{"m.Intn(1)", "0"},
		{"import (\"fmt\"; \"strings\")\nstrings.ToLower(fmt.Sprint(\"A\"))", `"a"`},
		{"import (\"fmt\"; \"sort\"; \"strings\")\nsort.SearchInts([]int{1, 2}, 2)", "1"},
		{"import (\n\t\"fmt\"\n\t\"unicode\"\n)\nunicode.IsUpper('A')", "true"},
	}
	for _, s := range steps {
		res, _ := mustRun(t, in, s.code)
		if got := plain(res); got != s.result {
			t.Errorf("%q: %s, want %s", s.code, got, s.result)
		}
	}
}

func TestGoroutinePanicDoesNotKillKernel(t *testing.T) {
	in := newInterp(t)
	mustRun(t, in, "kept := 3")
	_, r := mustRun(t, in, "import (\"sync\"; \"time\")\nvar wg sync.WaitGroup\nwg.Add(1)\ngo func(msg string) {\n\tdefer wg.Done()\n\tpanic(msg)\n}(\"in goroutine\")\nwg.Wait()\ntime.Sleep(20 * time.Millisecond)")
	if !strings.Contains(r.streams["stderr"], "panic in goroutine: in goroutine") {
		t.Fatalf("goroutine panic not reported on stderr: %q", r.streams)
	}
	// go statements keep Go's semantics: operands are evaluated at once.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	res := in.Execute(ctx, &protocol.ExecuteRequest{Code: "ch := make(chan int, 3)\nsend := func(c chan int, vs ...int) { for _, v := range vs { c <- v } }\nn := 1\ngo send(ch, []int{n, n + 1}...)\nn = 100\n<-ch + <-ch + kept"}, newRecorder())
	if res.Err != nil || plain(res) != "6" {
		t.Fatalf("go statement result %s (%+v), want 6", plain(res), res.Err)
	}
	if res, _ := mustRun(t, in, "kept"); plain(res) != "3" {
		t.Fatal("state lost")
	}
	res, _ = run(t, in, "import \"os\"\nos.Exit(1)")
	if res.Err == nil || !strings.Contains(res.Err.Value, "os.Exit(1)") {
		t.Fatalf("os.Exit: %+v", res.Err)
	}
}

func TestGuardGoroutinesKeepsLines(t *testing.T) {
	src := "x := 1\ngo f(x, g(y)...)\ngo close(ch)\ngo func() {\n\tgo h()\n}()\nz := 2"
	out := guardGoroutines(src, false)
	if strings.Count(out, "\n") != strings.Count(src, "\n") {
		t.Fatalf("line count changed:\n%s", out)
	}
	if strings.Count(out, "recover()") != 4 || !strings.Contains(out, "close(_descentGo") || !strings.Contains(out, "...)") {
		t.Fatalf("rewrite:\n%s", out)
	}
	if _, _, err := parseStmts(out); err != nil {
		t.Fatalf("rewritten cell does not parse: %v\n%s", err, out)
	}
}
