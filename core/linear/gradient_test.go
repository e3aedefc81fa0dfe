package linear

import (
	"errors"
	"fmt"
	"testing"

	"github.com/descentml/descent/core/optim"
)

func TestLinearRegressionGradientSolvers(t *testing.T) {
	X, y := diabetes("std")
	var ols LinearRegression
	if err := ols.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	olsR2, _ := ols.Score(X, y)
	cases := []struct {
		cfg     LinearRegressionConfig
		coefTol float64 // relative to the closed form
		r2Tol   float64
	}{
		// Full batch with a tight tolerance: the closed-form optimum.
		{LinearRegressionConfig{Solver: "gd", LearningRate: 0.2, MaxIter: 50000, Tol: 1e-9}, 1e-7, 1e-12},
		{LinearRegressionConfig{Solver: "momentum", LearningRate: 0.05, MaxIter: 20000, Tol: 1e-9}, 1e-7, 1e-12},
		{LinearRegressionConfig{Solver: "nesterov", LearningRate: 0.05, MaxIter: 20000, Tol: 1e-9}, 1e-7, 1e-12},
		{LinearRegressionConfig{Solver: "adagrad", LearningRate: 5, MaxIter: 20000, Tol: 1e-9}, 1e-7, 1e-12},
		{LinearRegressionConfig{Solver: "adam", LearningRate: 0.5, MaxIter: 20000, Tol: 1e-9}, 1e-3, 1e-6},
		// Mini-batches with a constant learning rate: close, not exact.
		{LinearRegressionConfig{Solver: "sgd", LearningRate: 0.01, MaxIter: 200, Seed: 1}, 0.3, 5e-3},
		{LinearRegressionConfig{Solver: "rmsprop", LearningRate: 0.5, BatchSize: 64, MaxIter: 300, Seed: 2}, 0.3, 5e-3},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/batch=%d", c.cfg.Solver, c.cfg.BatchSize), func(t *testing.T) {
			m := LinearRegression{Config: c.cfg}
			if err := m.Fit(X, y); err != nil {
				t.Fatal(err)
			}
			if e := relErr(append(m.Coef(), m.Intercept()), append(ols.Coef(), ols.Intercept())); e > c.coefTol {
				t.Errorf("coef relative error %.3g > %g: %v vs closed form %v", e, c.coefTol, m.Coef(), ols.Coef())
			}
			r2, _ := m.Score(X, y)
			if olsR2-r2 > c.r2Tol || r2 > olsR2+1e-12 {
				t.Errorf("R² %.10f, closed form %.10f", r2, olsR2)
			}
			if m.Iterations() == 0 || m.Rank() != -1 {
				t.Errorf("iterations %d rank %d", m.Iterations(), m.Rank())
			}
		})
	}
}

func TestLinearRegressionTrace(t *testing.T) {
	X, y := diabetes("std")
	m := LinearRegression{Config: LinearRegressionConfig{Solver: "gd", LearningRate: 0.1, MaxIter: 50, Record: true}}
	if err := m.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	tr := m.Trace()
	if tr == nil || len(tr.Steps) != 51 {
		t.Fatalf("trace %v, want 51 steps (start + 50 iterations)", tr)
	}
	losses := tr.Losses()
	var ss float64
	for _, v := range y {
		ss += v * v
	}
	// The starting point w = 0, b = 0 has loss ‖y‖²/(2n).
	if e := relDiff(losses[0], ss/float64(2*len(y))); e > 1e-12 {
		t.Errorf("initial loss %v, want ‖y‖²/2n = %v", losses[0], ss/float64(2*len(y)))
	}
	for i := 1; i < len(losses); i++ {
		if losses[i] > losses[i-1] {
			t.Fatalf("loss went up at iteration %d: %v → %v", i, losses[i-1], losses[i])
		}
	}
	// The last recorded parameters are the model's.
	last := tr.Steps[len(tr.Steps)-1].Params
	if relErr(last, append(m.Coef(), m.Intercept())) != 0 {
		t.Errorf("last trace params %v, model %v %v", last, m.Coef(), m.Intercept())
	}
	// The closed form has no trace.
	var cf LinearRegression
	cf.Config.Record = true
	if err := cf.Fit(X, y); err != nil || cf.Trace() != nil {
		t.Errorf("closed form trace %v (err %v)", cf.Trace(), err)
	}
}

func TestGradientSolverDiverges(t *testing.T) {
	X, y := diabetes("raw")
	m := LinearRegression{Config: LinearRegressionConfig{Solver: "gd", LearningRate: 1}}
	err := m.Fit(X, y)
	if !errors.Is(err, optim.ErrDiverged) {
		t.Fatalf("raw diabetes with learning rate 1: %v, want ErrDiverged", err)
	}
	if _, err := m.Predict(X); err == nil {
		t.Errorf("a failed fit left a usable model")
	}
}

func TestLogisticRegressionGradientSolvers(t *testing.T) {
	X, y := logisticData("breast_cancer")
	var ref LogisticRegression
	ref.ftol = 1e-15
	ref.Config.Tol = 1e-10
	if err := ref.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	refAcc, _ := ref.Score(X, y)
	P, _ := ref.PredictProba(X)
	refLL := logLoss(t, y, P, ref.Classes())
	cases := []struct {
		cfg   LogisticRegressionConfig
		llTol float64 // relative to L-BFGS's log loss
	}{
		{LogisticRegressionConfig{Solver: "gd", LearningRate: 1, MaxIter: 20000, Tol: 1e-9}, 1e-4},
		{LogisticRegressionConfig{Solver: "nesterov", LearningRate: 0.5, MaxIter: 20000, Tol: 1e-9}, 1e-4},
		{LogisticRegressionConfig{Solver: "adam", LearningRate: 0.01, MaxIter: 20000, Tol: 1e-8}, 1e-3},
		{LogisticRegressionConfig{Solver: "sgd", LearningRate: 0.05, MaxIter: 300, Seed: 7}, 0.25},
	}
	for _, c := range cases {
		t.Run(c.cfg.Solver, func(t *testing.T) {
			m := LogisticRegression{Config: c.cfg}
			if err := m.Fit(X, y); err != nil {
				t.Fatal(err)
			}
			P, _ := m.PredictProba(X)
			ll := logLoss(t, y, P, m.Classes())
			if e := relDiff(ll, refLL); e > c.llTol {
				t.Errorf("log loss %.8g, L-BFGS %.8g (relative %.3g)", ll, refLL, e)
			}
			acc, _ := m.Score(X, y)
			if acc < refAcc-0.01 {
				t.Errorf("accuracy %v, L-BFGS %v", acc, refAcc)
			}
		})
	}
}

func TestLogisticRegressionTrace(t *testing.T) {
	X, y := logisticData("iris")
	n := float64(len(y))
	for _, cfg := range []LogisticRegressionConfig{
		{Solver: "lbfgs"},
		{Solver: "lbfgs", Tol: 0.5}, // stops on the gradient test
		{Solver: "gd", LearningRate: 0.5},
	} {
		cfg.Record = true
		t.Run(fmt.Sprintf("%s/tol=%g", cfg.Solver, cfg.Tol), func(t *testing.T) {
			m := LogisticRegression{Config: cfg}
			if err := m.Fit(X, y); err != nil {
				t.Fatal(err)
			}
			tr := m.Trace()
			if tr == nil || len(tr.Steps) != m.Iterations()+1 {
				t.Fatalf("trace with %d steps for %d iterations", len(tr.Steps), m.Iterations())
			}
			losses := tr.Losses()
			// Start: all scores 0, uniform probabilities over 3 classes.
			if e := relDiff(losses[0], 1.0986122886681098); e > 1e-12 {
				t.Errorf("initial loss %v, want log 3", losses[0])
			}
			for i := 1; i < len(losses); i++ {
				if losses[i] > losses[i-1]+1e-15 {
					t.Fatalf("objective went up at iteration %d: %v → %v", i, losses[i-1], losses[i])
				}
			}
			// Final loss: mean log loss + ‖W‖²/(2Cn).
			P, _ := m.PredictProba(X)
			var w2 float64
			for _, v := range m.Coef().RawMatrix().Data {
				w2 += v * v
			}
			want := logLoss(t, y, P, m.Classes()) + w2/(2*n)
			if e := relDiff(losses[len(losses)-1], want); e > 1e-10 {
				t.Errorf("final trace loss %v, objective %v", losses[len(losses)-1], want)
			}
			if cfg.Solver == "lbfgs" && !m.Converged() {
				t.Errorf("not converged after %d iterations", m.Iterations())
			}
		})
	}
}
