package plot

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/model"
)

// checkFinite reports the first non-finite value of v, naming it what.
func checkFinite(what string, v []float64) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s[%d] is %v: values must be finite", what, i, x)
		}
	}
	return nil
}

// checkXY validates a feature matrix with at least two columns and, when y
// is not nil, one finite label per row.
func checkXY(X mat.Matrix, y []float64) (n, p int, err error) {
	n, p, err = model.CheckX(X, 0)
	if err != nil {
		return n, p, err
	}
	if p < 2 {
		return n, p, fmt.Errorf("X has %d column: a 2-D figure needs at least two", p)
	}
	if y != nil {
		if len(y) != n {
			return n, p, fmt.Errorf("X has %d rows but y has %d values", n, len(y))
		}
		if err := checkFinite("y", y); err != nil {
			return n, p, err
		}
	}
	return n, p, nil
}

// distinct returns the sorted distinct values of the given slices.
func distinct(vs ...[]float64) []float64 {
	var out []float64
	for _, v := range vs {
		out = append(out, v...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// className returns the legend name of classes[k].
func className(names []string, classes []float64, k int) string {
	if k < len(names) && names[k] != "" {
		return names[k]
	}
	return fmt.Sprintf("class %g", classes[k])
}

// dataRange returns the min and max of v (v not empty).
func dataRange(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		lo = math.Min(lo, x)
		hi = math.Max(hi, x)
	}
	return lo, hi
}

// pad widens [lo, hi] by frac of its width on each side (by 0.5 when the
// range is a single point).
func pad(lo, hi, frac float64) (float64, float64) {
	w := hi - lo
	if w == 0 {
		w = math.Max(1, math.Abs(lo))
		return lo - 0.5*w, hi + 0.5*w
	}
	return lo - frac*w, hi + frac*w
}
