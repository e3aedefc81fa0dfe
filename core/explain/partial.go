package explain

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/model"
)

// PredictorFunc adapts a function to model.Predictor, to explain any
// response of a model — a decision function, the probability of a class —
// or a hand-written function.
type PredictorFunc func(X mat.Matrix) ([]float64, error)

// Predict calls f.
func (f PredictorFunc) Predict(X mat.Matrix) ([]float64, error) { return f(X) }

// ProbaPredictor is a model that estimates class probabilities, such as a
// model.ProbabilisticClassifier.
type ProbaPredictor interface {
	PredictProba(X mat.Matrix) (*mat.Dense, error)
}

// Proba returns a Predictor whose prediction is the probability of column
// col of m.PredictProba (the class Classes()[col]), so that partial
// dependence or permutation importance can study a probability, as
// scikit-learn does for classifiers (for binary problems it uses the
// positive class, col = 1).
func Proba(m ProbaPredictor, col int) model.Predictor {
	return PredictorFunc(func(X mat.Matrix) ([]float64, error) {
		P, err := m.PredictProba(X)
		if err != nil {
			return nil, err
		}
		if _, c := P.Dims(); col < 0 || col >= c {
			return nil, fmt.Errorf("explain: Proba: class column %d out of range: the model gives %d probabilities", col, c)
		}
		return mat.Col(nil, col, P), nil
	})
}

// PDConfig configures PartialDependence and ICE.
type PDConfig struct {
	// GridResolution is the number of grid points when the feature has at
	// least that many distinct values; otherwise the grid is its sorted
	// distinct values. Must be at least 2. Default 100.
	GridResolution int
	// Percentiles are the lower and upper quantiles (in [0, 1]) of the
	// feature that bound the grid. Default (zero value) {0.05, 0.95}.
	Percentiles [2]float64
	// Grid, when non-nil, is used as the grid as is, overriding
	// GridResolution and Percentiles.
	Grid []float64
}

// PDGrid returns the grid of values of column feature of X at which partial
// dependence is evaluated, exactly as scikit-learn builds it: the sorted
// distinct values when there are fewer than GridResolution of them, else
// GridResolution evenly spaced points between the Percentiles quantiles
// (computed like scipy's mquantiles with its default plotting positions
// alphap = betap = 0.4).
func PDGrid(X mat.Matrix, feature int, cfg PDConfig) ([]float64, error) {
	g, err := pdGrid(X, feature, cfg)
	if err != nil {
		return nil, fmt.Errorf("explain: PDGrid: %w", err)
	}
	return g, nil
}

func pdGrid(X mat.Matrix, feature int, cfg PDConfig) ([]float64, error) {
	_, p, err := model.CheckX(X, 0)
	if err != nil {
		return nil, err
	}
	if feature < 0 || feature >= p {
		return nil, fmt.Errorf("feature %d out of range: X has %d columns", feature, p)
	}
	if cfg.Grid != nil {
		if len(cfg.Grid) == 0 {
			return nil, fmt.Errorf("PDConfig.Grid is empty")
		}
		if err := finite("Grid", cfg.Grid); err != nil {
			return nil, err
		}
		return slices.Clone(cfg.Grid), nil
	}
	res := cfg.GridResolution
	if res == 0 {
		res = 100
	}
	if res < 2 {
		return nil, fmt.Errorf("PDConfig.GridResolution = %d must be at least 2", cfg.GridResolution)
	}
	lo, hi := cfg.Percentiles[0], cfg.Percentiles[1]
	if lo == 0 && hi == 0 {
		lo, hi = 0.05, 0.95
	}
	if !(lo >= 0 && hi <= 1 && lo < hi) {
		return nil, fmt.Errorf("PDConfig.Percentiles = [%v %v]: need 0 ≤ low < high ≤ 1", lo, hi)
	}
	col := mat.Col(nil, feature, X)
	slices.Sort(col)
	uniq := slices.Compact(slices.Clone(col))
	if len(uniq) < res {
		return uniq, nil
	}
	a, b := mquantile(col, lo), mquantile(col, hi)
	// numpy.allclose(a, b): |a-b| ≤ 1e-8 + 1e-5·|b|.
	if math.Abs(a-b) <= 1e-8+1e-5*math.Abs(b) {
		return nil, fmt.Errorf("the %v and %v quantiles of feature %d are both about %v: choose percentiles further apart", lo, hi, feature, a)
	}
	return linspace(a, b, res), nil
}

// mquantile is scipy.stats.mstats.mquantiles(x, prob) with its defaults
// alphap = betap = 0.4, for sorted x, reproduced operation by operation so
// that grids agree with scikit-learn to the last bit. The explicit float64
// conversions keep the compiler from fusing multiply-adds.
func mquantile(sorted []float64, prob float64) float64 {
	n := len(sorted)
	if n == 1 {
		return sorted[0]
	}
	alphap, betap := 0.4, 0.4 // variables: 1-α-β must round as in NumPy
	m := alphap + float64(prob*((1-alphap)-betap))
	aleph := float64(float64(n)*prob) + m
	k := math.Floor(min(max(aleph, 1), float64(n-1)))
	gamma := min(max(aleph-k, 0), 1)
	ki := int(k)
	return float64((1-gamma)*sorted[ki-1]) + float64(gamma*sorted[ki])
}

// linspace is numpy.linspace(start, stop, num) (endpoint included).
func linspace(start, stop float64, num int) []float64 {
	out := make([]float64, num)
	step := (stop - start) / float64(num-1)
	for i := range out {
		out[i] = float64(float64(i)*step) + start
	}
	out[num-1] = stop
	return out
}

// PartialDependence returns the partial dependence of m's prediction on
// column feature of X: for each value v of the grid (see PDGrid), the
// average prediction over all rows of X with that column set to v —
// scikit-learn's partial_dependence with method="brute" and
// kind="average". For a classifier, pass Proba(m, 1) to study the
// probability of the positive class, as scikit-learn does.
func PartialDependence(m model.Predictor, X mat.Matrix, feature int, cfg PDConfig) (grid, avg []float64, err error) {
	grid, curves, err := ice(m, X, feature, cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("explain: PartialDependence: %w", err)
	}
	n, _ := curves.Dims()
	avg = make([]float64, len(grid))
	for g := range grid {
		s := 0.0
		for i := 0; i < n; i++ {
			s += curves.At(i, g)
		}
		avg[g] = s / float64(n)
	}
	return grid, avg, nil
}

// ICE returns individual conditional expectation curves: curves.At(i, g) is
// the prediction for row i of X with column feature set to grid[g].
// Averaging the rows gives PartialDependence; their spread shows
// interactions that the average hides (scikit-learn's kind="individual").
func ICE(m model.Predictor, X mat.Matrix, feature int, cfg PDConfig) (grid []float64, curves *mat.Dense, err error) {
	grid, curves, err = ice(m, X, feature, cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("explain: ICE: %w", err)
	}
	return grid, curves, nil
}

func ice(m model.Predictor, X mat.Matrix, feature int, cfg PDConfig) ([]float64, *mat.Dense, error) {
	if m == nil {
		return nil, nil, fmt.Errorf("model is nil")
	}
	grid, err := pdGrid(X, feature, cfg)
	if err != nil {
		return nil, nil, err
	}
	n, _ := X.Dims()
	work := mat.DenseCopyOf(X)
	curves := mat.NewDense(n, len(grid), nil)
	for g, v := range grid {
		for i := 0; i < n; i++ {
			work.Set(i, feature, v)
		}
		pred, err := m.Predict(work)
		if err != nil {
			return nil, nil, fmt.Errorf("predicting at grid value %v: %w", v, err)
		}
		if len(pred) != n {
			return nil, nil, fmt.Errorf("model returned %d predictions for %d rows", len(pred), n)
		}
		curves.SetCol(g, pred)
	}
	return grid, curves, nil
}
