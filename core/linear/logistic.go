package linear

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"github.com/descentml/descent/core/model"
	"github.com/descentml/descent/core/optim"
)

// LogisticRegressionConfig holds the hyper-parameters of LogisticRegression.
// The zero value gives the defaults, which are scikit-learn's.
type LogisticRegressionConfig struct {
	// C is the inverse regularization strength, as in scikit-learn: the fit
	// minimizes C·Σᵢ logloss(i) + ½‖W‖², that is the mean log loss plus
	// ‖W‖²/(2Cn). Smaller C means a stronger penalty. Default 1.0.
	C float64 `json:"C,omitempty"`
	// Penalty is "l2" (the default) or "none" (no penalty; C is ignored).
	// Without a penalty, separable classes have no finite optimum.
	Penalty string `json:"penalty,omitempty"`
	// Solver is "lbfgs" (the default: gonum's L-BFGS, like scikit-learn's
	// default solver) or one of the gradient methods of package optim:
	// "gd" (batch gradient descent), "sgd" (mini-batch stochastic gradient
	// descent), "momentum", "nesterov", "adagrad", "rmsprop" or "adam",
	// which minimize the same objective divided by n (mean log loss plus
	// ‖W‖²/(2Cn)) from zero.
	Solver string `json:"solver,omitempty"`
	// MaxIter is the maximum number of iterations: default 100 for "lbfgs"
	// (as scikit-learn), 1000 for the gradient solvers, where it counts
	// epochs (passes over the data) for mini-batch runs.
	MaxIter int `json:"max_iter,omitempty"`
	// Tol is the stopping tolerance, default 1e-4. For "lbfgs" it is
	// scikit-learn's: stop when max|∂f/∂θ| ≤ Tol for f = Σᵢ logloss(i) +
	// ‖W‖²/(2C) (or when an iteration reduces f by less than a relative
	// 2.2e-9, scipy's default ftol). For the gradient solvers see
	// optim.Settings.Tol.
	Tol float64 `json:"tol,omitempty"`
	// NoIntercept fits without intercepts. By default one intercept per
	// weight vector is fitted and not penalized.
	NoIntercept bool `json:"no_intercept,omitempty"`
	// LearningRate is the step size of the gradient solvers; 0 means the
	// method's default (0.01 for gd, sgd, momentum, nesterov and adagrad;
	// 0.001 for rmsprop and adam).
	LearningRate float64 `json:"learning_rate,omitempty"`
	// BatchSize is the mini-batch size of the gradient solvers; 0 means full
	// batch, except for "sgd" where it means 32.
	BatchSize int `json:"batch_size,omitempty"`
	// Seed seeds the mini-batch shuffles.
	Seed uint64 `json:"seed,omitempty"`
	// Record keeps a Trace of the fit: one step per iteration with the
	// objective divided by n (for every solver, so L-BFGS and gradient
	// descent can be compared on one plot).
	Record bool `json:"record,omitempty"`
}

// LogisticRegression is a linear classifier fitted by maximum likelihood
// with an L2 penalty, like scikit-learn's LogisticRegression: two classes
// use one weight vector and the sigmoid; three or more use one weight
// vector per class and the softmax (the multinomial model, scikit-learn's
// default for lbfgs). Class labels are the sorted distinct values of y. The
// zero value is ready to use.
type LogisticRegression struct {
	// Config holds the hyper-parameters; Fit does not change it.
	Config LogisticRegressionConfig

	classes   []float64
	p         int
	coef      []float64 // k×p row-major; k = 1 for two classes
	intercept []float64 // k
	iter      int
	converged bool
	trace     *optim.Trace

	// ftol is the relative-reduction stopping threshold of L-BFGS; zero
	// means scipy's default. Tests lower it to reach the optimum exactly.
	ftol float64
}

const (
	// scipyFtol is the default ftol of scipy's L-BFGS-B (factr = 1e7).
	scipyFtol = 1e7 * 0x1p-52
	// lbfgsMemory is the number of corrections kept by L-BFGS, scipy's
	// default maxcor.
	lbfgsMemory = 10
	// lbfgsMaxEval is scipy's default maxfun.
	lbfgsMaxEval = 15000
)

func (c LogisticRegressionConfig) solver() string {
	if c.Solver == "" {
		return "lbfgs"
	}
	return c.Solver
}

func (c LogisticRegressionConfig) tol() float64 {
	if c.Tol == 0 {
		return 1e-4
	}
	return c.Tol
}

// l2 returns the penalty coefficient 1/C (0 without a penalty).
func (c LogisticRegressionConfig) l2() (float64, error) {
	if math.IsNaN(c.C) || math.IsInf(c.C, 0) || c.C < 0 {
		return 0, fmt.Errorf("invalid C = %g: must be a finite number > 0 (0 means the default 1.0)", c.C)
	}
	switch c.Penalty {
	case "", "l2":
		if c.C == 0 {
			return 1, nil
		}
		return 1 / c.C, nil
	case "none":
		return 0, nil
	}
	return 0, fmt.Errorf("unknown Penalty %q: want \"l2\" or \"none\"", c.Penalty)
}

func (c LogisticRegressionConfig) check() error {
	if _, err := c.l2(); err != nil {
		return err
	}
	if math.IsNaN(c.Tol) || math.IsInf(c.Tol, 0) || c.Tol < 0 {
		return fmt.Errorf("invalid Tol = %g: must be a finite number ≥ 0 (0 means the default 1e-4)", c.Tol)
	}
	if c.MaxIter < 0 {
		return fmt.Errorf("invalid MaxIter = %d: must be ≥ 0 (0 means the default)", c.MaxIter)
	}
	if s := c.solver(); s != "lbfgs" {
		if _, _, ok := gradientMethod(s, 0, 0); !ok {
			return fmt.Errorf("unknown Solver %q: want \"lbfgs\", %s", s, gradientSolvers)
		}
		return c.gradient().check()
	}
	return nil
}

func (c LogisticRegressionConfig) gradient() gradientConfig {
	return gradientConfig{solver: c.solver(), learningRate: c.LearningRate, batchSize: c.BatchSize,
		maxIter: c.MaxIter, tol: c.tol(), seed: c.Seed, record: c.Record}
}

// Fit learns the weights from X (n samples × p features) and the class
// labels y (whole numbers; at least two distinct values).
func (m *LogisticRegression) Fit(X mat.Matrix, y []float64) error {
	if err := m.fit(X, y); err != nil {
		return fmt.Errorf("linear: LogisticRegression.Fit: %w", err)
	}
	return nil
}

func (m *LogisticRegression) fit(X mat.Matrix, y []float64) error {
	if err := m.Config.check(); err != nil {
		return err
	}
	Xd, err := checkXY(X, y)
	if err != nil {
		return err
	}
	classes, err := model.ClassLabels(y)
	if err != nil {
		return err
	}
	idx, err := model.ClassIndex(y, classes)
	if err != nil {
		return err
	}
	target := make([]float64, len(idx))
	for i, c := range idx {
		target[i] = float64(c)
	}
	k, loss := 1, pointwise(binomialLoss)
	if len(classes) > 2 {
		k, loss = len(classes), multinomialLoss
	}
	raw := Xd.RawMatrix()
	pass := newGLMPass(raw, target, k, !m.Config.NoIntercept, loss)
	l2, _ := m.Config.l2()

	*m = LogisticRegression{Config: m.Config, ftol: m.ftol, classes: classes, p: raw.Cols}
	var x []float64
	if m.Config.solver() == "lbfgs" {
		x, err = m.fitLBFGS(pass, l2)
	} else {
		var res *optim.Result
		res, err = m.Config.gradient().run(&meanObjective{pass: pass, l2: l2}, pass.dim())
		if err == nil {
			x = res.X
			m.iter, m.converged, m.trace = res.Iterations, res.Converged, res.Trace
		}
	}
	if err != nil {
		*m = LogisticRegression{Config: m.Config, ftol: m.ftol}
		return err
	}
	// Unpack [W (p×k); b (k)] into coef (k×p) and intercept (k).
	m.coef = make([]float64, k*m.p)
	m.intercept = make([]float64, k)
	for j := 0; j < m.p; j++ {
		for c := 0; c < k; c++ {
			m.coef[c*m.p+j] = x[j*k+c]
		}
	}
	if !m.Config.NoIntercept {
		copy(m.intercept, x[m.p*k:])
	}
	return nil
}

// sumObjective is scikit-learn's lbfgs objective Σᵢ logloss(i) + ‖W‖²·l2/2
// for gonum's optimize package, which asks for the value and the gradient
// at the same point in two calls: the first computes both.
type sumObjective struct {
	pass   *glmPass
	l2     float64
	nw     int // number of weights (penalized parameters)
	x, g   []float64
	f      float64
	cached bool
}

func (o *sumObjective) eval(x, grad []float64) float64 {
	f := o.pass.eval(x, grad)
	if o.l2 > 0 {
		w := x[:o.nw]
		f += 0.5 * o.l2 * floats.Dot(w, w)
		floats.AddScaled(grad[:o.nw], o.l2, w)
	}
	return f
}

func (o *sumObjective) fn(x []float64) float64 {
	o.f = o.eval(x, o.g)
	copy(o.x, x)
	o.cached = true
	return o.f
}

func (o *sumObjective) grad(grad, x []float64) {
	if o.cached && floats.Equal(x, o.x) {
		copy(grad, o.g)
		return
	}
	o.eval(x, grad)
}

// lbfgsMonitor implements gonum's Converger, which gonum calls at the start
// and after every iteration: it applies scipy's stopping tests in scipy's
// order (max|gradient| ≤ gtol, then a relative reduction of the objective
// ≤ ftol), counts iterations and records the Trace.
type lbfgsMonitor struct {
	gtol, ftol float64
	n          float64
	calls      int
	prev       float64
	trace      *optim.Trace
}

// Init starts a run.
func (mo *lbfgsMonitor) Init(int) {}

// Converged records the iterate and applies the stopping tests.
func (mo *lbfgsMonitor) Converged(loc *optimize.Location) optimize.Status {
	mo.calls++
	if mo.trace != nil {
		mo.trace.Steps = append(mo.trace.Steps, optim.Step{
			Iter: mo.calls - 1, Epoch: mo.calls - 1,
			Loss:     loc.F / mo.n,
			Params:   append([]float64(nil), loc.X...),
			GradNorm: floats.Norm(loc.Gradient, 2) / mo.n,
		})
	}
	if floats.Norm(loc.Gradient, math.Inf(1)) <= mo.gtol {
		return optimize.GradientThreshold
	}
	f := loc.F
	if mo.calls > 1 && mo.prev-f <= mo.ftol*max(math.Abs(mo.prev), math.Abs(f), 1) {
		return optimize.FunctionConvergence
	}
	mo.prev = f
	return optimize.NotTerminated
}

func (m *LogisticRegression) fitLBFGS(pass *glmPass, l2 float64) ([]float64, error) {
	d := pass.dim()
	obj := &sumObjective{pass: pass, l2: l2, nw: pass.x.Cols * pass.k, x: make([]float64, d), g: make([]float64, d)}
	x0 := make([]float64, d)
	g0 := make([]float64, d)
	f0 := obj.eval(x0, g0)
	maxIter := m.Config.MaxIter
	if maxIter == 0 {
		maxIter = 100
	}
	mon := &lbfgsMonitor{gtol: m.Config.tol(), ftol: m.ftol, n: float64(pass.x.Rows)}
	if mon.ftol == 0 {
		mon.ftol = scipyFtol
	}
	if m.Config.Record {
		mon.trace = &optim.Trace{}
	}
	if floats.Norm(g0, math.Inf(1)) <= mon.gtol {
		// Already optimal: stop before gonum, which would return no
		// location at all when its start passes a gradient test.
		mon.Converged(&optimize.Location{X: x0, F: f0, Gradient: g0})
		m.trace, m.converged = mon.trace, true
		return x0, nil
	}
	res, err := minimizeLBFGS(lbfgsProblem{
		fn: obj.fn, grad: obj.grad, x0: x0, f0: f0, g0: g0,
		conv:    mon,         // holds the gradient test too, see lbfgsMonitor
		maxIter: maxIter + 1, // gonum counts the starting point
		maxEval: lbfgsMaxEval,
		method:  newLBFGS(),
	})
	if math.IsNaN(res.f) || math.IsInf(res.f, 0) {
		return nil, fmt.Errorf("lbfgs solver diverged (objective %g): standardize the features", res.f)
	}
	m.trace = mon.trace
	m.iter = max(0, mon.calls-1)
	switch res.status {
	case optimize.GradientThreshold, optimize.FunctionConvergence, optimize.MethodConverge:
		m.converged = true
	}
	if err != nil && !errors.Is(err, optimize.ErrNoProgress) && !errors.Is(err, optimize.ErrLinesearcherFailure) {
		return nil, fmt.Errorf("lbfgs solver failed: %w", err)
	}
	// A line search that can make no more progress (scipy's
	// ABNORMAL_TERMINATION_IN_LNSRCH) leaves the best point found, which
	// scikit-learn also keeps; Converged reports false.
	return res.x, nil
}

// newLBFGS returns the L-BFGS method with scipy's memory and the line
// search scikit-learn's solver uses.
func newLBFGS() *optimize.LBFGS {
	return &optimize.LBFGS{
		Store:        lbfgsMemory,
		Linesearcher: &optimize.MoreThuente{DecreaseFactor: 1e-3, CurvatureFactor: 0.9},
	}
}

// DecisionFunction returns the scores Xwₖ + bₖ: one column for two classes
// (positive means Classes()[1]), otherwise one column per class.
func (m *LogisticRegression) DecisionFunction(X mat.Matrix) (*mat.Dense, error) {
	Xd, err := checkPredict(X, m.p)
	if err != nil {
		return nil, fmt.Errorf("linear: LogisticRegression.DecisionFunction: %w", err)
	}
	return m.scores(Xd), nil
}

func (m *LogisticRegression) scores(X *mat.Dense) *mat.Dense {
	k := len(m.intercept)
	if k == 1 {
		z := linearPredict(X, m.coef, m.intercept[0])
		return mat.NewDense(len(z), 1, z)
	}
	n, _ := X.Dims()
	Z := mat.NewDense(n, k, nil)
	Z.Mul(X, mat.NewDense(k, m.p, m.coef).T())
	for i := 0; i < n; i++ {
		floats.Add(Z.RawRowView(i), m.intercept)
	}
	return Z
}

// PredictProba returns the estimated probability of each class (columns in
// the order of Classes()) for every row of X.
func (m *LogisticRegression) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	Xd, err := checkPredict(X, m.p)
	if err != nil {
		return nil, fmt.Errorf("linear: LogisticRegression.PredictProba: %w", err)
	}
	Z := m.scores(Xd)
	n, _ := Xd.Dims()
	if len(m.intercept) == 1 {
		P := mat.NewDense(n, 2, nil)
		for i := 0; i < n; i++ {
			p1 := sigmoid(Z.At(i, 0))
			P.Set(i, 0, 1-p1)
			P.Set(i, 1, p1)
		}
		return P, nil
	}
	for i := 0; i < n; i++ {
		row := Z.RawRowView(i)
		mx := floats.Max(row)
		var s float64
		for j, v := range row {
			row[j] = math.Exp(v - mx)
			s += row[j]
		}
		floats.Scale(1/s, row)
	}
	return Z, nil
}

// Predict returns the most probable class label for every row of X.
func (m *LogisticRegression) Predict(X mat.Matrix) ([]float64, error) {
	Xd, err := checkPredict(X, m.p)
	if err != nil {
		return nil, fmt.Errorf("linear: LogisticRegression.Predict: %w", err)
	}
	Z := m.scores(Xd)
	n, k := Z.Dims()
	out := make([]float64, n)
	for i := range out {
		if k == 1 {
			if Z.At(i, 0) > 0 {
				out[i] = m.classes[1]
			} else {
				out[i] = m.classes[0]
			}
			continue
		}
		out[i] = m.classes[floats.MaxIdx(Z.RawRowView(i))]
	}
	return out, nil
}

// Score returns the accuracy of the predictions for X against the labels y.
func (m *LogisticRegression) Score(X mat.Matrix, y []float64) (float64, error) {
	pred, err := m.Predict(X)
	if err == nil && len(pred) != len(y) {
		err = fmt.Errorf("y has %d values but X has %d rows", len(y), len(pred))
	}
	if err != nil {
		return 0, fmt.Errorf("linear: LogisticRegression.Score: %w", err)
	}
	var ok int
	for i, v := range y {
		if pred[i] == v {
			ok++
		}
	}
	return float64(ok) / float64(len(y)), nil
}

// Classes returns the sorted distinct class labels seen by Fit.
func (m *LogisticRegression) Classes() []float64 { return cloneOrNil(m.classes) }

// Coef returns the weights, one row per weight vector: 1×p for two classes
// (the weights of Classes()[1]), k×p for k ≥ 3 classes (scikit-learn's
// coef_). It is nil before Fit.
func (m *LogisticRegression) Coef() *mat.Dense {
	if m.coef == nil {
		return nil
	}
	k := len(m.intercept)
	return mat.NewDense(k, m.p, cloneOrNil(m.coef))
}

// Intercept returns the intercepts, one per row of Coef (zeros with
// Config.NoIntercept), or nil before Fit.
func (m *LogisticRegression) Intercept() []float64 { return cloneOrNil(m.intercept) }

// Iterations returns the number of iterations run: L-BFGS iterations
// (scikit-learn's n_iter_), or gradient-descent iterations (full batch) or
// epochs (mini-batch).
func (m *LogisticRegression) Iterations() int { return m.iter }

// Converged reports whether the fit met its stopping tolerance before
// MaxIter (scikit-learn warns with a ConvergenceWarning otherwise).
func (m *LogisticRegression) Converged() bool { return m.converged }

// Trace returns the recorded fit when Config.Record is set, else nil. Every
// solver records one Step per iteration (the starting point is step 0)
// with Loss the objective divided by n, mean log loss + ‖W‖²/(2Cn), and
// Params the parameter vector [W (p×k, row-major); b (k)].
func (m *LogisticRegression) Trace() *optim.Trace { return m.trace }

// logisticJSON is the saved form of a LogisticRegression (version 1).
type logisticJSON struct {
	Config    LogisticRegressionConfig `json:"config"`
	Classes   []float64                `json:"classes"`
	Features  int                      `json:"features"`
	Coef      []float64                `json:"coef"`
	Intercept []float64                `json:"intercept"`
	Iter      int                      `json:"iterations"`
	Converged bool                     `json:"converged"`
}

// MarshalJSON saves the configuration, the classes and the fitted weights
// (not the Trace) as a versioned "linear.LogisticRegression" model. It
// fails before Fit.
func (m *LogisticRegression) MarshalJSON() ([]byte, error) {
	if m.coef == nil {
		return nil, fmt.Errorf("linear: LogisticRegression.MarshalJSON: %w", model.ErrNotFitted)
	}
	return model.MarshalEnvelope("linear.LogisticRegression", 1, logisticJSON{
		Config: m.Config, Classes: m.classes, Features: m.p, Coef: m.coef, Intercept: m.intercept,
		Iter: m.iter, Converged: m.converged,
	})
}

// UnmarshalJSON loads a model saved by MarshalJSON.
func (m *LogisticRegression) UnmarshalJSON(data []byte) error {
	var v logisticJSON
	if _, err := model.UnmarshalEnvelope(data, "linear.LogisticRegression", 1, &v); err != nil {
		return fmt.Errorf("linear: LogisticRegression.UnmarshalJSON: %w", err)
	}
	k := len(v.Intercept)
	switch {
	case len(v.Classes) < 2:
		return fmt.Errorf("linear: LogisticRegression.UnmarshalJSON: corrupt model: %d classes", len(v.Classes))
	case (len(v.Classes) == 2 && k != 1) || (len(v.Classes) > 2 && k != len(v.Classes)):
		return fmt.Errorf("linear: LogisticRegression.UnmarshalJSON: corrupt model: %d intercepts for %d classes", k, len(v.Classes))
	case v.Features < 1 || len(v.Coef) != k*v.Features:
		return fmt.Errorf("linear: LogisticRegression.UnmarshalJSON: corrupt model: %d weights for %d×%d", len(v.Coef), k, v.Features)
	}
	if err := errors.Join(checkFinite("coef", v.Coef), checkFinite("intercept", v.Intercept)); err != nil {
		return fmt.Errorf("linear: LogisticRegression.UnmarshalJSON: corrupt model: %w", err)
	}
	*m = LogisticRegression{Config: v.Config, classes: v.Classes, p: v.Features, coef: v.Coef,
		intercept: v.Intercept, iter: v.Iter, converged: v.Converged}
	return nil
}

var (
	_ model.ProbabilisticClassifier = (*LogisticRegression)(nil)
	_ model.DecisionFunctioner      = (*LogisticRegression)(nil)
)
