package linear

import (
	"encoding/json"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/model"
	"github.com/descentml/descent/core/optim"
)

// LinearRegressionConfig holds the hyper-parameters of LinearRegression. The
// zero value gives the defaults.
type LinearRegressionConfig struct {
	// NoIntercept fits y ≈ Xw through the origin (scikit-learn's
	// fit_intercept=False). By default an unpenalized intercept b is fitted,
	// by centering X and y as scikit-learn does.
	NoIntercept bool `json:"no_intercept,omitempty"`

	// Solver chooses how the least-squares problem min ‖y − Xw − b‖² is
	// solved:
	//   - "qr" (the default): a parallel Householder QR of the centered
	//     [X y] (never the normal equations XᵀX, which square the condition
	//     number), then back substitution. When X is rank-deficient or
	//     nearly so (estimated reciprocal condition number of R below
	//     1e-10), it falls back to the SVD.
	//   - "svd": the same QR, then the SVD of R, which always gives the
	//     minimum-norm solution, as scikit-learn's scipy.linalg.lstsq does.
	//     Singular values below max(n, p)·ε·s_max count as zero.
	//   - "gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam":
	//     the gradient methods of package optim on the mean squared error
	//     (1/2n)‖y − Xw − b‖², starting from zero. Standardize X first:
	//     their convergence depends on the scaling of the features.
	Solver string `json:"solver,omitempty"`

	// LearningRate is the step size of the gradient solvers; 0 means the
	// method's default (0.01 for gd, sgd, momentum, nesterov and adagrad;
	// 0.001 for rmsprop and adam).
	LearningRate float64 `json:"learning_rate,omitempty"`
	// BatchSize is the mini-batch size of the gradient solvers; 0 means full
	// batch, except for "sgd" where it means 32.
	BatchSize int `json:"batch_size,omitempty"`
	// MaxIter is the maximum number of iterations (full batch) or epochs
	// (mini-batch) of the gradient solvers; default 1000.
	MaxIter int `json:"max_iter,omitempty"`
	// Tol is the stopping tolerance of the gradient solvers (see
	// optim.Settings.Tol); 0 means optim's default 1e-6.
	Tol float64 `json:"tol,omitempty"`
	// Seed seeds the mini-batch shuffles.
	Seed uint64 `json:"seed,omitempty"`
	// Record keeps the Trace of a gradient solver's run.
	Record bool `json:"record,omitempty"`
}

// LinearRegression is ordinary least squares: it finds the coefficients w
// and intercept b that minimize ‖y − Xw − b‖², like scikit-learn's
// LinearRegression. The zero value is ready to use.
type LinearRegression struct {
	// Config holds the hyper-parameters; Fit does not change it.
	Config LinearRegressionConfig

	coef      []float64
	intercept float64
	rank      int
	iter      int
	converged bool
	trace     *optim.Trace
}

func (c LinearRegressionConfig) solver() string {
	if c.Solver == "" {
		return "qr"
	}
	return c.Solver
}

func (c LinearRegressionConfig) gradient() gradientConfig {
	return gradientConfig{solver: c.Solver, learningRate: c.LearningRate, batchSize: c.BatchSize,
		maxIter: c.MaxIter, tol: c.Tol, seed: c.Seed, record: c.Record}
}

func (c LinearRegressionConfig) check() error {
	switch s := c.solver(); s {
	case "qr", "svd":
		return nil
	default:
		if _, _, ok := gradientMethod(s, 0, 0); !ok {
			return fmt.Errorf("unknown Solver %q: want \"qr\", \"svd\", %s", s, gradientSolvers)
		}
		return c.gradient().check()
	}
}

// Fit learns the coefficients from X (n samples × p features) and y.
func (m *LinearRegression) Fit(X mat.Matrix, y []float64) error {
	if err := m.fit(X, y); err != nil {
		return fmt.Errorf("linear: LinearRegression.Fit: %w", err)
	}
	return nil
}

func (m *LinearRegression) fit(X mat.Matrix, y []float64) error {
	if err := m.Config.check(); err != nil {
		return err
	}
	Xd, err := checkShape(X, y)
	if err != nil {
		return err
	}
	*m = LinearRegression{Config: m.Config}
	switch s := m.Config.solver(); s {
	case "qr", "svd":
		f := factorXY(Xd, y, !m.Config.NoIntercept)
		if f == nil {
			return nonFinite(X, y)
		}
		m.coef, m.rank = f.solveOLS(s == "svd")
		m.intercept = interceptFor(f, m.coef)
		m.converged = true
		return nil
	default:
		if Xd, err = checkXY(X, y); err != nil {
			return err
		}
		return m.fitGradient(Xd, y)
	}
}

func (m *LinearRegression) fitGradient(X *mat.Dense, y []float64) error {
	p := X.RawMatrix().Cols
	pass := newGLMPass(X.RawMatrix(), y, 1, !m.Config.NoIntercept, squaredLoss)
	res, err := m.Config.gradient().run(&meanObjective{pass: pass}, pass.dim())
	if err != nil {
		return err
	}
	m.coef = res.X[:p:p]
	if !m.Config.NoIntercept {
		m.intercept = res.X[p]
	}
	m.iter, m.converged, m.trace = res.Iterations, res.Converged, res.Trace
	m.rank = -1
	return nil
}

// interceptFor returns ȳ − x̄ᵀw, or 0 without centering.
func interceptFor(f *lsFactor, w []float64) float64 {
	if f.xMean == nil {
		return 0
	}
	b := f.yMean
	for j, v := range w {
		b -= f.xMean[j] * v
	}
	return b
}

// Predict returns Xw + b for every row of X.
func (m *LinearRegression) Predict(X mat.Matrix) ([]float64, error) {
	Xd, err := checkPredict(X, len(m.coef))
	if err != nil {
		return nil, fmt.Errorf("linear: LinearRegression.Predict: %w", err)
	}
	return linearPredict(Xd, m.coef, m.intercept), nil
}

// Score returns the coefficient of determination R² of the predictions for X
// against y.
func (m *LinearRegression) Score(X mat.Matrix, y []float64) (float64, error) {
	pred, err := m.Predict(X)
	if err != nil {
		return 0, fmt.Errorf("linear: LinearRegression.Score: %w", err)
	}
	r2, err := regressorScore(pred, y)
	if err != nil {
		return 0, fmt.Errorf("linear: LinearRegression.Score: %w", err)
	}
	return r2, nil
}

// Coef returns a copy of the fitted coefficients w (one per feature), or nil
// before Fit.
func (m *LinearRegression) Coef() []float64 { return cloneOrNil(m.coef) }

// Intercept returns the fitted intercept b (0 with Config.NoIntercept).
func (m *LinearRegression) Intercept() float64 { return m.intercept }

// Rank returns the numerical rank of the centered X found by the "qr" and
// "svd" solvers (scikit-learn's rank_); the coefficients are the
// minimum-norm solution when it is less than the number of features. It is
// -1 for the gradient solvers and 0 before Fit.
func (m *LinearRegression) Rank() int { return m.rank }

// Iterations returns the number of iterations (full batch) or epochs
// (mini-batch) run by a gradient solver, or 0 for "qr" and "svd".
func (m *LinearRegression) Iterations() int { return m.iter }

// Converged reports whether the fit converged: always true for "qr" and
// "svd"; for the gradient solvers, whether Tol stopped them before MaxIter.
func (m *LinearRegression) Converged() bool { return m.converged }

// Trace returns the recorded run of a gradient solver when Config.Record is
// set (the mean squared error ½·MSE per iteration), or nil.
func (m *LinearRegression) Trace() *optim.Trace { return m.trace }

func cloneOrNil(v []float64) []float64 {
	if v == nil {
		return nil
	}
	return append([]float64(nil), v...)
}

// linearRegressionJSON is the saved form of a LinearRegression (version 1).
type linearRegressionJSON struct {
	Config    LinearRegressionConfig `json:"config"`
	Coef      []float64              `json:"coef"`
	Intercept float64                `json:"intercept"`
	Rank      int                    `json:"rank"`
	Iter      int                    `json:"iterations"`
	Converged bool                   `json:"converged"`
}

// MarshalJSON saves the configuration and the fitted coefficients (not the
// Trace) as a versioned "linear.LinearRegression" model. It fails before Fit.
func (m *LinearRegression) MarshalJSON() ([]byte, error) {
	if m.coef == nil {
		return nil, fmt.Errorf("linear: LinearRegression.MarshalJSON: %w", model.ErrNotFitted)
	}
	return model.MarshalEnvelope("linear.LinearRegression", 1, linearRegressionJSON{
		Config: m.Config, Coef: m.coef, Intercept: m.intercept, Rank: m.rank, Iter: m.iter, Converged: m.converged,
	})
}

// UnmarshalJSON loads a model saved by MarshalJSON.
func (m *LinearRegression) UnmarshalJSON(data []byte) error {
	var v linearRegressionJSON
	if _, err := model.UnmarshalEnvelope(data, "linear.LinearRegression", 1, &v); err != nil {
		return fmt.Errorf("linear: LinearRegression.UnmarshalJSON: %w", err)
	}
	if err := checkSavedCoef(v.Coef, v.Intercept); err != nil {
		return fmt.Errorf("linear: LinearRegression.UnmarshalJSON: %w", err)
	}
	*m = LinearRegression{Config: v.Config, coef: v.Coef, intercept: v.Intercept, rank: v.Rank, iter: v.Iter, converged: v.Converged}
	return nil
}

// checkSavedCoef validates loaded coefficients.
func checkSavedCoef(coef []float64, intercept float64) error {
	if len(coef) == 0 {
		return fmt.Errorf("corrupt model: no coefficients")
	}
	if err := checkFinite("coef", coef); err != nil {
		return fmt.Errorf("corrupt model: %w", err)
	}
	if err := checkFinite("intercept", []float64{intercept}); err != nil {
		return fmt.Errorf("corrupt model: %w", err)
	}
	return nil
}

var _ json.Marshaler = (*LinearRegression)(nil)
var _ model.Regressor = (*LinearRegression)(nil)
