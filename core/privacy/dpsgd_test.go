package privacy

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/model"
)

// breastCancer returns a seeded 80/20 split of breast cancer, standardized
// with the training part's mean and standard deviation.
func breastCancer(t testing.TB) (Xtr *mat.Dense, ytr []float64, Xte *mat.Dense, yte []float64) {
	t.Helper()
	ds := data.BreastCancer()
	return standardSplit(ds.X, ds.Y, 42)
}

func standardSplit(X *mat.Dense, y []float64, seed uint64) (Xtr *mat.Dense, ytr []float64, Xte *mat.Dense, yte []float64) {
	n, p := X.Dims()
	perm := model.NewRand(seed).Perm(n)
	ntr := n * 4 / 5
	Xtr = mat.NewDense(ntr, p, nil)
	Xte = mat.NewDense(n-ntr, p, nil)
	for k, i := range perm {
		if k < ntr {
			Xtr.SetRow(k, X.RawRowView(i))
			ytr = append(ytr, y[i])
		} else {
			Xte.SetRow(k-ntr, X.RawRowView(i))
			yte = append(yte, y[i])
		}
	}
	for j := 0; j < p; j++ {
		mu, sd := stat.PopMeanStdDev(mat.Col(nil, j, Xtr), nil)
		for i := 0; i < ntr; i++ {
			Xtr.Set(i, j, (Xtr.At(i, j)-mu)/sd)
		}
		for i := 0; i < n-ntr; i++ {
			Xte.Set(i, j, (Xte.At(i, j)-mu)/sd)
		}
	}
	return Xtr, ytr, Xte, yte
}

func TestClip(t *testing.T) {
	tests := []struct {
		g       []float64
		c       float64
		clipped bool
	}{
		{[]float64{3, 4}, 1, true},
		{[]float64{3, 4}, 5, false},
		{[]float64{3, 4}, 10, false},
		{[]float64{-6, 8, 0}, 2.5, true},
		{[]float64{0, 0}, 1, false},
		{[]float64{1e200, 1e200}, 1, true},
	}
	for _, tt := range tests {
		g := append([]float64(nil), tt.g...)
		before := floats.Norm(tt.g, 2)
		got := Clip(g, tt.c)
		if got != tt.clipped {
			t.Errorf("Clip(%v, %v) reported %v, want %v", tt.g, tt.c, got, tt.clipped)
		}
		after := floats.Norm(g, 2)
		if after > tt.c*(1+1e-12) {
			t.Errorf("Clip(%v, %v): norm %v exceeds the bound", tt.g, tt.c, after)
		}
		if !tt.clipped && !floats.Equal(g, tt.g) {
			t.Errorf("Clip(%v, %v) changed a small gradient to %v", tt.g, tt.c, g)
		}
		if tt.clipped {
			if math.Abs(after-tt.c) > 1e-12*tt.c {
				t.Errorf("Clip(%v, %v): norm %v, want exactly c", tt.g, tt.c, after)
			}
			// Direction is kept: g is a positive multiple of the input.
			for i := range g {
				if g[i]*before-tt.g[i]*after > 1e-9*math.Abs(tt.g[i]*after) {
					t.Errorf("Clip(%v, %v) changed direction: %v", tt.g, tt.c, g)
				}
			}
		}
	}
}

// Every per-example gradient that enters a step must be within ClipNorm:
// fit with a tiny clip norm and count clipped examples in the trace.
func TestClippingBindsDuringTraining(t *testing.T) {
	Xtr, ytr, _, _ := breastCancer(t)
	m := &DPLogisticRegression{Config: Config{ClipNorm: 1e-3, Record: true, Steps: 20, SampleRate: 0.2}}
	if err := m.Fit(Xtr, ytr); err != nil {
		t.Fatal(err)
	}
	for _, s := range m.Trace() {
		if s.Clipped != s.BatchSize {
			t.Fatalf("step %d: %d of %d gradients clipped; with C = 1e-3 all must be", s.Step, s.Clipped, s.BatchSize)
		}
	}
	m.Config.ClipNorm = 1e6
	if err := m.Fit(Xtr, ytr); err != nil {
		t.Fatal(err)
	}
	for _, s := range m.Trace() {
		if s.Clipped != 0 {
			t.Fatalf("step %d: %d gradients clipped with C = 1e6", s.Step, s.Clipped)
		}
	}
}

// logisticOptimum minimises mean log-loss + (λ/2)‖w‖² (intercept last,
// unpenalised) by Newton's method.
func logisticOptimum(t *testing.T, X *mat.Dense, y []float64, l2 float64) []float64 {
	n, p := X.Dims()
	w := make([]float64, p+1)
	xt := make([]float64, p+1)
	for iter := 0; iter < 50; iter++ {
		g := mat.NewVecDense(p+1, nil)
		H := mat.NewSymDense(p+1, nil)
		for i := 0; i < n; i++ {
			copy(xt, X.RawRowView(i))
			xt[p] = 1
			z := floats.Dot(w, xt)
			prob := 1 / (1 + math.Exp(-z))
			g.AddScaledVec(g, (prob-y[i])/float64(n), mat.NewVecDense(p+1, xt))
			H.SymRankOne(H, prob*(1-prob)/float64(n), mat.NewVecDense(p+1, xt))
		}
		for j := 0; j < p; j++ {
			g.SetVec(j, g.AtVec(j)+l2*w[j])
			H.SetSym(j, j, H.At(j, j)+l2)
		}
		var step mat.VecDense
		if err := step.SolveVec(H, g); err != nil {
			t.Fatal(err)
		}
		for j := range w {
			w[j] -= step.AtVec(j)
		}
		if mat.Norm(&step, math.Inf(1)) < 1e-14 {
			break
		}
	}
	return w
}

// With no noise to speak of, clipping that never binds and full batches
// (q = 1), DP-SGD is plain gradient descent and must reach the non-private
// optimum.
func TestApproachesNonPrivateSolution(t *testing.T) {
	Xtr, ytr, _, _ := breastCancer(t)
	const l2 = 0.1
	cfg := Config{NoiseMultiplier: 1e-9, ClipNorm: 100, SampleRate: 1, Steps: 3000, LearningRate: 0.25, L2: l2, Record: true}
	t.Run("logistic", func(t *testing.T) {
		m := &DPLogisticRegression{Config: cfg}
		if err := m.Fit(Xtr, ytr); err != nil {
			t.Fatal(err)
		}
		for _, s := range m.Trace() {
			if s.Clipped != 0 {
				t.Fatalf("clipping bound at step %d", s.Step)
			}
		}
		want := logisticOptimum(t, Xtr, ytr, l2)
		got := append(m.Coef(), m.Intercept())
		if d := floats.Distance(got, want, math.Inf(1)); d > 1e-6 {
			t.Errorf("DP-SGD (σ→0) is %v from the non-private optimum\n got %v\nwant %v", d, got, want)
		}
	})
	t.Run("regression", func(t *testing.T) {
		ds := data.Diabetes()
		X, y, _, _ := standardSplit(ds.X, ds.Y, 1)
		n, p := X.Dims()
		mu, sd := stat.PopMeanStdDev(y, nil)
		ys := make([]float64, n)
		for i := range ys {
			ys[i] = (y[i] - mu) / sd
		}
		m := &DPLinearRegression{Config: cfg}
		m.Config.LearningRate = 0.1
		m.Config.Steps = 20000
		if err := m.Fit(X, ys); err != nil {
			t.Fatal(err)
		}
		// Ridge with an unpenalised intercept on centred data:
		// (XcᵀXc/n + λI) w = Xcᵀ yc / n, b = mean(y) - mean(X)·w.
		xm := make([]float64, p)
		for j := range xm {
			xm[j] = stat.Mean(mat.Col(nil, j, X), nil)
		}
		ym := stat.Mean(ys, nil)
		Xc := mat.DenseCopyOf(X)
		for i := 0; i < n; i++ {
			floats.Sub(Xc.RawRowView(i), xm)
		}
		var A mat.Dense
		A.Mul(Xc.T(), Xc)
		A.Scale(1/float64(n), &A)
		for j := 0; j < p; j++ {
			A.Set(j, j, A.At(j, j)+l2)
		}
		yc := make([]float64, n)
		for i := range yc {
			yc[i] = ys[i] - ym
		}
		var rhs, w mat.VecDense
		rhs.MulVec(Xc.T(), mat.NewVecDense(n, yc))
		rhs.ScaleVec(1/float64(n), &rhs)
		if err := w.SolveVec(&A, &rhs); err != nil {
			t.Fatal(err)
		}
		want := mat.Col(nil, 0, &w)
		if d := floats.Distance(m.Coef(), want, math.Inf(1)); d > 1e-6 {
			t.Errorf("coefficients %v from ridge\n got %v\nwant %v", d, m.Coef(), want)
		}
		if b := ym - floats.Dot(xm, want); math.Abs(m.Intercept()-b) > 1e-6 {
			t.Errorf("intercept %v, ridge %v", m.Intercept(), b)
		}
	})
}

func TestSeedDeterminism(t *testing.T) {
	Xtr, ytr, _, _ := breastCancer(t)
	fit := func(cfg Config) []float64 {
		m := &DPLinearSVM{Config: cfg}
		if err := m.Fit(Xtr, ytr); err != nil {
			t.Fatal(err)
		}
		return append(m.Coef(), m.Intercept())
	}
	a, b := fit(Config{Seed: 7}), fit(Config{Seed: 7})
	if !floats.Equal(a, b) {
		t.Error("same seed, different models")
	}
	if c := fit(Config{Seed: 8}); floats.Equal(a, c) {
		t.Error("different seeds, identical models: is the noise used?")
	}
	if c := fit(Config{Noise: SeededNoise(7)}); !floats.Equal(a, c) {
		t.Error("Config.Noise = SeededNoise(7) differs from Config.Seed = 7")
	}
	c1, c2 := fit(Config{Noise: CryptoNoise()}), fit(Config{Noise: CryptoNoise()})
	if floats.Equal(c1, c2) {
		t.Error("two CryptoNoise fits gave identical models")
	}
}

func TestPoissonSampling(t *testing.T) {
	Xtr, ytr, _, _ := breastCancer(t)
	n, _ := Xtr.Dims()
	for _, q := range []float64{0.02, 0.3} {
		m := &DPLogisticRegression{Config: Config{SampleRate: q, Steps: 2000, Record: true}}
		if err := m.Fit(Xtr, ytr); err != nil {
			t.Fatal(err)
		}
		sizes := make([]float64, 0, 2000)
		for _, s := range m.Trace() {
			sizes = append(sizes, float64(s.BatchSize))
		}
		mean, variance := stat.MeanVariance(sizes, nil)
		// Binomial(n, q): mean qn, variance qn(1-q).
		wantMean, wantVar := q*float64(n), q*(1-q)*float64(n)
		if math.Abs(mean-wantMean) > 5*math.Sqrt(wantVar/2000) {
			t.Errorf("q=%v: mean batch %v, want %v", q, mean, wantMean)
		}
		if math.Abs(variance/wantVar-1) > 0.15 {
			t.Errorf("q=%v: batch-size variance %v, want %v (Poisson sampling is Binomial)", q, variance, wantVar)
		}
	}
}

func TestAccuracyAtSmallEpsilon(t *testing.T) {
	Xtr, ytr, Xte, yte := breastCancer(t)
	for _, eps := range []float64{1, 3} {
		for _, build := range []func(Config) Private{
			func(c Config) Private { return &DPLogisticRegression{Config: c} },
			func(c Config) Private { return &DPLinearSVM{Config: c} },
		} {
			total := 0.0
			for seed := uint64(0); seed < 3; seed++ {
				m := build(Config{TargetEpsilon: eps, Seed: seed})
				if err := m.Fit(Xtr, ytr); err != nil {
					t.Fatal(err)
				}
				g := m.Privacy()
				if g.Epsilon > eps+1e-9 || g.Epsilon < eps-1e-3 {
					t.Errorf("TargetEpsilon %v: spent ε = %v", eps, g.Epsilon)
				}
				acc, err := m.Score(Xte, yte)
				if err != nil {
					t.Fatal(err)
				}
				total += acc / 3
			}
			// Non-private logistic regression reaches about 0.97 here.
			if total < 0.92 {
				t.Errorf("%T at ε = %v: mean test accuracy %.3f, want ≥ 0.92", build(Config{}), eps, total)
			}
		}
	}
}

func TestGuaranteeAndTrace(t *testing.T) {
	Xtr, ytr, _, _ := breastCancer(t)
	m := &DPLogisticRegression{Config: Config{Record: true, Epochs: 3, SampleRate: 0.05}}
	if err := m.Fit(Xtr, ytr); err != nil {
		t.Fatal(err)
	}
	g := m.Privacy()
	if g.Steps != 60 || g.SampleRate != 0.05 || g.NoiseMultiplier != 1 || g.ClipNorm != 1 || g.Delta != 1e-5 {
		t.Errorf("guarantee %+v does not reflect the defaults (3 epochs / q = 60 steps)", g)
	}
	eps, order, err := Accountant{}.Epsilon(0.05, 1, 60, 1e-5)
	if err != nil {
		t.Fatal(err)
	}
	if g.Epsilon != eps || g.Order != order || g.ClassicEpsilon < eps {
		t.Errorf("guarantee %+v, accountant says ε = %v at order %v", g, eps, order)
	}
	tr := m.Trace()
	if len(tr) != 60 {
		t.Fatalf("trace has %d steps, want 60", len(tr))
	}
	for i := 1; i < len(tr); i++ {
		if tr[i].Epsilon < tr[i-1].Epsilon {
			t.Errorf("ε decreased from step %d to %d", i, i+1)
		}
	}
	if last := tr[len(tr)-1].Epsilon; last != g.Epsilon {
		t.Errorf("trace ends at ε = %v, guarantee says %v", last, g.Epsilon)
	}
	if tr[len(tr)-1].Loss >= math.Log(2) {
		t.Errorf("training loss %v did not fall below log 2", tr[len(tr)-1].Loss)
	}
	if !strings.Contains(g.String(), "δ = 1e-05") {
		t.Errorf("Guarantee.String() = %q", g.String())
	}
}

func TestPersistence(t *testing.T) {
	Xtr, ytr, Xte, _ := breastCancer(t)
	ds := data.Diabetes()
	Xr, yr, Xrte, _ := standardSplit(ds.X, ds.Y, 3)
	for i := range yr {
		yr[i] /= 100
	}
	tests := []struct {
		name    string
		m       Private
		fresh   func() Private
		X, Xnew mat.Matrix
		y       []float64
	}{
		{"privacy.DPLogisticRegression", &DPLogisticRegression{Config: Config{Seed: 3, L2: 0.01}}, func() Private { return &DPLogisticRegression{} }, Xtr, Xte, ytr},
		{"privacy.DPLinearSVM", &DPLinearSVM{Config: Config{Seed: 3}}, func() Private { return &DPLinearSVM{} }, Xtr, Xte, ytr},
		{"privacy.DPLinearRegression", &DPLinearRegression{Config: Config{Seed: 3}}, func() Private { return &DPLinearRegression{} }, Xr, Xrte, yr},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := json.Marshal(tt.fresh()); err == nil || !errors.Is(err, model.ErrNotFitted) {
				t.Errorf("marshal unfitted: %v, want ErrNotFitted", err)
			}
			if err := tt.m.Fit(tt.X, tt.y); err != nil {
				t.Fatal(err)
			}
			raw, err := json.Marshal(tt.m)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(raw), `"kind":"`+tt.name+`","version":1`) {
				t.Errorf("envelope %s", raw[:80])
			}
			loaded := tt.fresh()
			if err := json.Unmarshal(raw, loaded); err != nil {
				t.Fatal(err)
			}
			p1, _ := tt.m.(model.Predictor).Predict(tt.Xnew)
			p2, err := loaded.(model.Predictor).Predict(tt.Xnew)
			if err != nil {
				t.Fatal(err)
			}
			for i := range p1 {
				if math.Float64bits(p1[i]) != math.Float64bits(p2[i]) {
					t.Fatalf("row %d: loaded model predicts %v, saved one %v", i, p2[i], p1[i])
				}
			}
			if loaded.Privacy() != tt.m.Privacy() {
				t.Errorf("privacy guarantee not restored: %+v vs %+v", loaded.Privacy(), tt.m.Privacy())
			}
			// A file of another kind is refused.
			other := &DPLinearSVM{}
			if tt.name != "privacy.DPLinearSVM" {
				if err := json.Unmarshal(raw, other); err == nil {
					t.Error("loading a different kind succeeded")
				}
			}
		})
	}
	// Proba are bit-identical too.
	m := &DPLogisticRegression{Config: Config{Seed: 5}}
	_ = m.Fit(Xtr, ytr)
	raw, _ := json.Marshal(m)
	var l DPLogisticRegression
	if err := json.Unmarshal(raw, &l); err != nil {
		t.Fatal(err)
	}
	P1, _ := m.PredictProba(Xte)
	P2, _ := l.PredictProba(Xte)
	if !mat.Equal(P1, P2) {
		t.Error("loaded model's probabilities differ")
	}
}

func TestModelBadInput(t *testing.T) {
	Xtr, ytr, _, _ := breastCancer(t)
	var m DPLogisticRegression
	if _, err := m.Predict(Xtr); !errors.Is(err, model.ErrNotFitted) {
		t.Errorf("predict before fit: %v", err)
	}
	if m.Coef() != nil || m.Classes() != nil || m.Privacy() != (Guarantee{}) {
		t.Error("unfitted accessors should be empty")
	}
	three := append([]float64(nil), ytr...)
	three[0] = 2
	nan := mat.DenseCopyOf(Xtr)
	nan.Set(4, 2, math.NaN())
	tests := []struct {
		name string
		m    Private
		X    mat.Matrix
		y    []float64
		want string
	}{
		{"clip", &DPLogisticRegression{Config: Config{ClipNorm: -1}}, Xtr, ytr, "Config.ClipNorm = -1"},
		{"sigma", &DPLinearSVM{Config: Config{NoiseMultiplier: -0.5}}, Xtr, ytr, "Config.NoiseMultiplier = -0.5"},
		{"rate", &DPLogisticRegression{Config: Config{SampleRate: 1.5}}, Xtr, ytr, "Config.SampleRate = 1.5"},
		{"delta", &DPLinearRegression{Config: Config{Delta: 1}}, Xtr, ytr, "Config.Delta = 1"},
		{"steps", &DPLogisticRegression{Config: Config{Steps: -1}}, Xtr, ytr, "Config.Steps = -1"},
		{"epochs", &DPLogisticRegression{Config: Config{Epochs: -2}}, Xtr, ytr, "Config.Epochs = -2"},
		{"lr", &DPLogisticRegression{Config: Config{LearningRate: math.Inf(1)}}, Xtr, ytr, "Config.LearningRate = +Inf"},
		{"l2", &DPLogisticRegression{Config: Config{L2: -1}}, Xtr, ytr, "Config.L2 = -1"},
		{"both", &DPLogisticRegression{Config: Config{NoiseMultiplier: 1, TargetEpsilon: 1}}, Xtr, ytr, "set one of them"},
		{"multiclass", &DPLogisticRegression{}, Xtr, three, "binary classifier"},
		{"single class", &DPLinearSVM{}, Xtr, make([]float64, len(ytr)), "single class"},
		{"nan", &DPLinearRegression{}, nan, ytr, "X[4][2] is NaN"},
		{"length", &DPLogisticRegression{}, Xtr, ytr[1:], "rows but y has"},
		{"diverge", &DPLinearRegression{Config: Config{LearningRate: 1e308, NoiseMultiplier: 100}}, Xtr, ytr, "smaller Config.LearningRate"},
	}
	for _, tt := range tests {
		err := tt.m.Fit(tt.X, tt.y)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "privacy: ") {
			t.Errorf("%s: error %v, want one mentioning %q", tt.name, err, tt.want)
		}
	}
	if err := m.Fit(Xtr, ytr); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Predict(mat.NewDense(2, 3, nil)); err == nil || !strings.Contains(err.Error(), "fitted with 30") {
		t.Errorf("wrong width: %v", err)
	}
}

func TestTradeoff(t *testing.T) {
	Xtr, ytr, Xte, yte := breastCancer(t)
	table, err := Tradeoff(TradeoffConfig{Sigmas: []float64{0.6, 2, 30}, Repeats: 3, Base: Config{Epochs: 5}}, Xtr, ytr, Xte, yte)
	if err != nil {
		t.Fatal(err)
	}
	if len(table) != 3 {
		t.Fatalf("%d rows", len(table))
	}
	for i, r := range table {
		if r.TestScore < 0 || r.TestScore > 1 || r.Delta != 1e-5 {
			t.Errorf("row %d: %+v", i, r)
		}
		if i > 0 && r.Epsilon >= table[i-1].Epsilon {
			t.Errorf("ε does not fall as σ grows: %v", table)
		}
	}
	if table[0].TestScore < table[2].TestScore {
		t.Errorf("σ = 0.6 scores below σ = 30:\n%v", table)
	}
	if !strings.Contains(table.String(), "epsilon") {
		t.Error(table.String())
	}
	// Regression works through New.
	ds := data.Diabetes()
	Xr, yr, Xrte, yrte := standardSplit(ds.X, ds.Y, 3)
	for _, y := range [][]float64{yr, yrte} {
		for i := range y {
			y[i] = (y[i] - 152) / 77
		}
	}
	reg, err := Tradeoff(TradeoffConfig{Sigmas: []float64{1}, New: func(c Config) Private { return &DPLinearRegression{Config: c} }}, Xr, yr, Xrte, yrte)
	if err != nil || reg[0].TestScore < 0.2 || reg[0].TestStd != 0 {
		t.Errorf("regression trade-off %v, %v", reg, err)
	}
	if _, err := Tradeoff(TradeoffConfig{Sigmas: []float64{0}}, Xtr, ytr, Xte, yte); err == nil || !strings.Contains(err.Error(), "Sigmas[0] = 0") {
		t.Errorf("bad sigma: %v", err)
	}
	if _, err := Tradeoff(TradeoffConfig{Base: Config{TargetEpsilon: 1}}, Xtr, ytr, Xte, yte); err == nil {
		t.Error("TargetEpsilon accepted")
	}
}
