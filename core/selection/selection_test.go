package selection

import (
	"encoding/json"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

func column(x []float64) *mat.Dense { return mat.NewDense(len(x), 1, slices.Clone(x)) }

// TestCrossValidateByHand checks fold scores computed by hand for OLS on six
// points with 3 plain folds and minus the mean squared error.
func TestCrossValidateByHand(t *testing.T) {
	x := []float64{0, 1, 2, 3, 4, 5}
	y := []float64{0, 1, 2, 3, 4, 10}
	// ols returns the OLS line through the points idx.
	ols := func(idx ...int) (a, b float64) {
		var xm, ym float64
		for _, i := range idx {
			xm += x[i] / float64(len(idx))
			ym += y[i] / float64(len(idx))
		}
		var sxy, sxx float64
		for _, i := range idx {
			sxy += (x[i] - xm) * (y[i] - ym)
			sxx += (x[i] - xm) * (x[i] - xm)
		}
		b = sxy / sxx
		return ym - b*xm, b
	}
	negMSE := func(a, b float64, test ...int) float64 {
		s := 0.0
		for _, i := range test {
			e := y[i] - (a + b*x[i])
			s += e * e
		}
		return -s / float64(len(test))
	}
	// Fold 0 trains on x = 2..5: slope 12.5/5 = 2.5, intercept -4, so the
	// errors at x = 0, 1 are 4 and 2.5.
	a0, b0 := ols(2, 3, 4, 5)
	if math.Abs(a0+4) > 1e-12 || math.Abs(b0-2.5) > 1e-12 {
		t.Fatalf("hand OLS: got %v + %v x, want -4 + 2.5 x", a0, b0)
	}
	a1, b1 := ols(0, 1, 4, 5)
	a2, b2 := ols(0, 1, 2, 3)
	want := []float64{-(16 + 6.25) / 2, negMSE(a1, b1, 2, 3), negMSE(a2, b2, 4, 5)}
	if want[2] != -25.0/2 { // fold 2: the line y = x, errors 0 and 5
		t.Fatalf("hand fold 2 = %v", want[2])
	}
	r, err := CrossValidate(ridgeFactory(nil), nil, column(x), y, CVConfig{
		Splitter: splitter(3), Scoring: ScoreNegMSE, Workers: 1, TrainScores: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	for k := range want {
		if math.Abs(r.Scores[k]-want[k]) > 1e-12 {
			t.Errorf("fold %d: score %v, want %v", k, r.Scores[k], want[k])
		}
	}
	mean := (want[0] + want[1] + want[2]) / 3
	var v float64
	for _, s := range want {
		v += (s - mean) * (s - mean) / 3
	}
	if math.Abs(r.Mean-mean) > 1e-12 || math.Abs(r.Std-math.Sqrt(v)) > 1e-12 {
		t.Errorf("mean, std = %v, %v; want %v, %v", r.Mean, r.Std, mean, math.Sqrt(v))
	}
	if len(r.TrainScores) != 3 || len(r.FitTimes) != 3 || len(r.ScoreTimes) != 3 || len(r.Folds) != 3 {
		t.Errorf("lengths: train %d, fit times %d, score times %d, folds %d; want 3 each",
			len(r.TrainScores), len(r.FitTimes), len(r.ScoreTimes), len(r.Folds))
	}
	// Fold 2 trains on the line y = x exactly.
	if r.TrainScores[2] != 0 {
		t.Errorf("fold 2 train score %v, want 0", r.TrainScores[2])
	}
	if r.Estimators != nil {
		t.Errorf("Estimators kept without KeepEstimators")
	}
}

// TestFreshEstimatorPerFold checks that every fold fits its own estimator,
// once, and that the factory is not called more than needed.
func TestFreshEstimatorPerFold(t *testing.T) {
	ref := readReference(t)
	var calls atomic.Int64
	X, y := column(ref.Reg.X), ref.Reg.Y
	r, err := CrossValidate(ridgeFactory(&calls), model.Params{"alpha": 1.0}, X, y,
		CVConfig{Splitter: splitter(5), KeepEstimators: true, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := calls.Load(); got != 1+5 {
		t.Errorf("factory called %d times, want 6 (one probe + one per fold)", got)
	}
	seen := make(map[*ridge1D]bool)
	for k, e := range r.Estimators {
		m := e.(*ridge1D)
		if seen[m] {
			t.Errorf("fold %d reuses an estimator", k)
		}
		seen[m] = true
		if m.fits != 1 {
			t.Errorf("fold %d: estimator fitted %d times, want 1", k, m.fits)
		}
		if m.Alpha != 1 {
			t.Errorf("fold %d: Alpha = %v, want 1 from params", k, m.Alpha)
		}
		// The kept estimator is the one fitted on fold k's training part.
		want := &ridge1D{Alpha: 1}
		fold := r.Folds[k]
		if err := want.Fit(takeRows(X, fold.Train), takeValues(y, fold.Train)); err != nil {
			t.Fatal(err)
		}
		if m.coef != want.coef || m.intercept != want.intercept {
			t.Errorf("fold %d: kept estimator has coef %v, want %v", k, m.coef, want.coef)
		}
	}

	calls.Store(0)
	g, err := GridSearch(ridgeFactory(&calls), Grid{"alpha": {0.0, 1.0, 10.0}}, X, y,
		GridConfig{CV: CVConfig{Splitter: splitter(4)}})
	if err != nil {
		t.Fatal(err)
	}
	if got := calls.Load(); got != 3+3*4+1 {
		t.Errorf("grid search called the factory %d times, want 16 (3 probes, 12 folds, 1 refit)", got)
	}
	if m := g.BestEstimator.(*ridge1D); m.fits != 1 {
		t.Errorf("best estimator fitted %d times, want 1", m.fits)
	}
}

// TestDeterministicWorkers checks that the number of workers does not
// change any result.
func TestDeterministicWorkers(t *testing.T) {
	ref := readReference(t)
	Xc := mat.NewDense(len(ref.Clf.Y), 2, slices.Concat(ref.Clf.X...))
	strip := func(g *GridResult) *GridResult {
		for i := range g.Results {
			g.Results[i].MeanFitTime, g.Results[i].MeanScoreTime = 0, 0
		}
		g.RefitTime = 0
		return g
	}
	var first *GridResult
	var firstCV *CVResult
	for _, w := range []int{1, 4, 0} {
		g, err := GridSearch(centroidFactory, Grid{"weight": {0.01, 0.5, 1.0, 2.0, 8.0}}, Xc, ref.Clf.Y,
			GridConfig{CV: CVConfig{Workers: w, TrainScores: true}})
		if err != nil {
			t.Fatal(err)
		}
		cv, err := CrossValidate(centroidFactory, model.Params{"weight": 2.0}, Xc, ref.Clf.Y,
			CVConfig{Workers: w, Scoring: ScoreNegLogLoss})
		if err != nil {
			t.Fatal(err)
		}
		cv.FitTimes, cv.ScoreTimes = nil, nil
		if first == nil {
			first, firstCV = strip(g), cv
			continue
		}
		if !reflect.DeepEqual(strip(g), first) {
			t.Errorf("Workers=%d: grid result differs from Workers=1", w)
		}
		if !reflect.DeepEqual(cv, firstCV) {
			t.Errorf("Workers=%d: CV result differs from Workers=1", w)
		}
	}
}

func TestGridExpand(t *testing.T) {
	g := Grid{"b": {1, 2}, "a": {"x", "y", "z"}}
	got, err := g.Expand()
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, p := range got {
		s = append(s, formatParams(p))
	}
	want := []string{"{a=x, b=1}", "{a=x, b=2}", "{a=y, b=1}", "{a=y, b=2}", "{a=z, b=1}", "{a=z, b=2}"}
	if !slices.Equal(s, want) {
		t.Errorf("Expand order:\n got %v\nwant %v", s, want)
	}
	got[0]["a"] = "changed"
	if got[1]["a"] != "x" {
		t.Errorf("combinations share a map")
	}
	one, err := Grid{"c": {nil}}.Expand()
	if err != nil || len(one) != 1 || len(one[0]) != 1 {
		t.Errorf("single-value grid: %v, %v", one, err)
	}
	for _, bad := range []Grid{nil, {}, {"a": {1}, "b": {}}} {
		if _, err := bad.Expand(); err == nil {
			t.Errorf("Expand(%v): no error", bad)
		}
	}
}

// TestRanks checks "min" ranking with ties, NaN ranking last, and that the
// first best combination in grid order wins.
func TestRanks(t *testing.T) {
	tests := []struct {
		scores []any
		ranks  []int
		best   int
	}{
		{[]any{0.5, 0.9, 0.7, 0.9}, []int{4, 1, 3, 1}, 1},
		{[]any{0.2, 0.2, 0.2}, []int{1, 1, 1}, 0},
		{[]any{math.NaN(), 0.1, 0.3, 0.3, math.NaN(), -1.0}, []int{5, 3, 1, 1, 5, 4}, 2},
	}
	X := column([]float64{1, 2, 3, 4, 5, 6})
	y := []float64{1, 2, 3, 4, 5, 6}
	for _, tc := range tests {
		g, err := GridSearch(constFactory, Grid{"s": tc.scores}, X, y, GridConfig{CV: CVConfig{Splitter: splitter(3)}})
		if err != nil {
			t.Fatal(err)
		}
		var ranks []int
		for _, row := range g.Results {
			ranks = append(ranks, row.Rank)
		}
		if !slices.Equal(ranks, tc.ranks) || g.BestIndex != tc.best {
			t.Errorf("scores %v: ranks %v best %d; want %v best %d", tc.scores, ranks, g.BestIndex, tc.ranks, tc.best)
		}
		if s := tc.scores[tc.best].(float64); g.Best["s"] != s || !close(g.BestScore, s, 1e-15) {
			t.Errorf("scores %v: Best %v score %v", tc.scores, g.Best, g.BestScore)
		}
	}
}

// TestGridSearchRefit checks the refitted best estimator and NoRefit.
func TestGridSearchRefit(t *testing.T) {
	ref := readReference(t)
	X, y := column(ref.Reg.X), ref.Reg.Y
	grid := Grid{"alpha": {0.0, 1.0, 100.0}}
	g, err := GridSearch(ridgeFactory(nil), grid, X, y, GridConfig{CV: CVConfig{Splitter: splitter(5)}})
	if err != nil {
		t.Fatal(err)
	}
	want := &ridge1D{Alpha: g.Best["alpha"].(float64)}
	if err := want.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	got := g.BestEstimator.(*ridge1D)
	if got.Alpha != want.Alpha || got.coef != want.coef || got.intercept != want.intercept {
		t.Errorf("refit: alpha %v coef %v; want alpha %v coef %v", got.Alpha, got.coef, want.Alpha, want.coef)
	}
	g.Best["alpha"] = -1.0
	if g.Results[g.BestIndex].Params["alpha"] == -1.0 {
		t.Errorf("Best shares its map with Results")
	}
	g, err = GridSearch(ridgeFactory(nil), grid, X, y, GridConfig{CV: CVConfig{Splitter: splitter(5)}, NoRefit: true})
	if err != nil {
		t.Fatal(err)
	}
	if g.BestEstimator != nil {
		t.Errorf("NoRefit: BestEstimator is set")
	}
}

// badSplitter returns fixed folds.
type badSplitter []data.Fold

func (b badSplitter) Split(mat.Matrix, []float64) ([]data.Fold, error) { return b, nil }

func TestErrors(t *testing.T) {
	X := column([]float64{1, 2, 3, 4, 5, 6})
	y := []float64{1, 2, 3, 4, 5, 6}
	cv := CVConfig{Splitter: splitter(3)}
	noScoreFactory := func(model.Params) (model.Estimator, error) { return noScore{}, nil }
	nilFactory := func(model.Params) (model.Estimator, error) { return nil, nil }
	tests := []struct {
		name string
		run  func() error
		want []string // substrings of the error
	}{
		{"nil factory", func() error { _, err := CrossValidate(nil, nil, X, y, cv); return err }, []string{"factory is nil"}},
		{"nil factory grid", func() error {
			_, err := GridSearch(nil, Grid{"a": {1}}, X, y, GridConfig{})
			return err
		}, []string{"factory is nil"}},
		{"nil estimator", func() error { _, err := CrossValidate(nilFactory, nil, X, y, cv); return err }, []string{"nil estimator"}},
		{"empty grid", func() error {
			_, err := GridSearch(constFactory, Grid{}, X, y, GridConfig{CV: cv})
			return err
		}, []string{"GridSearch", "grid is empty"}},
		{"no Score", func() error { _, err := CrossValidate(noScoreFactory, nil, X, y, cv); return err }, []string{"noScore has no Score method", "Scoring"}},
		{"no Score grid", func() error {
			_, err := GridSearch(noScoreFactory, Grid{"a": {1}}, X, y, GridConfig{CV: cv})
			return err
		}, []string{"no Score method"}},
		{"fewer samples than default folds", func() error {
			_, err := CrossValidate(ridgeFactory(nil), nil, column([]float64{1, 2, 3, 4}), []float64{1, 2, 3, 4}, CVConfig{})
			return err
		}, []string{"4 samples are fewer than the 5 folds"}},
		{"fewer samples than folds", func() error {
			_, err := CrossValidate(ridgeFactory(nil), nil, X, y, CVConfig{Splitter: splitter(7)})
			return err
		}, []string{"splitting: data: KFold.Split"}},
		{"CrossValScore k", func() error { _, err := CrossValScore(constFactory, nil, X, y, 1); return err }, []string{"k = 1"}},
		{"factory rejects combination", func() error {
			_, err := GridSearch(ridgeFactory(nil), Grid{"alpha": {1.0, "big"}}, X, y, GridConfig{CV: cv})
			return err
		}, []string{"combination 1 {alpha=big}", "want a float64"}},
		{"unknown parameter", func() error {
			_, err := GridSearch(ridgeFactory(nil), Grid{"alpha": {1.0}, "beta": {2}}, X, y, GridConfig{CV: cv})
			return err
		}, []string{"{alpha=1, beta=2}", `unknown parameter "beta"`}},
		{"fit error names fold", func() error {
			_, err := GridSearch(ridgeFactory(nil), Grid{"alpha": {1.0, -1.0}}, X, y, GridConfig{CV: cv})
			return err
		}, []string{"combination 1 {alpha=-1}: fold 0: fit:", "Alpha = -1"}},
		{"panic recovered", func() error {
			_, err := GridSearch(constFactory, Grid{"panic": {false, true}}, X, y, GridConfig{CV: CVConfig{Splitter: splitter(3), Workers: 2}})
			return err
		}, []string{"combination 1 {panic=true}: fold 0: panic: boom"}},
		{"fit error", func() error {
			_, err := GridSearch(constFactory, Grid{"fail": {true}}, X, y, GridConfig{CV: CVConfig{Splitter: splitter(3)}})
			return err
		}, []string{"fold 0", "cannot fit"}},
		{"refit error", func() error {
			_, err := GridSearch(constFactory, Grid{"failAt": {6}}, X, y, GridConfig{CV: CVConfig{Splitter: splitter(3)}})
			return err
		}, []string{"refit with {failAt=6}: cannot fit"}},
		{"negative workers", func() error {
			_, err := CrossValidate(ridgeFactory(nil), nil, X, y, CVConfig{Splitter: splitter(3), Workers: -1})
			return err
		}, []string{"CVConfig.Workers) is -1"}},
		{"mismatched y", func() error { _, err := CrossValidate(ridgeFactory(nil), nil, X, y[:5], cv); return err }, []string{"6 rows but y has 5"}},
		{"empty test fold", func() error {
			_, err := CrossValidate(ridgeFactory(nil), nil, X, y, CVConfig{Splitter: badSplitter{{Train: []int{0, 1}}}})
			return err
		}, []string{"fold 0 has 2 training and 0 test"}},
		{"index out of range", func() error {
			_, err := CrossValidate(ridgeFactory(nil), nil, X, y, CVConfig{Splitter: badSplitter{{Train: []int{0, 1}, Test: []int{6}}}})
			return err
		}, []string{"sample index 6"}},
		{"no folds", func() error {
			_, err := CrossValidate(ridgeFactory(nil), nil, X, y, CVConfig{Splitter: badSplitter{}})
			return err
		}, []string{"made no folds"}},
		{"scorer needs PredictProba", func() error {
			_, err := CrossValidate(ridgeFactory(nil), nil, X, y, CVConfig{Splitter: splitter(3), Scoring: ScoreNegLogLoss})
			return err
		}, []string{"fold 0: scoring: neg_log_loss", "no PredictProba"}},
		{"unknown scorer", func() error { _, err := ScorerByName("mse"); return err }, []string{`"mse"`, strings.Join(ScorerNames(), ", ")}},
	}
	for _, tc := range tests {
		err := tc.run()
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", tc.name, err, w)
			}
		}
		if !strings.HasPrefix(err.Error(), "selection: ") {
			t.Errorf("%s: error %q lacks the package prefix", tc.name, err)
		}
	}
}

func TestScorerByName(t *testing.T) {
	for _, name := range ScorerNames() {
		s, err := ScorerByName(name)
		if err != nil || s == nil {
			t.Errorf("ScorerByName(%q): %v", name, err)
		}
	}
}

type reference struct {
	Reg       struct{ X, Y []float64 }
	OLSR2     []float64 `json:"ols_r2"`
	OLSNegMSE []float64 `json:"ols_neg_mse"`
	KFold     [][2][]int
	RidgeGrid struct {
		Alphas        []float64
		Mean, Std     []float64
		Rank          []int
		Folds         [][]float64
		BestIndex     int     `json:"best_index"`
		BestScore     float64 `json:"best_score"`
		BestCoef      float64 `json:"best_coef"`
		BestIntercept float64 `json:"best_intercept"`
	} `json:"ridge_grid"`
	Clf struct {
		X [][]float64
		Y []float64
	}
	CentroidAcc      []float64 `json:"centroid_acc"`
	CentroidTrainAcc []float64 `json:"centroid_train_acc"`
	SKFold           [][2][]int
	Metrics          struct {
		YTrue        []float64   `json:"y_true"`
		YPred        []float64   `json:"y_pred"`
		Proba        [][]float64 `json:"proba"`
		Accuracy     float64
		F1Macro      float64     `json:"f1_macro"`
		F1MacroExtra float64     `json:"f1_macro_extra"`
		LogLoss      float64     `json:"log_loss"`
		YBin         []float64   `json:"y_bin"`
		ProbaBin     [][]float64 `json:"proba_bin"`
		DScore       []float64   `json:"dscore"`
		LogLossBin   float64     `json:"log_loss_bin"`
		ROCAUCProba  float64     `json:"roc_auc_proba"`
		ROCAUCDScore float64     `json:"roc_auc_dscore"`
		YReg         []float64   `json:"y_reg"`
		PReg         []float64   `json:"p_reg"`
		R2           float64
		MSE          float64
	}
	NPStats struct {
		V         []float64
		Mean, Std float64
		Mean9     float64 `json:"mean9"`
		Std9      float64 `json:"std9"`
	} `json:"np_stats"`
}

func readReference(t *testing.T) *reference {
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

func close(a, b, tol float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

func checkFolds(t *testing.T, name string, got []data.Fold, want [][2][]int) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d folds, want %d", name, len(got), len(want))
	}
	for k := range want {
		if !slices.Equal(got[k].Train, want[k][0]) || !slices.Equal(got[k].Test, want[k][1]) {
			t.Errorf("%s fold %d: test %v, want %v", name, k, got[k].Test, want[k][1])
		}
	}
}

// TestAgainstSklearn compares cross-validation and grid search with
// scikit-learn 1.2 (testdata/gen_reference.py).
func TestAgainstSklearn(t *testing.T) {
	ref := readReference(t)
	X, y := column(ref.Reg.X), ref.Reg.Y
	const tol = 1e-12

	// cross_val_score(LinearRegression(), X, y, cv=KFold(5)).
	for _, tc := range []struct {
		name    string
		scoring Scorer
		want    []float64
	}{{"r2", nil, ref.OLSR2}, {"neg_mse", ScoreNegMSE, ref.OLSNegMSE}} {
		r, err := CrossValidate(ridgeFactory(nil), nil, X, y, CVConfig{Splitter: splitter(5), Scoring: tc.scoring})
		if err != nil {
			t.Fatal(err)
		}
		checkFolds(t, "KFold", r.Folds, ref.KFold)
		for k, w := range tc.want {
			if !close(r.Scores[k], w, tol) {
				t.Errorf("OLS %s fold %d: %v, sklearn %v", tc.name, k, r.Scores[k], w)
			}
		}
	}
	// The default splitter of a regressor is KFold(5).
	scores, err := CrossValScore(ridgeFactory(nil), nil, X, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	for k, w := range ref.OLSR2 {
		if !close(scores[k], w, tol) {
			t.Errorf("CrossValScore fold %d: %v, sklearn %v", k, scores[k], w)
		}
	}

	// GridSearchCV(Ridge(), {"alpha": ...}, cv=KFold(5)).
	rg := ref.RidgeGrid
	grid := Grid{"alpha": make([]any, len(rg.Alphas))}
	for i, a := range rg.Alphas {
		grid["alpha"][i] = a
	}
	g, err := GridSearch(ridgeFactory(nil), grid, X, y, GridConfig{CV: CVConfig{Splitter: splitter(5)}})
	if err != nil {
		t.Fatal(err)
	}
	for c, row := range g.Results {
		if row.Params["alpha"] != rg.Alphas[c] {
			t.Errorf("row %d: alpha %v, want %v", c, row.Params["alpha"], rg.Alphas[c])
		}
		if !close(row.MeanScore, rg.Mean[c], tol) || !close(row.StdScore, rg.Std[c], tol) || row.Rank != rg.Rank[c] {
			t.Errorf("alpha %v: mean %v std %v rank %d; sklearn %v %v %d",
				rg.Alphas[c], row.MeanScore, row.StdScore, row.Rank, rg.Mean[c], rg.Std[c], rg.Rank[c])
		}
		for k, w := range rg.Folds[c] {
			if !close(row.FoldScores[k], w, tol) {
				t.Errorf("alpha %v fold %d: %v, sklearn %v", rg.Alphas[c], k, row.FoldScores[k], w)
			}
		}
	}
	best := g.BestEstimator.(*ridge1D)
	if g.BestIndex != rg.BestIndex || !close(g.BestScore, rg.BestScore, tol) ||
		!close(best.coef, rg.BestCoef, tol) || !close(best.intercept, rg.BestIntercept, tol) {
		t.Errorf("best %d (%v) coef %v intercept %v; sklearn %d (%v) %v %v",
			g.BestIndex, g.BestScore, best.coef, best.intercept, rg.BestIndex, rg.BestScore, rg.BestCoef, rg.BestIntercept)
	}

	// cross_validate(NearestCentroid(), X, y, cv=5): stratified folds
	// for a classifier.
	Xc := mat.NewDense(len(ref.Clf.Y), 2, slices.Concat(ref.Clf.X...))
	r, err := CrossValidate(centroidFactory, nil, Xc, ref.Clf.Y, CVConfig{TrainScores: true})
	if err != nil {
		t.Fatal(err)
	}
	checkFolds(t, "StratifiedKFold", r.Folds, ref.SKFold)
	for k := range ref.CentroidAcc {
		if r.Scores[k] != ref.CentroidAcc[k] || r.TrainScores[k] != ref.CentroidTrainAcc[k] {
			t.Errorf("centroid fold %d: accuracy %v (train %v); sklearn %v (%v)",
				k, r.Scores[k], r.TrainScores[k], ref.CentroidAcc[k], ref.CentroidTrainAcc[k])
		}
	}
}

// TestMetricsAgainstSklearn compares the scorers' metrics with
// scikit-learn's on fixed arrays.
func TestMetricsAgainstSklearn(t *testing.T) {
	m := readReference(t).Metrics
	const tol = 1e-13
	proba := mat.NewDense(len(m.YTrue), 3, slices.Concat(m.Proba...))
	pbin := mat.NewDense(len(m.YBin), 2, slices.Concat(m.ProbaBin...))
	extra := slices.Clone(m.YPred)
	for i, v := range extra {
		if v == 1 {
			extra[i] = 3
		}
	}
	clf := &fixed{pred: m.YPred, proba: proba, classes: []float64{0, 1, 2}}
	bin := &fixed{proba: pbin, classes: []float64{0, 1}}
	reg := predOnly(m.PReg)
	tests := []struct {
		name   string
		scorer string
		m      model.Estimator
		y      []float64
		want   float64
	}{
		{"accuracy", "accuracy", clf, m.YTrue, m.Accuracy},
		{"f1_macro", "f1_macro", clf, m.YTrue, m.F1Macro},
		{"f1_macro with an extra label", "f1_macro", predOnly(extra), m.YTrue, m.F1MacroExtra},
		{"log_loss", "neg_log_loss", clf, m.YTrue, -m.LogLoss},
		{"log_loss binary", "neg_log_loss", bin, m.YBin, -m.LogLossBin},
		{"roc_auc proba", "roc_auc", bin, m.YBin, m.ROCAUCProba},
		{"roc_auc regressor", "roc_auc", predOnly(m.DScore), m.YBin, m.ROCAUCDScore},
		{"r2", "r2", reg, m.YReg, m.R2},
		{"mse", "neg_mean_squared_error", reg, m.YReg, -m.MSE},
	}
	for _, tc := range tests {
		s, err := ScorerByName(tc.scorer)
		if err != nil {
			t.Fatal(err)
		}
		n := len(tc.y)
		got, err := s(tc.m, mat.NewDense(n, 1, nil), tc.y)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !close(got, tc.want, tol) {
			t.Errorf("%s: %v, sklearn %v", tc.name, got, tc.want)
		}
	}

	// ScoreROCAUC prefers DecisionFunction over PredictProba, as
	// scikit-learn does; here they rank in opposite orders.
	b := &both{d: m.DScore}
	auc, err := ScoreROCAUC(b, mat.NewDense(len(m.DScore), 1, nil), m.YBin)
	if err != nil {
		t.Fatal(err)
	}
	if !close(auc, m.ROCAUCDScore, tol) {
		t.Errorf("ScoreROCAUC = %v, want the decision-function AUC %v", auc, m.ROCAUCDScore)
	}
	if _, err := ScoreROCAUC(b, mat.NewDense(3, 1, nil), []float64{0, 1, 2}); err == nil {
		t.Errorf("ScoreROCAUC on three classes: no error")
	}
	if _, err := ScoreROCAUC(clf, mat.NewDense(3, 1, nil), []float64{0, 1, 1}); err == nil {
		t.Errorf("ScoreROCAUC with a three-class model: no error")
	}
	if _, err := ScoreNegLogLoss(bin, mat.NewDense(2, 1, nil), []float64{0, 1}); err == nil {
		t.Errorf("ScoreNegLogLoss with the wrong number of probability rows: no error")
	}
}

func TestNumpyStats(t *testing.T) {
	s := readReference(t).NPStats
	for _, tc := range []struct {
		v         []float64
		mean, std float64
	}{{s.V, s.Mean, s.Std}, {s.V[:9], s.Mean9, s.Std9}} {
		mean, std := meanStd(tc.v)
		// Pairwise summation reproduces NumPy bit for bit.
		if mean != tc.mean || std != tc.std {
			t.Errorf("n=%d: mean %v std %v; numpy %v %v", len(tc.v), mean, std, tc.mean, tc.std)
		}
	}
}

func TestTable(t *testing.T) {
	X := column([]float64{1, 2, 3, 4, 5, 6})
	y := []float64{1, 2, 3, 4, 5, 6}
	g, err := GridSearch(constFactory, Grid{"s": {0.5, 0.25}, "name": {"a<b"}}, X, y,
		GridConfig{CV: CVConfig{Splitter: splitter(3)}, NoRefit: true})
	if err != nil {
		t.Fatal(err)
	}
	want := "" +
		"rank  name  s     mean score  std score\n" +
		"   1  a<b   0.5       0.5000     0.0000\n" +
		"   2  a<b   0.25      0.2500     0.0000\n"
	if got := g.Table(); got != want {
		t.Errorf("Table:\n%s\nwant:\n%s", got, want)
	}
	h := g.HTML()
	for _, w := range []string{"<th>mean score</th>", "<td>a&lt;b</td>", `<tr style="font-weight:bold"><td style="text-align:right">1</td>`} {
		if !strings.Contains(h, w) {
			t.Errorf("HTML lacks %q:\n%s", w, h)
		}
	}
}
