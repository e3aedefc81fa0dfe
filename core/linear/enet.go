package linear

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/model"
)

// ElasticNetConfig holds the hyper-parameters of ElasticNet. The zero value
// gives the defaults.
type ElasticNetConfig struct {
	// Alpha is the overall penalty strength α > 0; 0 means the default 1.0.
	Alpha float64 `json:"alpha,omitempty"`
	// L1Ratio is the share ρ ∈ (0, 1] of the L1 penalty; 0 means the default
	// 0.5. ρ = 1 is the lasso.
	L1Ratio float64 `json:"l1_ratio,omitempty"`
	// MaxIter is the maximum number of coordinate-descent sweeps; default 1000.
	MaxIter int `json:"max_iter,omitempty"`
	// Tol is the stopping tolerance; default 1e-4. As in scikit-learn, the
	// duality gap is checked whenever the largest coefficient change of a
	// sweep is below Tol·max|w|, and the fit stops once the gap is below
	// Tol·‖y − ȳ‖².
	Tol float64 `json:"tol,omitempty"`
	// NoIntercept fits without an intercept. By default the intercept is
	// fitted and not penalized (X and y are centered).
	NoIntercept bool `json:"no_intercept,omitempty"`
}

// ElasticNet is linear regression with combined L1 and L2 penalties,
// minimizing scikit-learn's objective
//
//	(1/2n)‖y − Xw − b‖² + α·ρ‖w‖₁ + (α(1 − ρ)/2)‖w‖²
//
// by cyclic coordinate descent with scikit-learn's duality-gap stopping
// rule. The zero value is ready to use (α = 1, ρ = 0.5).
type ElasticNet struct {
	// Config holds the hyper-parameters; Fit does not change it.
	Config ElasticNetConfig

	enetState
}

// LassoConfig holds the hyper-parameters of Lasso. The zero value gives the
// defaults.
type LassoConfig struct {
	// Alpha is the L1 penalty strength α > 0; 0 means the default 1.0.
	Alpha float64 `json:"alpha,omitempty"`
	// MaxIter is the maximum number of coordinate-descent sweeps; default 1000.
	MaxIter int `json:"max_iter,omitempty"`
	// Tol is the stopping tolerance; default 1e-4 (see ElasticNetConfig.Tol).
	Tol float64 `json:"tol,omitempty"`
	// NoIntercept fits without an intercept. By default the intercept is
	// fitted and not penalized (X and y are centered).
	NoIntercept bool `json:"no_intercept,omitempty"`
}

// Lasso is linear regression with an L1 penalty, minimizing scikit-learn's
// objective (1/2n)‖y − Xw − b‖² + α‖w‖₁ by cyclic coordinate descent with
// the duality-gap stopping rule. The L1 penalty sets some coefficients to
// exactly zero: a larger α keeps fewer features. The zero value is ready to
// use (α = 1).
type Lasso struct {
	// Config holds the hyper-parameters; Fit does not change it.
	Config LassoConfig

	enetState
}

// enetState is the fitted state shared by Lasso and ElasticNet.
type enetState struct {
	coef      []float64
	intercept float64
	iter      int
	gap       float64
	converged bool
}

func (c ElasticNetConfig) withDefaults() (ElasticNetConfig, error) {
	switch {
	case math.IsNaN(c.Alpha) || math.IsInf(c.Alpha, 0) || c.Alpha < 0:
		return c, fmt.Errorf("invalid Alpha = %g: must be a finite number > 0 (0 means the default 1.0)", c.Alpha)
	case !(c.L1Ratio >= 0 && c.L1Ratio <= 1):
		return c, fmt.Errorf("invalid L1Ratio = %g: must be in (0, 1] (0 means the default 0.5)", c.L1Ratio)
	case c.MaxIter < 0:
		return c, fmt.Errorf("invalid MaxIter = %d: must be ≥ 0 (0 means the default 1000)", c.MaxIter)
	case math.IsNaN(c.Tol) || math.IsInf(c.Tol, 0) || c.Tol < 0:
		return c, fmt.Errorf("invalid Tol = %g: must be a finite number ≥ 0 (0 means the default 1e-4)", c.Tol)
	}
	if c.Alpha == 0 {
		c.Alpha = 1
	}
	if c.L1Ratio == 0 {
		c.L1Ratio = 0.5
	}
	if c.MaxIter == 0 {
		c.MaxIter = 1000
	}
	if c.Tol == 0 {
		c.Tol = 1e-4
	}
	return c, nil
}

func (c LassoConfig) enet() ElasticNetConfig {
	return ElasticNetConfig{Alpha: c.Alpha, L1Ratio: 1, MaxIter: c.MaxIter, Tol: c.Tol, NoIntercept: c.NoIntercept}
}

// Fit learns the coefficients from X (n samples × p features) and y.
func (m *ElasticNet) Fit(X mat.Matrix, y []float64) error {
	s, err := fitENet(m.Config, X, y)
	if err != nil {
		return fmt.Errorf("linear: ElasticNet.Fit: %w", err)
	}
	m.enetState = s
	return nil
}

// Fit learns the coefficients from X (n samples × p features) and y.
func (m *Lasso) Fit(X mat.Matrix, y []float64) error {
	s, err := fitENet(m.Config.enet(), X, y)
	if err != nil {
		return fmt.Errorf("linear: Lasso.Fit: %w", err)
	}
	m.enetState = s
	return nil
}

func fitENet(cfg ElasticNetConfig, X mat.Matrix, y []float64) (enetState, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return enetState{}, err
	}
	n, p, err := model.CheckXY(X, y)
	if err != nil {
		return enetState{}, err
	}
	// Column-major copy of the (centered) data: coordinate descent works
	// one column at a time.
	xt := make([]float64, p*n)
	xMean := make([]float64, p)
	Xd := model.Dense(X)
	for i := 0; i < n; i++ {
		for j, v := range Xd.RawRowView(i) {
			xt[j*n+i] = v
		}
	}
	yc := append([]float64(nil), y...)
	var yMean float64
	if !cfg.NoIntercept {
		for j := range xMean {
			col := xt[j*n : (j+1)*n]
			xMean[j] = floats.Sum(col) / float64(n)
			floats.AddConst(-xMean[j], col)
		}
		yMean = floats.Sum(yc) / float64(n)
		floats.AddConst(-yMean, yc)
	}
	l1 := cfg.Alpha * cfg.L1Ratio * float64(n)
	l2 := cfg.Alpha * (1 - cfg.L1Ratio) * float64(n)
	s := coordinateDescent(xt, yc, n, p, l1, l2, cfg.MaxIter, cfg.Tol)
	s.gap /= float64(n)
	s.intercept = yMean - floats.Dot(xMean, s.coef)
	return s, nil
}

// coordinateDescent minimizes ½‖y − Xw‖² + l1‖w‖₁ + (l2/2)‖w‖² over w, for
// X given column by column in xt. It is scikit-learn's
// enet_coordinate_descent (cyclic, non-Gram), step for step, so that the
// iterates, the iteration count and the stopping point agree.
func coordinateDescent(xt, y []float64, n, p int, l1, l2 float64, maxIter int, tol float64) enetState {
	w := make([]float64, p)
	r := append([]float64(nil), y...) // residual y − Xw
	norms := make([]float64, p)
	for j := range norms {
		col := xt[j*n : (j+1)*n]
		norms[j] = floats.Dot(col, col)
	}
	gapTol := tol * floats.Dot(y, y)
	s := enetState{coef: w}
	for it := 0; it < maxIter; it++ {
		var wMax, dwMax float64
		for j := 0; j < p; j++ {
			if norms[j] == 0 {
				continue
			}
			col := xt[j*n : (j+1)*n]
			old := w[j]
			if old != 0 {
				floats.AddScaled(r, old, col)
			}
			tmp := floats.Dot(col, r)
			w[j] = math.Copysign(max(math.Abs(tmp)-l1, 0), tmp) / (norms[j] + l2)
			if w[j] != 0 {
				floats.AddScaled(r, -w[j], col)
			}
			dwMax = max(dwMax, math.Abs(w[j]-old))
			wMax = max(wMax, math.Abs(w[j]))
		}
		s.iter = it + 1
		if wMax == 0 || dwMax/wMax < tol || it == maxIter-1 {
			s.gap = dualityGap(xt, y, r, w, n, l1, l2)
			if s.gap < gapTol {
				s.converged = true
				break
			}
		}
	}
	return s
}

// dualityGap returns the duality gap of the elastic-net problem at w with
// residual r, as scikit-learn computes it.
func dualityGap(xt, y, r, w []float64, n int, l1, l2 float64) float64 {
	var dualNorm float64 // max_j |X_jᵀr − l2·w_j|
	for j := range w {
		dualNorm = max(dualNorm, math.Abs(floats.Dot(xt[j*n:(j+1)*n], r)-l2*w[j]))
	}
	rNorm2 := floats.Dot(r, r)
	wNorm2 := floats.Dot(w, w)
	var gap float64
	c := 1.0
	if dualNorm > l1 {
		c = l1 / dualNorm
		gap = 0.5 * (rNorm2 + rNorm2*c*c)
	} else {
		gap = rNorm2
	}
	var l1Norm float64
	for _, v := range w {
		l1Norm += math.Abs(v)
	}
	return gap + l1*l1Norm - c*floats.Dot(r, y) + 0.5*l2*(1+c*c)*wNorm2
}

func (s *enetState) predict(who string, X mat.Matrix) ([]float64, error) {
	Xd, err := checkPredict(X, len(s.coef))
	if err != nil {
		return nil, fmt.Errorf("linear: %s.Predict: %w", who, err)
	}
	return linearPredict(Xd, s.coef, s.intercept), nil
}

func (s *enetState) score(who string, X mat.Matrix, y []float64) (float64, error) {
	pred, err := s.predict(who, X)
	if err == nil {
		var r2 float64
		if r2, err = regressorScore(pred, y); err == nil {
			return r2, nil
		}
	}
	return 0, fmt.Errorf("linear: %s.Score: %w", who, err)
}

// Predict returns Xw + b for every row of X.
func (m *ElasticNet) Predict(X mat.Matrix) ([]float64, error) { return m.predict("ElasticNet", X) }

// Score returns the coefficient of determination R² of the predictions for
// X against y.
func (m *ElasticNet) Score(X mat.Matrix, y []float64) (float64, error) {
	return m.score("ElasticNet", X, y)
}

// Predict returns Xw + b for every row of X.
func (m *Lasso) Predict(X mat.Matrix) ([]float64, error) { return m.predict("Lasso", X) }

// Score returns the coefficient of determination R² of the predictions for
// X against y.
func (m *Lasso) Score(X mat.Matrix, y []float64) (float64, error) { return m.score("Lasso", X, y) }

// Coef returns a copy of the fitted coefficients w, or nil before Fit.
func (s *enetState) Coef() []float64 { return cloneOrNil(s.coef) }

// Intercept returns the fitted intercept b (0 with NoIntercept).
func (s *enetState) Intercept() float64 { return s.intercept }

// Iterations returns the number of coordinate-descent sweeps run
// (scikit-learn's n_iter_).
func (s *enetState) Iterations() int { return s.iter }

// DualGap returns the duality gap of the objective at the end of the fit
// (scikit-learn's dual_gap_), or 0 before Fit.
func (s *enetState) DualGap() float64 { return s.gap }

// Converged reports whether the duality gap fell below the tolerance before
// MaxIter sweeps (scikit-learn warns with a ConvergenceWarning otherwise).
func (s *enetState) Converged() bool { return s.converged }

// enetJSON is the saved form of a Lasso or ElasticNet (version 1).
type enetJSON[C any] struct {
	Config    C         `json:"config"`
	Coef      []float64 `json:"coef"`
	Intercept float64   `json:"intercept"`
	Iter      int       `json:"iterations"`
	Gap       float64   `json:"dual_gap"`
	Converged bool      `json:"converged"`
}

func marshalENet[C any](kind string, c C, s *enetState) ([]byte, error) {
	if s.coef == nil {
		return nil, fmt.Errorf("linear: %s.MarshalJSON: %w", kind[len("linear."):], model.ErrNotFitted)
	}
	return model.MarshalEnvelope(kind, 1, enetJSON[C]{Config: c, Coef: s.coef, Intercept: s.intercept, Iter: s.iter, Gap: s.gap, Converged: s.converged})
}

func unmarshalENet[C any](kind string, data []byte, c *C, s *enetState) error {
	var v enetJSON[C]
	if _, err := model.UnmarshalEnvelope(data, kind, 1, &v); err != nil {
		return fmt.Errorf("linear: %s.UnmarshalJSON: %w", kind[len("linear."):], err)
	}
	if err := checkSavedCoef(v.Coef, v.Intercept); err != nil {
		return fmt.Errorf("linear: %s.UnmarshalJSON: %w", kind[len("linear."):], err)
	}
	*c = v.Config
	*s = enetState{coef: v.Coef, intercept: v.Intercept, iter: v.Iter, gap: v.Gap, converged: v.Converged}
	return nil
}

// MarshalJSON saves the configuration and the fitted coefficients as a
// versioned "linear.Lasso" model. It fails before Fit.
func (m *Lasso) MarshalJSON() ([]byte, error) {
	return marshalENet("linear.Lasso", m.Config, &m.enetState)
}

// UnmarshalJSON loads a model saved by MarshalJSON.
func (m *Lasso) UnmarshalJSON(data []byte) error {
	return unmarshalENet("linear.Lasso", data, &m.Config, &m.enetState)
}

// MarshalJSON saves the configuration and the fitted coefficients as a
// versioned "linear.ElasticNet" model. It fails before Fit.
func (m *ElasticNet) MarshalJSON() ([]byte, error) {
	return marshalENet("linear.ElasticNet", m.Config, &m.enetState)
}

// UnmarshalJSON loads a model saved by MarshalJSON.
func (m *ElasticNet) UnmarshalJSON(data []byte) error {
	return unmarshalENet("linear.ElasticNet", data, &m.Config, &m.enetState)
}

var (
	_ model.Regressor = (*Lasso)(nil)
	_ model.Regressor = (*ElasticNet)(nil)
)
