package svm

import (
	"runtime"
	"sync"
)

// qMatrix is the Q matrix of a dual problem as the SMO solver sees it:
// Q_ij = y_i y_j K(x_i, x_j), served a row at a time, with the positions of
// samples permutable (shrinking moves inactive samples to the end).
type qMatrix interface {
	// getQ returns row i of Q, valid on [0, length).
	getQ(i, length int) []float32
	// diag returns the diagonal Q_ii in float64.
	diag() []float64
	// swapIndex exchanges positions i and j.
	swapIndex(i, j int)
	// cacheStats reports the kernel cache.
	cacheStats() CacheStats
}

// kernelRows computes kernel values between rows of a contiguous n×p
// training block.
type kernelRows struct {
	ks kernelSpec
	x  []float64
	p  int
	sq []float64 // squared norms of the rows, for RBF
	et *expTable
	// parallel is the number of goroutines used for one long row (1 under
	// WebAssembly and for custom kernels, which need not be safe for
	// concurrent use).
	parallel int
}

func newKernelRows(ks kernelSpec, x []float64, p int) *kernelRows {
	kr := &kernelRows{ks: ks, x: x, p: p, parallel: 1}
	if ks.Kind == kindRBF {
		kr.et = newExpTable()
		n := len(x) / p
		kr.sq = make([]float64, n)
		for i := range n {
			r := x[i*p : i*p+p]
			kr.sq[i] = dot(r, r)
		}
	}
	if ks.Kind != kindCustom && runtime.GOOS != "js" {
		kr.parallel = min(runtime.GOMAXPROCS(0), 4)
	}
	return kr
}

func (kr *kernelRows) row(r int) []float64 { return kr.x[r*kr.p : r*kr.p+kr.p] }

// eval returns K(x_a, x_b) computed as libsvm's training kernel does.
func (kr *kernelRows) eval(a, b int) float64 {
	if kr.ks.Kind == kindCustom {
		return kr.ks.custom.Eval(kr.row(a), kr.row(b))
	}
	var sa, sb float64
	if kr.sq != nil {
		sa, sb = kr.sq[a], kr.sq[b]
	}
	return kr.ks.fromDot(dot(kr.row(a), kr.row(b)), sa, sb)
}

// minParallelWork is the work of a kernel row (in multiply-add units, an
// exp or tanh counting as expCost) below which splitting it across
// goroutines costs more than it saves.
const (
	minParallelWork = 1 << 14
	expCost         = 24
)

// fill sets out[k] = float32(ya·ys[k]·K(x_a, x_rows[k])) for k in [lo, hi);
// ys nil means no signs.
func (kr *kernelRows) fill(a int, ya int8, rows []int32, ys []int8, out []float32, lo, hi int) {
	n := hi - lo
	work := kr.p
	if kr.ks.Kind != kindLinear {
		work += expCost
	}
	if kr.parallel <= 1 || n*work < minParallelWork {
		kr.fillRange(a, ya, rows, ys, out, lo, hi)
		return
	}
	w := kr.parallel
	var wg sync.WaitGroup
	chunk := (n + w - 1) / w
	for s := lo + chunk; s < hi; s += chunk {
		e := min(s+chunk, hi)
		wg.Add(1)
		go func(s, e int) {
			defer wg.Done()
			kr.fillRange(a, ya, rows, ys, out, s, e)
		}(s, e)
	}
	kr.fillRange(a, ya, rows, ys, out, lo, min(lo+chunk, hi))
	wg.Wait()
}

func (kr *kernelRows) fillRange(a int, ya int8, rows []int32, ys []int8, out []float32, lo, hi int) {
	xa := kr.row(a)
	p := kr.p
	x := kr.x
	ks := &kr.ks
	// sign(k) is ±1 as ya·ys[k]; the closure is inlined by the compiler.
	sign := func(k int) float64 {
		if ys == nil || ys[k] == ya {
			return 1
		}
		return -1
	}
	switch ks.Kind {
	case kindRBF:
		sa := kr.sq[a]
		g := ks.Gamma
		for k := lo; k < hi; k++ {
			r := int(rows[k])
			d := dot(xa, x[r*p:r*p+p])
			out[k] = float32(sign(k) * kr.et.exp(-g*(sa+kr.sq[r]-2*d)))
		}
	case kindLinear:
		for k := lo; k < hi; k++ {
			r := int(rows[k])
			out[k] = float32(sign(k) * dot(xa, x[r*p:r*p+p]))
		}
	case kindCustom:
		for k := lo; k < hi; k++ {
			r := int(rows[k])
			out[k] = float32(sign(k) * ks.custom.Eval(xa, x[r*p:r*p+p]))
		}
	default:
		for k := lo; k < hi; k++ {
			r := int(rows[k])
			out[k] = float32(sign(k) * ks.fromDot(dot(xa, x[r*p:r*p+p]), 0, 0))
		}
	}
}

// svcQ is libsvm's SVC_Q: Q_ij = y_i y_j K(x_i, x_j) over the samples of
// one binary problem, with a row cache.
type svcQ struct {
	kr    *kernelRows
	rows  []int32 // position → row of kr.x
	y     []int8
	qd    []float64
	cache *rowCache
}

// newSVCQ builds Q over the rows of kr listed in rows (nil: all rows).
func newSVCQ(kr *kernelRows, rows []int32, y []int8, cacheBytes int64) *svcQ {
	l := len(y)
	q := &svcQ{kr: kr, rows: make([]int32, l), y: append([]int8(nil), y...), qd: make([]float64, l)}
	for i := range l {
		if rows != nil {
			q.rows[i] = rows[i]
		} else {
			q.rows[i] = int32(i)
		}
		r := int(q.rows[i])
		q.qd[i] = kr.eval(r, r)
	}
	q.cache = newRowCache(l, cacheBytes)
	return q
}

func (q *svcQ) getQ(i, length int) []float32 {
	data, start := q.cache.get(i, length)
	if start < length {
		q.kr.fill(int(q.rows[i]), q.y[i], q.rows, q.y, data, start, length)
	}
	return data[:length]
}

func (q *svcQ) diag() []float64 { return q.qd }

func (q *svcQ) swapIndex(i, j int) {
	q.cache.swap(i, j)
	q.rows[i], q.rows[j] = q.rows[j], q.rows[i]
	q.y[i], q.y[j] = q.y[j], q.y[i]
	q.qd[i], q.qd[j] = q.qd[j], q.qd[i]
}

func (q *svcQ) cacheStats() CacheStats { return q.cache.stats }

// svrQ is libsvm's SVR_Q: the 2l×2l matrix of ε-SVR, whose variables are
// α_i (sign +1) and α*_i (sign −1) for each sample i. The cache holds rows of
// the l×l kernel matrix; rows of Q are assembled in one of two buffers.
type svrQ struct {
	kr       *kernelRows
	l        int
	sign     []int8
	index    []int32
	qd       []float64
	identity []int32
	cache    *rowCache
	buf      [2][]float32
	next     int
}

func newSVRQ(kr *kernelRows, l int, cacheBytes int64) *svrQ {
	q := &svrQ{
		kr: kr, l: l,
		sign: make([]int8, 2*l), index: make([]int32, 2*l), qd: make([]float64, 2*l),
		identity: make([]int32, l),
	}
	for k := range l {
		q.sign[k], q.sign[k+l] = 1, -1
		q.index[k], q.index[k+l] = int32(k), int32(k)
		q.identity[k] = int32(k)
		q.qd[k] = kr.eval(k, k)
		q.qd[k+l] = q.qd[k]
	}
	q.buf[0] = make([]float32, 2*l)
	q.buf[1] = make([]float32, 2*l)
	q.cache = newRowCache(l, cacheBytes)
	return q
}

func (q *svrQ) getQ(i, length int) []float32 {
	real := int(q.index[i])
	data, start := q.cache.get(real, q.l)
	if start < q.l {
		q.kr.fill(real, 1, q.identity, nil, data, 0, q.l)
	}
	buf := q.buf[q.next][:length]
	q.next = 1 - q.next
	si := q.sign[i]
	for j := range buf {
		v := data[q.index[j]]
		if q.sign[j] != si {
			v = -v
		}
		buf[j] = v
	}
	return buf
}

func (q *svrQ) diag() []float64 { return q.qd }

func (q *svrQ) swapIndex(i, j int) {
	q.sign[i], q.sign[j] = q.sign[j], q.sign[i]
	q.index[i], q.index[j] = q.index[j], q.index[i]
	q.qd[i], q.qd[j] = q.qd[j], q.qd[i]
}

func (q *svrQ) cacheStats() CacheStats { return q.cache.stats }
