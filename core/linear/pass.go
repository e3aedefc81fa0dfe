package linear

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// passBlockRows is the number of rows scored at a time: small enough that
// the block of X read to compute the scores Xw is still in the CPU cache when
// it is read again to accumulate the gradient Xᵀr, so each evaluation reads
// X from memory once instead of twice.
const passBlockRows = 256

// pointwise turns a block of scores z (m rows × k outputs, row-major) for
// targets y (length m) into the derivatives ∂loss/∂z, in place, and returns
// the block's summed loss.
type pointwise func(z, y []float64, k int) float64

// glmPass evaluates Σᵢ loss(Wᵀxᵢ + b, yᵢ) and its gradient for a linear model
// with k outputs. The parameter vector is [W (p×k, row-major); b (k)], the
// intercepts b being present only when intercept is set. It holds scratch
// buffers, so a glmPass must not be used concurrently.
type glmPass struct {
	x         blas64.General
	y         []float64
	k         int
	intercept bool
	loss      pointwise

	chunkGrad [][]float64 // per-chunk gradient sums, combined in chunk order
	chunkLoss []float64
	z         [][]float64 // per-worker scores
}

func newGLMPass(x blas64.General, y []float64, k int, intercept bool, loss pointwise) *glmPass {
	nc := numChunks(x.Rows)
	g := &glmPass{x: x, y: y, k: k, intercept: intercept, loss: loss,
		chunkGrad: make([][]float64, nc),
		chunkLoss: make([]float64, nc),
	}
	return g
}

// dim returns the length of the parameter vector.
func (g *glmPass) dim() int {
	if g.intercept {
		return (g.x.Cols + 1) * g.k
	}
	return g.x.Cols * g.k
}

// eval returns the summed loss over all rows and writes its gradient
// (without any penalty) into grad. Rows are processed in parallel chunks.
func (g *glmPass) eval(params, grad []float64) float64 {
	n, p, k := g.x.Rows, g.x.Cols, g.k
	d := g.dim()
	nw := numWorkers(len(g.chunkGrad))
	for len(g.z) < nw {
		g.z = append(g.z, nil)
	}
	forChunks(n, nw, func(w, c, lo, hi int) {
		z := g.z[w]
		if z == nil {
			z = make([]float64, passBlockRows*k)
			g.z[w] = z
		}
		cg := g.chunkGrad[c]
		if cg == nil {
			cg = make([]float64, d)
			g.chunkGrad[c] = cg
		}
		clear(cg)
		if k == 1 {
			g.chunkLoss[c] = g.chunkBinary(params, cg, z, lo, hi)
			return
		}
		var loss float64
		for b0 := lo; b0 < hi; b0 += passBlockRows {
			m := min(hi, b0+passBlockRows) - b0
			sub := blas64.General{Rows: m, Cols: p, Stride: g.x.Stride, Data: g.x.Data[b0*g.x.Stride:]}
			zb := z[:m*k]
			loss += g.block(sub, params, cg, zb, g.y[b0:b0+m])
		}
		g.chunkLoss[c] = loss
	})
	clear(grad[:d])
	var loss float64
	for c, cg := range g.chunkGrad {
		loss += g.chunkLoss[c]
		for j, v := range cg {
			grad[j] += v
		}
	}
	return loss
}

// chunkBinary is eval for one chunk of rows [lo, hi) of a one-output
// model: the chunk is cut in four quarters which are scored together, a
// group of four sub-blocks of passBlockRows/4 rows at a time, by
// dotStreams; then the loss derivatives of the group are formed and the
// group's rows, now in cache, are read again to accumulate Xᵀr.
func (g *glmPass) chunkBinary(params, grad, z []float64, lo, hi int) float64 {
	p, stride := g.x.Cols, g.x.Stride
	w := params[:p]
	var b float64
	if g.intercept {
		b = params[p]
	}
	quarter := (hi - lo + 3) / 4
	const sub = passBlockRows / 4
	var loss float64
	for t := 0; t < quarter; t += sub {
		var off, cnt [4]int
		var zs [4][]float64
		for s := 0; s < 4; s++ {
			start := lo + s*quarter + t
			end := min(lo+(s+1)*quarter, hi, start+sub)
			cnt[s] = max(0, end-start)
			off[s] = start * stride
			zs[s] = z[s*sub : s*sub+cnt[s]]
		}
		dotStreams(g.x.Data, stride, off, cnt, w, b, zs)
		for s := 0; s < 4; s++ {
			if cnt[s] == 0 {
				continue
			}
			start := off[s] / stride
			loss += g.loss(zs[s], g.y[start:start+cnt[s]], 1)
			addXtr(grad, g.x.Data, off[s], stride, p, zs[s], g.intercept)
		}
	}
	return loss
}

// block scores the rows of sub, turns the scores into loss derivatives r
// and adds subᵀr (and Σr for the intercepts) to grad.
func (g *glmPass) block(sub blas64.General, params, grad, z, y []float64) float64 {
	p, k, m := g.x.Cols, g.k, sub.Rows
	if g.intercept {
		b := params[p*k : p*k+k]
		for i := 0; i < m; i++ {
			copy(z[i*k:(i+1)*k], b)
		}
	} else {
		clear(z)
	}
	if k == 1 {
		blas64.Gemv(blas.NoTrans, 1, sub, blas64.Vector{N: p, Inc: 1, Data: params}, 1, blas64.Vector{N: m, Inc: 1, Data: z})
	} else {
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, sub, blas64.General{Rows: p, Cols: k, Stride: k, Data: params}, 1, blas64.General{Rows: m, Cols: k, Stride: k, Data: z})
	}
	loss := g.loss(z, y, k)
	if k == 1 {
		blas64.Gemv(blas.Trans, 1, sub, blas64.Vector{N: m, Inc: 1, Data: z}, 1, blas64.Vector{N: p, Inc: 1, Data: grad})
	} else {
		blas64.Gemm(blas.Trans, blas.NoTrans, 1, sub, blas64.General{Rows: m, Cols: k, Stride: k, Data: z}, 1, blas64.General{Rows: p, Cols: k, Stride: k, Data: grad})
	}
	if g.intercept {
		gb := grad[p*k : p*k+k]
		for i := 0; i < m; i++ {
			for j, v := range z[i*k : (i+1)*k] {
				gb[j] += v
			}
		}
	}
	return loss
}

// evalIdx is eval restricted to the rows idx (a mini-batch), sequential.
func (g *glmPass) evalIdx(params, grad []float64, idx []int) float64 {
	p, k := g.x.Cols, g.k
	d := g.dim()
	clear(grad[:d])
	z := make([]float64, k)
	y := make([]float64, 1)
	var loss float64
	for _, i := range idx {
		row := g.x.Data[i*g.x.Stride : i*g.x.Stride+p]
		for c := 0; c < k; c++ {
			var s float64
			if g.intercept {
				s = params[p*k+c]
			}
			for j, v := range row {
				s += v * params[j*k+c]
			}
			z[c] = s
		}
		y[0] = g.y[i]
		loss += g.loss(z, y, k)
		for j, v := range row {
			gj := grad[j*k : (j+1)*k]
			for c, r := range z {
				gj[c] += v * r
			}
		}
		if g.intercept {
			for c, r := range z {
				grad[p*k+c] += r
			}
		}
	}
	return loss
}
