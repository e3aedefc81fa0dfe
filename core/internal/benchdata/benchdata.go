// Package benchdata makes the seeded data sets of descent's benchmarks, so
// that the Go benchmarks (go test -bench) and the side-by-side comparison
// with scikit-learn (core/internal/benchcmp) measure exactly the same data.
package benchdata

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/model"
)

// Regression draws n standard-normal samples in p dimensions and a target
// y = Xw + 3 + N(0, 0.5²) with standard-normal weights w.
func Regression(n, p int, seed uint64) (*mat.Dense, []float64) {
	return linearRule(n, p, seed, 1, func(s, noise float64) float64 { return s + 3 + 0.5*noise })
}

// Logistic draws n standard-normal samples in p dimensions and labels
// 1{0.3·xᵀw + N(0, 1) > 0}: the noise keeps the classes overlapping, so the
// maximum-likelihood problem has a finite optimum (log loss about 0.23).
func Logistic(n, p int, seed uint64) (*mat.Dense, []float64) {
	return linearRule(n, p, seed, 1, func(s, noise float64) float64 { return step(0.3*s + noise) })
}

// LinearClasses draws n normal samples with standard deviation 0.1 (so that
// ‖x‖ ≈ 1 and linear SVM solvers converge well within their default 1000
// passes) in p dimensions, labelled by the sign of a random linear function
// plus noise (about 6% of the labels disagree with the best linear rule).
func LinearClasses(n, p int, seed uint64) (*mat.Dense, []float64) {
	return linearRule(n, p, seed, 0.1, func(s, noise float64) float64 { return step(s + 2*noise) })
}

// NonlinearClasses draws n standard-normal samples in p dimensions and two
// classes separated by a nonlinear, noisy rule (an RBF kernel's job).
func NonlinearClasses(n, p int, seed uint64) (*mat.Dense, []float64) {
	rng := model.NewRand(seed)
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := range n {
		r := X.RawRowView(i)
		for j := range r {
			r[j] = rng.NormFloat64()
		}
		y[i] = step(r[0]*r[1] + math.Sin(2*r[2]) + 0.5*r[3] - 0.5*r[4]*r[4] + 0.5 + 0.3*rng.NormFloat64())
	}
	return X, y
}

// linearRule draws standard-normal weights w, then for each sample
// standard-normal z (stored as scale·z) and the target target(zᵀw, noise)
// with one more standard-normal draw as noise.
func linearRule(n, p int, seed uint64, scale float64, target func(s, noise float64) float64) (*mat.Dense, []float64) {
	rng := model.NewRand(seed)
	w := make([]float64, p)
	for j := range w {
		w[j] = rng.NormFloat64()
	}
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := range n {
		r := X.RawRowView(i)
		var s float64
		for j := range r {
			z := rng.NormFloat64()
			s += z * w[j]
			r[j] = scale * z
		}
		y[i] = target(s, rng.NormFloat64())
	}
	return X, y
}

func step(v float64) float64 {
	if v > 0 {
		return 1
	}
	return 0
}
