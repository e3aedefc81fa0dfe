package main

import (
	"fmt"
	"io"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/linear"
	"github.com/descentml/descent/core/metrics"
	"github.com/descentml/descent/core/preprocess"
	"github.com/descentml/descent/core/privacy"
	"github.com/descentml/descent/core/selection"
	"github.com/descentml/descent/core/svm"
)

// tour fits a few models on the embedded datasets and prints what a learner
// would look at: the data, a classification report, closed form against
// gradient descent, a grid search and a privacy budget.
func tour(w io.Writer) error {
	fmt.Fprintln(w, "== The embedded datasets")
	if err := listDatasets(w); err != nil {
		return err
	}

	fmt.Fprintln(w, "\n== Logistic regression on breast cancer (standardized, 25% held out)")
	ds := data.BreastCancer()
	train, test, err := data.TrainTestSplit(ds, data.SplitConfig{Stratify: true, Seed: 1})
	if err != nil {
		return err
	}
	pipe := preprocess.NewPipeline(
		preprocess.Step{Name: "scale", Estimator: &preprocess.StandardScaler{}},
		preprocess.Step{Name: "logistic", Estimator: &linear.LogisticRegression{}},
	)
	if err := pipe.Fit(train.X, train.Y); err != nil {
		return err
	}
	pred, err := pipe.Predict(test.X)
	if err != nil {
		return err
	}
	report, err := metrics.ClassificationReport(test.Y, pred, ds.TargetNames)
	if err != nil {
		return err
	}
	fmt.Fprint(w, report)

	fmt.Fprintln(w, "\n== Least squares on diabetes (standardized): closed form against gradient descent")
	dia := data.Diabetes()
	X, err := (&preprocess.StandardScaler{}).FitTransform(dia.X, nil)
	if err != nil {
		return err
	}
	for _, solver := range []string{"qr", "gd", "adam"} {
		m := &linear.LinearRegression{Config: linear.LinearRegressionConfig{Solver: solver, LearningRate: 0.1, MaxIter: 5000}}
		if err := m.Fit(X, dia.Y); err != nil {
			return err
		}
		r2, err := m.Score(X, dia.Y)
		if err != nil {
			return err
		}
		how := "closed form (QR)"
		if solver != "qr" {
			how = fmt.Sprintf("%d iterations, converged: %v", m.Iterations(), m.Converged())
		}
		fmt.Fprintf(w, "%-5s R² %.6f, bmi coefficient %.3f  [%s]\n", solver, r2, m.Coef()[2], how)
	}

	fmt.Fprintln(w, "\n== Grid search of an RBF SVM on iris (5-fold stratified cross-validation)")
	iris := data.Iris()
	res, err := selection.GridSearch(svm.SVCFactory(svm.SVCConfig{}), selection.Grid{
		"C":     {0.1, 1.0, 10.0},
		"gamma": {"scale", 0.01},
	}, iris.X, iris.Y, selection.GridConfig{})
	if err != nil {
		return err
	}
	fmt.Fprint(w, res.Table())
	fmt.Fprintf(w, "best: %v with mean accuracy %.3f\n", res.Best, res.BestScore)

	fmt.Fprintln(w, "\n== Privacy: the budget of DP-SGD on 60,000 examples, batches of 150, σ = 1.3, 15 epochs")
	eps, order, err := privacy.Accountant{}.Epsilon(150.0/60000, 1.3, 6000, 1e-5)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "(ε, δ) = (%.4f, 1e-5), from Rényi order %g\n", eps, order)
	return nil
}
