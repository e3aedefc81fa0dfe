package main

import (
	"math"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/internal/benchdata"
	"github.com/descentml/descent/core/svm"
	"gonum.org/v1/gonum/mat"
)

// svmTasks compares core/svm with scikit-learn's SVC (libsvm) and LinearSVC
// (liblinear) at their default settings.
func svmTasks() []Task {
	return []Task{
		{
			Name:    "SVC rbf C=1 γ=scale 5000×20",
			Quality: "accuracy",
			Data:    func() (*mat.Dense, []float64) { return benchdata.NonlinearClasses(5000, 20, 1) },
			Go: func(X *mat.Dense, y []float64) (float64, error) {
				m := &svm.SVC{}
				if err := m.Fit(X, y); err != nil {
					return 0, err
				}
				return m.Score(X, y)
			},
			Python: "svc_rbf",
		},
		{
			Name:    "SVC rbf C=1 γ=scale breast cancer (standardized)",
			Quality: "accuracy",
			Data:    breastCancerStandardized,
			Go: func(X *mat.Dense, y []float64) (float64, error) {
				m := &svm.SVC{}
				if err := m.Fit(X, y); err != nil {
					return 0, err
				}
				return m.Score(X, y)
			},
			Python: "svc_rbf",
		},
		{
			Name:    "LinearSVC squared hinge C=1 100000×100",
			Quality: "accuracy",
			Data:    func() (*mat.Dense, []float64) { return benchdata.LinearClasses(100000, 100, 3) },
			Go: func(X *mat.Dense, y []float64) (float64, error) {
				m := &svm.LinearSVC{}
				if err := m.Fit(X, y); err != nil {
					return 0, err
				}
				return m.Score(X, y)
			},
			Python: "linear_svc",
		},
	}
}

// breastCancerStandardized is the breast cancer data with each feature
// centred and scaled to unit (population) variance.
func breastCancerStandardized() (*mat.Dense, []float64) {
	ds := data.BreastCancer()
	n, p := ds.X.Dims()
	X := mat.DenseCopyOf(ds.X)
	for j := range p {
		var s float64
		for i := range n {
			s += X.At(i, j)
		}
		mean := s / float64(n)
		var ss float64
		for i := range n {
			d := X.At(i, j) - mean
			ss += d * d
		}
		sd := math.Sqrt(ss / float64(n))
		for i := range n {
			X.Set(i, j, (X.At(i, j)-mean)/sd)
		}
	}
	return X, ds.Y
}
