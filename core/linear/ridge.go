package linear

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/model"
)

// RidgeConfig holds the hyper-parameters of Ridge. The zero value gives the
// defaults.
type RidgeConfig struct {
	// Alpha is the penalty strength α > 0 of ‖y − Xw − b‖² + α‖w‖²; 0 means
	// the default 1.0 (scikit-learn's default). Use NoPenalty for α = 0.
	Alpha float64 `json:"alpha,omitempty"`
	// NoPenalty sets α = 0: ordinary least squares (the minimum-norm
	// solution when X is rank-deficient), as scikit-learn's Ridge(alpha=0).
	// Alpha must then be 0.
	NoPenalty bool `json:"no_penalty,omitempty"`
	// NoIntercept fits without an intercept. By default the intercept is
	// fitted and not penalized (X and y are centered, as in scikit-learn).
	NoIntercept bool `json:"no_intercept,omitempty"`
}

// Ridge is linear least squares with an L2 penalty: it minimizes
// ‖y − Xw − b‖² + α‖w‖², exactly scikit-learn's Ridge objective (the
// intercept b is not penalized). The zero value is ready to use (α = 1).
//
// Like scikit-learn's default solver it solves the normal equations
// (XᵀX + αI) w = Xᵀy of the centered data by Cholesky, with the cross
// products computed blockwise in parallel. When XᵀX + αI is ill conditioned
// (estimated reciprocal condition number below 1e-8, where the normal
// equations would lose more than about 8 digits) it falls back to
// LinearRegression's parallel QR of the centered [X y] and solves the small
// augmented least-squares problem [R; √α I] w ≈ [Qᵀy; 0], which is stable
// for every α.
type Ridge struct {
	// Config holds the hyper-parameters; Fit does not change it.
	Config RidgeConfig

	coef      []float64
	intercept float64
}

func (c RidgeConfig) alpha() (float64, error) {
	switch {
	case math.IsNaN(c.Alpha) || math.IsInf(c.Alpha, 0) || c.Alpha < 0:
		return 0, fmt.Errorf("invalid Alpha = %g: must be a finite number ≥ 0 (0 means the default 1.0)", c.Alpha)
	case c.NoPenalty && c.Alpha != 0:
		return 0, fmt.Errorf("invalid Alpha = %g: must be 0 when NoPenalty is set", c.Alpha)
	case c.NoPenalty:
		return 0, nil
	case c.Alpha == 0:
		return 1, nil
	}
	return c.Alpha, nil
}

// Fit learns the coefficients from X (n samples × p features) and y.
func (m *Ridge) Fit(X mat.Matrix, y []float64) error {
	alpha, err := m.Config.alpha()
	var Xd *mat.Dense
	if err == nil {
		Xd, err = checkShape(X, y)
	}
	if err != nil {
		return fmt.Errorf("linear: Ridge.Fit: %w", err)
	}
	*m = Ridge{Config: m.Config}
	if alpha > 0 {
		g := gramXY(Xd, y, !m.Config.NoIntercept)
		if g == nil {
			return fmt.Errorf("linear: Ridge.Fit: %w", nonFinite(X, y))
		}
		if w, ok := g.solveRidge(alpha); ok {
			m.coef, m.intercept = w, g.intercept(w)
			return nil
		}
	}
	f := factorXY(Xd, y, !m.Config.NoIntercept)
	if f == nil {
		return fmt.Errorf("linear: Ridge.Fit: %w", nonFinite(X, y))
	}
	if alpha == 0 {
		m.coef, _ = f.solveOLS(false)
	} else {
		m.coef = f.solveRidge(alpha)
	}
	m.intercept = interceptFor(f, m.coef)
	return nil
}

// Predict returns Xw + b for every row of X.
func (m *Ridge) Predict(X mat.Matrix) ([]float64, error) {
	Xd, err := checkPredict(X, len(m.coef))
	if err != nil {
		return nil, fmt.Errorf("linear: Ridge.Predict: %w", err)
	}
	return linearPredict(Xd, m.coef, m.intercept), nil
}

// Score returns the coefficient of determination R² of the predictions for X
// against y.
func (m *Ridge) Score(X mat.Matrix, y []float64) (float64, error) {
	pred, err := m.Predict(X)
	if err != nil {
		return 0, fmt.Errorf("linear: Ridge.Score: %w", err)
	}
	r2, err := regressorScore(pred, y)
	if err != nil {
		return 0, fmt.Errorf("linear: Ridge.Score: %w", err)
	}
	return r2, nil
}

// Coef returns a copy of the fitted coefficients w, or nil before Fit.
func (m *Ridge) Coef() []float64 { return cloneOrNil(m.coef) }

// Intercept returns the fitted intercept b (0 with Config.NoIntercept).
func (m *Ridge) Intercept() float64 { return m.intercept }

// ridgeJSON is the saved form of a Ridge (version 1).
type ridgeJSON struct {
	Config    RidgeConfig `json:"config"`
	Coef      []float64   `json:"coef"`
	Intercept float64     `json:"intercept"`
}

// MarshalJSON saves the configuration and the fitted coefficients as a
// versioned "linear.Ridge" model. It fails before Fit.
func (m *Ridge) MarshalJSON() ([]byte, error) {
	if m.coef == nil {
		return nil, fmt.Errorf("linear: Ridge.MarshalJSON: %w", model.ErrNotFitted)
	}
	return model.MarshalEnvelope("linear.Ridge", 1, ridgeJSON{Config: m.Config, Coef: m.coef, Intercept: m.intercept})
}

// UnmarshalJSON loads a model saved by MarshalJSON.
func (m *Ridge) UnmarshalJSON(data []byte) error {
	var v ridgeJSON
	if _, err := model.UnmarshalEnvelope(data, "linear.Ridge", 1, &v); err != nil {
		return fmt.Errorf("linear: Ridge.UnmarshalJSON: %w", err)
	}
	if err := checkSavedCoef(v.Coef, v.Intercept); err != nil {
		return fmt.Errorf("linear: Ridge.UnmarshalJSON: %w", err)
	}
	*m = Ridge{Config: v.Config, coef: v.Coef, intercept: v.Intercept}
	return nil
}

var _ model.Regressor = (*Ridge)(nil)
