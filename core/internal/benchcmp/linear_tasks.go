package main

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/linear"
	"github.com/descentml/descent/core/model"
)

// linearTasks compares core/linear with scikit-learn's LinearRegression,
// Ridge and LogisticRegression at their default settings on tall data.
func linearTasks() []Task {
	return []Task{
		{
			Name:    "LinearRegression 100000×100",
			Quality: "R²",
			Data:    func() (*mat.Dense, []float64) { return linearRegressionData(100000, 100, 11) },
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
			Data:    func() (*mat.Dense, []float64) { return linearRegressionData(100000, 100, 11) },
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
			Data:    func() (*mat.Dense, []float64) { return logisticData(100000, 100, 12) },
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

// linearRegressionData draws n standard-normal samples in p dimensions and
// a target y = Xw + 3 + N(0, 0.5²) with standard-normal weights w.
func linearRegressionData(n, p int, seed uint64) (*mat.Dense, []float64) {
	rng := model.NewRand(seed)
	X := mat.NewDense(n, p, nil)
	w := make([]float64, p)
	for j := range w {
		w[j] = rng.NormFloat64()
	}
	y := make([]float64, n)
	for i := range n {
		r := X.RawRowView(i)
		var s float64
		for j := range r {
			r[j] = rng.NormFloat64()
			s += r[j] * w[j]
		}
		y[i] = s + 3 + 0.5*rng.NormFloat64()
	}
	return X, y
}

// logisticData draws n standard-normal samples in p dimensions and labels
// 1{0.3·xᵀw + N(0, 1) > 0}: the noise keeps the classes overlapping, so the
// maximum-likelihood problem has a finite optimum (log loss about 0.21).
func logisticData(n, p int, seed uint64) (*mat.Dense, []float64) {
	rng := model.NewRand(seed)
	X := mat.NewDense(n, p, nil)
	w := make([]float64, p)
	for j := range w {
		w[j] = rng.NormFloat64()
	}
	y := make([]float64, n)
	for i := range n {
		r := X.RawRowView(i)
		var s float64
		for j := range r {
			r[j] = rng.NormFloat64()
			s += r[j] * w[j]
		}
		if 0.3*s+rng.NormFloat64() > 0 {
			y[i] = 1
		}
	}
	return X, y
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
