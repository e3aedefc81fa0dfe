package linear

import (
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/model"
)

// benchData returns seeded n×p Gaussian data with a linear target plus noise
// (regression) and a noisy binary label (classification).
func benchData(n, p int) (X *mat.Dense, y, yc []float64) {
	r := model.NewRand(42)
	X = mat.NewDense(n, p, nil)
	raw := X.RawMatrix().Data
	for i := range raw {
		raw[i] = r.NormFloat64()
	}
	w := make([]float64, p)
	for j := range w {
		w[j] = r.NormFloat64()
	}
	y = make([]float64, n)
	yc = make([]float64, n)
	for i := 0; i < n; i++ {
		var s float64
		for j, v := range X.RawRowView(i) {
			s += v * w[j]
		}
		y[i] = s + 3 + 0.5*r.NormFloat64()
		if 0.3*s+r.NormFloat64() > 0 {
			yc[i] = 1
		}
	}
	return X, y, yc
}

func BenchmarkLinearRegression100k(b *testing.B) {
	X, y, _ := benchData(100000, 100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var m LinearRegression
		if err := m.Fit(X, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRidge100k(b *testing.B) {
	X, y, _ := benchData(100000, 100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var m Ridge
		if err := m.Fit(X, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLogisticRegression100k(b *testing.B) {
	X, _, yc := benchData(100000, 100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var m LogisticRegression
		if err := m.Fit(X, yc); err != nil {
			b.Fatal(err)
		}
	}
}
