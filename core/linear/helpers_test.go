package linear

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/data"
)

// reference holds the scikit-learn results written by testdata/gen_reference.py.
type reference struct {
	OLS []struct {
		Data         string    `json:"data"`
		FitIntercept bool      `json:"fit_intercept"`
		Coef         []float64 `json:"coef"`
		Intercept    float64   `json:"intercept"`
		Rank         int       `json:"rank"`
		R2           float64   `json:"r2"`
	} `json:"ols"`
	Ridge []struct {
		Data         string    `json:"data"`
		Alpha        float64   `json:"alpha"`
		FitIntercept bool      `json:"fit_intercept"`
		Coef         []float64 `json:"coef"`
		Intercept    float64   `json:"intercept"`
		R2           float64   `json:"r2"`
	} `json:"ridge"`
	Lasso []struct {
		Alpha            float64   `json:"alpha"`
		FitIntercept     bool      `json:"fit_intercept"`
		Coef             []float64 `json:"coef"`
		Intercept        float64   `json:"intercept"`
		DefaultCoef      []float64 `json:"default_coef"`
		DefaultIntercept float64   `json:"default_intercept"`
		DefaultNIter     int       `json:"default_n_iter"`
		DefaultDualGap   float64   `json:"default_dual_gap"`
	} `json:"lasso"`
	ENet []struct {
		Alpha     float64   `json:"alpha"`
		L1Ratio   float64   `json:"l1_ratio"`
		Coef      []float64 `json:"coef"`
		Intercept float64   `json:"intercept"`
	} `json:"enet"`
	Logistic []struct {
		Data           string    `json:"data"`
		C              float64   `json:"C"`
		FitIntercept   bool      `json:"fit_intercept"`
		LogLoss        float64   `json:"log_loss"`
		Objective      float64   `json:"objective"`
		Coef           []float64 `json:"coef"`
		Intercept      []float64 `json:"intercept"`
		ProbaFirst     []float64 `json:"proba_first"`
		Accuracy       float64   `json:"accuracy"`
		DefaultLogLoss float64   `json:"default_log_loss"`
		DefaultNIter   int       `json:"default_n_iter"`
	} `json:"logistic"`
}

func loadReference(t *testing.T) *reference {
	t.Helper()
	b, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var r reference
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// standardize returns (X − mean)/std column-wise with the population
// standard deviation, as scikit-learn's StandardScaler and the reference
// script do.
func standardize(X *mat.Dense) *mat.Dense {
	n, p := X.Dims()
	out := mat.NewDense(n, p, nil)
	for j := 0; j < p; j++ {
		var mean float64
		for i := 0; i < n; i++ {
			mean += X.At(i, j)
		}
		mean /= float64(n)
		var ss float64
		for i := 0; i < n; i++ {
			d := X.At(i, j) - mean
			ss += d * d
		}
		sd := math.Sqrt(ss / float64(n))
		for i := 0; i < n; i++ {
			out.Set(i, j, (X.At(i, j)-mean)/sd)
		}
	}
	return out
}

// diabetes returns the diabetes data, raw or standardized.
func diabetes(kind string) (*mat.Dense, []float64) {
	ds := data.Diabetes()
	switch kind {
	case "raw":
		return ds.X, ds.Y
	case "std":
		return standardize(ds.X), ds.Y
	case "rankdef":
		n, p := ds.X.Dims()
		X := mat.NewDense(n, p+2, nil)
		for i := 0; i < n; i++ {
			for j := 0; j < p; j++ {
				X.Set(i, j, ds.X.At(i, j))
			}
			X.Set(i, p, ds.X.At(i, 2))
			X.Set(i, p+1, ds.X.At(i, 0)+ds.X.At(i, 1))
		}
		return X, ds.Y
	}
	panic("unknown diabetes kind " + kind)
}

// relErr returns max|got − want| / max(max|want|, tiny), the error relative
// to the largest reference value.
func relErr(got, want []float64) float64 {
	if len(got) != len(want) {
		return math.Inf(1)
	}
	var scale, diff float64
	for i := range want {
		scale = max(scale, math.Abs(want[i]))
		diff = max(diff, math.Abs(got[i]-want[i]))
	}
	return diff / max(scale, 1e-300)
}

func relDiff(got, want float64) float64 {
	return math.Abs(got-want) / max(math.Abs(want), 1e-300)
}
