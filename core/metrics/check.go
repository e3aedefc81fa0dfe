package metrics

import (
	"fmt"
	"math"
)

// checkPair checks that yTrue and yPred are non-empty, of equal length and
// finite. fn names the calling function for the error message.
func checkPair(fn string, yTrue, yPred []float64) error {
	if len(yTrue) == 0 {
		return fmt.Errorf("metrics: %s: yTrue is empty", fn)
	}
	if len(yTrue) != len(yPred) {
		return fmt.Errorf("metrics: %s: yTrue has %d values but yPred has %d", fn, len(yTrue), len(yPred))
	}
	if err := checkFinite(yTrue); err != nil {
		return fmt.Errorf("metrics: %s: yTrue%w", fn, err)
	}
	if err := checkFinite(yPred); err != nil {
		return fmt.Errorf("metrics: %s: yPred%w", fn, err)
	}
	return nil
}

// checkLabels is checkPair for class labels, which must also be whole
// numbers.
func checkLabels(fn string, yTrue, yPred []float64) error {
	if err := checkPair(fn, yTrue, yPred); err != nil {
		return err
	}
	if err := checkWhole(yTrue); err != nil {
		return fmt.Errorf("metrics: %s: yTrue%w", fn, err)
	}
	if err := checkWhole(yPred); err != nil {
		return fmt.Errorf("metrics: %s: yPred%w", fn, err)
	}
	return nil
}

// checkFinite returns an error starting with "[i] ..." for the first NaN or
// infinite value, to be appended to the slice's name.
func checkFinite(v []float64) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("[%d] is %v: values must be finite", i, x)
		}
	}
	return nil
}

// checkWhole returns an error starting with "[i] ..." for the first value
// that is not a whole number.
func checkWhole(v []float64) error {
	for i, x := range v {
		if x != math.Trunc(x) {
			return fmt.Errorf("[%d] = %v is not a class label: labels must be whole numbers", i, x)
		}
	}
	return nil
}
