package linear

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/model"
)

func TestSaveLoadPredictsIdentically(t *testing.T) {
	Xr, yr := diabetes("std")
	iris := data.Iris()
	bc := data.BreastCancer()
	cases := []struct {
		name  string
		fresh func() estimator
		fit   estimator
		X     *mat.Dense
		y     []float64
	}{
		{"LinearRegression", func() estimator { return &LinearRegression{} }, &LinearRegression{}, Xr, yr},
		{"LinearRegression/sgd", func() estimator { return &LinearRegression{} },
			&LinearRegression{Config: LinearRegressionConfig{Solver: "sgd", MaxIter: 5, Seed: 3}}, Xr, yr},
		{"Ridge", func() estimator { return &Ridge{} }, &Ridge{Config: RidgeConfig{Alpha: 3}}, Xr, yr},
		{"Lasso", func() estimator { return &Lasso{} }, &Lasso{Config: LassoConfig{Alpha: 0.7}}, Xr, yr},
		{"ElasticNet", func() estimator { return &ElasticNet{} }, &ElasticNet{Config: ElasticNetConfig{Alpha: 0.7, L1Ratio: 0.3}}, Xr, yr},
		{"LogisticRegression/binary", func() estimator { return &LogisticRegression{} },
			&LogisticRegression{Config: LogisticRegressionConfig{C: 0.5, MaxIter: 1000}}, standardize(bc.X), bc.Y},
		{"LogisticRegression/multinomial", func() estimator { return &LogisticRegression{} }, &LogisticRegression{}, iris.X, iris.Y},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.fit.Fit(c.X, c.y); err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(c.fit)
			if err != nil {
				t.Fatal(err)
			}
			var env model.Envelope
			if err := json.Unmarshal(b, &env); err != nil || env.Kind != "linear."+strings.Split(c.name, "/")[0] || env.Version != 1 {
				t.Errorf("envelope %+v (%v)", env, err)
			}
			loaded := c.fresh()
			if err := json.Unmarshal(b, loaded); err != nil {
				t.Fatal(err)
			}
			p1, err := c.fit.Predict(c.X)
			if err != nil {
				t.Fatal(err)
			}
			p2, err := loaded.Predict(c.X)
			if err != nil {
				t.Fatal(err)
			}
			if !floats.Equal(p1, p2) {
				t.Errorf("loaded model predicts differently")
			}
			if lr, ok := c.fit.(*LogisticRegression); ok {
				P1, _ := lr.PredictProba(c.X)
				P2, _ := loaded.(*LogisticRegression).PredictProba(c.X)
				if !mat.Equal(P1, P2) {
					t.Errorf("loaded model's probabilities differ")
				}
				if loaded.(*LogisticRegression).Config != lr.Config {
					t.Errorf("config %+v, saved %+v", loaded.(*LogisticRegression).Config, lr.Config)
				}
			}
		})
	}
}

func TestSaveLoadErrors(t *testing.T) {
	if _, err := json.Marshal(&Ridge{}); !errors.Is(err, model.ErrNotFitted) {
		t.Errorf("marshal unfitted Ridge: %v", err)
	}
	if _, err := json.Marshal(&LogisticRegression{}); !errors.Is(err, model.ErrNotFitted) {
		t.Errorf("marshal unfitted LogisticRegression: %v", err)
	}
	X, y := diabetes("std")
	var r Ridge
	if err := r.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(&r)
	var l Lasso
	if err := json.Unmarshal(b, &l); err == nil || !strings.Contains(err.Error(), "holds a linear.Ridge, not a linear.Lasso") {
		t.Errorf("loading a Ridge as a Lasso: %v", err)
	}
	future := strings.Replace(string(b), `"version":1`, `"version":2`, 1)
	if err := json.Unmarshal([]byte(future), &r); !errors.Is(err, model.ErrFutureVersion) {
		t.Errorf("future version: %v", err)
	}
	corrupt := `{"format":"descent-model","kind":"linear.LogisticRegression","version":1,"model":{"classes":[0,1],"features":3,"coef":[1,2],"intercept":[0]}}`
	var lr LogisticRegression
	if err := json.Unmarshal([]byte(corrupt), &lr); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Errorf("corrupt logistic model: %v", err)
	}
}
