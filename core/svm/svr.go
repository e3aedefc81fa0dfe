package svm

import (
	"errors"
	"fmt"
	"slices"

	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// SVRConfig holds the hyper-parameters of SVR. The zero value of every
// field means its documented default.
type SVRConfig struct {
	// C is the penalty on errors beyond the ε-tube: 0 ≤ α_i, α*_i ≤ C.
	// Must be > 0. Default 1.
	C float64
	// Epsilon is the half-width ε of the tube within which errors cost
	// nothing. Must be ≥ 0. Default 0.1; set ZeroEpsilon for ε = 0.
	Epsilon float64
	// ZeroEpsilon makes ε = 0 (Epsilon must then be 0).
	ZeroEpsilon bool
	// Kernel names a built-in kernel: "rbf" (default), "linear", "poly"
	// or "sigmoid". See SVCConfig.Kernel.
	Kernel string
	// CustomKernel, when non-nil, is the kernel instead of Kernel. See
	// SVCConfig.CustomKernel.
	CustomKernel Kernel
	// Degree is the degree of the "poly" kernel. Default 3.
	Degree int
	// Gamma is γ when > 0; when 0 (the default) γ comes from GammaMode.
	Gamma float64
	// GammaMode is "scale" (default: 1 / (p · Var(X))) or "auto" (1 / p).
	GammaMode string
	// Coef0 is the constant term of the "poly" and "sigmoid" kernels.
	Coef0 float64
	// Tol is the stopping tolerance on the KKT violation. Default 1e-3.
	Tol float64
	// CacheMB bounds the kernel-row cache, in MiB. Default 200.
	CacheMB float64
	// NoShrinking turns off the shrinking heuristic.
	NoShrinking bool
	// MaxIter caps the SMO iterations; 0 or negative means no limit.
	MaxIter int
	// Record keeps a trace of every SMO iteration (see Trace).
	Record bool
}

// SVR is ε-support vector regression with a kernel, trained by libsvm's
// SMO solver on its 2n-variable dual: the prediction is
// f(x) = Σ_i (α_i − α*_i) K(x_i, x) + b. The zero value is ready to use
// (RBF kernel, C = 1, ε = 0.1, γ = "scale").
type SVR struct {
	// Config holds the hyper-parameters; Fit reads it and never changes it.
	Config SVRConfig

	fitted    bool
	nFeatures int
	ks        kernelSpec
	sv        *mat.Dense
	svSq      []float64
	support   []int
	coef      []float64
	rho       float64
	iters     int
	converged bool
	trace     []Step
	cache     CacheStats
}

var _ model.Regressor = (*SVR)(nil)

// Fit trains the regression on the rows of X and the targets y.
func (m *SVR) Fit(X mat.Matrix, y []float64) error {
	if err := m.fit(X, y); err != nil {
		return fmt.Errorf("svm: SVR.Fit: %w", err)
	}
	return nil
}

func (m *SVR) fit(X mat.Matrix, y []float64) error {
	c := &m.Config
	C, err := checkPositive("C", c.C, 1)
	if err != nil {
		return err
	}
	eps, err := checkPositive("Epsilon", c.Epsilon, 0.1)
	if err != nil {
		return err
	}
	if c.ZeroEpsilon {
		if c.Epsilon != 0 {
			return fmt.Errorf("ZeroEpsilon is set but Epsilon = %v: set one", c.Epsilon)
		}
		eps = 0
	}
	var o solveOpts
	if o.eps, err = checkPositive("Tol", c.Tol, 1e-3); err != nil {
		return err
	}
	mb, err := checkPositive("CacheMB", c.CacheMB, 200)
	if err != nil {
		return err
	}
	o.cacheBytes = int64(mb * (1 << 20))
	o.shrinking = !c.NoShrinking
	o.maxIter = max(c.MaxIter, 0)
	o.record = c.Record
	n, p, err := model.CheckXY(X, y)
	if err != nil {
		return err
	}
	x := rawRows(X)
	ks, err := resolveKernel(kernelParams{name: c.Kernel, custom: c.CustomKernel, degree: c.Degree, gamma: c.Gamma, gammaMode: c.GammaMode, coef0: c.Coef0}, x, p)
	if err != nil {
		return err
	}
	kr := newKernelRows(ks, x, p)
	q := newSVRQ(kr, n, o.cacheBytes)
	lin := make([]float64, 2*n)
	sy := make([]int8, 2*n)
	Cs := make([]float64, 2*n)
	origin := make([]int, 2*n)
	for i := range n {
		lin[i], sy[i], Cs[i], origin[i] = eps-y[i], 1, C, i
		lin[i+n], sy[i+n], Cs[i+n], origin[i+n] = eps+y[i], -1, C, i+n
	}
	s := newSolver(q, lin, sy, make([]float64, 2*n), Cs, o.eps, o.shrinking, o.maxIter, o.record, origin)
	s.solve()
	alpha2, rho, _ := s.solution()
	var support []int
	var coef []float64
	for i := range n {
		if a := alpha2[i] - alpha2[i+n]; a != 0 {
			support = append(support, i)
			coef = append(coef, a)
		}
	}
	var sv *mat.Dense
	if len(support) > 0 {
		sv = mat.NewDense(len(support), p, nil)
		for r, idx := range support {
			sv.SetRow(r, x[idx*p:idx*p+p])
		}
	}
	*m = SVR{
		Config: m.Config, fitted: true, nFeatures: p, ks: ks, sv: sv, support: support,
		coef: coef, rho: rho, iters: s.iter, converged: !s.timedOut, trace: s.trace,
		cache: q.cacheStats(),
	}
	m.svSq = svNorms(ks, sv)
	return nil
}

// Predict returns f(x) for each row of X.
func (m *SVR) Predict(X mat.Matrix) ([]float64, error) {
	if !m.fitted {
		return nil, fmt.Errorf("svm: SVR.Predict: %w", model.ErrNotFitted)
	}
	rows, _, err := model.CheckX(X, m.nFeatures)
	if err != nil {
		return nil, fmt.Errorf("svm: SVR.Predict: %w", err)
	}
	out := make([]float64, rows)
	if m.sv == nil {
		for i := range out {
			out[i] = -m.rho
		}
		return out, nil
	}
	forKernelBlocks(m.ks, model.Dense(X), m.sv, m.svSq, func(r0 int, K *mat.Dense) {
		rb, _ := K.Dims()
		for i := range rb {
			var s float64
			for j, kv := range K.RawRowView(i) {
				s += m.coef[j] * kv
			}
			out[r0+i] = s - m.rho
		}
	})
	return out, nil
}

// Score returns the coefficient of determination R² of Predict on (X, y).
func (m *SVR) Score(X mat.Matrix, y []float64) (float64, error) {
	pred, err := m.Predict(X)
	if err != nil {
		return 0, fmt.Errorf("svm: SVR.Score: %w", err)
	}
	r2, err := rSquared(y, pred)
	if err != nil {
		return 0, fmt.Errorf("svm: SVR.Score: %w", err)
	}
	return r2, nil
}

func rSquared(y, pred []float64) (float64, error) {
	if len(y) != len(pred) {
		return 0, fmt.Errorf("y has %d values but X has %d rows", len(y), len(pred))
	}
	if len(y) == 0 {
		return 0, errors.New("y is empty")
	}
	var mean float64
	for _, v := range y {
		mean += v
	}
	mean /= float64(len(y))
	var ssRes, ssTot float64
	for i, v := range y {
		ssRes += (v - pred[i]) * (v - pred[i])
		ssTot += (v - mean) * (v - mean)
	}
	if ssTot == 0 {
		if ssRes == 0 {
			return 1, nil
		}
		return 0, nil
	}
	return 1 - ssRes/ssTot, nil
}

// SupportVectors returns a copy of the support vectors (samples with
// α_i ≠ α*_i), one per row; nil before Fit or when there is none.
func (m *SVR) SupportVectors() *mat.Dense {
	if m.sv == nil {
		return nil
	}
	return mat.DenseCopyOf(m.sv)
}

// Support returns the training-row indices of the support vectors.
func (m *SVR) Support() []int { return slices.Clone(m.support) }

// DualCoef returns α_i − α*_i of the support vectors as a 1 × nSV matrix.
func (m *SVR) DualCoef() *mat.Dense {
	if len(m.coef) == 0 {
		return nil
	}
	return mat.NewDense(1, len(m.coef), slices.Clone(m.coef))
}

// Intercept returns the constant b of the prediction (−ρ in libsvm's
// notation), as a one-element slice like scikit-learn's intercept_.
func (m *SVR) Intercept() []float64 {
	if !m.fitted {
		return nil
	}
	return []float64{-m.rho}
}

// Gamma returns the γ the kernel used; 0 for linear and custom kernels.
func (m *SVR) Gamma() float64 {
	if m.ks.Kind == kindLinear || m.ks.Kind == kindCustom {
		return 0
	}
	return m.ks.Gamma
}

// Iterations returns the number of SMO iterations.
func (m *SVR) Iterations() int { return m.iters }

// Converged reports whether the solver reached the tolerance before
// Config.MaxIter.
func (m *SVR) Converged() bool { return m.fitted && m.converged }

// Trace returns the recorded SMO iterations (nil unless Config.Record).
// Step.I and Step.J number the 2n dual variables: see Step.
func (m *SVR) Trace() []Step { return m.trace }

// CacheStats reports the kernel-row cache of the last Fit.
func (m *SVR) CacheStats() CacheStats { return m.cache }
