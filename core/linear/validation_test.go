package linear

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/model"
)

// estimator is what every model of the package implements.
type estimator interface {
	model.Estimator
	model.Predictor
	model.Scorer
}

func allModels() map[string]func() estimator {
	return map[string]func() estimator{
		"LinearRegression":    func() estimator { return &LinearRegression{} },
		"LinearRegression/gd": func() estimator { return &LinearRegression{Config: LinearRegressionConfig{Solver: "gd"}} },
		"Ridge":               func() estimator { return &Ridge{} },
		"Lasso":               func() estimator { return &Lasso{} },
		"ElasticNet":          func() estimator { return &ElasticNet{} },
		"LogisticRegression":  func() estimator { return &LogisticRegression{} },
		"LogisticRegression/sgd": func() estimator {
			return &LogisticRegression{Config: LogisticRegressionConfig{Solver: "sgd"}}
		},
	}
}

func TestBadInput(t *testing.T) {
	good := mat.NewDense(4, 2, []float64{0, 1, 1, 0, 2, 2, 3, 1})
	y := []float64{0, 1, 0, 1}
	withNaN := mat.NewDense(4, 2, []float64{0, 1, 1, math.NaN(), 2, 2, 3, 1})
	withInf := mat.NewDense(4, 2, []float64{0, 1, 1, 0, 2, math.Inf(-1), 3, 1})
	cases := []struct {
		name    string
		X       mat.Matrix
		y       []float64
		wantMsg string
	}{
		{"NaN in X", withNaN, y, "X[1][1] is NaN"},
		{"Inf in X", withInf, y, "X[2][1] is -Inf"},
		{"NaN in y", good, []float64{0, 1, math.NaN(), 1}, "y[2] is NaN"},
		{"short y", good, y[:3], "X has 4 rows but y has 3 values"},
		{"nil X", nil, y, "X is nil"},
		{"empty X", &mat.Dense{}, nil, "empty"},
		{"transposed view with NaN", withNaN.T(), []float64{0, 1}, "NaN"},
	}
	for name, mk := range allModels() {
		for _, c := range cases {
			t.Run(name+"/"+c.name, func(t *testing.T) {
				err := mk().Fit(c.X, c.y)
				if err == nil || !strings.Contains(err.Error(), c.wantMsg) {
					t.Errorf("Fit error %v, want one mentioning %q", err, c.wantMsg)
				}
			})
		}
		t.Run(name+"/before fit", func(t *testing.T) {
			m := mk()
			if _, err := m.Predict(good); !errors.Is(err, model.ErrNotFitted) {
				t.Errorf("Predict before Fit: %v, want ErrNotFitted", err)
			}
			if _, err := m.Score(good, y); !errors.Is(err, model.ErrNotFitted) {
				t.Errorf("Score before Fit: %v, want ErrNotFitted", err)
			}
		})
		t.Run(name+"/wrong columns", func(t *testing.T) {
			m := mk()
			if err := m.Fit(good, y); err != nil {
				t.Fatal(err)
			}
			_, err := m.Predict(mat.NewDense(2, 3, nil))
			if err == nil || !strings.Contains(err.Error(), "X has 3 features, but the model was fitted with 2") {
				t.Errorf("Predict with 3 columns: %v", err)
			}
			if _, err := m.Predict(withNaN); err == nil {
				t.Errorf("Predict with NaN: no error")
			}
			if _, err := m.Score(good, y[:2]); err == nil {
				t.Errorf("Score with short y: no error")
			}
		})
	}
}

func TestBadConfig(t *testing.T) {
	X := mat.NewDense(4, 2, []float64{0, 1, 1, 0, 2, 2, 3, 1})
	y := []float64{0, 1, 0, 1}
	cases := []struct {
		name    string
		m       model.Estimator
		wantMsg string
	}{
		{"OLS solver", &LinearRegression{Config: LinearRegressionConfig{Solver: "cholesky"}}, `unknown Solver "cholesky"`},
		{"OLS learning rate", &LinearRegression{Config: LinearRegressionConfig{Solver: "gd", LearningRate: -1}}, "LearningRate = -1"},
		{"OLS batch", &LinearRegression{Config: LinearRegressionConfig{Solver: "sgd", BatchSize: -2}}, "BatchSize = -2"},
		{"Ridge alpha<0", &Ridge{Config: RidgeConfig{Alpha: -1}}, "Alpha = -1"},
		{"Ridge alpha NaN", &Ridge{Config: RidgeConfig{Alpha: math.NaN()}}, "Alpha = NaN"},
		{"Ridge NoPenalty with alpha", &Ridge{Config: RidgeConfig{Alpha: 2, NoPenalty: true}}, "must be 0 when NoPenalty is set"},
		{"Lasso alpha<0", &Lasso{Config: LassoConfig{Alpha: -0.5}}, "Alpha = -0.5"},
		{"Lasso tol<0", &Lasso{Config: LassoConfig{Tol: -1}}, "Tol = -1"},
		{"ElasticNet l1 ratio", &ElasticNet{Config: ElasticNetConfig{L1Ratio: 1.5}}, "L1Ratio = 1.5"},
		{"Logistic C<0", &LogisticRegression{Config: LogisticRegressionConfig{C: -1}}, "C = -1"},
		{"Logistic C Inf", &LogisticRegression{Config: LogisticRegressionConfig{C: math.Inf(1)}}, "C = +Inf"},
		{"Logistic penalty", &LogisticRegression{Config: LogisticRegressionConfig{Penalty: "l1"}}, `unknown Penalty "l1"`},
		{"Logistic solver", &LogisticRegression{Config: LogisticRegressionConfig{Solver: "liblinear"}}, `unknown Solver "liblinear"`},
		{"Logistic max iter", &LogisticRegression{Config: LogisticRegressionConfig{MaxIter: -1}}, "MaxIter = -1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.m.Fit(X, y)
			if err == nil || !strings.Contains(err.Error(), c.wantMsg) {
				t.Errorf("Fit error %v, want one mentioning %q", err, c.wantMsg)
			}
		})
	}
}

func TestLogisticBadLabels(t *testing.T) {
	X := mat.NewDense(4, 1, []float64{0, 1, 2, 3})
	cases := []struct {
		name    string
		y       []float64
		wantMsg string
	}{
		{"single class", []float64{1, 1, 1, 1}, "single class"},
		{"fractional label", []float64{0, 1, 0.5, 1}, "y[2] = 0.5 is not a class label"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var m LogisticRegression
			err := m.Fit(X, c.y)
			if err == nil || !strings.Contains(err.Error(), c.wantMsg) {
				t.Errorf("Fit error %v, want one mentioning %q", err, c.wantMsg)
			}
			if m.Classes() != nil {
				t.Errorf("failed Fit left classes %v", m.Classes())
			}
		})
	}
}

func TestFitKeepsConfig(t *testing.T) {
	X, y := diabetes("std")
	m := &Lasso{Config: LassoConfig{Alpha: 0.5}}
	if err := m.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	if m.Config != (LassoConfig{Alpha: 0.5}) {
		t.Errorf("Fit changed Config to %+v", m.Config)
	}
	l := &LogisticRegression{}
	ds := X
	yc := make([]float64, len(y))
	for i, v := range y {
		if v > 140 {
			yc[i] = 1
		}
	}
	if err := l.Fit(ds, yc); err != nil {
		t.Fatal(err)
	}
	if l.Config != (LogisticRegressionConfig{}) {
		t.Errorf("Fit changed Config to %+v", l.Config)
	}
}
