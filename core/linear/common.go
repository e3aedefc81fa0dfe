package linear

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/model"
)

// linearPredict returns Xw + b for every row of X, in parallel over row
// chunks, each scored as four streams by dotStreams.
func linearPredict(X *mat.Dense, w []float64, b float64) []float64 {
	raw := X.RawMatrix()
	out := make([]float64, raw.Rows)
	forChunks(raw.Rows, numWorkers(numChunks(raw.Rows)), func(_, _, lo, hi int) {
		quarter := (hi - lo + 3) / 4
		var off, cnt [4]int
		var zs [4][]float64
		for s := 0; s < 4; s++ {
			start := min(lo+s*quarter, hi)
			end := min(start+quarter, hi)
			off[s], cnt[s], zs[s] = start*raw.Stride, end-start, out[start:end]
		}
		dotStreams(raw.Data, raw.Stride, off, cnt, w[:raw.Cols], b, zs)
	})
	return out
}

// r2Score returns the coefficient of determination 1 − SS_res/SS_tot, with
// scikit-learn's conventions for a constant y: 1 for a perfect fit, else 0.
func r2Score(y, pred []float64) float64 {
	var mean float64
	for _, v := range y {
		mean += v
	}
	mean /= float64(len(y))
	var ssRes, ssTot float64
	for i, v := range y {
		d := v - pred[i]
		ssRes += d * d
		e := v - mean
		ssTot += e * e
	}
	if ssTot == 0 {
		if ssRes == 0 {
			return 1
		}
		return 0
	}
	return 1 - ssRes/ssTot
}

// checkPredict validates X for a model fitted on p features and returns it
// as a *mat.Dense (no copy when it already is one).
func checkPredict(X mat.Matrix, p int) (*mat.Dense, error) {
	if p == 0 {
		return nil, model.ErrNotFitted
	}
	if _, _, err := model.CheckX(X, p); err != nil {
		return nil, err
	}
	return model.Dense(X), nil
}

// regressorScore scores predictions against y as R².
func regressorScore(pred, y []float64) (float64, error) {
	if len(y) != len(pred) {
		return 0, fmt.Errorf("y has %d values but X has %d rows", len(y), len(pred))
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("y[%d] is %v: targets must be finite", i, v)
		}
	}
	return r2Score(y, pred), nil
}

// checkFinite returns an error naming the first non-finite value of v.
func checkFinite(name string, v []float64) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s[%d] is %v", name, i, x)
		}
	}
	return nil
}

// checkXY validates X and y as model.CheckXY does and returns X as a
// *mat.Dense (no copy when it already is one). For a *mat.Dense the scan for
// NaN and ±Inf runs in parallel over row chunks and sums each chunk with
// gonum's vectorized Sum: a sum is finite only if every term is (NaN and
// ±Inf propagate), so only when a sum is not finite (or overflows) does the
// exact, slower scan of model.CheckX run, to name the offending cell.
func checkXY(X mat.Matrix, y []float64) (*mat.Dense, error) {
	Xd, ok := X.(*mat.Dense)
	if !ok || Xd.IsEmpty() {
		if _, _, err := model.CheckXY(X, y); err != nil {
			return nil, err
		}
		return model.Dense(X), nil
	}
	raw := Xd.RawMatrix()
	if len(y) != raw.Rows {
		_, _, err := model.CheckXY(X, y) // the shared wording
		return nil, err
	}
	nc := numChunks(raw.Rows)
	bad := make([]bool, nc)
	forChunks(raw.Rows, numWorkers(nc), func(_, c, lo, hi int) {
		var s float64
		if raw.Stride == raw.Cols {
			s = floats.Sum(raw.Data[lo*raw.Stride : hi*raw.Stride])
		} else {
			for i := lo; i < hi; i++ {
				s += floats.Sum(raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols])
			}
		}
		s += floats.Sum(y[lo:hi])
		bad[c] = math.IsNaN(s) || math.IsInf(s, 0)
	})
	for _, b := range bad {
		if b {
			if _, _, err := model.CheckXY(X, y); err != nil {
				return nil, err
			}
			break
		}
	}
	return Xd, nil
}

// checkShape validates the shapes of X and y (not their values) and returns
// X as a *mat.Dense. The least-squares solvers learn whether every value is
// finite from the sums they compute anyway (see blockSweep) and call
// nonFinite when one is not.
func checkShape(X mat.Matrix, y []float64) (*mat.Dense, error) {
	Xd, ok := X.(*mat.Dense)
	if !ok || Xd.IsEmpty() || Xd.RawMatrix().Rows != len(y) {
		if _, _, err := model.CheckXY(X, y); err != nil {
			return nil, err
		}
		return model.Dense(X), nil
	}
	return Xd, nil
}

// nonFinite returns the error for X and y whose sums are not finite: the
// exact check names the NaN or ±Inf cell; if there is none, the values are
// so large that their sums overflow.
func nonFinite(X mat.Matrix, y []float64) error {
	if _, _, err := model.CheckXY(X, y); err != nil {
		return err
	}
	return fmt.Errorf("the sums of the columns of X or of y overflow float64: rescale the data")
}
