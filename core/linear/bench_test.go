package linear

import (
	"testing"

	"github.com/descentml/descent/core/internal/benchdata"
)

func BenchmarkLinearRegression100k(b *testing.B) {
	X, y := benchdata.Regression(100000, 100, 11)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var m LinearRegression
		if err := m.Fit(X, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRidge100k(b *testing.B) {
	X, y := benchdata.Regression(100000, 100, 11)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var m Ridge
		if err := m.Fit(X, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLogisticRegression100k(b *testing.B) {
	X, yc := benchdata.Logistic(100000, 100, 12)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var m LogisticRegression
		if err := m.Fit(X, yc); err != nil {
			b.Fatal(err)
		}
	}
}
