package metrics

import (
	"fmt"
	"math"
)

// MSE returns the mean squared error mean((yTrue[i] - yPred[i])²), as
// sklearn's mean_squared_error.
func MSE(yTrue, yPred []float64) (float64, error) {
	if err := checkPair("MSE", yTrue, yPred); err != nil {
		return 0, err
	}
	return sumSquares(yTrue, yPred) / float64(len(yTrue)), nil
}

// RMSE returns the root mean squared error √MSE, in the units of y.
func RMSE(yTrue, yPred []float64) (float64, error) {
	if err := checkPair("RMSE", yTrue, yPred); err != nil {
		return 0, err
	}
	return math.Sqrt(sumSquares(yTrue, yPred) / float64(len(yTrue))), nil
}

// MAE returns the mean absolute error mean(|yTrue[i] - yPred[i]|), as
// sklearn's mean_absolute_error.
func MAE(yTrue, yPred []float64) (float64, error) {
	if err := checkPair("MAE", yTrue, yPred); err != nil {
		return 0, err
	}
	var s float64
	for i, t := range yTrue {
		s += math.Abs(t - yPred[i])
	}
	return s / float64(len(yTrue)), nil
}

// R2 returns the coefficient of determination 1 - SS_res/SS_tot, where
// SS_res = Σ(yTrue[i] - yPred[i])² and SS_tot = Σ(yTrue[i] - mean(yTrue))².
// It is 1 for perfect predictions, 0 for always predicting the mean of
// yTrue, and negative for worse predictions, as sklearn's r2_score.
//
// When yTrue is constant (SS_tot = 0) R² is undefined; like sklearn (with
// its default force_finite=True) R2 then returns 1 if the predictions are
// perfect and 0 otherwise. R² needs at least two samples: with one, R2
// returns NaN and an error (sklearn returns NaN with a warning).
func R2(yTrue, yPred []float64) (float64, error) {
	if err := checkPair("R2", yTrue, yPred); err != nil {
		return 0, err
	}
	if len(yTrue) < 2 {
		return math.NaN(), fmt.Errorf("metrics: R2: R² is not defined for a single sample")
	}
	var mean float64
	for _, t := range yTrue {
		mean += t
	}
	mean /= float64(len(yTrue))
	var ssTot float64
	for _, t := range yTrue {
		d := t - mean
		ssTot += d * d
	}
	ssRes := sumSquares(yTrue, yPred)
	if ssTot == 0 {
		if ssRes == 0 {
			return 1, nil
		}
		return 0, nil
	}
	return 1 - ssRes/ssTot, nil
}

// sumSquares returns Σ(a[i] - b[i])².
func sumSquares(a, b []float64) float64 {
	var s float64
	for i, x := range a {
		d := x - b[i]
		s += d * d
	}
	return s
}
