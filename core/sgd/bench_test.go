package sgd

import (
	"testing"

	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// benchData is n×p standard normal features with a noisy linear class.
func benchData(n, p int) (*mat.Dense, []float64, []float64) {
	rng := model.NewRand(1)
	X := mat.NewDense(n, p, nil)
	ycls := make([]float64, n)
	yreg := make([]float64, n)
	for i := range n {
		s := 0.0
		for j := range p {
			v := rng.NormFloat64()
			X.Set(i, j, v)
			s += v * float64(j%3-1)
		}
		yreg[i] = s + rng.NormFloat64()
		if yreg[i] > 0 {
			ycls[i] = 1
		}
	}
	return X, ycls, yreg
}

// BenchmarkClassifier: 20000×20, hinge, 20 epochs (scikit-learn 1.2.1 on
// the same machine: see the package report).
func BenchmarkClassifier(b *testing.B) {
	X, y, _ := benchData(20000, 20)
	for b.Loop() {
		c := &Classifier{Config: Config{Tol: -1, MaxIter: 20}}
		if err := c.Fit(X, y); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRegressor: 20000×20, squared error, 20 epochs.
func BenchmarkRegressor(b *testing.B) {
	X, _, y := benchData(20000, 20)
	for b.Loop() {
		r := &Regressor{Config: Config{Tol: -1, MaxIter: 20}}
		if err := r.Fit(X, y); err != nil {
			b.Fatal(err)
		}
	}
}
