package linear

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
)

// qrUpdate folds m new rows into the q×q upper triangular factor r: on
// return r is the R of the QR factorization of [r; B], where B (m×q) is
// given transposed, column by column: bt[k*m:(k+1)*m] is column k of B.
// bt is overwritten.
//
// It is the textbook unblocked Householder QR (LAPACK's Dgeqr2) specialized
// to a triangle stacked on a dense block: each reflector has one entry in r
// and m in B, so the zeros below r's diagonal cost nothing. It is
// hand-written because gonum's Dgeqrf on the stacked row-major matrix does
// about q/m more arithmetic and, for q of about 100, spends its time in
// short strided loops; storing B by columns turns each reflection into one
// matrix-vector product and one rank-one update over long contiguous rows
// (gonum's assembly Gemv and Ger) that stay in the CPU cache, which made
// the whole least-squares fit about twice as fast.
func qrUpdate(r []float64, q int, bt []float64, m int, wbuf []float64) {
	for j := 0; j < q; j++ {
		vj := bt[j*m : (j+1)*m]
		alpha := r[j*q+j]
		xnorm := norm2(vj)
		if xnorm == 0 {
			continue // already triangular in this column: H = I
		}
		beta := -math.Copysign(math.Hypot(alpha, xnorm), alpha)
		tau := (beta - alpha) / beta
		floats.Scale(1/(alpha-beta), vj) // v = [1; vj]
		r[j*q+j] = beta
		if j+1 == q {
			continue
		}
		// w = τ(r[j, j+1:] + B[:, j+1:]ᵀ v), then rank-one updates of both parts.
		rest := blas64.General{Rows: q - j - 1, Cols: m, Stride: m, Data: bt[(j+1)*m:]}
		w := wbuf[:q-j-1]
		copy(w, r[j*q+j+1:(j+1)*q])
		blas64.Gemv(blas.NoTrans, tau, rest, blas64.Vector{N: m, Inc: 1, Data: vj}, tau, blas64.Vector{N: q - j - 1, Inc: 1, Data: w})
		floats.Sub(r[j*q+j+1:(j+1)*q], w)
		blas64.Ger(-1, blas64.Vector{N: q - j - 1, Inc: 1, Data: w}, blas64.Vector{N: m, Inc: 1, Data: vj}, rest)
	}
}

// norm2 returns the Euclidean norm of v: √(v·v) with gonum's fast dot
// product, falling back to gonum's overflow-safe (slower) norm when the sum
// of squares overflows or underflows.
func norm2(v []float64) float64 {
	ss := floats.Dot(v, v)
	if ss > 0x1p-900 && ss < 0x1p900 {
		return math.Sqrt(ss)
	}
	return floats.Norm(v, 2)
}
