package svm

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// SMO runs the SMO solver of a two-class SVC one iteration at a time, for
// teaching and interactive demos: after each Step the current dual variables,
// intercept, objective and KKT violation can be inspected and the decision
// function drawn. Run to the end, it reaches exactly the solution of
// SVC.Fit with the same data and configuration.
//
// Labels are oriented as in SVC.DecisionFunction: y_i = +1 for samples of
// Classes()[1], −1 for Classes()[0], and the decision function
// f(x) = Σ α_i y_i K(x_i, x) + b is positive on the side of Classes()[1].
type SMO struct {
	s       *solver
	kr      *kernelRows
	classes []float64
	origin  []int // problem position → row of X
	n, p    int
	x       []float64
}

// NewSMO prepares the dual problem of an SVC with configuration cfg on X
// and y, which must hold exactly two classes. cfg.Probability is not
// supported; cfg.Record is implied (see Trace).
func NewSMO(X mat.Matrix, y []float64, cfg SVCConfig) (*SMO, error) {
	s, err := newSMO(X, y, cfg)
	if err != nil {
		return nil, fmt.Errorf("svm: NewSMO: %w", err)
	}
	return s, nil
}

func newSMO(X mat.Matrix, y []float64, cfg SVCConfig) (*SMO, error) {
	if cfg.Probability {
		return nil, errors.New("the stepping solver does not support Probability")
	}
	set, err := cfg.settings()
	if err != nil {
		return nil, err
	}
	n, p, err := model.CheckXY(X, y)
	if err != nil {
		return nil, err
	}
	classes, err := model.ClassLabels(y)
	if err != nil {
		return nil, err
	}
	if len(classes) != 2 {
		return nil, fmt.Errorf("y holds %d classes %v: the stepping solver handles two", len(classes), classes)
	}
	x := rawRows(X)
	ks, err := resolveKernel(set.kp, x, p)
	if err != nil {
		return nil, err
	}
	counts := make([]int, 2)
	for _, v := range y {
		if v == classes[1] {
			counts[1]++
		} else {
			counts[0]++
		}
	}
	w, err := classWeights(classes, counts, n, set.class, cfg.BalancedClassWeight)
	if err != nil {
		return nil, err
	}
	// As SVC.Fit: samples of class 0 first (y = +1 inside the solver),
	// then class 1.
	origin := make([]int, 0, n)
	for c := range 2 {
		for i, v := range y {
			if v == classes[c] {
				origin = append(origin, i)
			}
		}
	}
	sub := make([]float64, 0, n*p)
	sy := make([]int8, n)
	sc := make([]float64, n)
	for t, r := range origin {
		sub = append(sub, x[r*p:r*p+p]...)
		if t < counts[0] {
			sy[t], sc[t] = 1, set.C*w[0]
		} else {
			sy[t], sc[t] = -1, set.C*w[1]
		}
	}
	kr := newKernelRows(ks, sub, p)
	q := newSVCQ(kr, nil, sy, set.opts.cacheBytes)
	ps := make([]float64, n)
	for i := range ps {
		ps[i] = -1
	}
	s := newSolver(q, ps, sy, make([]float64, n), sc, set.opts.eps, set.opts.shrinking, set.opts.maxIter, true, origin)
	return &SMO{s: s, kr: kr, classes: classes, origin: origin, n: n, p: p, x: sub}, nil
}

// Step performs one SMO iteration: it selects the working pair (i, j) by
// second-order working-set selection and optimizes α_i, α_j analytically.
// It returns the recorded step and true, or a zero Step and false once the
// KKT violation is below Config.Tol (or MaxIter is reached).
func (m *SMO) Step() (Step, bool) {
	if !m.s.step() {
		return Step{}, false
	}
	return m.s.trace[len(m.s.trace)-1], true
}

// Run steps until convergence and returns the number of iterations done.
func (m *SMO) Run() int {
	m.s.solve()
	return m.s.iter
}

// Done reports whether the solver has stopped.
func (m *SMO) Done() bool { return m.s.done }

// Converged reports whether the solver stopped because the KKT conditions
// hold within the tolerance (not because of MaxIter).
func (m *SMO) Converged() bool { return m.s.done && !m.s.timedOut }

// Iterations returns the number of iterations done so far.
func (m *SMO) Iterations() int { return m.s.iter }

// Classes returns the two class labels.
func (m *SMO) Classes() []float64 { return slices.Clone(m.classes) }

// Alpha returns the current dual variables α_i, 0 ≤ α_i ≤ C_i, one per
// training sample (row of X).
func (m *SMO) Alpha() []float64 {
	out := make([]float64, m.n)
	for pos, a := range m.s.alpha {
		out[m.origin[m.s.activeSet[pos]]] = a
	}
	return out
}

// Labels returns y_i = ±1 for each training sample (+1 for Classes()[1]).
func (m *SMO) Labels() []float64 {
	out := make([]float64, m.n)
	for pos, y := range m.s.y {
		out[m.origin[m.s.activeSet[pos]]] = -float64(y)
	}
	return out
}

// Intercept returns the intercept b of the current iterate (libsvm's
// estimate from the free variables' gradients).
func (m *SMO) Intercept() float64 { return m.s.rho() }

// Objective returns the current dual objective in libsvm's minimization
// form ½αᵀQα − Σα (see Step.Objective).
func (m *SMO) Objective() float64 { return m.s.obj }

// Violation returns the current KKT violation m(α) − M(α) over the
// variables not shrunk away; the solver stops when it is below Tol.
func (m *SMO) Violation() float64 {
	s := m.s
	gmax, gmax2 := math.Inf(-1), math.Inf(-1)
	for t := range s.activeSize {
		g := s.G[t]
		if s.y[t] == 1 {
			if s.status[t] != atUpper {
				gmax = max(gmax, -g)
			}
			if s.status[t] != atLower {
				gmax2 = max(gmax2, g)
			}
		} else {
			if s.status[t] != atLower {
				gmax = max(gmax, g)
			}
			if s.status[t] != atUpper {
				gmax2 = max(gmax2, -g)
			}
		}
	}
	return gmax + gmax2
}

// Trace returns every step done so far.
func (m *SMO) Trace() []Step { return slices.Clone(m.s.trace) }

// Decision returns f(x) = Σ α_i y_i K(x_i, x) + b for each row of X with
// the current α and b; positive means Classes()[1].
func (m *SMO) Decision(X mat.Matrix) ([]float64, error) {
	rows, _, err := model.CheckX(X, m.p)
	if err != nil {
		return nil, fmt.Errorf("svm: SMO.Decision: %w", err)
	}
	// Coefficients over the problem's own sample order.
	var svRows [][]float64
	var coef []float64
	for pos, a := range m.s.alpha {
		if a != 0 {
			r := m.s.activeSet[pos]
			svRows = append(svRows, m.x[r*m.p:r*m.p+m.p])
			coef = append(coef, -a*float64(m.s.y[pos]))
		}
	}
	b := m.s.rho()
	out := make([]float64, rows)
	if len(coef) == 0 {
		for i := range out {
			out[i] = b
		}
		return out, nil
	}
	sv, _ := rowsDense(svRows, m.p)
	ks := m.kr.ks
	forKernelBlocks(ks, model.Dense(X), sv, svNorms(ks, sv), func(r0 int, K *mat.Dense) {
		rb, _ := K.Dims()
		for i := range rb {
			v := b
			for j, kv := range K.RawRowView(i) {
				v += coef[j] * kv
			}
			out[r0+i] = v
		}
	})
	return out, nil
}
