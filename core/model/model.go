// Package model holds the small contracts that every descent estimator,
// transformer, pipeline and model-selection routine agrees on, together with
// the input checks and the versioned JSON envelope they share.
//
// The shapes follow scikit-learn's estimator contract, in Go:
// hyper-parameters live in a config struct set at construction and are never
// changed by fitting; Fit(X, y) learns state; Predict and Score use it.
// Feature matrices are gonum matrices (one row per sample); targets and class
// labels are []float64 (class labels are whole numbers such as 0, 1, 2).
package model

import (
	"errors"

	"gonum.org/v1/gonum/mat"
)

// ErrNotFitted is returned (wrapped) by Predict, Transform and friends when
// they are called before a successful Fit.
var ErrNotFitted = errors.New("model is not fitted: call Fit first")

// Estimator learns from a feature matrix X (n samples × p features) and
// targets y (length n).
type Estimator interface {
	Fit(X mat.Matrix, y []float64) error
}

// Predictor predicts one value per row of X: a class label for classifiers,
// a real number for regressors.
type Predictor interface {
	Predict(X mat.Matrix) ([]float64, error)
}

// Scorer scores a fitted model on (X, y): accuracy for classifiers, R² for
// regressors; higher is better.
type Scorer interface {
	Score(X mat.Matrix, y []float64) (float64, error)
}

// Regressor is an estimator that predicts real values.
type Regressor interface {
	Estimator
	Predictor
	Scorer
}

// Classifier is an estimator that predicts class labels.
type Classifier interface {
	Estimator
	Predictor
	Scorer
	// Classes returns the sorted distinct class labels seen by Fit.
	Classes() []float64
}

// ProbabilisticClassifier is a classifier that also estimates class
// probabilities: one row per sample, one column per class in the order of
// Classes().
type ProbabilisticClassifier interface {
	Classifier
	PredictProba(X mat.Matrix) (*mat.Dense, error)
}

// DecisionFunctioner returns signed confidence scores: one column for a
// binary problem (positive means Classes()[1]), otherwise one column per class.
type DecisionFunctioner interface {
	DecisionFunction(X mat.Matrix) (*mat.Dense, error)
}

// Transformer learns a transformation of X from data (Fit) and applies it
// (Transform). Unsupervised transformers ignore y, which may be nil.
type Transformer interface {
	Fit(X mat.Matrix, y []float64) error
	Transform(X mat.Matrix) (*mat.Dense, error)
}

// Factory builds a fresh, unfitted estimator from named hyper-parameters. Grid
// search and cross-validation call it once per fold so that no fitted state
// leaks between folds. A Factory must reject unknown names with an error.
type Factory func(params Params) (Estimator, error)

// Params maps hyper-parameter names to values, for grid search and reports.
type Params map[string]any
