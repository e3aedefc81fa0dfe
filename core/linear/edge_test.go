package linear

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

func TestLogisticLabelsAreKept(t *testing.T) {
	X := mat.NewDense(6, 1, []float64{-3, -2, -1, 1, 2, 3})
	y := []float64{-1, -1, 7, -1, 7, 7}
	var m LogisticRegression
	if err := m.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	if got := m.Classes(); !floats.Equal(got, []float64{-1, 7}) {
		t.Fatalf("classes %v", got)
	}
	pred, _ := m.Predict(X)
	D, _ := m.DecisionFunction(X)
	P, _ := m.PredictProba(X)
	for i, p := range pred {
		want := -1.0
		if D.At(i, 0) > 0 {
			want = 7
		}
		if p != want {
			t.Errorf("row %d: predicted %v with score %v", i, p, D.At(i, 0))
		}
		if math.Abs(P.At(i, 1)-1/(1+math.Exp(-D.At(i, 0)))) > 1e-15 || math.Abs(P.At(i, 0)+P.At(i, 1)-1) > 1e-15 {
			t.Errorf("row %d: probabilities %v for score %v", i, P.RawRowView(i), D.At(i, 0))
		}
	}
	if pred[0] != -1 || pred[5] != 7 {
		t.Errorf("predictions %v", pred)
	}
}

func TestLogisticAlreadyOptimal(t *testing.T) {
	// Balanced classes and a feature that carries no information: w = 0,
	// b = 0 is the optimum, so the fit stops at the start.
	X := mat.NewDense(4, 1, []float64{1, 1, -1, -1})
	y := []float64{0, 1, 0, 1}
	m := LogisticRegression{Config: LogisticRegressionConfig{Record: true}}
	if err := m.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	if m.Iterations() != 0 || !m.Converged() || len(m.Trace().Steps) != 1 {
		t.Errorf("iterations %d converged %v trace %d steps", m.Iterations(), m.Converged(), len(m.Trace().Steps))
	}
	P, _ := m.PredictProba(X)
	if P.At(0, 1) != 0.5 {
		t.Errorf("probability %v, want 0.5", P.At(0, 1))
	}
}

func TestLogisticSeparableWithoutPenalty(t *testing.T) {
	// Without a penalty, separable classes have no finite optimum: the fit
	// must still return (after MaxIter or when it stalls), not fail or hang.
	X := mat.NewDense(4, 1, []float64{-2, -1, 1, 2})
	y := []float64{0, 0, 1, 1}
	m := LogisticRegression{Config: LogisticRegressionConfig{Penalty: "none"}}
	if err := m.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	if acc, _ := m.Score(X, y); acc != 1 {
		t.Errorf("accuracy %v", acc)
	}
	if w := m.Coef().At(0, 0); !(w > 5) {
		t.Errorf("weight %v, want a large positive weight", w)
	}
}

func TestOLSSmallAndWide(t *testing.T) {
	// One sample: nothing to learn but the intercept.
	var m LinearRegression
	if err := m.Fit(mat.NewDense(1, 2, []float64{3, 4}), []float64{5}); err != nil {
		t.Fatal(err)
	}
	if !floats.Equal(m.Coef(), []float64{0, 0}) || m.Intercept() != 5 || m.Rank() != 0 {
		t.Errorf("one sample: coef %v intercept %v rank %d", m.Coef(), m.Intercept(), m.Rank())
	}
	// More features than samples: an exact fit, the minimum-norm one.
	X := mat.NewDense(2, 3, []float64{1, 0, 0, 0, 1, 0})
	y := []float64{1, 2}
	nb := LinearRegression{Config: LinearRegressionConfig{NoIntercept: true}}
	if err := nb.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	if e := relErr(nb.Coef(), []float64{1, 2, 0}); e > 1e-14 || nb.Rank() != 2 {
		t.Errorf("wide: coef %v rank %d, want [1 2 0] rank 2", nb.Coef(), nb.Rank())
	}
	r := Ridge{Config: RidgeConfig{Alpha: 1, NoIntercept: true}}
	if err := r.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	// (XᵀX + I)⁻¹Xᵀy = [1/2, 1, 0].
	if e := relErr(r.Coef(), []float64{0.5, 1, 0}); e > 1e-14 {
		t.Errorf("wide ridge: coef %v, want [0.5 1 0]", r.Coef())
	}
}

func TestOverflowingSums(t *testing.T) {
	X := mat.NewDense(3, 1, []float64{1e308, 1.5e308, -1e308})
	y := []float64{1, 2, 3}
	var m LinearRegression
	if err := m.Fit(X, y); err == nil || !strings.Contains(err.Error(), "overflow") {
		t.Errorf("LinearRegression: %v, want an overflow error", err)
	}
	var r Ridge
	if err := r.Fit(X, y); err == nil || !strings.Contains(err.Error(), "overflow") {
		t.Errorf("Ridge: %v, want an overflow error", err)
	}
}
