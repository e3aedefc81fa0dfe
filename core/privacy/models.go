package privacy

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/metrics"
	"github.com/descentml/descent/core/model"
)

// DPLogisticRegression is a binary logistic-regression classifier trained
// with DP-SGD: its coefficients are (ε, δ)-differentially private with
// respect to adding or removing one training example (see Privacy). Labels
// may be any two whole numbers; the larger one is the positive class.
// The zero value is ready to use with the defaults of Config.
type DPLogisticRegression struct {
	// Config holds the hyper-parameters; Fit never changes it.
	Config Config

	st *fitState
}

// DPLinearSVM is a binary linear support-vector classifier (hinge loss)
// trained with DP-SGD; see DPLogisticRegression for the conventions.
type DPLinearSVM struct {
	// Config holds the hyper-parameters; Fit never changes it.
	Config Config

	st *fitState
}

// DPLinearRegression is least-squares linear regression (loss (z-y)²/2)
// trained with DP-SGD. Scale the features and the target (for example to
// zero mean and unit variance) so that per-example gradients are of the
// order of ClipNorm; otherwise clipping biases the fit.
type DPLinearRegression struct {
	// Config holds the hyper-parameters; Fit never changes it.
	Config Config

	st *fitState
}

// Interface checks.
var (
	_ model.ProbabilisticClassifier = (*DPLogisticRegression)(nil)
	_ model.DecisionFunctioner      = (*DPLogisticRegression)(nil)
	_ model.Classifier              = (*DPLinearSVM)(nil)
	_ model.DecisionFunctioner      = (*DPLinearSVM)(nil)
	_ model.Regressor               = (*DPLinearRegression)(nil)
)

// ---- DPLogisticRegression ----

// Fit trains the model on X (n×p) and binary labels y with DP-SGD and
// records the privacy spent.
func (m *DPLogisticRegression) Fit(X mat.Matrix, y []float64) error {
	st, err := fitBinary(m.Config, X, y, logistic)
	if err != nil {
		return fmt.Errorf("privacy: DPLogisticRegression.Fit: %w", err)
	}
	m.st = st
	return nil
}

// DecisionFunction returns the log-odds X·w + b of the positive class
// (Classes()[1]) as an n×1 matrix.
func (m *DPLogisticRegression) DecisionFunction(X mat.Matrix) (*mat.Dense, error) {
	z, err := m.st.decision(X)
	if err != nil {
		return nil, fmt.Errorf("privacy: DPLogisticRegression.DecisionFunction: %w", err)
	}
	return mat.NewDense(len(z), 1, z), nil
}

// PredictProba returns the probabilities of the two classes, one row per
// sample, columns in the order of Classes().
func (m *DPLogisticRegression) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	z, err := m.st.decision(X)
	if err != nil {
		return nil, fmt.Errorf("privacy: DPLogisticRegression.PredictProba: %w", err)
	}
	P := mat.NewDense(len(z), 2, nil)
	for i, v := range z {
		p1 := sigmoid(v)
		P.Set(i, 0, 1-p1)
		P.Set(i, 1, p1)
	}
	return P, nil
}

// Predict returns the predicted class of each row of X.
func (m *DPLogisticRegression) Predict(X mat.Matrix) ([]float64, error) {
	z, err := m.st.decision(X)
	if err != nil {
		return nil, fmt.Errorf("privacy: DPLogisticRegression.Predict: %w", err)
	}
	return m.st.labels(z), nil
}

// Score returns the accuracy of Predict on (X, y).
func (m *DPLogisticRegression) Score(X mat.Matrix, y []float64) (float64, error) {
	acc, err := accuracy(m, X, y)
	if err != nil {
		return 0, fmt.Errorf("privacy: DPLogisticRegression.Score: %w", err)
	}
	return acc, nil
}

// Classes returns the two class labels seen by Fit, sorted; nil before Fit.
func (m *DPLogisticRegression) Classes() []float64 { return m.st.getClasses() }

// Coef returns a copy of the learned coefficients, one per feature; nil
// before Fit.
func (m *DPLogisticRegression) Coef() []float64 { return m.st.getCoef() }

// Intercept returns the learned intercept (0 before Fit).
func (m *DPLogisticRegression) Intercept() float64 { return m.st.getIntercept() }

// Privacy returns the (ε, δ) guarantee of the last Fit (the zero
// Guarantee before Fit).
func (m *DPLogisticRegression) Privacy() Guarantee { return m.st.getGuarantee() }

// Trace returns the per-step trace of the last Fit when Config.Record was
// set, else nil. It is not saved with the model.
func (m *DPLogisticRegression) Trace() []Step { return m.st.getTrace() }

// MarshalJSON saves the fitted model (config, classes, coefficients,
// privacy guarantee) as "privacy.DPLogisticRegression" version 1.
func (m *DPLogisticRegression) MarshalJSON() ([]byte, error) {
	return marshal("privacy.DPLogisticRegression", m.Config, m.st)
}

// UnmarshalJSON loads a model saved by MarshalJSON.
func (m *DPLogisticRegression) UnmarshalJSON(data []byte) error {
	return unmarshal(data, "privacy.DPLogisticRegression", true, &m.Config, &m.st)
}

// ---- DPLinearSVM ----

// Fit trains the model on X (n×p) and binary labels y with DP-SGD and
// records the privacy spent.
func (m *DPLinearSVM) Fit(X mat.Matrix, y []float64) error {
	st, err := fitBinary(m.Config, X, y, hinge)
	if err != nil {
		return fmt.Errorf("privacy: DPLinearSVM.Fit: %w", err)
	}
	m.st = st
	return nil
}

// DecisionFunction returns the signed margin X·w + b (positive means
// Classes()[1]) as an n×1 matrix.
func (m *DPLinearSVM) DecisionFunction(X mat.Matrix) (*mat.Dense, error) {
	z, err := m.st.decision(X)
	if err != nil {
		return nil, fmt.Errorf("privacy: DPLinearSVM.DecisionFunction: %w", err)
	}
	return mat.NewDense(len(z), 1, z), nil
}

// Predict returns the predicted class of each row of X.
func (m *DPLinearSVM) Predict(X mat.Matrix) ([]float64, error) {
	z, err := m.st.decision(X)
	if err != nil {
		return nil, fmt.Errorf("privacy: DPLinearSVM.Predict: %w", err)
	}
	return m.st.labels(z), nil
}

// Score returns the accuracy of Predict on (X, y).
func (m *DPLinearSVM) Score(X mat.Matrix, y []float64) (float64, error) {
	acc, err := accuracy(m, X, y)
	if err != nil {
		return 0, fmt.Errorf("privacy: DPLinearSVM.Score: %w", err)
	}
	return acc, nil
}

// Classes returns the two class labels seen by Fit, sorted; nil before Fit.
func (m *DPLinearSVM) Classes() []float64 { return m.st.getClasses() }

// Coef returns a copy of the learned coefficients; nil before Fit.
func (m *DPLinearSVM) Coef() []float64 { return m.st.getCoef() }

// Intercept returns the learned intercept (0 before Fit).
func (m *DPLinearSVM) Intercept() float64 { return m.st.getIntercept() }

// Privacy returns the (ε, δ) guarantee of the last Fit (the zero
// Guarantee before Fit).
func (m *DPLinearSVM) Privacy() Guarantee { return m.st.getGuarantee() }

// Trace returns the per-step trace of the last Fit when Config.Record was
// set, else nil.
func (m *DPLinearSVM) Trace() []Step { return m.st.getTrace() }

// MarshalJSON saves the fitted model as "privacy.DPLinearSVM" version 1.
func (m *DPLinearSVM) MarshalJSON() ([]byte, error) {
	return marshal("privacy.DPLinearSVM", m.Config, m.st)
}

// UnmarshalJSON loads a model saved by MarshalJSON.
func (m *DPLinearSVM) UnmarshalJSON(data []byte) error {
	return unmarshal(data, "privacy.DPLinearSVM", true, &m.Config, &m.st)
}

// ---- DPLinearRegression ----

// Fit trains the model on X (n×p) and real targets y with DP-SGD and
// records the privacy spent.
func (m *DPLinearRegression) Fit(X mat.Matrix, y []float64) error {
	if _, _, err := model.CheckXY(X, y); err != nil {
		return fmt.Errorf("privacy: DPLinearRegression.Fit: %w", err)
	}
	st, err := dpsgd(m.Config, model.Dense(X), y, squared)
	if err != nil {
		return fmt.Errorf("privacy: DPLinearRegression.Fit: %w", err)
	}
	m.st = st
	return nil
}

// Predict returns X·w + b.
func (m *DPLinearRegression) Predict(X mat.Matrix) ([]float64, error) {
	z, err := m.st.decision(X)
	if err != nil {
		return nil, fmt.Errorf("privacy: DPLinearRegression.Predict: %w", err)
	}
	return z, nil
}

// Score returns the coefficient of determination R² of Predict on (X, y).
func (m *DPLinearRegression) Score(X mat.Matrix, y []float64) (float64, error) {
	pred, err := m.Predict(X)
	if err != nil {
		return 0, fmt.Errorf("privacy: DPLinearRegression.Score: %w", err)
	}
	r2, err := metrics.R2(y, pred)
	if err != nil {
		return 0, fmt.Errorf("privacy: DPLinearRegression.Score: %w", err)
	}
	return r2, nil
}

// Coef returns a copy of the learned coefficients; nil before Fit.
func (m *DPLinearRegression) Coef() []float64 { return m.st.getCoef() }

// Intercept returns the learned intercept (0 before Fit).
func (m *DPLinearRegression) Intercept() float64 { return m.st.getIntercept() }

// Privacy returns the (ε, δ) guarantee of the last Fit (the zero
// Guarantee before Fit).
func (m *DPLinearRegression) Privacy() Guarantee { return m.st.getGuarantee() }

// Trace returns the per-step trace of the last Fit when Config.Record was
// set, else nil.
func (m *DPLinearRegression) Trace() []Step { return m.st.getTrace() }

// MarshalJSON saves the fitted model as "privacy.DPLinearRegression"
// version 1.
func (m *DPLinearRegression) MarshalJSON() ([]byte, error) {
	return marshal("privacy.DPLinearRegression", m.Config, m.st)
}

// UnmarshalJSON loads a model saved by MarshalJSON.
func (m *DPLinearRegression) UnmarshalJSON(data []byte) error {
	return unmarshal(data, "privacy.DPLinearRegression", false, &m.Config, &m.st)
}

// ---- shared helpers ----

func fitBinary(cfg Config, X mat.Matrix, y []float64, loss lossKind) (*fitState, error) {
	Xd, t, classes, err := prepareBinary(X, y)
	if err != nil {
		return nil, err
	}
	st, err := dpsgd(cfg, Xd, t, loss)
	if err != nil {
		return nil, err
	}
	st.classes = classes
	return st, nil
}

func accuracy(m model.Predictor, X mat.Matrix, y []float64) (float64, error) {
	pred, err := m.Predict(X)
	if err != nil {
		return 0, err
	}
	return metrics.Accuracy(y, pred)
}

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

func (st *fitState) getClasses() []float64 {
	if st == nil {
		return nil
	}
	return slices.Clone(st.classes)
}

func (st *fitState) getCoef() []float64 {
	if st == nil {
		return nil
	}
	return slices.Clone(st.coef)
}

func (st *fitState) getIntercept() float64 {
	if st == nil {
		return 0
	}
	return st.intercept
}

func (st *fitState) getGuarantee() Guarantee {
	if st == nil {
		return Guarantee{}
	}
	return st.guarantee
}

func (st *fitState) getTrace() []Step {
	if st == nil {
		return nil
	}
	return slices.Clone(st.trace)
}

// payload is the saved form of a DP-SGD model.
type payload struct {
	Config    Config    `json:"config"`
	Classes   []float64 `json:"classes,omitempty"`
	Coef      []float64 `json:"coef"`
	Intercept float64   `json:"intercept"`
	Privacy   Guarantee `json:"privacy"`
}

func marshal(kind string, cfg Config, st *fitState) ([]byte, error) {
	if st == nil {
		return nil, fmt.Errorf("privacy: cannot save an unfitted %s: %w", kind, model.ErrNotFitted)
	}
	return model.MarshalEnvelope(kind, 1, payload{
		Config: cfg, Classes: st.classes, Coef: st.coef,
		Intercept: st.intercept, Privacy: st.guarantee,
	})
}

func unmarshal(data []byte, kind string, classifier bool, cfg *Config, st **fitState) error {
	var p payload
	if _, err := model.UnmarshalEnvelope(data, kind, 1, &p); err != nil {
		return fmt.Errorf("privacy: load %s: %w", kind, err)
	}
	if len(p.Coef) == 0 {
		return fmt.Errorf("privacy: load %s: corrupt payload: no coefficients", kind)
	}
	if classifier && len(p.Classes) != 2 {
		return fmt.Errorf("privacy: load %s: corrupt payload: %d classes, want 2", kind, len(p.Classes))
	}
	*cfg = p.Config
	*st = &fitState{classes: p.Classes, coef: p.Coef, intercept: p.Intercept, guarantee: p.Privacy}
	return nil
}
