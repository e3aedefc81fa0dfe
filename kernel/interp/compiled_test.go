package interp

import (
	"strings"
	"testing"
)

// Running a cell again executes its compiled programs when nothing it was
// compiled against changed, with the same results, output and error
// positions as compiling it again; otherwise it is compiled again.
func TestCellRunAgain(t *testing.T) {
	in := newInterp(t)
	mustRun(t, in, "import \"fmt\"\nfunc h() int { return 1 }\nw := 1\nvar fs []func() int")
	steps := []struct {
		code   string
		result string // "<none>" for no value; "error: …" for an error value
		stdout string
		hit    bool // executed from the compiled programs
	}{
		{code: "acc := 0\nfor i := 0; i < 3; i++ { acc += i }\nfmt.Println(acc)\nacc", result: "3", stdout: "3\n"},
		{code: "acc := 0\nfor i := 0; i < 3; i++ { acc += i }\nfmt.Println(acc)\nacc", result: "3", stdout: "3\n", hit: true},
		// Imports already in effect change nothing: such a cell runs compiled
		// too; a new import is a declaration.
		{code: "import \"fmt\"\nfmt.Sprint(1, 2)", result: `"1 2"`},
		{code: "import \"fmt\"\nfmt.Sprint(1, 2)", result: `"1 2"`, hit: true},
		{code: "import (\"fmt\"; \"strings\")\nstrings.ToUpper(fmt.Sprint(\"a\"))", result: `"A"`},
		{code: "import (\"fmt\"; \"strings\")\nstrings.ToUpper(fmt.Sprint(\"a\"))", result: `"A"`},
		{code: "import (\"fmt\"; \"strings\")\nstrings.ToUpper(fmt.Sprint(\"a\"))", result: `"A"`, hit: true},
		// A func it calls is declared again.
		{code: "r := h()\nr", result: "1"},
		{code: "r := h()\nr", result: "1", hit: true},
		{code: "func h() int { return 2 }", result: "<none>"},
		{code: "r := h()\nr", result: "2"},
		{code: "r := h()\nr", result: "2", hit: true},
		// A variable it uses changes type.
		{code: "z := w + w\nz", result: "2"},
		{code: "w := 1.25", result: "<none>"},
		{code: "z := w + w\nz", result: "2.5"},
		// A variable declared again with the same type is the same
		// variable, whether the cell is compiled again or not: closures
		// made by earlier runs see its latest value.
		{code: "v := len(fs)\nfs = append(fs, func() int { return v })", result: "<none>"},
		{code: "v := len(fs)\nfs = append(fs, func() int { return v })", result: "<none>", hit: true},
		{code: "func h() int { return 3 }", result: "<none>"},
		{code: "v := len(fs)\nfs = append(fs, func() int { return v })", result: "<none>"},
		{code: "fs[0]() + 10*fs[1]() + 100*fs[2]()", result: "222"},
		// A cell that fails is compiled again, and its errors point at its
		// lines.
		{code: "a := []int{1}\n_ = a\na[3]", result: "slice index out of range"},
		{code: "a := []int{1}\n_ = a\na[3]", result: "slice index out of range"},
	}
	for _, s := range steps {
		hits := in.compiled.hits
		res, r := run(t, in, s.code)
		got := plain(res)
		if res.Err != nil {
			got = "error: " + res.Err.Value
			if !strings.Contains(strings.Join(res.Err.Traceback, "\n"), "   3 | a[3]") {
				t.Errorf("%q: traceback does not show line 3:\n%s", s.code, strings.Join(res.Err.Traceback, "\n"))
			}
		}
		if !strings.Contains(got, s.result) {
			t.Errorf("%q: %s, want %s", s.code, got, s.result)
		}
		if r.streams["stdout"] != s.stdout {
			t.Errorf("%q: stdout %q, want %q", s.code, r.streams["stdout"], s.stdout)
		}
		if hit := in.compiled.hits > hits; hit != s.hit {
			t.Errorf("%q: ran from its compiled programs: %v, want %v", s.code, hit, s.hit)
		}
	}
}
