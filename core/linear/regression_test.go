package linear

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestLinearRegressionMatchesSklearn(t *testing.T) {
	ref := loadReference(t)
	for _, solver := range []string{"", "qr", "svd"} {
		for _, c := range ref.OLS {
			name := fmt.Sprintf("%s/intercept=%v/solver=%q", c.Data, c.FitIntercept, solver)
			t.Run(name, func(t *testing.T) {
				X, y := diabetes(c.Data)
				m := &LinearRegression{Config: LinearRegressionConfig{NoIntercept: !c.FitIntercept, Solver: solver}}
				if err := m.Fit(X, y); err != nil {
					t.Fatal(err)
				}
				if e := relErr(m.Coef(), c.Coef); e > 1e-6 {
					t.Errorf("coef relative error %.3g > 1e-6:\n got %v\nwant %v", e, m.Coef(), c.Coef)
				}
				if e := relDiff(m.Intercept(), c.Intercept); c.FitIntercept && e > 1e-6 {
					t.Errorf("intercept %v, want %v", m.Intercept(), c.Intercept)
				}
				if m.Rank() != c.Rank {
					t.Errorf("rank %d, want %d", m.Rank(), c.Rank)
				}
				r2, err := m.Score(X, y)
				if err != nil {
					t.Fatal(err)
				}
				if e := relDiff(r2, c.R2); e > 1e-9 {
					t.Errorf("R² %v, want %v", r2, c.R2)
				}
			})
		}
	}
}

func TestLinearRegressionExactFit(t *testing.T) {
	tests := []struct {
		name      string
		X         *mat.Dense
		y         []float64
		coef      []float64
		intercept float64
	}{
		{"line y=2x+1", mat.NewDense(4, 1, []float64{1, 2, 3, 4}), []float64{3, 5, 7, 9}, []float64{2}, 1},
		{"plane y=3a-2b+5", mat.NewDense(5, 2, []float64{0, 0, 1, 0, 0, 1, 2, 3, -1, 4}),
			[]float64{5, 8, 3, 5, -6}, []float64{3, -2}, 5},
		{"two points", mat.NewDense(2, 1, []float64{-1, 1}), []float64{0, 4}, []float64{2}, 2},
	}
	for _, tc := range tests {
		for _, solver := range []string{"qr", "svd"} {
			t.Run(tc.name+"/"+solver, func(t *testing.T) {
				m := &LinearRegression{Config: LinearRegressionConfig{Solver: solver}}
				if err := m.Fit(tc.X, tc.y); err != nil {
					t.Fatal(err)
				}
				if e := relErr(m.Coef(), tc.coef); e > 1e-12 {
					t.Errorf("coef %v, want %v", m.Coef(), tc.coef)
				}
				if e := relDiff(m.Intercept(), tc.intercept); e > 1e-12 {
					t.Errorf("intercept %v, want %v", m.Intercept(), tc.intercept)
				}
				pred, err := m.Predict(tc.X)
				if err != nil {
					t.Fatal(err)
				}
				if e := relErr(pred, tc.y); e > 1e-12 {
					t.Errorf("predictions %v, want %v", pred, tc.y)
				}
			})
		}
	}
}
