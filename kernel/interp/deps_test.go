package interp

import (
	"strings"
	"testing"
)

// A cell declaring a name again acts as a notebook user expects: funcs,
// methods and closures of earlier cells use the new declaration.
func TestDeclaredAgainIsSeenByEarlierCells(t *testing.T) {
	steps := []struct {
		code   string
		result string // "<none>" for no value; "error: …" for an error containing …
		stderr string // a substring of the cell's stderr, if any
	}{
		// A variable declared again with the same type is the same variable.
		{code: "x := 1", result: "<none>"},
		{code: "func f() int { return x }", result: "<none>"},
		{code: "g := func() int { return x }", result: "<none>"},
		{code: "x := 2", result: "<none>"},
		{code: "f() + 10*g()", result: "22"},
		{code: "x = 3", result: "<none>"},
		{code: "f()", result: "3"},
		{code: "var v = 1\nfunc fv() int { return v }", result: "<none>"},
		{code: "var v = 7", result: "<none>"},
		{code: "fv()", result: "7"},
		// Several at once, from a call or swapped.
		{code: "import \"strconv\"\nm, err := strconv.Atoi(\"1\")\nfunc fm() int { return m }\ngm := func() int { return m }", result: "<none>"},
		{code: "m, err := strconv.Atoi(\"2\")", result: "<none>"},
		{code: "fm() + 10*gm()", result: "22"},
		{code: "a, b := 1, 2", result: "<none>"},
		{code: "a, b := b, a", result: "<none>"},
		{code: "[]int{a, b}", result: "[2 1]"},
		// In the same cell too.
		{code: "n := 1\nfunc nn() int { return n }", result: "<none>"},
		{code: "n := 5\nnn()", result: "5"},
		// A func declared again: its callers, and theirs, call the new one.
		{code: "func h(a int) int { return a + 1 }", result: "<none>"},
		{code: "func k() int { return h(1) }", result: "<none>"},
		{code: "func kk() int { return k() + 1 }", result: "<none>"},
		{code: "func h(a int) int { return a * 10 }", result: "<none>"},
		{code: "k()", result: "10"},
		{code: "kk()", result: "11"},
		// A constant declared again: funcs using it see the new value.
		{code: "const K = 1\nfunc fk() int { return K }", result: "<none>"},
		{code: "const K = 2", result: "<none>"},
		{code: "fk()", result: "2"},
		// Callers declared before their callees, in one cell, follow too.
		{code: "func ca() int { return cb() + 1 }\nfunc cb() int { return cc() * 10 }\nfunc cc() int { return 1 }", result: "<none>"},
		{code: "func cc() int { return 2 }", result: "<none>"},
		{code: "ca()", result: "21"},
		// A method declared again replaces the old one.
		{code: "type U struct{ A int }", result: "<none>"},
		{code: "func (u U) Get() int { return u.A }", result: "<none>"},
		{code: "func (u *U) Set(a int) { u.A = a }", result: "<none>"},
		{code: "func (u U) Get() int { return u.A + 100 }", result: "<none>"},
		{code: "func (u *U) Set(a int) { u.A = 2 * a }", result: "<none>"},
		{code: "u := &U{}\nu.Set(2)\nu.Get()", result: "104"},
		// A type declared again keeps its methods and the funcs using it.
		{code: "func mkU() U { return U{A: 5} }", result: "<none>"},
		{code: "type U struct{ A, B int }", result: "<none>"},
		{code: "mkU()", result: "{A:5 B:0}"},
		{code: "mkU().Get()", result: "105"},
		// What no longer compiles is undefined, and the cell says so.
		{code: "type U struct{ B int }", result: "<none>", stderr: "note: method U.Get, declared in an earlier cell, uses U, which changed, and no longer compiles (undefined selector: A)"},
		{code: "U{B: 1}.Get()", result: "error: Get"},
		{code: "x := \"now a string\"", result: "<none>", stderr: "note: func f, declared in an earlier cell, uses x, which changed, and no longer compiles"},
		{code: "f()", result: "error: undefined: f"},
		{code: "x", result: `"now a string"`},
		// An untyped constant has its default type, as in Go: y becomes an int.
		{code: "y := 2.5\nfunc fy() float64 { return y }", result: "<none>"},
		{code: "y := 1", result: "<none>", stderr: "func fy"},
		{code: "y", result: "1"},
	}
	in := newInterp(t)
	for _, s := range steps {
		res, r := run(t, in, s.code)
		got := plain(res)
		if res.Err != nil {
			got = "error: " + res.Err.Value
		}
		if want, ok := strings.CutPrefix(s.result, "error: "); ok {
			if res.Err == nil || !strings.Contains(res.Err.Value, want) {
				t.Errorf("%q: %s, want an error with %q", s.code, got, want)
			}
		} else if got != s.result {
			t.Errorf("%q: %s, want %s", s.code, got, s.result)
		}
		if stderr := r.streams["stderr"]; s.stderr == "" && stderr != "" || !strings.Contains(stderr, s.stderr) {
			t.Errorf("%q: stderr %q, want %q", s.code, stderr, s.stderr)
		}
	}
}

// The comma-ok forms work at a cell's top level (yaegi v0.16.1 failed to
// compile them there), and give the zero value on failure, also to a
// variable declared before.
func TestCommaOkAtTopLevel(t *testing.T) {
	in := newInterp(t)
	mustRun(t, in, "m := map[string]int{\"a\": 1}\ntype M map[string][]int\nm2 := M{\"k\": {1}}\nvar i any = 3\nvar j any = \"s\"\nch := make(chan float64, 1)\nch <- 2.5")
	steps := []struct{ code, result string }{
		{"v, ok := m[\"a\"]\n[]any{v, ok}", "[1 true]"},
		{"func fv() int { return v }", "<none>"},
		{"v, ok := m[\"b\"]\n[]any{fv(), ok}", "[0 false]"},
		{"y, ok := m2[\"k\"]\n[]any{y, ok}", "[[1] true]"},
		{"w, ok := i.(int)\n[]any{w, ok}", "[3 true]"},
		{"w, ok := j.(int)\n[]any{w, ok}", "[0 false]"},
		{"func ta() int { w := 5; w, ok := j.(int); _ = ok; return w }\nta()", "0"},
		{"x, ok := <-ch\n[]any{x, ok}", "[2.5 true]"},
		{"close(ch)\nx, ok := <-ch\n[]any{x, ok}", "[0 false]"},
	}
	for _, s := range steps {
		res, _ := mustRun(t, in, s.code)
		if got := plain(res); got != s.result {
			t.Errorf("%q: %s, want %s", s.code, got, s.result)
		}
	}
}

// Compiled values and interfaces: what implements an interface is
// accepted, what does not is a compile error (internal/yaegi compares
// compiled types with reflect).
func TestCompiledTypesAndInterfaces(t *testing.T) {
	in := newInterp(t)
	mustRun(t, in, "import (\"fmt\"; \"io\"; \"strings\"; \"time\")")
	if res, _ := mustRun(t, in, "var r io.Reader = strings.NewReader(\"abc\")\nb, _ := io.ReadAll(r)\nstring(b)"); plain(res) != `"abc"` {
		t.Errorf("io.Reader from strings.NewReader: %s", plain(res))
	}
	if res, _ := mustRun(t, in, "var s fmt.Stringer = time.Second\ns.String()"); plain(res) != `"1s"` {
		t.Errorf("fmt.Stringer from time.Second: %s", plain(res))
	}
	res, _ := run(t, in, "var w io.Reader = strings.NewReplacer(\"a\", \"b\")")
	if res.Err == nil {
		t.Fatal("a *strings.Replacer was accepted as an io.Reader")
	}
}
