package main

import (
	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/internal/benchdata"
	"github.com/descentml/descent/core/linear"
	"github.com/descentml/descent/core/metrics"
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
				return metrics.LogLoss(y, P, m.Classes())
			},
			Python: "logistic_regression",
		},
	}
}
