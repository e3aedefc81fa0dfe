package svm

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/descentml/descent/core/metrics"
	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// SVCConfig holds the hyper-parameters of SVC. The zero value of every
// field means its documented default.
type SVCConfig struct {
	// C is the penalty on margin violations: the upper bound of every dual
	// variable, 0 ≤ α_i ≤ C. Must be > 0. Default 1.
	C float64
	// Kernel names a built-in kernel: "rbf" (default), "linear", "poly"
	// ((γ·a·b + Coef0)^Degree) or "sigmoid" (tanh(γ·a·b + Coef0)).
	Kernel string
	// CustomKernel, when non-nil, is the kernel instead of Kernel (leave
	// Kernel empty). The built-in values Linear{}, Poly{…}, RBF{…} and
	// Sigmoid{…} are used with their own parameters (Degree, Gamma,
	// GammaMode and Coef0 below are ignored) and can be saved; a model with
	// any other Kernel type works but cannot be saved to JSON.
	CustomKernel Kernel
	// Degree is the degree of the "poly" kernel. Default 3.
	Degree int
	// Gamma is the γ of the "rbf", "poly" and "sigmoid" kernels when > 0.
	// When 0 (the default) γ comes from GammaMode.
	Gamma float64
	// GammaMode picks γ from the training data when Gamma is 0: "scale"
	// (default) is 1 / (p · Var(X)), with p features and the variance of
	// all entries of X; "auto" is 1 / p. Setting both Gamma and GammaMode
	// is an error.
	GammaMode string
	// Coef0 is the constant term of the "poly" and "sigmoid" kernels.
	// Default 0.
	Coef0 float64
	// Tol is the stopping tolerance on the KKT violation m(α) − M(α).
	// Default 1e-3.
	Tol float64
	// CacheMB bounds the kernel-row cache, in MiB (2^20 bytes), per binary
	// problem. Default 200. The cache stores float32 values, as libsvm.
	CacheMB float64
	// NoShrinking turns off the shrinking heuristic (it is on by default).
	NoShrinking bool
	// ClassWeight multiplies C for the classes it lists (class label →
	// weight > 0); other classes keep weight 1.
	ClassWeight map[float64]float64
	// BalancedClassWeight weights each class by n / (k · n_class), so that
	// rare classes count as much as frequent ones. It cannot be combined
	// with ClassWeight.
	BalancedClassWeight bool
	// Probability enables PredictProba: Platt scaling fitted on decision
	// values from an internal 5-fold cross-validation (which makes Fit
	// about six times slower), with pairwise coupling for more than two
	// classes. The folds are drawn from Seed.
	Probability bool
	// MaxIter caps the SMO iterations of each binary problem; 0 or
	// negative means no limit (the default). Converged reports whether the
	// limit was hit.
	MaxIter int
	// Seed seeds the random folds of Probability.
	Seed uint64
	// Record keeps a trace of every SMO iteration (see Trace).
	Record bool
}

// SVC is a support vector classifier (C-SVC) with a kernel, trained by
// libsvm's SMO algorithm. More than two classes are handled one-vs-one: a
// binary SVM for every pair of classes, and a vote to predict. The zero
// value is ready to use (RBF kernel, C = 1, γ = "scale").
type SVC struct {
	// Config holds the hyper-parameters; Fit reads it and never changes it.
	Config SVCConfig

	fitted    bool
	classes   []float64
	nFeatures int
	ks        kernelSpec
	sv        *mat.Dense // nSV × p
	svSq      []float64  // squared norms of the support vectors (RBF)
	support   []int
	nSupport  []int
	svCoef    [][]float64 // (k−1) × nSV, libsvm's layout
	rho       []float64   // k(k−1)/2
	probA     []float64
	probB     []float64
	iters     []int
	converged bool
	traces    []BinaryTrace
	cache     CacheStats
}

// Compile-time checks of the contracts SVC meets.
var (
	_ model.ProbabilisticClassifier = (*SVC)(nil)
	_ model.DecisionFunctioner      = (*SVC)(nil)
)

// svcSettings are the validated, defaulted hyper-parameters.
type svcSettings struct {
	C     float64
	opts  solveOpts
	kp    kernelParams
	class map[float64]float64
}

func (c *SVCConfig) settings() (svcSettings, error) {
	var s svcSettings
	var err error
	if s.C, err = checkPositive("C", c.C, 1); err != nil {
		return s, err
	}
	if s.opts.eps, err = checkPositive("Tol", c.Tol, 1e-3); err != nil {
		return s, err
	}
	mb, err := checkPositive("CacheMB", c.CacheMB, 200)
	if err != nil {
		return s, err
	}
	s.opts.cacheBytes = int64(mb * (1 << 20))
	s.opts.shrinking = !c.NoShrinking
	s.opts.maxIter = max(c.MaxIter, 0)
	s.opts.record = c.Record
	s.kp = kernelParams{name: c.Kernel, custom: c.CustomKernel, degree: c.Degree, gamma: c.Gamma, gammaMode: c.GammaMode, coef0: c.Coef0}
	if c.BalancedClassWeight && len(c.ClassWeight) > 0 {
		return s, errors.New("ClassWeight and BalancedClassWeight are both set: set one")
	}
	for label, w := range c.ClassWeight {
		if math.IsNaN(w) || math.IsInf(w, 0) || w <= 0 {
			return s, fmt.Errorf("ClassWeight[%v] = %v: weights must be finite and > 0", label, w)
		}
	}
	s.class = c.ClassWeight
	return s, nil
}

// classWeights returns the multiplier of C for each class.
func classWeights(classes []float64, counts []int, n int, given map[float64]float64, balanced bool) ([]float64, error) {
	w := make([]float64, len(classes))
	for i := range w {
		w[i] = 1
		if balanced {
			w[i] = float64(n) / (float64(len(classes)) * float64(counts[i]))
		}
	}
	for label, v := range given {
		k, ok := slices.BinarySearch(classes, label)
		if !ok {
			return nil, fmt.Errorf("ClassWeight has label %v, which is not a class of y (classes %v)", label, classes)
		}
		w[k] = v
	}
	return w, nil
}

// rawRows returns X as contiguous row-major data (without copying when X
// is a dense matrix with no row padding).
func rawRows(X mat.Matrix) []float64 {
	d := model.Dense(X)
	raw := d.RawMatrix()
	if raw.Stride == raw.Cols {
		return raw.Data[:raw.Rows*raw.Cols]
	}
	out := make([]float64, 0, raw.Rows*raw.Cols)
	for i := range raw.Rows {
		out = append(out, raw.Data[i*raw.Stride:i*raw.Stride+raw.Cols]...)
	}
	return out
}

// Fit trains one binary SVM per pair of classes of y (whole-number labels,
// at least two classes) on the rows of X.
func (m *SVC) Fit(X mat.Matrix, y []float64) error {
	if err := m.fit(X, y); err != nil {
		return fmt.Errorf("svm: SVC.Fit: %w", err)
	}
	return nil
}

func (m *SVC) fit(X mat.Matrix, y []float64) error {
	set, err := m.Config.settings()
	if err != nil {
		return err
	}
	n, p, err := model.CheckXY(X, y)
	if err != nil {
		return err
	}
	classes, err := model.ClassLabels(y)
	if err != nil {
		return err
	}
	yi, err := model.ClassIndex(y, classes)
	if err != nil {
		return err
	}
	x := rawRows(X)
	ks, err := resolveKernel(set.kp, x, p)
	if err != nil {
		return err
	}
	k := len(classes)
	// Group the samples by class, keeping their order within a class, as
	// libsvm's svm_group_classes.
	count := make([]int, k)
	for _, c := range yi {
		count[c]++
	}
	start := make([]int, k)
	for c := 1; c < k; c++ {
		start[c] = start[c-1] + count[c-1]
	}
	perm := make([]int, n)
	next := slices.Clone(start)
	for i, c := range yi {
		perm[next[c]] = i
		next[c]++
	}
	weights, err := classWeights(classes, count, n, set.class, m.Config.BalancedClassWeight)
	if err != nil {
		return err
	}
	wC := make([]float64, k)
	for c := range k {
		wC[c] = set.C * weights[c]
	}

	kr := newKernelRows(ks, x, p)
	nPairs := k * (k - 1) / 2
	coefs := make([][]float64, nPairs)
	rho := make([]float64, nPairs)
	iters := make([]int, nPairs)
	var probA, probB []float64
	if m.Config.Probability {
		probA = make([]float64, nPairs)
		probB = make([]float64, nPairs)
	}
	var traces []BinaryTrace
	var stats CacheStats
	converged := true
	nonzero := make([]bool, n) // by grouped position
	rng := model.NewRand(m.Config.Seed)
	pi := 0
	for i := range k {
		for j := i + 1; j < k; j++ {
			ci, cj := count[i], count[j]
			l := ci + cj
			// The binary problem: samples of class i (y = +1), then of
			// class j (y = −1), each in training order, as libsvm.
			rows := make([]int32, l)
			sy := make([]int8, l)
			sc := make([]float64, l)
			origin := make([]int, l)
			for t := range ci {
				r := perm[start[i]+t]
				rows[t], sy[t], sc[t], origin[t] = int32(r), 1, wC[i], r
			}
			for t := range cj {
				r := perm[start[j]+t]
				rows[ci+t], sy[ci+t], sc[ci+t], origin[ci+t] = int32(r), -1, wC[j], r
			}
			if m.Config.Probability {
				probA[pi], probB[pi] = binarySVCProbability(kr, rows, sy, wC[i], wC[j], set.opts, rng)
			}
			res := solveCSVC(kr, rows, sy, sc, set.opts, origin)
			coefs[pi], rho[pi], iters[pi] = res.coef, res.rho, res.iter
			if res.timedOut {
				converged = false
			}
			if set.opts.record {
				traces = append(traces, BinaryTrace{Positive: classes[i], Negative: classes[j], Steps: res.trace})
			}
			stats = mergeStats(stats, res.stats)
			for t := range ci {
				if res.coef[t] != 0 {
					nonzero[start[i]+t] = true
				}
			}
			for t := range cj {
				if res.coef[ci+t] != 0 {
					nonzero[start[j]+t] = true
				}
			}
			pi++
		}
	}

	// Assemble the model as libsvm's svm_train.
	nSupport := make([]int, k)
	var support []int
	for c := range k {
		for t := range count[c] {
			if nonzero[start[c]+t] {
				nSupport[c]++
				support = append(support, perm[start[c]+t])
			}
		}
	}
	nSV := len(support)
	sv := mat.NewDense(max(nSV, 1), p, nil)
	if nSV == 0 {
		sv = nil
	}
	for r, idx := range support {
		sv.SetRow(r, x[idx*p:idx*p+p])
	}
	nzStart := make([]int, k)
	for c := 1; c < k; c++ {
		nzStart[c] = nzStart[c-1] + nSupport[c-1]
	}
	svCoef := make([][]float64, k-1)
	for c := range svCoef {
		svCoef[c] = make([]float64, nSV)
	}
	pi = 0
	for i := range k {
		for j := i + 1; j < k; j++ {
			q := nzStart[i]
			for t := range count[i] {
				if nonzero[start[i]+t] {
					svCoef[j-1][q] = coefs[pi][t]
					q++
				}
			}
			q = nzStart[j]
			for t := range count[j] {
				if nonzero[start[j]+t] {
					svCoef[i][q] = coefs[pi][count[i]+t]
					q++
				}
			}
			pi++
		}
	}

	*m = SVC{
		Config: m.Config, fitted: true, classes: classes, nFeatures: p, ks: ks,
		sv: sv, support: support, nSupport: nSupport, svCoef: svCoef, rho: rho,
		probA: probA, probB: probB, iters: iters, converged: converged,
		traces: traces, cache: stats,
	}
	m.prepare()
	return nil
}

// mergeStats sums the counts and keeps the largest sizes.
func mergeStats(a, b CacheStats) CacheStats {
	if b.LimitBytes > a.LimitBytes || (b.LimitBytes == a.LimitBytes && b.RowLen > a.RowLen) {
		a.LimitBytes, a.RowLen = b.LimitBytes, b.RowLen
	}
	a.PeakBytes = max(a.PeakBytes, b.PeakBytes)
	a.Hits += b.Hits
	a.Misses += b.Misses
	a.Evictions += b.Evictions
	return a
}

// prepare computes state derived from the saved state.
func (m *SVC) prepare() {
	m.svSq = svNorms(m.ks, m.sv)
}

func svNorms(ks kernelSpec, sv *mat.Dense) []float64 {
	if ks.Kind != kindRBF || sv == nil {
		return nil
	}
	r, _ := sv.Dims()
	sq := make([]float64, r)
	for i := range r {
		v := sv.RawRowView(i)
		sq[i] = dot(v, v)
	}
	return sq
}

// predictBlock is the number of rows of X whose kernel values with the
// support vectors are computed at once when predicting.
const predictBlock = 64

// forKernelBlocks computes K(x_i, sv_j) for blocks of rows of X and calls
// fn(r0, K) with K the (rows r0…r0+b−1) × nSV block. Blocks are processed
// by parallel goroutines (sequentially under WebAssembly or with a custom
// kernel), so fn must only write outputs of its own rows. The dot products
// go through gonum's matrix product.
func forKernelBlocks(ks kernelSpec, X, sv *mat.Dense, svSq []float64, fn func(r0 int, K *mat.Dense)) {
	m, _ := X.Dims()
	nSV, _ := sv.Dims()
	nBlocks := (m + predictBlock - 1) / predictBlock
	workers := 1
	if ks.Kind != kindCustom && runtime.GOOS != "js" {
		workers = min(runtime.GOMAXPROCS(0), nBlocks)
	}
	var et *expTable
	if ks.Kind == kindRBF {
		et = newExpTable()
	}
	work := func(w int) {
		buf := make([]float64, predictBlock*nSV)
		for b := w; b < nBlocks; b += workers {
			r0 := b * predictBlock
			r1 := min(r0+predictBlock, m)
			Xb := X.Slice(r0, r1, 0, X.RawMatrix().Cols).(*mat.Dense)
			K := mat.NewDense(r1-r0, nSV, buf[:(r1-r0)*nSV])
			kernelBlock(ks, Xb, sv, K, svSq, et)
			fn(r0, K)
		}
	}
	if workers == 1 {
		work(0)
		return
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(w)
		}()
	}
	work(0)
	wg.Wait()
}

// kernelBlock sets K = K(X_i, sv_j).
func kernelBlock(ks kernelSpec, X, sv, K *mat.Dense, svSq []float64, et *expTable) {
	m, _ := X.Dims()
	if ks.Kind == kindCustom {
		for i := range m {
			xi := X.RawRowView(i)
			row := K.RawRowView(i)
			for j := range row {
				row[j] = ks.custom.Eval(xi, sv.RawRowView(j))
			}
		}
		return
	}
	K.Mul(X, sv.T())
	for i := range m {
		row := K.RawRowView(i)
		switch ks.Kind {
		case kindLinear:
		case kindRBF:
			xi := X.RawRowView(i)
			sx := dot(xi, xi)
			for j, d := range row {
				d2 := max(sx+svSq[j]-2*d, 0)
				row[j] = et.exp(-ks.Gamma * d2)
			}
		default:
			for j, d := range row {
				row[j] = ks.fromDot(d, 0, 0)
			}
		}
	}
}

// checkPredict validates X for a fitted model.
func (m *SVC) checkPredict(X mat.Matrix) (*mat.Dense, error) {
	if !m.fitted {
		return nil, model.ErrNotFitted
	}
	if _, _, err := model.CheckX(X, m.nFeatures); err != nil {
		return nil, err
	}
	return model.Dense(X), nil
}

// ovo returns libsvm's one-vs-one decision values: column p for the pair
// (i, j) of classes (i < j, in order (0,1), (0,2), …, (1,2), …) is positive
// when the sample looks like class i.
func (m *SVC) ovo(X *mat.Dense) *mat.Dense {
	rows, _ := X.Dims()
	k := len(m.classes)
	dec := mat.NewDense(rows, k*(k-1)/2, nil)
	if m.sv == nil {
		for i := range rows {
			for p := range m.rho {
				dec.Set(i, p, -m.rho[p])
			}
		}
		return dec
	}
	start := make([]int, k)
	for c := 1; c < k; c++ {
		start[c] = start[c-1] + m.nSupport[c-1]
	}
	forKernelBlocks(m.ks, X, m.sv, m.svSq, func(r0 int, K *mat.Dense) {
		rb, _ := K.Dims()
		for r := range rb {
			m.ovoRow(K.RawRowView(r), dec.RawRowView(r0+r), start)
		}
	})
	return dec
}

// ovoRow computes the one-vs-one values of one sample from its kernel
// values kv with the support vectors.
func (m *SVC) ovoRow(kv, out []float64, start []int) {
	k := len(m.classes)
	p := 0
	for i := range k {
		ki := kv[start[i] : start[i]+m.nSupport[i]]
		for j := i + 1; j < k; j++ {
			kj := kv[start[j] : start[j]+m.nSupport[j]]
			var sum float64
			for t, c := range m.svCoef[j-1][start[i] : start[i]+m.nSupport[i]] {
				sum += c * ki[t]
			}
			for t, c := range m.svCoef[i][start[j] : start[j]+m.nSupport[j]] {
				sum += c * kj[t]
			}
			out[p] = sum - m.rho[p]
			p++
		}
	}
}

// DecisionFunction returns signed distances to the decision boundaries. For
// two classes it has one column, positive when the sample is predicted as
// Classes()[1]. For k > 2 classes it has one column per class: the number of
// one-vs-one votes for the class plus a confidence term in (−⅓, ⅓), as
// scikit-learn's decision_function_shape="ovr" (the default).
func (m *SVC) DecisionFunction(X mat.Matrix) (*mat.Dense, error) {
	Xd, err := m.checkPredict(X)
	if err != nil {
		return nil, fmt.Errorf("svm: SVC.DecisionFunction: %w", err)
	}
	dec := m.ovo(Xd)
	if len(m.classes) == 2 {
		dec.Scale(-1, dec)
		return dec, nil
	}
	return ovrDecision(dec, len(m.classes)), nil
}

// DecisionFunctionOVO returns the raw one-vs-one decision values: one
// column per pair of classes (i, j), i < j, in the order (0,1), (0,2), …,
// (0,k−1), (1,2), …, positive when the sample is closer to class i. For two
// classes it equals DecisionFunction (positive means Classes()[1]), as in
// scikit-learn.
func (m *SVC) DecisionFunctionOVO(X mat.Matrix) (*mat.Dense, error) {
	Xd, err := m.checkPredict(X)
	if err != nil {
		return nil, fmt.Errorf("svm: SVC.DecisionFunctionOVO: %w", err)
	}
	dec := m.ovo(Xd)
	if len(m.classes) == 2 {
		dec.Scale(-1, dec)
	}
	return dec, nil
}

// ovrDecision is scikit-learn's _ovr_decision_function applied to libsvm's
// one-vs-one values: votes plus the summed confidences mapped monotonically
// into (−⅓, ⅓) to break ties without overturning a vote.
func ovrDecision(dec *mat.Dense, k int) *mat.Dense {
	rows, _ := dec.Dims()
	out := mat.NewDense(rows, k, nil)
	conf := make([]float64, k)
	for r := range rows {
		d := dec.RawRowView(r)
		o := out.RawRowView(r)
		clear(conf)
		p := 0
		for i := range k {
			for j := i + 1; j < k; j++ {
				// predictions = dec < 0 (class j wins), confidences = −dec
				conf[i] += d[p]
				conf[j] -= d[p]
				if d[p] < 0 {
					o[j]++
				} else {
					o[i]++
				}
				p++
			}
		}
		for c := range k {
			o[c] += conf[c] / (3 * (math.Abs(conf[c]) + 1))
		}
	}
	return out
}

// Predict returns the predicted class of each row of X, by one-vs-one
// voting (ties go to the class that comes first in Classes()).
func (m *SVC) Predict(X mat.Matrix) ([]float64, error) {
	Xd, err := m.checkPredict(X)
	if err != nil {
		return nil, fmt.Errorf("svm: SVC.Predict: %w", err)
	}
	dec := m.ovo(Xd)
	rows, _ := dec.Dims()
	k := len(m.classes)
	out := make([]float64, rows)
	votes := make([]int, k)
	for r := range rows {
		d := dec.RawRowView(r)
		clear(votes)
		p := 0
		for i := range k {
			for j := i + 1; j < k; j++ {
				if d[p] > 0 {
					votes[i]++
				} else {
					votes[j]++
				}
				p++
			}
		}
		best := 0
		for c := 1; c < k; c++ {
			if votes[c] > votes[best] {
				best = c
			}
		}
		out[r] = m.classes[best]
	}
	return out, nil
}

// PredictProba returns class probabilities (one column per class, in the
// order of Classes()). It needs Config.Probability at Fit. As in libsvm,
// the most probable class may differ from Predict's vote near boundaries.
func (m *SVC) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	Xd, err := m.checkPredict(X)
	if err != nil {
		return nil, fmt.Errorf("svm: SVC.PredictProba: %w", err)
	}
	if m.probA == nil {
		return nil, errors.New("svm: SVC.PredictProba: the model was fitted without Config.Probability")
	}
	dec := m.ovo(Xd)
	rows, _ := dec.Dims()
	k := len(m.classes)
	out := mat.NewDense(rows, k, nil)
	const minProb = 1e-7
	pair := make([][]float64, k)
	for i := range pair {
		pair[i] = make([]float64, k)
	}
	for r := range rows {
		d := dec.RawRowView(r)
		p := 0
		for i := range k {
			for j := i + 1; j < k; j++ {
				v := min(max(sigmoidPredict(d[p], m.probA[p], m.probB[p]), minProb), 1-minProb)
				pair[i][j] = v
				pair[j][i] = 1 - v
				p++
			}
		}
		multiclassProbability(k, pair, out.RawRowView(r))
	}
	return out, nil
}

// Score returns the accuracy of Predict on (X, y).
func (m *SVC) Score(X mat.Matrix, y []float64) (float64, error) {
	pred, err := m.Predict(X)
	if err != nil {
		return 0, fmt.Errorf("svm: SVC.Score: %w", err)
	}
	acc, err := metrics.Accuracy(y, pred)
	if err != nil {
		return 0, fmt.Errorf("svm: SVC.Score: %w", err)
	}
	return acc, nil
}

// Classes returns the sorted class labels seen by Fit (nil before Fit).
func (m *SVC) Classes() []float64 { return slices.Clone(m.classes) }

// SupportVectors returns a copy of the support vectors, one per row,
// grouped by class in the order of Classes() (nil before Fit or when there
// is none).
func (m *SVC) SupportVectors() *mat.Dense {
	if m.sv == nil {
		return nil
	}
	return mat.DenseCopyOf(m.sv)
}

// Support returns the indices (rows of the training X) of the support
// vectors, in the order of SupportVectors.
func (m *SVC) Support() []int { return slices.Clone(m.support) }

// NSupport returns the number of support vectors of each class.
func (m *SVC) NSupport() []int { return slices.Clone(m.nSupport) }

// DualCoef returns the dual coefficients y_i·α_i of the support vectors,
// laid out as scikit-learn's dual_coef_: (k−1) rows × nSV columns, where
// the coefficient of support vector v (of class c) in the classifier of
// classes (c, c') is in row c'−1 if c' > c, else row c'. For two classes
// the single row is signed so that positive values pull towards
// Classes()[1], as scikit-learn.
func (m *SVC) DualCoef() *mat.Dense {
	if !m.fitted || len(m.support) == 0 {
		return nil
	}
	k := len(m.classes)
	out := mat.NewDense(k-1, len(m.support), nil)
	for r := range k - 1 {
		out.SetRow(r, m.svCoef[r])
	}
	if k == 2 {
		out.Scale(-1, out)
	}
	return out
}

// Intercept returns the constant term of each one-vs-one decision function
// (scikit-learn's intercept_: −ρ, or ρ for two classes where the sign of the
// decision function is flipped).
func (m *SVC) Intercept() []float64 {
	if !m.fitted {
		return nil
	}
	out := make([]float64, len(m.rho))
	for i, r := range m.rho {
		out[i] = -r
	}
	if len(m.classes) == 2 {
		out[0] = m.rho[0]
	}
	return out
}

// Gamma returns the γ the kernel used (after resolving "scale" or "auto");
// 0 for the linear kernel and custom kernels.
func (m *SVC) Gamma() float64 {
	if m.ks.Kind == kindLinear || m.ks.Kind == kindCustom {
		return 0
	}
	return m.ks.Gamma
}

// Iterations returns the number of SMO iterations of each one-vs-one
// problem, in pair order.
func (m *SVC) Iterations() []int { return slices.Clone(m.iters) }

// Converged reports whether every binary problem reached the tolerance
// before Config.MaxIter.
func (m *SVC) Converged() bool { return m.fitted && m.converged }

// ProbabilityParams returns Platt's sigmoid parameters A and B of each
// one-vs-one problem (scikit-learn's probA_ and probB_); nil without
// Config.Probability.
func (m *SVC) ProbabilityParams() (A, B []float64) {
	return slices.Clone(m.probA), slices.Clone(m.probB)
}

// Trace returns the recorded SMO iterations of each binary problem (in pair
// order), or nil when Config.Record was not set.
func (m *SVC) Trace() []BinaryTrace { return m.traces }

// CacheStats reports the kernel-row cache of the last Fit.
func (m *SVC) CacheStats() CacheStats { return m.cache }
