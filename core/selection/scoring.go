package selection

import (
	"fmt"
	"slices"
	"strings"

	"github.com/descentml/descent/core/metrics"
	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// Scorer scores a fitted estimator m on held-out data (X, y). Higher is
// better: losses are negated, as in scikit-learn ("neg_mean_squared_error").
// A Scorer may be called from several goroutines at once.
type Scorer func(m model.Estimator, X mat.Matrix, y []float64) (float64, error)

// ScorerNames returns the names accepted by ScorerByName, sorted.
func ScorerNames() []string {
	return []string{"accuracy", "f1_macro", "neg_log_loss", "neg_mean_squared_error", "r2", "roc_auc"}
}

// ScorerByName returns the built-in scorer with the given scikit-learn name:
//
//	"accuracy"                ScoreAccuracy
//	"f1_macro"                ScoreF1Macro
//	"neg_log_loss"            ScoreNegLogLoss
//	"neg_mean_squared_error"  ScoreNegMSE
//	"r2"                      ScoreR2
//	"roc_auc"                 ScoreROCAUC
//
// An unknown name is an error that lists the valid ones.
func ScorerByName(name string) (Scorer, error) {
	switch name {
	case "accuracy":
		return ScoreAccuracy, nil
	case "f1_macro":
		return ScoreF1Macro, nil
	case "neg_log_loss":
		return ScoreNegLogLoss, nil
	case "neg_mean_squared_error":
		return ScoreNegMSE, nil
	case "r2":
		return ScoreR2, nil
	case "roc_auc":
		return ScoreROCAUC, nil
	}
	return nil, fmt.Errorf("selection: unknown scorer %q: valid names are %s", name, strings.Join(ScorerNames(), ", "))
}

// ScoreEstimator scores m with its own Score method (accuracy for
// classifiers, R² for regressors). It is the scorer used when a config
// leaves Scoring nil.
func ScoreEstimator(m model.Estimator, X mat.Matrix, y []float64) (float64, error) {
	s, ok := m.(model.Scorer)
	if !ok {
		return 0, fmt.Errorf("%T has no Score method: set a Scoring function", m)
	}
	return s.Score(X, y)
}

// ScoreAccuracy is the fraction of samples whose predicted label equals y.
func ScoreAccuracy(m model.Estimator, X mat.Matrix, y []float64) (float64, error) {
	return predictScore("accuracy", m, X, y, metrics.Accuracy)
}

// ScoreR2 is the coefficient of determination R² of the predictions
// (1 when perfect; 0 when no better than predicting the mean of y).
func ScoreR2(m model.Estimator, X mat.Matrix, y []float64) (float64, error) {
	return predictScore("r2", m, X, y, metrics.R2)
}

// ScoreNegMSE is minus the mean squared error of the predictions.
func ScoreNegMSE(m model.Estimator, X mat.Matrix, y []float64) (float64, error) {
	return predictScore("neg_mean_squared_error", m, X, y, func(y, pred []float64) (float64, error) {
		v, err := metrics.MSE(y, pred)
		return -v, err
	})
}

// ScoreF1Macro is the unweighted mean over labels (those of y and of the
// predictions) of the F1 score of each label; a label never predicted
// correctly scores 0.
func ScoreF1Macro(m model.Estimator, X mat.Matrix, y []float64) (float64, error) {
	return predictScore("f1_macro", m, X, y, func(y, pred []float64) (float64, error) {
		return metrics.F1(y, pred, metrics.Macro)
	})
}

// ScoreNegLogLoss is minus the mean cross-entropy of the predicted class
// probabilities; m must be a model.ProbabilisticClassifier. Probabilities are
// clipped to [ε, 1-ε] (ε = 2⁻⁵²) and renormalised, as scikit-learn does.
func ScoreNegLogLoss(m model.Estimator, X mat.Matrix, y []float64) (float64, error) {
	pc, ok := can[model.ProbabilisticClassifier](m)
	if !ok {
		return 0, fmt.Errorf("neg_log_loss: %T has no PredictProba method", final(m))
	}
	proba, err := pc.PredictProba(X)
	if err != nil {
		return 0, fmt.Errorf("neg_log_loss: %w", err)
	}
	l, err := metrics.LogLoss(y, proba, pc.Classes())
	if err != nil {
		return 0, fmt.Errorf("neg_log_loss: %w", err)
	}
	return -l, nil
}

// ScoreROCAUC is the area under the ROC curve of a binary problem, ranking
// samples by m's DecisionFunction when it has one, else by the PredictProba
// column of the positive class, else (for regressors) by Predict. The
// positive class is the larger of the two labels. It is an error when y does
// not hold exactly two labels.
func ScoreROCAUC(m model.Estimator, X mat.Matrix, y []float64) (float64, error) {
	labels := distinct(y)
	if len(labels) != 2 {
		return 0, fmt.Errorf("roc_auc: needs exactly two classes in y, got %d (%v)", len(labels), labels)
	}
	var score []float64
	if c, ok := can[model.Classifier](m); ok {
		classes := c.Classes()
		if len(classes) != 2 {
			return 0, fmt.Errorf("roc_auc: %T was fitted on %d classes; roc_auc is for binary problems", m, len(classes))
		}
		for i, v := range y {
			if v != classes[0] && v != classes[1] {
				return 0, fmt.Errorf("roc_auc: y[%d] = %v is not one of the classes %v", i, v, classes)
			}
		}
		if df, ok := can[model.DecisionFunctioner](m); ok {
			d, err := df.DecisionFunction(X)
			if err != nil {
				return 0, fmt.Errorf("roc_auc: %w", err)
			}
			if _, c := d.Dims(); c != 1 {
				return 0, fmt.Errorf("roc_auc: DecisionFunction returned %d columns, want 1 for a binary problem", c)
			}
			score = mat.Col(nil, 0, d)
		} else if pc, ok := can[model.ProbabilisticClassifier](m); ok {
			p, err := pc.PredictProba(X)
			if err != nil {
				return 0, fmt.Errorf("roc_auc: %w", err)
			}
			if _, c := p.Dims(); c != 2 {
				return 0, fmt.Errorf("roc_auc: PredictProba returned %d columns, want 2", c)
			}
			score = mat.Col(nil, 1, p)
		} else {
			return 0, fmt.Errorf("roc_auc: %T has neither DecisionFunction nor PredictProba", final(m))
		}
	} else {
		var err error
		if score, err = predict(m, X, y); err != nil {
			return 0, fmt.Errorf("roc_auc: %w", err)
		}
	}
	auc, err := metrics.ROCAUC(y, score)
	if err != nil {
		return 0, fmt.Errorf("roc_auc: %w", err)
	}
	return auc, nil
}

// predictScore applies metric to y and m's predictions for X.
func predictScore(name string, m model.Estimator, X mat.Matrix, y []float64, metric func(y, pred []float64) (float64, error)) (float64, error) {
	pred, err := predict(m, X, y)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	v, err := metric(y, pred)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	return v, nil
}

// predict calls m's Predict method and checks the number of predictions.
func predict(m model.Estimator, X mat.Matrix, y []float64) ([]float64, error) {
	p, ok := m.(model.Predictor)
	if !ok {
		return nil, fmt.Errorf("%T has no Predict method", m)
	}
	pred, err := p.Predict(X)
	if err != nil {
		return nil, err
	}
	if len(pred) != len(y) {
		return nil, fmt.Errorf("%T.Predict returned %d values for %d samples", m, len(pred), len(y))
	}
	return pred, nil
}

// distinct returns the sorted distinct values of v.
func distinct(v []float64) []float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return slices.Compact(s)
}

// can returns m as a T when m has T's methods and so does the estimator that
// really predicts inside it (see final): a pipeline forwards every method,
// but only those of its final step work.
func can[T any](m model.Estimator) (T, bool) {
	t, ok := m.(T)
	if !ok {
		return t, false
	}
	if _, ok := final(m).(T); !ok {
		var zero T
		return zero, false
	}
	return t, true
}
