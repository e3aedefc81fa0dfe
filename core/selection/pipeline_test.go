package selection_test

import (
	"math"
	"testing"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/linear"
	"github.com/descentml/descent/core/model"
	"github.com/descentml/descent/core/preprocess"
	"github.com/descentml/descent/core/selection"
)

// A pipeline forwards every method, so selection must judge it by its final
// step: a regression pipeline gets plain k-fold (not stratified) folds even
// though the diabetes targets are whole numbers, and roc_auc on a classifier
// pipeline uses the final step's decision function.
func TestPipelineJudgedByFinalStep(t *testing.T) {
	diabetes := data.Diabetes()
	ridge := func(p model.Params) (model.Estimator, error) {
		return preprocess.NewPipeline(
			preprocess.Step{Name: "scale", Estimator: &preprocess.StandardScaler{}},
			preprocess.Step{Name: "ridge", Estimator: &linear.Ridge{}},
		), nil
	}
	got, err := selection.CrossValidate(ridge, nil, diabetes.X, diabetes.Y, selection.CVConfig{KeepEstimators: true})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := data.KFold{K: 5}.Split(diabetes.X, diabetes.Y)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range got.Folds {
		if len(f.Test) != len(plain[i].Test) || f.Test[0] != plain[i].Test[0] {
			t.Fatalf("fold %d: regression pipeline did not get plain KFold folds", i)
		}
	}
	if got.Mean < 0.3 || got.Mean > 0.6 {
		t.Fatalf("ridge pipeline mean R² = %.3f, want about 0.48", got.Mean)
	}

	cancer := data.BreastCancer()
	logreg := func(p model.Params) (model.Estimator, error) {
		return preprocess.NewPipeline(
			preprocess.Step{Name: "scale", Estimator: &preprocess.StandardScaler{}},
			preprocess.Step{Name: "logreg", Estimator: &linear.LogisticRegression{}},
		), nil
	}
	auc, err := selection.CrossValidate(logreg, nil, cancer.X, cancer.Y, selection.CVConfig{Scoring: selection.ScoreROCAUC})
	if err != nil {
		t.Fatal(err)
	}
	if auc.Mean < 0.98 || math.IsNaN(auc.Mean) {
		t.Fatalf("roc_auc of scaled logistic regression = %.4f, want > 0.98", auc.Mean)
	}
}
