package model

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// CheckX validates a feature matrix: it must be non-nil, have at least one
// row and one column, and hold only finite numbers. When wantCols > 0 the
// column count must equal it (for a fitted model). The error names the first
// offending row and column (0-based). It returns the dimensions.
func CheckX(X mat.Matrix, wantCols int) (n, p int, err error) {
	if X == nil {
		return 0, 0, fmt.Errorf("input X is nil")
	}
	n, p = X.Dims()
	if n == 0 || p == 0 {
		return n, p, fmt.Errorf("input X is empty (%d×%d): need at least one sample and one feature", n, p)
	}
	if wantCols > 0 && p != wantCols {
		return n, p, fmt.Errorf("input X has %d features, but the model was fitted with %d", p, wantCols)
	}
	if d, ok := X.(mat.RawMatrixer); ok {
		raw := d.RawMatrix()
		for i := 0; i < n; i++ {
			row := raw.Data[i*raw.Stride : i*raw.Stride+p]
			for j, v := range row {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return n, p, fmt.Errorf("input X[%d][%d] is %v: features must be finite", i, j, v)
				}
			}
		}
		return n, p, nil
	}
	for i := 0; i < n; i++ {
		for j := 0; j < p; j++ {
			if v := X.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return n, p, fmt.Errorf("input X[%d][%d] is %v: features must be finite", i, j, v)
			}
		}
	}
	return n, p, nil
}

// CheckXY validates X as CheckX does (with no column requirement) and y:
// its length must equal the number of rows of X and its values be finite.
func CheckXY(X mat.Matrix, y []float64) (n, p int, err error) {
	n, p, err = CheckX(X, 0)
	if err != nil {
		return n, p, err
	}
	if len(y) != n {
		return n, p, fmt.Errorf("input X has %d rows but y has %d values", n, len(y))
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return n, p, fmt.Errorf("y[%d] is %v: targets must be finite", i, v)
		}
	}
	return n, p, nil
}

// ClassLabels returns the sorted distinct labels of y. It is an error when
// there are fewer than two classes, or when a label is not a whole number.
func ClassLabels(y []float64) ([]float64, error) {
	seen := make(map[float64]struct{})
	for i, v := range y {
		if v != math.Trunc(v) || math.IsInf(v, 0) || math.IsNaN(v) {
			return nil, fmt.Errorf("y[%d] = %v is not a class label: labels must be whole numbers", i, v)
		}
		seen[v] = struct{}{}
	}
	classes := make([]float64, 0, len(seen))
	for c := range seen {
		classes = append(classes, c)
	}
	slices.Sort(classes)
	if len(classes) < 2 {
		return classes, fmt.Errorf("y holds a single class (%v): a classifier needs at least two", classes)
	}
	return classes, nil
}

// ClassIndex maps each label of y to its position in classes (as returned by
// ClassLabels). A label absent from classes is an error.
func ClassIndex(y, classes []float64) ([]int, error) {
	idx := make([]int, len(y))
	for i, v := range y {
		k, ok := slices.BinarySearch(classes, v)
		if !ok {
			return nil, fmt.Errorf("y[%d] = %v is not one of the classes %v", i, v, classes)
		}
		idx[i] = k
	}
	return idx, nil
}

// Dense returns X as a *mat.Dense without copying when it already is one;
// otherwise it copies. Callers must not modify the result.
func Dense(X mat.Matrix) *mat.Dense {
	if d, ok := X.(*mat.Dense); ok {
		return d
	}
	return mat.DenseCopyOf(X)
}
