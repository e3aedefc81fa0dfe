package linear

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// blockRows is the number of rows processed at a time by one goroutine: a
// block of blockRows × (p+1) values stays in the CPU's L2 cache while it is
// factorized or multiplied. It divides chunkRows.
const blockRows = 256

// lsFactor is the triangular factor R of the least-squares system [X y]
// (centered when fitting an intercept): [Xc yc] = Q R with Q orthonormal.
// Everything ordinary least squares and ridge regression need is in R:
//
//	R = [ Rx  z ]   Rx: p×p upper triangular, z = Qᵀyc (first p entries),
//	    [ 0   ρ ]   |ρ| = residual norm of the least-squares fit.
type lsFactor struct {
	n, p  int
	r     []float64 // (p+1)×(p+1) row-major, upper triangular
	xMean []float64 // column means of X; nil without centering
	yMean float64
}

// sweep is the result of blockSweep.
type sweep struct {
	acc    []float64 // per-chunk (p+1)×(p+1) accumulators, in chunk order
	means  []float64 // per-block column means of [X y] (blocks × (p+1)); nil without centering
	counts []int     // rows per block, with means
	finite bool      // every value of X and y is finite (or a sum overflowed)
}

// blockSweep is the shared skeleton of factorXY and gramXY. It cuts [X y]
// into blocks of blockRows rows, copies each block transposed
// (column k of the block is bt[k*m:(k+1)*m]), centers it on its own mean
// when center is set, and calls update(acc, bt, m, work) with the
// (p+1)×(p+1) accumulator of the block's chunk. Chunks run in parallel.
//
// The blocks are fixed by the data size, so results do not depend on the
// number of CPUs.
//
// Centering each block on its own mean, then correcting with the block
// means (see factorXY and gramXY), is exact and needs no separate pass over
// X to compute the means first; it is the QR and cross-product analogue of
// Chan et al.'s parallel variance formula. The column sums it computes also
// tell whether X and y hold NaN or ±Inf (sums propagate them), so callers
// need no separate pass for that check either.
func blockSweep(X *mat.Dense, y []float64, center bool, update func(acc, bt []float64, m int, work []float64)) sweep {
	raw := X.RawMatrix()
	n, p := raw.Rows, raw.Cols
	q := p + 1
	nc := numChunks(n)
	nw := numWorkers(nc)
	const perChunk = chunkRows / blockRows
	acc := make([]float64, nc*q*q)
	means := make([]float64, nc*perChunk*q)
	counts := make([]int, nc*perChunk)
	bad := make([]bool, nc)
	bts := make([][]float64, nw)
	works := make([][]float64, nw)
	forChunks(n, nw, func(w, c, lo, hi int) {
		if bts[w] == nil {
			bts[w] = make([]float64, q*blockRows)
			works[w] = make([]float64, q)
		}
		a := acc[c*q*q : (c+1)*q*q]
		for b0 := lo; b0 < hi; b0 += blockRows {
			m := min(hi, b0+blockRows) - b0
			bt := bts[w][:q*m]
			for i := 0; i < m; i++ {
				r := b0 + i
				for k, v := range raw.Data[r*raw.Stride : r*raw.Stride+p] {
					bt[k*m+i] = v
				}
				bt[p*m+i] = y[r]
			}
			b := b0 / blockRows
			mean := means[b*q : (b+1)*q]
			for k := range mean {
				mean[k] = floats.Sum(bt[k*m:(k+1)*m]) / float64(m)
				if center {
					floats.AddConst(-mean[k], bt[k*m:(k+1)*m])
				}
			}
			counts[b] = m
			if v := floats.Sum(mean); math.IsNaN(v) || math.IsInf(v, 0) {
				bad[c] = true
			}
			update(a, bt, m, works[w])
		}
	})
	sw := sweep{acc: acc, finite: true}
	for _, b := range bad {
		if b {
			sw.finite = false
		}
	}
	if center {
		// Keep the blocks that exist (the last chunk may have fewer).
		for b, m := range counts {
			if m > 0 {
				sw.means = append(sw.means, means[b*q:(b+1)*q]...)
				sw.counts = append(sw.counts, m)
			}
		}
	}
	return sw
}

// overallMean returns the mean of the columns of [X y] from the block means.
func (sw *sweep) overallMean(n, q int) []float64 {
	mean := make([]float64, q)
	for b, m := range sw.counts {
		floats.AddScaled(mean, float64(m), sw.means[b*q:(b+1)*q])
	}
	floats.Scale(1/float64(n), mean)
	return mean
}

// meanCorrection returns the rows √nᵦ(mᵦ − m), one per block, for block
// means mᵦ and overall mean m (row-major, q columns).
func (sw *sweep) meanCorrection(q int, mean []float64) []float64 {
	dst := make([]float64, len(sw.counts)*q)
	for b, m := range sw.counts {
		sq := math.Sqrt(float64(m))
		for k := 0; k < q; k++ {
			dst[b*q+k] = sq * (sw.means[b*q+k] - mean[k])
		}
	}
	return dst
}

// factorXY computes R by a parallel "tall-skinny QR" (TSQR): every row
// block of [X y] is Householder-factorized into the running triangle of its
// chunk (qrUpdate), and the chunk triangles are factorized together at the
// end. This is as numerically stable as a QR of the whole matrix (it never
// forms XᵀX, whose condition number is the square of X's), reads X exactly
// once without copying it whole, and runs on all CPUs.
//
// With center set, the centered blocks are recombined exactly by adding one
// row √nᵦ(mᵦ − m) per block to the final factorization: the result is the R
// of [X − 1mᵀ  y − ȳ]. It returns nil when X or y holds NaN or ±Inf.
func factorXY(X *mat.Dense, y []float64, center bool) *lsFactor {
	n, p := X.Dims()
	q := p + 1
	sw := blockSweep(X, y, center, func(acc, bt []float64, m int, work []float64) {
		qrUpdate(acc, q, bt, m, work)
	})
	if !sw.finite {
		return nil
	}
	nc := len(sw.acc) / (q * q)
	f := &lsFactor{n: n, p: p}
	var corr []float64
	if center {
		mean := sw.overallMean(n, q)
		f.xMean, f.yMean = mean[:p], mean[p]
		corr = sw.meanCorrection(q, mean)
	}
	if nc == 1 && !center {
		f.r = sw.acc
		return f
	}
	// Stack the chunk triangles and the mean-correction rows and factorize
	// them (transposed, as qrUpdate wants) into the final triangle.
	nCorr := len(corr) / q
	rows := nc*q + nCorr
	bt := make([]float64, q*rows)
	for k := 0; k < q; k++ {
		col := bt[k*rows : (k+1)*rows]
		for c := 0; c < nc; c++ {
			for i := 0; i <= k; i++ {
				col[c*q+i] = sw.acc[c*q*q+i*q+k]
			}
		}
		for b := 0; b < nCorr; b++ {
			col[nc*q+b] = corr[b*q+k]
		}
	}
	f.r = make([]float64, q*q)
	qrUpdate(f.r, q, bt, rows, make([]float64, q))
	return f
}

// gram is the cross-product matrix [Xc yc]ᵀ[Xc yc] of the (centered when
// fitting an intercept) data, upper triangle, (p+1)×(p+1) row-major.
type gram struct {
	n, p  int
	g     []float64
	xMean []float64
	yMean float64
}

// gramXY computes the cross products of [X y] in parallel, blockwise: each
// centered block adds BᵀB (gonum's Gemv on the transposed block, which
// keeps four rows in flight) and the centering is corrected with
// Σ nᵦ(mᵦ − m)(mᵦ − m)ᵀ. It is about half the arithmetic of factorXY, and
// more than twice as fast, but the normal equations it leads to square the
// condition number of X: Ridge uses it only when the Cholesky factor of
// XᵀX + αI is well conditioned and otherwise falls back to factorXY. It
// returns nil when X or y holds NaN or ±Inf.
func gramXY(X *mat.Dense, y []float64, center bool) *gram {
	n, p := X.Dims()
	q := p + 1
	sw := blockSweep(X, y, center, func(acc, bt []float64, m int, _ []float64) {
		for j := 0; j < q; j++ {
			blas64.Gemv(blas.NoTrans, 1, blas64.General{Rows: q - j, Cols: m, Stride: m, Data: bt[j*m:]},
				blas64.Vector{N: m, Inc: 1, Data: bt[j*m : (j+1)*m]}, 1, blas64.Vector{N: q - j, Inc: 1, Data: acc[j*q+j:]})
		}
	})
	if !sw.finite {
		return nil
	}
	g := &gram{n: n, p: p, g: make([]float64, q*q)}
	for c := 0; c*q*q < len(sw.acc); c++ {
		floats.Add(g.g, sw.acc[c*q*q:(c+1)*q*q])
	}
	if center {
		mean := sw.overallMean(n, q)
		g.xMean, g.yMean = mean[:p], mean[p]
		corr := sw.meanCorrection(q, mean)
		nBlocks := len(sw.counts)
		blas64.Syrk(blas.Trans, 1, blas64.General{Rows: nBlocks, Cols: q, Stride: q, Data: corr}, 1,
			blas64.Symmetric{N: q, Stride: q, Data: g.g, Uplo: blas.Upper})
	}
	return g
}

// choleskyRcondMin is the smallest reciprocal condition number of XᵀX + αI
// for which Ridge trusts the normal equations: the relative error of the
// solution is then at most about ε/1e-8 ≈ 2e-8.
const choleskyRcondMin = 1e-8

// solveRidge solves (XᵀX + αI) w = Xᵀy by Cholesky. ok is false when the
// matrix is not numerically positive definite or its estimated reciprocal
// condition number is below choleskyRcondMin.
func (g *gram) solveRidge(alpha float64) (w []float64, ok bool) {
	p, q := g.p, g.p+1
	a := make([]float64, p*p)
	w = make([]float64, p)
	for i := 0; i < p; i++ {
		copy(a[i*p+i:(i+1)*p], g.g[i*q+i:i*q+p])
		a[i*p+i] += alpha
		w[i] = g.g[i*q+p]
	}
	sym := blas64.Symmetric{N: p, Stride: p, Data: a, Uplo: blas.Upper}
	anorm := lapack64.Lansy(lapack.MaxColumnSum, sym, make([]float64, p))
	t, ok := lapack64.Potrf(sym)
	if !ok {
		return nil, false
	}
	rcond := lapack64.Pocon(sym, anorm, make([]float64, 3*p), make([]int, p))
	if !(rcond >= choleskyRcondMin) {
		return nil, false
	}
	lapack64.Potrs(t, blas64.General{Rows: p, Cols: 1, Stride: 1, Data: w})
	return w, true
}

// intercept returns ȳ − x̄ᵀw, or 0 without centering.
func (g *gram) intercept(w []float64) float64 {
	if g.xMean == nil {
		return 0
	}
	return g.yMean - floats.Dot(g.xMean, w)
}

// geqrfWork returns the optimal workspace length of Dgeqrf for an m×n matrix.
func geqrfWork(m, n int) int {
	work := make([]float64, 1)
	lapack64.Geqrf(blas64.General{Rows: m, Cols: n, Stride: n, Data: make([]float64, 0)}, nil, work, -1)
	return max(1, int(work[0]))
}

// rx returns the p×p triangle Rx as a blas64 triangular view of f.r.
func (f *lsFactor) rx() blas64.Triangular {
	return blas64.Triangular{N: f.p, Stride: f.p + 1, Data: f.r, Uplo: blas.Upper, Diag: blas.NonUnit}
}

// z returns Qᵀ(y − ȳ), the right-hand side matching Rx.
func (f *lsFactor) z() []float64 {
	q := f.p + 1
	z := make([]float64, f.p)
	for i := range z {
		z[i] = f.r[i*q+f.p]
	}
	return z
}

// rcondThreshold is the reciprocal condition number of Rx below which the
// least-squares solve switches from back substitution to the SVD, which
// finds the minimum-norm solution of rank-deficient or nearly so problems.
const rcondThreshold = 1e-10

// solveOLS returns the least-squares coefficients and the numerical rank of X.
// With useSVD false it back-substitutes with Rx when Rx is well conditioned
// (1-norm reciprocal condition estimate ≥ rcondThreshold) and otherwise
// falls back to the SVD; with useSVD true it always uses the SVD.
func (f *lsFactor) solveOLS(useSVD bool) (w []float64, rank int) {
	p := f.p
	if !useSVD && f.n >= p {
		rx := f.rx()
		rcond := lapack64.Trcon(lapack.MaxColumnSum, rx, make([]float64, 3*p), make([]int, p))
		if rcond >= rcondThreshold {
			w = f.z()
			blas64.Trsv(blas.NoTrans, rx, blas64.Vector{N: p, Inc: 1, Data: w})
			return w, p
		}
	}
	return f.solveSVD()
}

// solveSVD returns the minimum-norm least-squares solution through the SVD
// Rx = U S Vᵀ (the singular values of Rx are those of X). Singular values
// below max(n, p)·ε·s₀ count as zero, as in numpy.linalg.lstsq; the number
// kept is the rank.
func (f *lsFactor) solveSVD() (w []float64, rank int) {
	p := f.p
	rx := mat.NewDense(p, p, nil)
	for i := 0; i < p; i++ {
		copy(rx.RawRowView(i)[i:], f.r[i*(p+1)+i:i*(p+1)+p])
	}
	var svd mat.SVD
	w = make([]float64, p)
	if !svd.Factorize(rx, mat.SVDThin) {
		return w, 0
	}
	s := svd.Values(nil)
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	z := f.z()
	cut := float64(max(f.n, p)) * eps * s[0]
	for k, sk := range s {
		if sk <= cut || sk == 0 {
			break
		}
		rank++
		var c float64
		for i := 0; i < p; i++ {
			c += u.At(i, k) * z[i]
		}
		c /= sk
		for i := 0; i < p; i++ {
			w[i] += c * v.At(i, k)
		}
	}
	return w, rank
}

// solveRidge returns argmin ||yc − Xc w||² + α||w||² for α > 0 as the
// least-squares solution of the augmented system [Rx; √α I] w ≈ [z; 0],
// factorized by QR: stable for any α (no normal equations are formed) and
// always of full rank.
func (f *lsFactor) solveRidge(alpha float64) []float64 {
	p := f.p
	q := p + 1
	aug := make([]float64, 2*p*q) // (2p)×(p+1): [Rx z; √αI 0]
	for i := 0; i < p; i++ {
		copy(aug[i*q+i:i*q+q], f.r[i*q+i:i*q+q])
		aug[(p+i)*q+i] = math.Sqrt(alpha)
	}
	tau := make([]float64, q)
	work := make([]float64, geqrfWork(2*p, q))
	lapack64.Geqrf(blas64.General{Rows: 2 * p, Cols: q, Stride: q, Data: aug}, tau, work, len(work))
	w := make([]float64, p)
	for i := range w {
		w[i] = aug[i*q+p]
	}
	blas64.Trsv(blas.NoTrans, blas64.Triangular{N: p, Stride: q, Data: aug, Uplo: blas.Upper, Diag: blas.NonUnit}, blas64.Vector{N: p, Inc: 1, Data: w})
	return w
}

// eps is the machine epsilon of float64.
const eps = 0x1p-52
