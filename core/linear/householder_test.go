package linear

import (
	"math"
	"testing"

	"github.com/descentml/descent/core/model"
)

func TestQRUpdateMatchesGram(t *testing.T) {
	m, q := 37, 5
	r := model.NewRand(2)
	B := make([]float64, m*q) // row-major
	for i := range B {
		B[i] = r.NormFloat64()
	}
	bt := make([]float64, m*q)
	for i := 0; i < m; i++ {
		for k := 0; k < q; k++ {
			bt[k*m+i] = B[i*q+k]
		}
	}
	R := make([]float64, q*q)
	// two updates: first 20 rows then 17
	bt1 := make([]float64, 20*q)
	bt2 := make([]float64, 17*q)
	for k := 0; k < q; k++ {
		copy(bt1[k*20:(k+1)*20], bt[k*m:k*m+20])
		copy(bt2[k*17:(k+1)*17], bt[k*m+20:(k+1)*m])
	}
	qrUpdate(R, q, bt1, 20, make([]float64, q))
	qrUpdate(R, q, bt2, 17, make([]float64, q))
	for a := 0; a < q; a++ {
		for c := 0; c < q; c++ {
			var g, h float64
			for i := 0; i < m; i++ {
				g += B[i*q+a] * B[i*q+c]
			}
			for i := 0; i <= min(a, c); i++ {
				h += R[i*q+a] * R[i*q+c]
			}
			if math.Abs(g-h) > 1e-10*math.Abs(g)+1e-12 {
				t.Fatalf("RᵀR[%d][%d] = %v, BᵀB = %v", a, c, h, g)
			}
		}
	}
}
