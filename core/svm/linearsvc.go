package svm

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/descentml/descent/core/metrics"
	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// LinearSVCConfig holds the hyper-parameters of LinearSVC. The zero value
// of every field means its documented default.
type LinearSVCConfig struct {
	// C is the inverse regularization strength: the primal problem is
	// min ½‖w‖² + C Σ loss(y_i w·x_i). Must be > 0. Default 1.
	C float64
	// Loss is "squared_hinge" (default, max(0, 1 − y f)²) or "hinge"
	// (max(0, 1 − y f)).
	Loss string
	// Tol stops the solver when the spread of the projected gradient,
	// max PG − min PG, falls to Tol. Default 1e-4.
	Tol float64
	// MaxIter caps the passes over the data of each binary problem.
	// Default 1000.
	MaxIter int
	// NoIntercept fits a decision function through the origin.
	NoIntercept bool
	// InterceptScaling is the value s of the constant feature appended to
	// every sample to learn the intercept (b = s·w_{p+1}); the intercept is
	// regularized like the weights, less so for larger s. Default 1.
	InterceptScaling float64
	// ClassWeight multiplies C for the samples of the classes it lists
	// (class label → weight > 0).
	ClassWeight map[float64]float64
	// BalancedClassWeight weights each class by n / (k · n_class). It
	// cannot be combined with ClassWeight.
	BalancedClassWeight bool
	// Seed seeds the random order in which coordinates are visited.
	Seed uint64
}

// LinearSVC is a linear support vector classifier trained by dual
// coordinate descent, as liblinear (which scikit-learn's LinearSVC wraps).
// More than two classes are handled one-vs-rest. It scales to far more
// samples than SVC with a linear kernel. The zero value is ready to use.
type LinearSVC struct {
	// Config holds the hyper-parameters; Fit reads it and never changes it.
	Config LinearSVCConfig

	fitted    bool
	classes   []float64
	nFeatures int
	coef      *mat.Dense // one row per binary problem
	intercept []float64
	iters     []int
	converged bool
}

var (
	_ model.Classifier         = (*LinearSVC)(nil)
	_ model.DecisionFunctioner = (*LinearSVC)(nil)
)

// Fit trains the classifier on the rows of X and the class labels y.
func (m *LinearSVC) Fit(X mat.Matrix, y []float64) error {
	if err := m.fit(X, y); err != nil {
		return fmt.Errorf("svm: LinearSVC.Fit: %w", err)
	}
	return nil
}

func (m *LinearSVC) fit(X mat.Matrix, y []float64) error {
	c := &m.Config
	C, err := checkPositive("C", c.C, 1)
	if err != nil {
		return err
	}
	tol, err := checkPositive("Tol", c.Tol, 1e-4)
	if err != nil {
		return err
	}
	if c.MaxIter < 0 {
		return fmt.Errorf("MaxIter = %d: must be ≥ 1 (0 means the default 1000)", c.MaxIter)
	}
	maxIter := c.MaxIter
	if maxIter == 0 {
		maxIter = 1000
	}
	var hinge bool
	switch strings.ToLower(c.Loss) {
	case "", "squared_hinge":
	case "hinge":
		hinge = true
	default:
		return fmt.Errorf(`unknown Loss %q: valid losses are "squared_hinge" (default) and "hinge"`, c.Loss)
	}
	bias, err := checkPositive("InterceptScaling", c.InterceptScaling, 1)
	if err != nil {
		return err
	}
	if c.NoIntercept {
		bias = 0
	}
	if c.BalancedClassWeight && len(c.ClassWeight) > 0 {
		return errors.New("ClassWeight and BalancedClassWeight are both set: set one")
	}
	for label, w := range c.ClassWeight {
		if math.IsNaN(w) || math.IsInf(w, 0) || w <= 0 {
			return fmt.Errorf("ClassWeight[%v] = %v: weights must be finite and > 0", label, w)
		}
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
	k := len(classes)
	counts := make([]int, k)
	for _, v := range yi {
		counts[v]++
	}
	weights, err := classWeights(classes, counts, n, c.ClassWeight, c.BalancedClassWeight)
	if err != nil {
		return err
	}
	x := rawRows(X)
	prob := &cdProblem{x: x, n: n, p: p, bias: bias, hinge: hinge, eps: tol, maxIter: maxIter}
	prob.sqNorm = make([]float64, n)
	for i := range n {
		r := x[i*p : i*p+p]
		prob.sqNorm[i] = floats.Dot(r, r) + bias*bias
	}

	nModels := k
	if k == 2 {
		nModels = 1
	}
	coef := mat.NewDense(nModels, p, nil)
	intercept := make([]float64, nModels)
	iters := make([]int, nModels)
	converged := true
	solveOne := func(t int) {
		ys := make([]int8, n)
		Cs := make([]float64, n)
		pos := t
		if k == 2 {
			pos = 1 // liblinear as patched by scikit-learn: class 1 is +1
		}
		for i, v := range yi {
			switch {
			case v == pos:
				ys[i], Cs[i] = 1, C*weights[v]
			case k == 2:
				ys[i], Cs[i] = -1, C*weights[v]
			default:
				ys[i], Cs[i] = -1, C
			}
		}
		w, wb, it := prob.solve(ys, Cs, model.NewRand(c.Seed+uint64(t)))
		coef.SetRow(t, w)
		intercept[t] = wb * bias
		iters[t] = it
	}
	if nModels > 1 && runtime.GOOS != "js" {
		var wg sync.WaitGroup
		sem := make(chan struct{}, runtime.GOMAXPROCS(0))
		for t := range nModels {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				solveOne(t)
				<-sem
			}()
		}
		wg.Wait()
	} else {
		for t := range nModels {
			solveOne(t)
		}
	}
	for _, it := range iters {
		if it >= maxIter {
			converged = false
		}
	}
	*m = LinearSVC{
		Config: m.Config, fitted: true, classes: classes, nFeatures: p,
		coef: coef, intercept: intercept, iters: iters, converged: converged,
	}
	return nil
}

// cdProblem is the data of liblinear's dual coordinate descent: rows of x
// extended by the constant feature bias (0: no intercept).
type cdProblem struct {
	x       []float64
	n, p    int
	bias    float64
	sqNorm  []float64 // ‖x_i‖² + bias²
	hinge   bool
	eps     float64
	maxIter int
}

// solve is liblinear's solve_l2r_l1l2_svc for labels y = ±1 and per-sample
// bounds C (hinge loss: 0 ≤ α_i ≤ C_i; squared hinge: α_i ≥ 0 with the
// diagonal term 1/(2C_i)). It returns w, the weight of the constant
// feature and the number of passes.
func (cp *cdProblem) solve(y []int8, C []float64, rng randIntN) (w []float64, wb float64, iter int) {
	n, p := cp.n, cp.p
	w = make([]float64, p)
	alpha := make([]float64, n)
	QD := make([]float64, n)
	diag := make([]float64, n)
	ub := make([]float64, n)
	index := make([]int, n)
	for i := range n {
		if cp.hinge {
			ub[i] = C[i]
		} else {
			diag[i] = 0.5 / C[i]
			ub[i] = math.Inf(1)
		}
		QD[i] = diag[i] + cp.sqNorm[i]
		index[i] = i
	}
	active := n
	pgMaxOld, pgMinOld := math.Inf(1), math.Inf(-1)
	for iter < cp.maxIter {
		pgMaxNew, pgMinNew := math.Inf(-1), math.Inf(1)
		for i := range active {
			j := i + rng.IntN(active-i)
			index[i], index[j] = index[j], index[i]
		}
		for s := 0; s < active; s++ {
			i := index[s]
			yi := float64(y[i])
			xi := cp.x[i*p : i*p+p]
			G := yi*(floats.Dot(w, xi)+wb*cp.bias) - 1 + alpha[i]*diag[i]
			Ci := ub[i]
			PG := 0.0
			switch {
			case alpha[i] == 0:
				if G > pgMaxOld {
					active--
					index[s], index[active] = index[active], index[s]
					s--
					continue
				} else if G < 0 {
					PG = G
				}
			case alpha[i] == Ci:
				if G < pgMinOld {
					active--
					index[s], index[active] = index[active], index[s]
					s--
					continue
				} else if G > 0 {
					PG = G
				}
			default:
				PG = G
			}
			pgMaxNew = max(pgMaxNew, PG)
			pgMinNew = min(pgMinNew, PG)
			if math.Abs(PG) > 1e-12 {
				old := alpha[i]
				alpha[i] = min(max(old-G/QD[i], 0), Ci)
				d := (alpha[i] - old) * yi
				floats.AddScaled(w, d, xi)
				wb += d * cp.bias
			}
		}
		iter++
		if pgMaxNew-pgMinNew <= cp.eps {
			if active == n {
				break
			}
			active = n
			pgMaxOld, pgMinOld = math.Inf(1), math.Inf(-1)
			continue
		}
		pgMaxOld, pgMinOld = pgMaxNew, pgMinNew
		if pgMaxOld <= 0 {
			pgMaxOld = math.Inf(1)
		}
		if pgMinOld >= 0 {
			pgMinOld = math.Inf(-1)
		}
	}
	return w, wb, iter
}

// DecisionFunction returns X·wᵀ + b: one column for two classes (positive
// means Classes()[1]), else one column per class (one-vs-rest scores).
func (m *LinearSVC) DecisionFunction(X mat.Matrix) (*mat.Dense, error) {
	if !m.fitted {
		return nil, fmt.Errorf("svm: LinearSVC.DecisionFunction: %w", model.ErrNotFitted)
	}
	if _, _, err := model.CheckX(X, m.nFeatures); err != nil {
		return nil, fmt.Errorf("svm: LinearSVC.DecisionFunction: %w", err)
	}
	return m.decision(model.Dense(X)), nil
}

func (m *LinearSVC) decision(X *mat.Dense) *mat.Dense {
	rows, _ := X.Dims()
	out := mat.NewDense(rows, len(m.intercept), nil)
	out.Mul(X, m.coef.T())
	for i := range rows {
		floats.Add(out.RawRowView(i), m.intercept)
	}
	return out
}

// Predict returns the predicted class of each row of X.
func (m *LinearSVC) Predict(X mat.Matrix) ([]float64, error) {
	dec, err := m.DecisionFunction(X)
	if err != nil {
		return nil, fmt.Errorf("svm: LinearSVC.Predict: %w", errors.Unwrap(err))
	}
	rows, cols := dec.Dims()
	out := make([]float64, rows)
	for i := range rows {
		r := dec.RawRowView(i)
		if cols == 1 {
			if r[0] > 0 {
				out[i] = m.classes[1]
			} else {
				out[i] = m.classes[0]
			}
			continue
		}
		out[i] = m.classes[floats.MaxIdx(r)]
	}
	return out, nil
}

// Score returns the accuracy of Predict on (X, y).
func (m *LinearSVC) Score(X mat.Matrix, y []float64) (float64, error) {
	pred, err := m.Predict(X)
	if err != nil {
		return 0, fmt.Errorf("svm: LinearSVC.Score: %w", errors.Unwrap(err))
	}
	acc, err := metrics.Accuracy(y, pred)
	if err != nil {
		return 0, fmt.Errorf("svm: LinearSVC.Score: %w", err)
	}
	return acc, nil
}

// Classes returns the sorted class labels seen by Fit.
func (m *LinearSVC) Classes() []float64 { return slices.Clone(m.classes) }

// Coef returns a copy of the weights: one row for two classes, else one row
// per class (scikit-learn's coef_).
func (m *LinearSVC) Coef() *mat.Dense {
	if !m.fitted {
		return nil
	}
	return mat.DenseCopyOf(m.coef)
}

// Intercept returns the intercept of each row of Coef (zeros with
// NoIntercept).
func (m *LinearSVC) Intercept() []float64 { return slices.Clone(m.intercept) }

// Iterations returns the number of passes over the data of each binary
// problem (scikit-learn's n_iter_ is their maximum).
func (m *LinearSVC) Iterations() []int { return slices.Clone(m.iters) }

// Converged reports whether every binary problem met Tol within MaxIter.
func (m *LinearSVC) Converged() bool { return m.fitted && m.converged }
