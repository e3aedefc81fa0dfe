//go:build amd64 && !noasm && !gccgo && !safe

package linear

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// addXtr adds Σᵢ r[i]·xᵢ to grad[:p], and Σᵢ r[i] to grad[p] if intercept,
// where row xᵢ is x[off+i·stride:][:p]. Here gonum has an assembly Gemv.
// The intercept's sum is a plain loop, not gonum's assembly Sum (which
// adds in several lanes): adding in order, as the pure-Go build does, makes
// a fit bit for bit the same natively and in the browser.
func addXtr(grad, x []float64, off, stride, p int, r []float64, intercept bool) {
	blk := blas64.General{Rows: len(r), Cols: p, Stride: stride, Data: x[off:]}
	blas64.Gemv(blas.Trans, 1, blk, blas64.Vector{N: len(r), Inc: 1, Data: r}, 1, blas64.Vector{N: p, Inc: 1, Data: grad})
	if intercept {
		var sum float64
		for _, v := range r {
			sum += v
		}
		grad[p] += sum
	}
}
