package sgd

import (
	"fmt"
	"math"
	"slices"

	"github.com/descentml/descent/core/model"
)

// Kinds and versions of the saved models.
const (
	classifierKind = "sgd.Classifier"
	regressorKind  = "sgd.Regressor"
	stateVersion   = 1
)

// savedConfig returns c in a form JSON can encode: a Tol of −Inf (the rule
// switched off) is saved as −1, which means the same.
func savedConfig(c Config) Config {
	if math.IsInf(c.Tol, -1) {
		c.Tol = -1
	}
	return c
}

type classifierState struct {
	Config    Config      `json:"config"`
	Loss      string      `json:"loss"`
	Classes   []float64   `json:"classes"`
	Coef      [][]float64 `json:"coef"`
	Intercept []float64   `json:"intercept"`
	NFeatures int         `json:"n_features"`
	Epochs    int         `json:"epochs"`
	Converged bool        `json:"converged"`
	LossCurve []float64   `json:"loss_curve"`
}

// MarshalJSON saves the fitted classifier (config and learned state, not
// History) in the versioned envelope of kind "sgd.Classifier".
func (c *Classifier) MarshalJSON() ([]byte, error) {
	if !c.fitted() {
		return nil, fmt.Errorf("sgd: Classifier.MarshalJSON: %w", model.ErrNotFitted)
	}
	return model.MarshalEnvelope(classifierKind, stateVersion, classifierState{
		Config: savedConfig(c.Config), Loss: c.lossName, Classes: c.classes,
		Coef: c.coef, Intercept: c.intercept, NFeatures: c.nFeatures,
		Epochs: c.nIter, Converged: c.converged, LossCurve: c.lossCurve,
	})
}

// UnmarshalJSON restores a classifier saved by MarshalJSON.
func (c *Classifier) UnmarshalJSON(data []byte) error {
	var st classifierState
	if _, err := model.UnmarshalEnvelope(data, classifierKind, stateVersion, &st); err != nil {
		return fmt.Errorf("sgd: Classifier.UnmarshalJSON: %w", err)
	}
	if err := st.check(); err != nil {
		return fmt.Errorf("sgd: Classifier.UnmarshalJSON: corrupt %s: %w", classifierKind, err)
	}
	*c = Classifier{Config: st.Config, lossName: st.Loss, classes: st.Classes, coef: st.Coef,
		intercept: st.Intercept, nFeatures: st.NFeatures, nIter: st.Epochs,
		converged: st.Converged, lossCurve: st.LossCurve}
	return nil
}

func (st *classifierState) check() error {
	k := len(st.Classes)
	rows := k
	if k == 2 {
		rows = 1
	}
	switch {
	case k < 2 || !slices.IsSorted(st.Classes):
		return fmt.Errorf("classes %v: need at least two, sorted", st.Classes)
	case !slices.Contains(classifierLosses, st.Loss):
		return fmt.Errorf("unknown loss %q", st.Loss)
	case st.NFeatures < 1:
		return fmt.Errorf("%d features", st.NFeatures)
	case len(st.Coef) != rows || len(st.Intercept) != rows:
		return fmt.Errorf("%d weight rows and %d intercepts for %d classes, want %d", len(st.Coef), len(st.Intercept), k, rows)
	}
	for i, row := range st.Coef {
		if len(row) != st.NFeatures {
			return fmt.Errorf("weight row %d has %d values, want %d", i, len(row), st.NFeatures)
		}
	}
	return nil
}

type regressorState struct {
	Config    Config    `json:"config"`
	Loss      string    `json:"loss"`
	Coef      []float64 `json:"coef"`
	Intercept float64   `json:"intercept"`
	Epochs    int       `json:"epochs"`
	Converged bool      `json:"converged"`
	LossCurve []float64 `json:"loss_curve"`
}

// MarshalJSON saves the fitted regressor (config and learned state, not
// History) in the versioned envelope of kind "sgd.Regressor".
func (r *Regressor) MarshalJSON() ([]byte, error) {
	if !r.fitted() {
		return nil, fmt.Errorf("sgd: Regressor.MarshalJSON: %w", model.ErrNotFitted)
	}
	return model.MarshalEnvelope(regressorKind, stateVersion, regressorState{
		Config: savedConfig(r.Config), Loss: r.lossName, Coef: r.coef, Intercept: r.intercept,
		Epochs: r.nIter, Converged: r.converged, LossCurve: r.lossCurve,
	})
}

// UnmarshalJSON restores a regressor saved by MarshalJSON.
func (r *Regressor) UnmarshalJSON(data []byte) error {
	var st regressorState
	if _, err := model.UnmarshalEnvelope(data, regressorKind, stateVersion, &st); err != nil {
		return fmt.Errorf("sgd: Regressor.UnmarshalJSON: %w", err)
	}
	if len(st.Coef) == 0 {
		return fmt.Errorf("sgd: Regressor.UnmarshalJSON: corrupt %s: no weights", regressorKind)
	}
	if !slices.Contains(regressorLosses, st.Loss) {
		return fmt.Errorf("sgd: Regressor.UnmarshalJSON: corrupt %s: unknown loss %q", regressorKind, st.Loss)
	}
	*r = Regressor{Config: st.Config, lossName: st.Loss, coef: st.Coef, intercept: st.Intercept,
		nFeatures: len(st.Coef), nIter: st.Epochs, converged: st.Converged, lossCurve: st.LossCurve}
	return nil
}
