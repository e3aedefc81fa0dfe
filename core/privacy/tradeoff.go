package privacy

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/descentml/descent/core/model"
)

// Private is a differentially private model as Tradeoff trains it:
// DPLogisticRegression, DPLinearSVM and DPLinearRegression all satisfy it.
type Private interface {
	model.Estimator
	model.Scorer
	Privacy() Guarantee
}

// TradeoffConfig configures Tradeoff.
type TradeoffConfig struct {
	// Sigmas is the grid of noise multipliers to try. Default
	// {0.5, 0.7, 1, 1.5, 2, 3, 5, 8}.
	Sigmas []float64
	// Base is the DP-SGD configuration shared by every run; its
	// NoiseMultiplier is replaced by each grid value, and its
	// TargetEpsilon must be 0.
	Base Config
	// New builds the model for one run. Default: a DPLogisticRegression.
	New func(cfg Config) Private
	// Repeats is how many seeds (Base.Seed, Base.Seed+1, …) each σ is
	// trained with; scores are averaged, since one DP run is noisy.
	// Default 1.
	Repeats int
}

// TradeoffRow is one point of the privacy/utility curve.
type TradeoffRow struct {
	// Sigma is the noise multiplier.
	Sigma float64
	// Epsilon and Delta are the privacy spent by one training run.
	Epsilon, Delta float64
	// TestScore is the mean score on the test data over the repeats:
	// accuracy for classifiers, R² for regressors. TestStd is its
	// (population) standard deviation over the repeats.
	TestScore, TestStd float64
	// TrainScore is the mean score on the training data.
	TrainScore float64
}

// TradeoffTable is the privacy/utility curve, one row per noise multiplier
// in the order given; plot Epsilon against TestScore.
type TradeoffTable []TradeoffRow

// String formats the table with one row per σ.
func (t TradeoffTable) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%8s %10s %8s %10s %8s %11s\n", "sigma", "epsilon", "delta", "test", "± std", "train")
	for _, r := range t {
		fmt.Fprintf(&b, "%8.3f %10.3f %8.0e %10.3f %8.3f %11.3f\n", r.Sigma, r.Epsilon, r.Delta, r.TestScore, r.TestStd, r.TrainScore)
	}
	return b.String()
}

// Tradeoff trains a DP model for each noise multiplier of cfg.Sigmas on
// (Xtrain, ytrain), scores it on (Xtest, ytest), and returns the privacy
// spent against the utility obtained: the privacy/utility trade-off curve.
// Runs are seeded, so the table is reproducible.
func Tradeoff(cfg TradeoffConfig, Xtrain mat.Matrix, ytrain []float64, Xtest mat.Matrix, ytest []float64) (TradeoffTable, error) {
	const where = "privacy: Tradeoff"
	sigmas := cfg.Sigmas
	if len(sigmas) == 0 {
		sigmas = []float64{0.5, 0.7, 1, 1.5, 2, 3, 5, 8}
	}
	for i, s := range sigmas {
		if !(s > 0) || math.IsInf(s, 0) {
			return nil, fmt.Errorf("%s: Sigmas[%d] = %v: noise multipliers must be positive and finite", where, i, s)
		}
	}
	if cfg.Base.TargetEpsilon != 0 {
		return nil, fmt.Errorf("%s: Base.TargetEpsilon = %v must be 0: Tradeoff sets the noise multiplier itself", where, cfg.Base.TargetEpsilon)
	}
	if cfg.Base.Noise != nil {
		return nil, fmt.Errorf("%s: Base.Noise must be nil: Tradeoff seeds each run from Base.Seed", where)
	}
	if cfg.Repeats < 0 {
		return nil, fmt.Errorf("%s: Repeats = %d must be positive (0 means 1)", where, cfg.Repeats)
	}
	repeats := max(cfg.Repeats, 1)
	build := cfg.New
	if build == nil {
		build = func(c Config) Private { return &DPLogisticRegression{Config: c} }
	}
	table := make(TradeoffTable, 0, len(sigmas))
	test := make([]float64, repeats)
	for _, sigma := range sigmas {
		row := TradeoffRow{Sigma: sigma}
		for r := 0; r < repeats; r++ {
			c := cfg.Base
			c.NoiseMultiplier = sigma
			c.Seed = cfg.Base.Seed + uint64(r)
			m := build(c)
			if err := m.Fit(Xtrain, ytrain); err != nil {
				return nil, fmt.Errorf("%s: sigma = %v: %w", where, sigma, err)
			}
			tr, err := m.Score(Xtrain, ytrain)
			if err != nil {
				return nil, fmt.Errorf("%s: sigma = %v: train score: %w", where, sigma, err)
			}
			te, err := m.Score(Xtest, ytest)
			if err != nil {
				return nil, fmt.Errorf("%s: sigma = %v: test score: %w", where, sigma, err)
			}
			g := m.Privacy()
			row.Epsilon, row.Delta = g.Epsilon, g.Delta
			row.TrainScore += tr / float64(repeats)
			test[r] = te
		}
		row.TestScore, row.TestStd = stat.PopMeanStdDev(test, nil)
		table = append(table, row)
	}
	return table, nil
}
