package explain

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/descentml/descent/core/model"
)

// PermutationConfig configures PermutationImportance.
type PermutationConfig struct {
	// Scoring scores predictions against the truth, higher being better
	// (pass the negated error for a loss such as MSE, as scikit-learn's
	// "neg_mean_squared_error"). Default nil: the model's own Score method
	// (accuracy for classifiers, R² for regressors); the model must then
	// implement model.Scorer.
	Scoring func(yTrue, yPred []float64) (float64, error)
	// Repeats is how many times each feature is shuffled. Default 5.
	Repeats int
	// Seed seeds the shuffles. Every feature is shuffled with the same
	// sequence of permutations, as in scikit-learn, so a feature's result
	// does not depend on the others. Default 0 (a valid seed).
	Seed uint64
	// FeatureNames names the columns of X in reports. Default: x0, x1, ….
	FeatureNames []string
}

// Importance is the result of PermutationImportance.
type Importance struct {
	// Names are the feature names, in column order.
	Names []string
	// Baseline is the score on the unshuffled data.
	Baseline float64
	// Mean and Std are, per feature (column order), the mean and the
	// population standard deviation over the repeats of the importance
	// Baseline − (score with that feature shuffled).
	Mean, Std []float64
	// Scores[j][r] is the importance of feature j in repeat r.
	Scores [][]float64
}

// Ranking returns the feature indices by decreasing mean importance (ties
// by column).
func (im *Importance) Ranking() []int {
	idx := make([]int, len(im.Mean))
	for j := range idx {
		idx[j] = j
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(im.Mean[b], im.Mean[a]) })
	return idx
}

// String formats the importances, most important first.
func (im *Importance) String() string {
	w := len("feature")
	for _, n := range im.Names {
		w = max(w, len(n))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "baseline score %.4g\n", im.Baseline)
	fmt.Fprintf(&b, "%-*s %10s %10s\n", w, "feature", "importance", "± std")
	for _, j := range im.Ranking() {
		fmt.Fprintf(&b, "%-*s %10.4f %10.4f\n", w, im.Names[j], im.Mean[j], im.Std[j])
	}
	return b.String()
}

// PermutationImportance measures how much a fitted model relies on each
// feature: the drop of its score when that feature's column is shuffled,
// breaking its link with the target (Breiman 2001; scikit-learn's
// permutation_importance). The score is computed on (X, y) — preferably
// held-out data. Each feature is shuffled cfg.Repeats times, each time by a
// fresh uniformly random permutation; the other columns stay as they are.
// The random streams differ from NumPy's, so individual values differ from
// scikit-learn's while having the same distribution.
func PermutationImportance(m model.Predictor, X mat.Matrix, y []float64, cfg PermutationConfig) (*Importance, error) {
	const where = "explain: PermutationImportance"
	if m == nil {
		return nil, fmt.Errorf("%s: model is nil", where)
	}
	n, p, err := model.CheckXY(X, y)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	if cfg.Repeats < 0 {
		return nil, fmt.Errorf("%s: Repeats = %d must be positive (0 means 5)", where, cfg.Repeats)
	}
	repeats := cfg.Repeats
	if repeats == 0 {
		repeats = 5
	}
	names, err := featureNames(cfg.FeatureNames, p)
	if err != nil {
		return nil, fmt.Errorf("%s: FeatureNames: %w", where, err)
	}
	score := func(Xs *mat.Dense) (float64, error) {
		if cfg.Scoring == nil {
			return m.(model.Scorer).Score(Xs, y)
		}
		pred, err := m.Predict(Xs)
		if err != nil {
			return 0, err
		}
		return cfg.Scoring(y, pred)
	}
	if cfg.Scoring == nil {
		if _, ok := m.(model.Scorer); !ok {
			return nil, fmt.Errorf("%s: %T has no Score method: set PermutationConfig.Scoring", where, m)
		}
	}

	work := mat.DenseCopyOf(X)
	baseline, err := score(work)
	if err != nil {
		return nil, fmt.Errorf("%s: baseline score: %w", where, err)
	}
	im := &Importance{
		Names: names, Baseline: baseline,
		Mean: make([]float64, p), Std: make([]float64, p), Scores: make([][]float64, p),
	}
	col := make([]float64, n)
	for j := 0; j < p; j++ {
		mat.Col(col, j, work)
		rng := model.NewRand(cfg.Seed)
		perm := make([]int, n)
		for i := range perm {
			perm[i] = i
		}
		scores := make([]float64, repeats)
		for r := range scores {
			rng.Shuffle(n, func(a, b int) { perm[a], perm[b] = perm[b], perm[a] })
			for i, k := range perm {
				work.Set(i, j, col[k])
			}
			s, err := score(work)
			if err != nil {
				return nil, fmt.Errorf("%s: feature %d (%s), repeat %d: %w", where, j, names[j], r, err)
			}
			scores[r] = baseline - s
		}
		work.SetCol(j, col)
		im.Scores[j] = scores
		im.Mean[j], im.Std[j] = stat.PopMeanStdDev(scores, nil)
	}
	return im, nil
}
