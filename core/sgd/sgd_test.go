package sgd

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// quarterSplit returns the dataset split as in gen_reference.py: test rows
// are those with index % 4 == 0, and features are standardized with the
// training mean and (population) standard deviation.
func quarterSplit(ds *data.Dataset) (Xtr *mat.Dense, ytr []float64, Xte *mat.Dense, yte []float64) {
	n, p := ds.Dims()
	var tr, te []int
	for i := range n {
		if i%4 == 0 {
			te = append(te, i)
		} else {
			tr = append(tr, i)
		}
	}
	train, test := ds.Subset(tr), ds.Subset(te)
	for j := range p {
		col := mat.Col(nil, j, train.X)
		mean, std := stat.PopMeanStdDev(col, nil)
		if std == 0 {
			std = 1
		}
		for _, m := range []*mat.Dense{train.X, test.X} {
			r, _ := m.Dims()
			for i := range r {
				m.Set(i, j, (m.At(i, j)-mean)/std)
			}
		}
	}
	return train.X, train.Y, test.X, test.Y
}

type accRef struct {
	Mean     float64 `json:"mean"`
	Std      float64 `json:"std"`
	MeanIter float64 `json:"mean_iter"`
}

// TestShuffledQuality fits with shuffling over 30 seeds on standardized
// breast cancer, iris and diabetes and checks the mean test accuracy / R²
// against scikit-learn's mean over its own 30 seeds (the random orders
// differ, so only the quality can agree).
func TestShuffledQuality(t *testing.T) {
	var ref map[string]accRef
	readJSON(t, "accuracy.json", &ref)
	sets := map[string]*data.Dataset{
		"breast_cancer": data.BreastCancer(), "iris": data.Iris(), "diabetes": data.Diabetes(),
	}
	tests := []struct {
		name string
		cfg  Config
		tol  float64
	}{
		{"breast_cancer/default", Config{}, 0.02},
		{"breast_cancer/log_loss", Config{Loss: "log_loss"}, 0.02},
		{"breast_cancer/modified_huber", Config{Loss: "modified_huber"}, 0.02},
		{"breast_cancer/early", Config{EarlyStopping: true}, 0.03},
		{"breast_cancer/average", Config{Average: 1}, 0.02},
		{"iris/default", Config{}, 0.05},
		{"iris/log_loss", Config{Loss: "log_loss"}, 0.05},
		{"diabetes/default", Config{}, 0.02},
		{"diabetes/huber", Config{Loss: "huber", Epsilon: 1, Eta0: 0.05}, 0.02},
		{"diabetes/early", Config{EarlyStopping: true}, 0.03},
		{"diabetes/adaptive", Config{LearningRate: "adaptive"}, 0.02},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want, ok := ref[tc.name]
			if !ok {
				t.Fatalf("no reference for %s", tc.name)
			}
			ds := sets[strings.Split(tc.name, "/")[0]]
			Xtr, ytr, Xte, yte := quarterSplit(ds)
			var sum, iters float64
			const seeds = 30
			for seed := range uint64(seeds) {
				cfg := tc.cfg
				cfg.Seed = seed
				var m interface {
					model.Estimator
					model.Scorer
					Epochs() int
				}
				if ds.TargetNames != nil {
					m = &Classifier{Config: cfg}
				} else {
					m = &Regressor{Config: cfg}
				}
				if err := m.Fit(Xtr, ytr); err != nil {
					t.Fatal(err)
				}
				s, err := m.Score(Xte, yte)
				if err != nil {
					t.Fatal(err)
				}
				sum += s
				iters += float64(m.Epochs())
			}
			got := sum / seeds
			t.Logf("mean score %.4f (scikit-learn %.4f ± %.4f), mean epochs %.1f (scikit-learn %.1f)",
				got, want.Mean, want.Std, iters/seeds, want.MeanIter)
			if math.Abs(got-want.Mean) > tc.tol {
				t.Errorf("mean score %.4f, scikit-learn %.4f: differ by more than %.2f", got, want.Mean, tc.tol)
			}
		})
	}
}

func smallData(t *testing.T) (*mat.Dense, []float64, []float64, []float64) {
	var ref exactRef
	readJSON(t, "exact.json", &ref)
	return denseOf(ref.X), ref.YBin, ref.YMC, ref.YReg
}

func TestBadInput(t *testing.T) {
	X, ybin, _, yreg := smallData(t)
	nan := mat.DenseCopyOf(X)
	nan.Set(3, 1, math.NaN())
	yOne := make([]float64, len(ybin))
	yFrac := append([]float64(nil), ybin...)
	yFrac[2] = 0.5
	yInf := append([]float64(nil), yreg...)
	yInf[7] = math.Inf(1)
	tests := []struct {
		name string
		cfg  Config
		X    mat.Matrix
		y    []float64
		reg  bool
		want string
	}{
		{"nil X", Config{}, nil, ybin, false, "X is nil"},
		{"empty X", Config{}, &mat.Dense{}, nil, true, "empty"},
		{"NaN in X", Config{}, nan, ybin, false, "X[3][1] is NaN"},
		{"length mismatch", Config{}, X, ybin[:10], false, "y has 10 values"},
		{"Inf target", Config{}, X, yInf, true, "y[7] is +Inf"},
		{"single class", Config{}, X, yOne, false, "single class"},
		{"fractional label", Config{}, X, yFrac, false, "y[2] = 0.5"},
		{"unknown loss", Config{Loss: "hinged"}, X, ybin, false,
			`unknown Config.Loss "hinged": valid losses are "hinge", "log_loss", "modified_huber"`},
		{"classifier loss to regressor", Config{Loss: "hinge"}, X, yreg, true,
			`valid losses are "squared_error", "huber", "epsilon_insensitive" or "squared_epsilon_insensitive"`},
		{"unknown schedule", Config{LearningRate: "optimum"}, X, ybin, false,
			`unknown Config.LearningRate "optimum": valid schedules are "optimal", "invscaling", "constant" or "adaptive"`},
		{"unknown penalty", Config{Penalty: "L3"}, X, yreg, true,
			`unknown Config.Penalty "L3": valid penalties are "l2", "l1", "elasticnet" or "none"`},
		{"negative alpha", Config{Alpha: -1}, X, ybin, false, "Config.Alpha = -1"},
		{"negative eta0", Config{Eta0: -0.1}, X, yreg, true, "Config.Eta0 = -0.1"},
		{"l1 ratio", Config{Penalty: "elasticnet", L1Ratio: 2}, X, yreg, true, "Config.L1Ratio = 2"},
		{"max iter", Config{MaxIter: -3}, X, yreg, true, "Config.MaxIter = -3"},
		{"NaN tol", Config{Tol: math.NaN()}, X, yreg, true, "Config.Tol = NaN"},
		{"validation fraction", Config{EarlyStopping: true, ValidationFraction: 1}, X, yreg, true,
			"Config.ValidationFraction = 1"},
		{"average", Config{Average: -1}, X, yreg, true, "Config.Average = -1"},
		{"tiny validation set", Config{EarlyStopping: true, ValidationFraction: 0.01}, X, ybin, false,
			"fewer than one sample per class"},
		{"one sample to validate", Config{EarlyStopping: true}, X.Slice(0, 1, 0, 3), yreg[:1], true,
			"leaves 0 for training and 1 for validation"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.reg {
				err = (&Regressor{Config: tc.cfg}).Fit(tc.X, tc.y)
			} else {
				err = (&Classifier{Config: tc.cfg}).Fit(tc.X, tc.y)
			}
			if err == nil {
				t.Fatalf("no error, want one containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "sgd: ") {
				t.Errorf("error %q, want it to start with \"sgd: \" and contain %q", err, tc.want)
			}
		})
	}
}

func TestUseBeforeFitAndWrongShape(t *testing.T) {
	X, ybin, _, yreg := smallData(t)
	var c Classifier
	var r Regressor
	if _, err := c.Predict(X); !errors.Is(err, model.ErrNotFitted) {
		t.Errorf("Classifier.Predict before Fit: %v, want ErrNotFitted", err)
	}
	if _, err := c.PredictProba(X); !errors.Is(err, model.ErrNotFitted) {
		t.Errorf("Classifier.PredictProba before Fit: %v, want ErrNotFitted", err)
	}
	if _, err := r.Score(X, yreg); !errors.Is(err, model.ErrNotFitted) {
		t.Errorf("Regressor.Score before Fit: %v, want ErrNotFitted", err)
	}
	if _, err := json.Marshal(&c); !errors.Is(err, model.ErrNotFitted) {
		t.Errorf("marshal before Fit: %v, want ErrNotFitted", err)
	}
	if err := c.Fit(X, ybin); err != nil {
		t.Fatal(err)
	}
	if err := r.Fit(X, yreg); err != nil {
		t.Fatal(err)
	}
	wide := mat.NewDense(2, 4, nil)
	if _, err := c.Predict(wide); err == nil || !strings.Contains(err.Error(), "4 features, but the model was fitted with 3") {
		t.Errorf("Classifier.Predict on 4 columns: %v", err)
	}
	if _, err := r.Predict(wide); err == nil || !strings.Contains(err.Error(), "4 features") {
		t.Errorf("Regressor.Predict on 4 columns: %v", err)
	}
	if _, err := c.Score(X, ybin[:3]); err == nil || !strings.Contains(err.Error(), "y has 3 values") {
		t.Errorf("Score with short y: %v", err)
	}
	if _, err := c.PredictProba(X); err == nil || !strings.Contains(err.Error(), `need Loss "log_loss" or "modified_huber"`) {
		t.Errorf("PredictProba with hinge loss: %v", err)
	}
}

func TestDivergence(t *testing.T) {
	X, ybin, _, yreg := smallData(t)
	big := mat.DenseCopyOf(X)
	big.Scale(1e150, big)
	r := &Regressor{Config: Config{LearningRate: "constant", Eta0: 1}}
	err := r.Fit(big, yreg)
	if !errors.Is(err, ErrDiverged) || !strings.Contains(err.Error(), "smaller Eta0") {
		t.Errorf("diverging regressor: %v, want ErrDiverged suggesting a smaller Eta0", err)
	}
	c := &Classifier{Config: Config{Loss: "squared_error", Alpha: 1e-12}}
	err = c.Fit(big, ybin)
	if !errors.Is(err, ErrDiverged) || !strings.Contains(err.Error(), "larger Alpha") {
		t.Errorf("diverging classifier: %v, want ErrDiverged suggesting a larger Alpha", err)
	}
}

func TestPersistence(t *testing.T) {
	X, ybin, ymc, yreg := smallData(t)
	for _, tc := range []struct {
		name string
		cfg  Config
		y    []float64
	}{
		{"binary hinge", Config{Seed: 1}, ybin},
		{"multiclass log_loss", Config{Loss: "log_loss", Seed: 2, Tol: -1, MaxIter: 30}, ymc},
		{"multiclass modified_huber averaged", Config{Loss: "modified_huber", Average: 1}, ymc},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &Classifier{Config: tc.cfg}
			if err := c.Fit(X, tc.y); err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			var back Classifier
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			d1, _ := c.DecisionFunction(X)
			d2, err := back.DecisionFunction(X)
			if err != nil {
				t.Fatal(err)
			}
			if !mat.Equal(d1, d2) {
				t.Error("decision values differ after reload")
			}
			p1, _ := c.Predict(X)
			p2, _ := back.Predict(X)
			if !reflect.DeepEqual(p1, p2) {
				t.Error("predictions differ after reload")
			}
			if tc.cfg.Loss != "" {
				q1, _ := c.PredictProba(X)
				q2, err := back.PredictProba(X)
				if err != nil || !mat.Equal(q1, q2) {
					t.Errorf("probabilities differ after reload (%v)", err)
				}
			}
			if back.Epochs() != c.Epochs() || !reflect.DeepEqual(back.LossCurve(), c.LossCurve()) ||
				!reflect.DeepEqual(back.Classes(), c.Classes()) || back.Config != c.Config {
				t.Error("epochs, loss curve, classes or config differ after reload")
			}
		})
	}

	r := &Regressor{Config: Config{Loss: "huber", Tol: math.Inf(-1), MaxIter: 20}}
	if err := r.Fit(X, yreg); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatalf("marshal with Tol = -Inf: %v", err)
	}
	var back Regressor
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	p1, _ := r.Predict(X)
	p2, _ := back.Predict(X)
	if !reflect.DeepEqual(p1, p2) {
		t.Error("regressor predictions differ after reload")
	}
	if back.Config.Tol != -1 {
		t.Errorf("Tol -Inf saved as %v, want -1", back.Config.Tol)
	}
	// refitting the reloaded config runs the same fit
	if err := back.Fit(X, yreg); err != nil || !reflect.DeepEqual(back.Coef(), r.Coef()) {
		t.Errorf("refit after reload differs (%v)", err)
	}

	// wrong kind, corrupt payloads, future version
	var c Classifier
	if err := json.Unmarshal(b, &c); err == nil || !strings.Contains(err.Error(), "holds a sgd.Regressor, not a sgd.Classifier") {
		t.Errorf("loading a regressor as a classifier: %v", err)
	}
	bad := strings.Replace(string(b), `"loss":"huber"`, `"loss":"hinge"`, 1)
	if err := json.Unmarshal([]byte(bad), &back); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Errorf("corrupt loss: %v", err)
	}
	future := strings.Replace(string(b), `"version":1`, `"version":2`, 1)
	if err := json.Unmarshal([]byte(future), &back); !errors.Is(err, model.ErrFutureVersion) {
		t.Errorf("future version: %v", err)
	}
}

func TestBehaviour(t *testing.T) {
	X, ybin, ymc, yreg := smallData(t)

	t.Run("config unchanged and seeds", func(t *testing.T) {
		cfg := Config{Loss: "log_loss", Seed: 5}
		a := &Classifier{Config: cfg}
		if err := a.Fit(X, ymc); err != nil {
			t.Fatal(err)
		}
		if !a.Converged() {
			t.Error("default fit did not converge")
		}
		if a.Config != cfg {
			t.Errorf("Fit changed Config to %+v", a.Config)
		}
		b := &Classifier{Config: cfg}
		_ = b.Fit(X, ymc)
		if !mat.Equal(a.Coef(), b.Coef()) {
			t.Error("equal seeds gave different weights")
		}
		cfg.Seed = 6
		d := &Classifier{Config: cfg}
		_ = d.Fit(X, ymc)
		if mat.Equal(a.Coef(), d.Coef()) {
			t.Error("different seeds gave identical weights: shuffling has no effect")
		}
		if r, c := a.Coef().Dims(); r != 3 || c != 3 || len(a.Intercept()) != 3 {
			t.Errorf("multiclass Coef is %d×%d with %d intercepts, want 3×3 and 3", r, c, len(a.Intercept()))
		}
	})

	t.Run("no tolerance runs MaxIter epochs", func(t *testing.T) {
		r := &Regressor{Config: Config{Tol: -1, MaxIter: 17}}
		if err := r.Fit(X, yreg); err != nil {
			t.Fatal(err)
		}
		if r.Epochs() != 17 || r.Converged() || len(r.LossCurve()) != 17 {
			t.Errorf("epochs %d, converged %v, %d losses; want 17, false, 17", r.Epochs(), r.Converged(), len(r.LossCurve()))
		}
		r2 := &Regressor{}
		_ = r2.Fit(X, yreg)
		if !r2.Converged() || r2.Epochs() >= 1000 {
			t.Errorf("default tolerance: epochs %d, converged %v", r2.Epochs(), r2.Converged())
		}
	})

	t.Run("loss curve and record", func(t *testing.T) {
		c := &Classifier{Config: Config{Loss: "log_loss", Record: true, NoShuffle: true}}
		if err := c.Fit(X, ybin); err != nil {
			t.Fatal(err)
		}
		curve := c.LossCurve()
		if len(curve) != c.Epochs() || curve[len(curve)-1] >= curve[0] {
			t.Errorf("loss curve %v: want %d decreasing values", curve, c.Epochs())
		}
		h := c.History()
		if len(h) != 1 || len(h[0]) != c.Epochs() {
			t.Fatalf("history has %d runs", len(h))
		}
		last := h[0][len(h[0])-1]
		if !reflect.DeepEqual(last.Coef, c.Coef().RawRowView(0)) || last.Intercept != c.Intercept()[0] {
			t.Errorf("last recorded weights %v %v differ from the fit's %v %v", last.Coef, last.Intercept, c.Coef().RawRowView(0), c.Intercept())
		}
		if h[0][0].LearningRate <= last.LearningRate || !math.IsNaN(last.ValidationScore) {
			t.Errorf("optimal learning rate should decrease (%v → %v); no validation score without early stopping",
				h[0][0].LearningRate, last.LearningRate)
		}
	})

	t.Run("adaptive divides the rate by 5", func(t *testing.T) {
		r := &Regressor{Config: Config{LearningRate: "adaptive", Eta0: 0.05, NoShuffle: true}}
		if err := r.Fit(X, yreg); err != nil {
			t.Fatal(err)
		}
		h := r.History()
		first, last := h[0].LearningRate, h[len(h)-1].LearningRate
		if ratio := first / last; math.Abs(ratio-math.Round(ratio)) > 1e-9 || ratio < 5 {
			t.Errorf("adaptive rate went %v → %v, want a division by a power of 5", first, last)
		}
	})

	t.Run("early stopping records validation scores", func(t *testing.T) {
		c := &Classifier{Config: Config{EarlyStopping: true, ValidationFraction: 0.25, Seed: 3}}
		if err := c.Fit(X, ymc); err != nil {
			t.Fatal(err)
		}
		for k, run := range c.History() {
			for _, e := range run {
				if !(e.ValidationScore >= 0 && e.ValidationScore <= 1) {
					t.Fatalf("class %d epoch %d: validation accuracy %v", k, e.Epoch, e.ValidationScore)
				}
			}
		}
	})

	t.Run("probabilities", func(t *testing.T) {
		for _, y := range [][]float64{ybin, ymc} {
			c := &Classifier{Config: Config{Loss: "log_loss"}}
			if err := c.Fit(X, y); err != nil {
				t.Fatal(err)
			}
			p, err := c.PredictProba(X)
			if err != nil {
				t.Fatal(err)
			}
			pred, _ := c.Predict(X)
			n, k := p.Dims()
			for i := range n {
				row := p.RawRowView(i)
				sum, best := 0.0, 0
				for j, v := range row {
					sum += v
					if v > row[best] {
						best = j
					}
				}
				if math.Abs(sum-1) > 1e-12 || c.Classes()[best] != pred[i] || k != len(c.Classes()) {
					t.Fatalf("row %d: probabilities %v (sum %v) disagree with the prediction %v", i, row, sum, pred[i])
				}
			}
		}
	})
}

func TestStratifiedSplit(t *testing.T) {
	y := make([]int, 100)
	for i := range y {
		y[i] = i % 4 / 3 // 75 of class 0, 25 of class 1
	}
	mask, err := stratifiedSplit(y, 2, 0.1, model.NewRand(1))
	if err != nil {
		t.Fatal(err)
	}
	count := [2]int{}
	for i, m := range mask {
		if m {
			count[y[i]]++
		}
	}
	if count != [2]int{7, 3} && count != [2]int{8, 2} {
		t.Errorf("held out %v per class, want about 7.5 and 2.5", count)
	}
}
