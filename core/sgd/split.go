package sgd

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/descentml/descent/core/data"
)

// validationSplit holds out ceil(frac·n) of the n samples at random, as
// scikit-learn's ShuffleSplit does for early stopping. It returns a mask,
// true on the held-out samples.
func validationSplit(n int, frac float64, rng *rand.Rand) ([]bool, error) {
	nVal := int(math.Ceil(frac * float64(n)))
	if nVal == 0 || nVal >= n {
		return nil, emptySplit(n, frac, n-nVal, nVal)
	}
	return holdOut(n, nil, nVal, rng)
}

// stratifiedSplit holds out ceil(frac·n) samples with the class proportions
// of y (class indices 0..k-1), as scikit-learn's StratifiedShuffleSplit does
// for early stopping, by data.SplitIndices's stratification rule. Before
// that it checks, with messages about early stopping, that every class can
// be in both parts.
func stratifiedSplit(yIdx []int, k int, frac float64, rng *rand.Rand) ([]bool, error) {
	n := len(yIdx)
	counts := make([]int, k)
	labels := make([]float64, n)
	for i, c := range yIdx {
		counts[c]++
		labels[i] = float64(c)
	}
	for c, m := range counts {
		if m < 2 {
			return nil, fmt.Errorf("EarlyStopping: class #%d has only %d sample(s): a stratified validation split needs at least 2 per class", c, m)
		}
	}
	nVal := int(math.Ceil(frac * float64(n)))
	if nVal < k || n-nVal < k {
		return nil, fmt.Errorf("EarlyStopping: holding out %d of %d samples (ValidationFraction %v) leaves fewer than one sample per class (%d classes) in the training or the validation set: change ValidationFraction, add samples, or turn EarlyStopping off",
			nVal, n, frac, k)
	}
	return holdOut(n, labels, nVal, rng)
}

// holdOut draws nVal of n samples with data.SplitIndices (stratified by
// labels when not nil), seeded from rng, and returns them as a mask.
func holdOut(n int, labels []float64, nVal int, rng *rand.Rand) ([]bool, error) {
	_, val, err := data.SplitIndices(n, labels, data.SplitConfig{TestSize: nVal, Stratify: labels != nil, Seed: rng.Uint64()})
	if err != nil {
		return nil, fmt.Errorf("EarlyStopping: %w", err)
	}
	mask := make([]bool, n)
	for _, i := range val {
		mask[i] = true
	}
	return mask, nil
}

func emptySplit(n int, frac float64, nTrain, nVal int) error {
	return fmt.Errorf("EarlyStopping: splitting %d samples with ValidationFraction %v leaves %d for training and %d for validation: both must be non-empty; change ValidationFraction, add samples, or turn EarlyStopping off",
		n, frac, nTrain, nVal)
}

// trainIndices lists the samples not held out by mask (all when mask is nil).
func trainIndices(n int, mask []bool) []int {
	idx := make([]int, 0, n)
	for i := 0; i < n; i++ {
		if mask == nil || !mask[i] {
			idx = append(idx, i)
		}
	}
	return idx
}

// heldOut lists the samples held out by mask.
func heldOut(mask []bool) []int {
	var idx []int
	for i, m := range mask {
		if m {
			idx = append(idx, i)
		}
	}
	return idx
}
