package explain

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/descentml/descent/core/model"
)

// linearModel is a fixed linear predictor for the tests: y = b + w·x.
type linearModel struct {
	w []float64
	b float64
}

func (m linearModel) Coef() []float64    { return m.w }
func (m linearModel) Intercept() float64 { return m.b }

func (m linearModel) Predict(X mat.Matrix) ([]float64, error) {
	n, _, err := model.CheckX(X, len(m.w))
	if err != nil {
		return nil, err
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = m.b
		for j, w := range m.w {
			out[i] += w * X.At(i, j)
		}
	}
	return out, nil
}

// Score is R², so that the model satisfies model.Scorer.
func (m linearModel) Score(X mat.Matrix, y []float64) (float64, error) {
	pred, err := m.Predict(X)
	if err != nil {
		return 0, err
	}
	return r2(y, pred)
}

func r2(y, pred []float64) (float64, error) {
	mean := stat.Mean(y, nil)
	var ss, st float64
	for i := range y {
		ss += (y[i] - pred[i]) * (y[i] - pred[i])
		st += (y[i] - mean) * (y[i] - mean)
	}
	return 1 - ss/st, nil
}

// synthetic returns X (n×3, standard normal) and y = 3·x0 + 0.5·x1 + noise:
// x0 matters a lot, x1 a little, x2 not at all.
func synthetic(n int, seed uint64) (*mat.Dense, []float64) {
	rng := model.NewRand(seed)
	X := mat.NewDense(n, 3, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < 3; j++ {
			X.Set(i, j, rng.NormFloat64())
		}
		y[i] = 3*X.At(i, 0) + 0.5*X.At(i, 1) + 0.1*rng.NormFloat64()
	}
	return X, y
}

func TestCoefficients(t *testing.T) {
	names := []string{"age", "income", "height"}
	tab, err := Coefficients(names, []float64{0.5, -0.001, 2}, 1.5, []float64{10, 20000, 0.1})
	if err != nil {
		t.Fatal(err)
	}
	// Standardized: 5, -20, 0.2 → income, age, height.
	order := []string{"income", "age", "height"}
	for i, r := range tab.Rows {
		if r.Feature != order[i] {
			t.Errorf("row %d is %s, want %s (sorted by |coef×std|)", i, r.Feature, order[i])
		}
		if r.Standardized != r.Coef*r.Std {
			t.Errorf("%s: standardized %v ≠ coef·std", r.Feature, r.Standardized)
		}
	}
	if tab.Rows[0].Standardized != -20 || tab.Rows[0].Index != 1 || tab.Intercept != 1.5 {
		t.Errorf("income row %+v", tab.Rows[0])
	}
	s := tab.String()
	if !strings.Contains(s, "coef×std") || !strings.Contains(s, "(intercept)") || strings.Index(s, "income") > strings.Index(s, "height") {
		t.Errorf("table:\n%s", s)
	}
	// Without stds: sorted by |coef|, default names.
	raw, err := CoefficientsOf(linearModel{w: []float64{0.5, -0.001, 2}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if raw.Rows[0].Feature != "x2" || raw.Rows[2].Feature != "x1" || raw.HasStd || strings.Contains(raw.String(), "std") {
		t.Errorf("raw table:\n%s", raw)
	}
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"names", second(Coefficients([]string{"a"}, []float64{1, 2}, 0, nil)), "1 feature names for 2 features"},
		{"stds", second(Coefficients(nil, []float64{1, 2}, 0, []float64{1})), "1 standard deviations for 2"},
		{"empty", second(Coefficients(nil, nil, 0, nil)), "no coefficients"},
		{"nan", second(Coefficients(nil, []float64{1, math.NaN()}, 0, nil)), "coef[1] is NaN"},
		{"neg std", second(Coefficients(nil, []float64{1}, 0, []float64{-1})), "stds[0] = -1"},
		{"contrib length", second(Contributions(nil, []float64{1, 2}, 0, []float64{1})), "sample has 1 features"},
		{"contrib inf", second(Contributions(nil, []float64{1}, 0, []float64{math.Inf(1)})), "x[0] is +Inf"},
	} {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) || !strings.HasPrefix(tt.err.Error(), "explain: ") {
			t.Errorf("%s: %v, want an error mentioning %q", tt.name, tt.err, tt.want)
		}
	}
}

func second[A any](_ A, err error) error { return err }

func TestContributionsSumToPrediction(t *testing.T) {
	m := linearModel{w: []float64{1.5, -2, 0.25, 0}, b: -0.7}
	X := mat.NewDense(3, 4, []float64{
		1, 2, 3, 4,
		-1, 0.5, 8, 100,
		0, 0, 0, 0,
	})
	pred, _ := m.Predict(X)
	for i := 0; i < 3; i++ {
		c, err := ContributionsOf(m, []string{"a", "b", "c", "d"}, X.RawRowView(i))
		if err != nil {
			t.Fatal(err)
		}
		sum := c.Intercept
		for _, term := range c.Terms {
			sum += term.Contribution
			if term.Contribution != term.Coef*term.Value {
				t.Errorf("term %+v: contribution ≠ coef·value", term)
			}
		}
		if math.Abs(sum-pred[i]) > 1e-12 || math.Abs(c.Total-pred[i]) > 1e-12 {
			t.Errorf("row %d: contributions sum to %v (total %v), prediction %v", i, sum, c.Total, pred[i])
		}
		for k := 1; k < len(c.Terms); k++ {
			if math.Abs(c.Terms[k].Contribution) > math.Abs(c.Terms[k-1].Contribution) {
				t.Errorf("row %d: terms not sorted by |contribution|", i)
			}
		}
	}
	c, _ := ContributionsOf(m, nil, X.RawRowView(0))
	if c.Terms[0].Feature != "x1" {
		t.Errorf("largest contribution is %s, want x1 (−4)", c.Terms[0].Feature)
	}
	if s := c.String(); !strings.Contains(s, "total") || !strings.Contains(s, "x1") {
		t.Errorf("contribution table:\n%s", s)
	}
}

func TestPermutationImportanceRecoversInformativeFeatures(t *testing.T) {
	X, y := synthetic(500, 1)
	m := linearModel{w: []float64{3, 0.5, 0}}
	im, err := PermutationImportance(m, X, y, PermutationConfig{Seed: 3, FeatureNames: []string{"strong", "weak", "noise"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := im.Ranking(); got[0] != 0 || got[1] != 1 || got[2] != 2 {
		t.Errorf("ranking %v, want [0 1 2]", got)
	}
	if !(im.Mean[0] > 1 && im.Mean[1] > 0.01 && im.Mean[1] < im.Mean[0]) {
		t.Errorf("means %v", im.Mean)
	}
	// The model ignores x2: shuffling it cannot change a prediction.
	if im.Mean[2] != 0 || im.Std[2] != 0 {
		t.Errorf("irrelevant feature: mean %v std %v, want exactly 0", im.Mean[2], im.Std[2])
	}
	for j := range im.Scores {
		if len(im.Scores[j]) != 5 {
			t.Fatalf("%d repeats, want the default 5", len(im.Scores[j]))
		}
		mean, std := stat.PopMeanStdDev(im.Scores[j], nil)
		if mean != im.Mean[j] || std != im.Std[j] {
			t.Errorf("feature %d: mean/std %v/%v, recomputed %v/%v", j, im.Mean[j], im.Std[j], mean, std)
		}
	}
	if base, _ := m.Score(X, y); base != im.Baseline {
		t.Errorf("baseline %v, model score %v", im.Baseline, base)
	}
	s := im.String()
	if strings.Index(s, "strong") > strings.Index(s, "weak") || strings.Index(s, "weak") > strings.Index(s, "noise") {
		t.Errorf("report not sorted:\n%s", s)
	}
}

func TestPermutationImportanceRepeatable(t *testing.T) {
	X, y := synthetic(200, 2)
	m := linearModel{w: []float64{3, 0.5, 0}}
	run := func(seed uint64) *Importance {
		im, err := PermutationImportance(m, X, y, PermutationConfig{Seed: seed, Repeats: 4, Scoring: r2})
		if err != nil {
			t.Fatal(err)
		}
		return im
	}
	a, b, c := run(9), run(9), run(10)
	for j := range a.Scores {
		if !floats.Equal(a.Scores[j], b.Scores[j]) {
			t.Errorf("feature %d: same seed, different scores", j)
		}
	}
	if floats.Equal(a.Scores[0], c.Scores[0]) {
		t.Error("different seeds gave identical permutations")
	}
	// Scoring = R² is the model's own Score: the same numbers.
	own, _ := PermutationImportance(m, X, y, PermutationConfig{Seed: 9, Repeats: 4})
	if !floats.Equal(own.Mean, a.Mean) {
		t.Errorf("Scoring r2 %v vs model Score %v", a.Mean, own.Mean)
	}
}

// recorder checks every matrix it is asked to predict: the permuted column
// must be a permutation of the original and the others untouched.
type recorder struct {
	t     *testing.T
	orig  *mat.Dense
	calls int
}

func (r *recorder) Predict(X mat.Matrix) ([]float64, error) {
	r.calls++
	n, p := X.Dims()
	changed := -1
	for j := 0; j < p; j++ {
		a, b := mat.Col(nil, j, X), mat.Col(nil, j, r.orig)
		if floats.Equal(a, b) {
			continue
		}
		if changed >= 0 {
			r.t.Errorf("call %d: columns %d and %d both changed", r.calls, changed, j)
		}
		changed = j
		sortedA, sortedB := append([]float64(nil), a...), append([]float64(nil), b...)
		floats.Argsort(sortedA, make([]int, n))
		floats.Argsort(sortedB, make([]int, n))
		if !floats.Equal(sortedA, sortedB) {
			r.t.Errorf("call %d: column %d is not a permutation of the original", r.calls, j)
		}
	}
	return mat.Col(nil, 0, X), nil
}

func TestPermutationShufflesOneColumn(t *testing.T) {
	X, y := synthetic(50, 4)
	rec := &recorder{t: t, orig: mat.DenseCopyOf(X)}
	negMSE := func(yt, yp []float64) (float64, error) {
		s := 0.0
		for i := range yt {
			s += (yt[i] - yp[i]) * (yt[i] - yp[i])
		}
		return -s / float64(len(yt)), nil
	}
	im, err := PermutationImportance(rec, X, y, PermutationConfig{Scoring: negMSE, Repeats: 3})
	if err != nil {
		t.Fatal(err)
	}
	if rec.calls != 1+3*3 {
		t.Errorf("%d predictions, want 1 baseline + 3 features × 3 repeats", rec.calls)
	}
	if !mat.Equal(X, rec.orig) {
		t.Error("PermutationImportance modified X")
	}
	if !(im.Mean[0] > 0) || im.Mean[1] != 0 || im.Mean[2] != 0 {
		t.Errorf("means %v: the recorder predicts x0, so only x0 can matter", im.Mean)
	}
	if _, err := PermutationImportance(rec, X, y, PermutationConfig{}); err == nil || !strings.Contains(err.Error(), "has no Score method") {
		t.Errorf("no Scoring and no Score: %v", err)
	}
	if _, err := PermutationImportance(rec, X, y[1:], PermutationConfig{Scoring: negMSE}); err == nil {
		t.Error("length mismatch accepted")
	}
	if _, err := PermutationImportance(rec, X, y, PermutationConfig{Scoring: negMSE, Repeats: -1}); err == nil {
		t.Error("Repeats -1 accepted")
	}
	bad := PredictorFunc(func(mat.Matrix) ([]float64, error) { return nil, model.ErrNotFitted })
	if _, err := PermutationImportance(bad, X, y, PermutationConfig{Scoring: negMSE}); !errors.Is(err, model.ErrNotFitted) {
		t.Errorf("model error not wrapped: %v", err)
	}
}

func TestPartialDependenceOfLinearModel(t *testing.T) {
	X, _ := synthetic(300, 5)
	m := linearModel{w: []float64{3, -1.5, 0}, b: 2}
	meanX1 := stat.Mean(mat.Col(nil, 1, X), nil)
	grid, avg, err := PartialDependence(m, X, 0, PDConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if len(grid) != 100 || len(avg) != 100 {
		t.Fatalf("grid of %d points, want 100", len(grid))
	}
	for g := range grid {
		// PD(v) = b + 3v + (-1.5)·mean(x1) + 0·mean(x2).
		if want := 2 + 3*grid[g] - 1.5*meanX1; math.Abs(avg[g]-want) > 1e-12 {
			t.Errorf("PD(%v) = %v, want %v", grid[g], avg[g], want)
		}
		if g > 0 {
			if slope := (avg[g] - avg[g-1]) / (grid[g] - grid[g-1]); math.Abs(slope-3) > 1e-9 {
				t.Errorf("slope %v between grid points %d and %d, want 3", slope, g-1, g)
			}
		}
	}
	_, flat, _ := PartialDependence(m, X, 2, PDConfig{GridResolution: 10})
	for _, v := range flat {
		if math.Abs(v-flat[0]) > 1e-12 {
			t.Errorf("PD of an unused feature is not flat: %v", flat)
			break
		}
	}
	// ICE curves average to the PD, and X is untouched.
	before := mat.DenseCopyOf(X)
	grid2, curves, err := ICE(m, X, 0, PDConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if !floats.Equal(grid, grid2) || !mat.Equal(X, before) {
		t.Error("ICE grid differs or X was modified")
	}
	for g := range grid {
		if mean := stat.Mean(mat.Col(nil, g, curves), nil); math.Abs(mean-avg[g]) > 1e-12 {
			t.Errorf("ICE column %d averages %v, PD %v", g, mean, avg[g])
		}
	}
	// Custom grid.
	gr, av, err := PartialDependence(m, X, 0, PDConfig{Grid: []float64{-1, 0, 1}})
	if err != nil || len(gr) != 3 || math.Abs(av[2]-av[1]-3) > 1e-12 {
		t.Errorf("custom grid: %v %v %v", gr, av, err)
	}
}

// formula is the predictor of testdata/gen_reference.py.
var formula = PredictorFunc(func(X mat.Matrix) ([]float64, error) {
	n, _ := X.Dims()
	out := make([]float64, n)
	for i := range out {
		x0, x1, x2, x3 := X.At(i, 0), X.At(i, 1), X.At(i, 2), X.At(i, 3)
		out[i] = x0*x0 + 0.5*x0 + x1*x2 + math.Sin(x3)
	}
	return out, nil
})

func readCSV(t *testing.T, path string) *mat.Dense {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	X := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		for j, s := range r {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			X.Set(i, j, v)
		}
	}
	return X
}

func TestPartialDependenceMatchesSklearn(t *testing.T) {
	X := readCSV(t, "testdata/pd_data.csv")
	raw, err := os.ReadFile("testdata/pd_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Cases []struct {
			Feature        int       `json:"feature"`
			GridResolution int       `json:"grid_resolution"`
			Percentiles    []float64 `json:"percentiles"`
			Grid           []float64 `json:"grid"`
			Average        []float64 `json:"average"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	for _, c := range ref.Cases {
		cfg := PDConfig{GridResolution: c.GridResolution, Percentiles: [2]float64{c.Percentiles[0], c.Percentiles[1]}}
		grid, avg, err := PartialDependence(formula, X, c.Feature, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(grid) != len(c.Grid) {
			t.Fatalf("feature %d res %d: %d grid points, sklearn %d", c.Feature, c.GridResolution, len(grid), len(c.Grid))
		}
		for g := range grid {
			if grid[g] != c.Grid[g] {
				t.Errorf("feature %d res %d: grid[%d] = %.17g, sklearn %.17g", c.Feature, c.GridResolution, g, grid[g], c.Grid[g])
			}
			if math.Abs(avg[g]-c.Average[g]) > 1e-12*math.Max(1, math.Abs(c.Average[g])) {
				t.Errorf("feature %d res %d: average[%d] = %.17g, sklearn %.17g", c.Feature, c.GridResolution, g, avg[g], c.Average[g])
			}
		}
	}
}

// proba is a two-class model with P(class 1) = sigmoid(x0).
type proba struct{}

func (proba) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	n, _ := X.Dims()
	P := mat.NewDense(n, 2, nil)
	for i := 0; i < n; i++ {
		p := 1 / (1 + math.Exp(-X.At(i, 0)))
		P.Set(i, 0, 1-p)
		P.Set(i, 1, p)
	}
	return P, nil
}

func TestProbaResponse(t *testing.T) {
	X, _ := synthetic(100, 6)
	grid, avg, err := PartialDependence(Proba(proba{}, 1), X, 0, PDConfig{Grid: []float64{-2, 0, 2}})
	if err != nil {
		t.Fatal(err)
	}
	for g, v := range grid {
		if want := 1 / (1 + math.Exp(-v)); math.Abs(avg[g]-want) > 1e-14 {
			t.Errorf("P(class 1 | x0 = %v) = %v, want %v", v, avg[g], want)
		}
	}
	if _, _, err := PartialDependence(Proba(proba{}, 2), X, 0, PDConfig{}); err == nil || !strings.Contains(err.Error(), "column 2 out of range") {
		t.Errorf("bad column: %v", err)
	}
}

func TestPDBadInput(t *testing.T) {
	X, _ := synthetic(30, 7)
	m := linearModel{w: []float64{1, 1, 1}}
	mostlyZero := mat.NewDense(100, 1, nil)
	for i := 0; i < 3; i++ {
		mostlyZero.Set(i, 0, float64(i+1))
	}
	tests := []struct {
		name string
		X    mat.Matrix
		f    int
		cfg  PDConfig
		want string
	}{
		{"feature", X, 3, PDConfig{}, "feature 3 out of range"},
		{"negative feature", X, -1, PDConfig{}, "feature -1"},
		{"resolution", X, 0, PDConfig{GridResolution: 1}, "GridResolution = 1"},
		{"percentiles", X, 0, PDConfig{Percentiles: [2]float64{0.9, 0.1}}, "Percentiles = [0.9 0.1]"},
		{"percentile range", X, 0, PDConfig{Percentiles: [2]float64{0.1, 1.5}}, "Percentiles"},
		{"too close", mostlyZero, 0, PDConfig{GridResolution: 3}, "percentiles further apart"},
		{"empty grid", X, 0, PDConfig{Grid: []float64{}}, "Grid is empty"},
		{"nan", mat.NewDense(1, 1, []float64{math.NaN()}), 0, PDConfig{}, "X[0][0] is NaN"},
	}
	for _, tt := range tests {
		_, _, err := PartialDependence(m, tt.X, tt.f, tt.cfg)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "explain: ") {
			t.Errorf("%s: %v, want an error mentioning %q", tt.name, err, tt.want)
		}
	}
	if _, err := PDGrid(X, 5, PDConfig{}); err == nil {
		t.Error("PDGrid accepted feature 5")
	}
}
