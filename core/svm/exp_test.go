package svm

import (
	"math"
	"testing"
)

func TestExpTable(t *testing.T) {
	tab := newExpTable()
	worst := 0.0
	for i := range 400000 {
		x := -float64(i)*0.0017 + 5
		got, want := tab.exp(x), math.Exp(x)
		worst = math.Max(worst, math.Abs(got-want)/want)
	}
	if worst > 1e-15 {
		t.Errorf("worst relative error %.3g", worst)
	}
	for _, x := range []float64{0, -800, 800, math.Inf(-1), math.Inf(1)} {
		if got := tab.exp(x); got != math.Exp(x) {
			t.Errorf("exp(%v) = %v, want %v", x, got, math.Exp(x))
		}
	}
	if !math.IsNaN(tab.exp(math.NaN())) {
		t.Error("exp(NaN) is not NaN")
	}
	t.Logf("worst relative error %.3g", worst)
}
