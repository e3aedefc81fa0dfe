package main

import (
	"math"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/model"
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
			Data:    func() (*mat.Dense, []float64) { return svmNonlinearData(5000, 20, 1) },
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
			Data:    func() (*mat.Dense, []float64) { return svmLinearData(100000, 100, 3) },
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

// svmNonlinearData draws n standard-normal samples in p dimensions and two
// classes separated by a nonlinear, noisy rule (an RBF kernel's job).
func svmNonlinearData(n, p int, seed uint64) (*mat.Dense, []float64) {
	rng := model.NewRand(seed)
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := range n {
		r := X.RawRowView(i)
		for j := range r {
			r[j] = rng.NormFloat64()
		}
		s := r[0]*r[1] + math.Sin(2*r[2]) + 0.5*r[3] - 0.5*r[4]*r[4] + 0.5 + 0.3*rng.NormFloat64()
		if s > 0 {
			y[i] = 1
		}
	}
	return X, y
}

// svmLinearData draws n normal samples (standard deviation 0.1, so that
// ‖x‖ ≈ 1 and the solvers converge well within their default 1000 passes)
// in p dimensions, labelled by the sign of a random linear function plus
// noise (about 6% of the labels disagree with the best linear rule).
func svmLinearData(n, p int, seed uint64) (*mat.Dense, []float64) {
	rng := model.NewRand(seed)
	w := make([]float64, p)
	for j := range w {
		w[j] = rng.NormFloat64()
	}
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := range n {
		r := X.RawRowView(i)
		var s float64
		for j := range r {
			z := rng.NormFloat64()
			s += z * w[j]
			r[j] = 0.1 * z
		}
		if s+2*rng.NormFloat64() > 0 {
			y[i] = 1
		}
	}
	return X, y
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
