package preprocess

import (
	"fmt"

	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// notFitted returns the error of a transformer method used before Fit.
func notFitted(where string) error {
	return fmt.Errorf("preprocess: %s: %w", where, model.ErrNotFitted)
}

// checkTransform validates X for a fitted transformer expecting p columns.
func checkTransform(where string, X mat.Matrix, p int) (*mat.Dense, error) {
	if _, _, err := model.CheckX(X, p); err != nil {
		return nil, fmt.Errorf("preprocess: %s: %w", where, err)
	}
	return model.Dense(X), nil
}
