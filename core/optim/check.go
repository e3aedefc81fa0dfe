package optim

import "math"

// CheckGradient compares the analytic gradient of obj at x with central
// finite differences (f(x+h·eᵢ) − f(x−h·eᵢ)) / 2h and returns the largest
// error over the coordinates, |g − d| / max(|g|, |d|, 1): relative for large
// gradients, absolute for small ones. Values around 1e-6 or below mean the
// gradient is right; values near 1 mean it is wrong. h ≤ 0 means the default
// 1e-6, scaled by max(1, |xᵢ|) for each coordinate. x is not modified.
func CheckGradient(obj Objective, x []float64, h float64) (maxRelErr float64) {
	if h <= 0 {
		h = 1e-6
	}
	n := len(x)
	xx := append([]float64(nil), x...)
	grad := make([]float64, n)
	scratch := make([]float64, n)
	obj.Eval(xx, grad)
	for i := range n {
		hi := h * math.Max(1, math.Abs(x[i]))
		xx[i] = x[i] + hi
		fp := obj.Eval(xx, scratch)
		xx[i] = x[i] - hi
		fm := obj.Eval(xx, scratch)
		xx[i] = x[i]
		d := (fp - fm) / (2 * hi)
		e := math.Abs(grad[i]-d) / math.Max(1, math.Max(math.Abs(grad[i]), math.Abs(d)))
		if e > maxRelErr || math.IsNaN(e) {
			maxRelErr = e
		}
	}
	return maxRelErr
}
