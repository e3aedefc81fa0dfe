package sgd

import (
	"fmt"
	"slices"

	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// Regressor is a linear regression model fitted by stochastic gradient
// descent, as scikit-learn's SGDRegressor: least squares by default, robust
// regression with Loss "huber", linear support-vector regression with
// "epsilon_insensitive".
//
// The zero value is usable: &Regressor{} fits ridge-penalized least squares
// with the "invscaling" learning rate. Features should be standardized:
// SGD is sensitive to feature scales.
type Regressor struct {
	// Config holds the hyper-parameters; Fit reads it and never changes it.
	Config Config

	lossName  string
	coef      []float64
	intercept float64
	nFeatures int
	nIter     int
	converged bool
	lossCurve []float64
	history   []Epoch
}

var _ model.Regressor = (*Regressor)(nil)

// Fit learns the weights from X (n samples × p features) and targets y.
func (r *Regressor) Fit(X mat.Matrix, y []float64) error {
	if err := r.fit(X, y, nil); err != nil {
		return fmt.Errorf("sgd: Regressor.Fit: %w", err)
	}
	return nil
}

// fit is Fit with an optional explicit validation mask (for tests that
// reproduce scikit-learn's split).
func (r *Regressor) fit(X mat.Matrix, y []float64, mask []bool) error {
	s, err := r.Config.resolve(lossSquaredError, rateInvscaling, 0.25, regressorLosses)
	if err != nil {
		return err
	}
	n, p, err := model.CheckXY(X, y)
	if err != nil {
		return err
	}
	rng := model.NewRand(s.seed)
	if s.early && mask == nil {
		if mask, err = validationSplit(n, s.valFraction, rng); err != nil {
			return err
		}
	}
	if !s.early {
		mask = nil
	}
	train, val := trainIndices(n, mask), heldOut(mask)
	raw := model.Dense(X).RawMatrix()
	pr := &problem{x: raw.Data, stride: raw.Stride, p: p, y: y, train: train}
	if s.early {
		pr.score = func(w []float64, b float64) float64 { return r2On(pr, val, w, b) }
	}
	res, err := plainSGD(pr, s, model.NewRand(rng.Uint64()))
	if err != nil {
		return err
	}
	r.lossName = s.lossName
	r.coef, r.intercept = res.coef, res.intercept
	if useAverage(s, res.nIter, n) {
		r.coef, r.intercept = res.avgCoef, res.avgIntercept
	}
	r.nFeatures = p
	r.nIter = res.nIter
	r.converged = res.converged
	r.history = res.history
	r.lossCurve = meanCurve([][]Epoch{res.history}, res.nIter)
	return nil
}

// r2On is the R² of w·x + b on the samples idx.
func r2On(pr *problem, idx []int, w []float64, b float64) float64 {
	mean := 0.0
	for _, i := range idx {
		mean += pr.y[i]
	}
	mean /= float64(len(idx))
	var ssRes, ssTot float64
	for _, i := range idx {
		d := 0.0
		for j, v := range pr.row(i) {
			d += w[j] * v
		}
		d += b
		ssRes += (pr.y[i] - d) * (pr.y[i] - d)
		ssTot += (pr.y[i] - mean) * (pr.y[i] - mean)
	}
	return r2(ssRes, ssTot)
}

// r2 is 1 − ssRes/ssTot, with scikit-learn's convention for constant
// targets: 1 for a perfect fit, else 0.
func r2(ssRes, ssTot float64) float64 {
	if ssTot == 0 {
		if ssRes == 0 {
			return 1
		}
		return 0
	}
	return 1 - ssRes/ssTot
}

func (r *Regressor) fitted() bool { return r.coef != nil }

// Coef returns a copy of the weights, one per feature (nil before Fit).
func (r *Regressor) Coef() []float64 { return append([]float64(nil), r.coef...) }

// Intercept returns the intercept (0 before Fit or with NoIntercept).
func (r *Regressor) Intercept() float64 { return r.intercept }

// Epochs returns the number of epochs run (scikit-learn's n_iter_).
func (r *Regressor) Epochs() int { return r.nIter }

// Converged reports whether the last Fit stopped by its tolerance rule
// rather than by reaching MaxIter.
func (r *Regressor) Converged() bool { return r.converged }

// LossCurve returns the mean training loss of each epoch (see Epoch.Loss).
// It is nil before Fit.
func (r *Regressor) LossCurve() []float64 { return append([]float64(nil), r.lossCurve...) }

// History returns the epochs of the last Fit, with the weights after each
// epoch when Config.Record is set. It is not saved by MarshalJSON.
func (r *Regressor) History() []Epoch { return slices.Clone(r.history) }

// Predict returns w·x + b for each row of X.
func (r *Regressor) Predict(X mat.Matrix) ([]float64, error) {
	if !r.fitted() {
		return nil, fmt.Errorf("sgd: Regressor.Predict: %w", model.ErrNotFitted)
	}
	n, _, err := model.CheckX(X, r.nFeatures)
	if err != nil {
		return nil, fmt.Errorf("sgd: Regressor.Predict: %w", err)
	}
	d := linearScores(X, n, [][]float64{r.coef}, []float64{r.intercept})
	return d.RawMatrix().Data, nil
}

// Score returns the coefficient of determination R² of Predict on (X, y).
func (r *Regressor) Score(X mat.Matrix, y []float64) (float64, error) {
	pred, err := r.Predict(X)
	if err != nil {
		return 0, fmt.Errorf("sgd: Regressor.Score: %w", err)
	}
	if err := checkTargets(y, len(pred)); err != nil {
		return 0, fmt.Errorf("sgd: Regressor.Score: %w", err)
	}
	mean := 0.0
	for _, v := range y {
		mean += v
	}
	mean /= float64(len(y))
	var ssRes, ssTot float64
	for i, v := range y {
		ssRes += (v - pred[i]) * (v - pred[i])
		ssTot += (v - mean) * (v - mean)
	}
	return r2(ssRes, ssTot), nil
}
