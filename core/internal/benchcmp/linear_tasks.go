package main

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/internal/benchdata"
	"github.com/descentml/descent/core/linear"
)

// linearTasks compares core/linear with scikit-learn's LinearRegression,
// Ridge and LogisticRegression at their default settings on tall data.
func linearTasks() []Task {
	return []Task{
		{
			Name:    "LinearRegression 100000×100",
			Quality: "R²",
			Data:    func() (*mat.Dense, []float64) { return benchdata.Regression(100000, 100, 11) },
			Go: func(X *mat.Dense, y []float64) (float64, error) {
				var m linear.LinearRegression
				if err := m.Fit(X, y); err != nil {
					return 0, err
				}
				return m.Score(X, y)
			},
			Python: "linear_regression",
		},
		{
			Name:    "Ridge α=1 100000×100",
			Quality: "R²",
			Data:    func() (*mat.Dense, []float64) { return benchdata.Regression(100000, 100, 11) },
			Go: func(X *mat.Dense, y []float64) (float64, error) {
				m := linear.Ridge{Config: linear.RidgeConfig{Alpha: 1}}
				if err := m.Fit(X, y); err != nil {
					return 0, err
				}
				return m.Score(X, y)
			},
			Python: "ridge",
		},
		{
			Name:    "LogisticRegression lbfgs C=1 100000×100",
			Quality: "log loss",
			Data:    func() (*mat.Dense, []float64) { return benchdata.Logistic(100000, 100, 12) },
			Go: func(X *mat.Dense, y []float64) (float64, error) {
				m := linear.LogisticRegression{Config: linear.LogisticRegressionConfig{C: 1}}
				if err := m.Fit(X, y); err != nil {
					return 0, err
				}
				P, err := m.PredictProba(X)
				if err != nil {
					return 0, err
				}
				return binaryLogLoss(y, P)
			},
			Python: "logistic_regression",
		},
	}
}

// binaryLogLoss is the mean negative log-likelihood of labels 0/1 under the
// probabilities P (column 1 = P(y = 1)), clipped as scikit-learn's log_loss.
func binaryLogLoss(y []float64, P *mat.Dense) (float64, error) {
	n, k := P.Dims()
	if n != len(y) || k != 2 {
		return 0, fmt.Errorf("log loss: %d×%d probabilities for %d labels", n, k, len(y))
	}
	const eps = 1e-15
	var s float64
	for i, v := range y {
		p := min(max(P.At(i, int(v)), eps), 1-eps)
		s -= math.Log(p)
	}
	return s / float64(n), nil
}
