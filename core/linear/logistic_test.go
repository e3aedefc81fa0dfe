package linear

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/data"
)

// logLoss returns the mean negative log-likelihood of the labels y under
// the probabilities P (columns in the order of classes).
func logLoss(t *testing.T, y []float64, P *mat.Dense, classes []float64) float64 {
	t.Helper()
	var s float64
	for i, v := range y {
		c := -1
		for k, cl := range classes {
			if cl == v {
				c = k
			}
		}
		if c < 0 {
			t.Fatalf("label %v not in classes %v", v, classes)
		}
		s -= math.Log(max(P.At(i, c), 1e-300))
	}
	return s / float64(len(y))
}

func logisticData(name string) (*mat.Dense, []float64) {
	switch name {
	case "breast_cancer":
		ds := data.BreastCancer()
		return standardize(ds.X), ds.Y
	case "iris":
		ds := data.Iris()
		return standardize(ds.X), ds.Y
	}
	panic("unknown dataset " + name)
}

func TestLogisticRegressionMatchesSklearn(t *testing.T) {
	ref := loadReference(t)
	for _, c := range ref.Logistic {
		t.Run(fmt.Sprintf("%s/C=%g/intercept=%v", c.Data, c.C, c.FitIntercept), func(t *testing.T) {
			X, y := logisticData(c.Data)
			// The optimum itself: tight tolerances on both sides.
			m := &LogisticRegression{Config: LogisticRegressionConfig{C: c.C, NoIntercept: !c.FitIntercept, Tol: 1e-10, MaxIter: 10000}}
			m.ftol = 1e-15
			if err := m.Fit(X, y); err != nil {
				t.Fatal(err)
			}
			P, err := m.PredictProba(X)
			if err != nil {
				t.Fatal(err)
			}
			ll := logLoss(t, y, P, m.Classes())
			if e := relDiff(ll, c.LogLoss); e > 1e-6 {
				t.Errorf("log loss %.12g, scikit-learn %.12g (relative difference %.3g)", ll, c.LogLoss, e)
			}
			var w2 float64
			for _, v := range m.Coef().RawMatrix().Data {
				w2 += v * v
			}
			obj := c.C*ll*float64(len(y)) + 0.5*w2
			if obj > c.Objective*(1+1e-9) {
				t.Errorf("objective %.12g is above scikit-learn's %.12g", obj, c.Objective)
			}
			coef := m.Coef().RawMatrix().Data
			if e := relErr(coef, c.Coef); e > 1e-5 {
				t.Errorf("coef relative error %.3g:\n got %v\nwant %v", e, coef, c.Coef)
			}
			if c.FitIntercept {
				if e := relErr(m.Intercept(), c.Intercept); e > 1e-5 {
					t.Errorf("intercept %v, want %v", m.Intercept(), c.Intercept)
				}
			}
			acc, err := m.Score(X, y)
			if err != nil {
				t.Fatal(err)
			}
			if acc != c.Accuracy {
				t.Errorf("accuracy %v, scikit-learn %v", acc, c.Accuracy)
			}

			// Default settings: the same stopping rule as scikit-learn.
			d := &LogisticRegression{Config: LogisticRegressionConfig{C: c.C, NoIntercept: !c.FitIntercept}}
			if err := d.Fit(X, y); err != nil {
				t.Fatal(err)
			}
			Pd, _ := d.PredictProba(X)
			lld := logLoss(t, y, Pd, d.Classes())
			if e := relDiff(lld, c.DefaultLogLoss); e > 1e-6 {
				t.Errorf("default settings: log loss %.12g, scikit-learn %.12g (relative difference %.3g)", lld, c.DefaultLogLoss, e)
			}
			// Same L-BFGS memory, line-search constants and stopping rules:
			// the same path, up to rounding.
			if it := d.Iterations(); it < c.DefaultNIter-1 || it > c.DefaultNIter+1 || !d.Converged() {
				t.Errorf("default settings: %d iterations (converged %v), scikit-learn %d", it, d.Converged(), c.DefaultNIter)
			}
		})
	}
}
