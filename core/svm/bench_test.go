package svm

import (
	"math"
	"testing"

	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// nonlinearData mirrors the benchmark data of core/internal/benchcmp.
func nonlinearData(n, p int, seed uint64) (*mat.Dense, []float64) {
	rng := model.NewRand(seed)
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := range n {
		r := X.RawRowView(i)
		for j := range r {
			r[j] = rng.NormFloat64()
		}
		s := r[0]*r[1] + math.Sin(2*r[2]) + 0.5*r[3] - 0.5*r[4]*r[4] + 0.5 + 0.3*rng.NormFloat64()
		if s > 0 {
			y[i] = 1
		}
	}
	return X, y
}

func linearData(n, p int, seed uint64) (*mat.Dense, []float64) {
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
			r[j] = 0.1 * z
		}
		if s+2*rng.NormFloat64() > 0 {
			y[i] = 1
		}
	}
	return X, y
}

func BenchmarkSVCRBF5000(b *testing.B) {
	X, y := nonlinearData(5000, 20, 1)
	for b.Loop() {
		m := &SVC{}
		if err := m.Fit(X, y); err != nil {
			b.Fatal(err)
		}
		if _, err := m.Score(X, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSVCCancer(b *testing.B) {
	X, y := testData(b, "cancer")
	for b.Loop() {
		m := &SVC{}
		if err := m.Fit(X, y); err != nil {
			b.Fatal(err)
		}
		if _, err := m.Score(X, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLinearSVC(b *testing.B) {
	X, y := linearData(100000, 100, 3)
	for b.Loop() {
		m := &LinearSVC{}
		if err := m.Fit(X, y); err != nil {
			b.Fatal(err)
		}
		b.Log(m.Iterations())
	}
}
