package sgd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// validationSplit holds out ceil(frac·n) of the n samples at random, as
// scikit-learn's ShuffleSplit does for early stopping. It returns a mask,
// true on the held-out samples.
func validationSplit(n int, frac float64, rng *rand.Rand) ([]bool, error) {
	nVal := int(math.Ceil(frac * float64(n)))
	if nVal == 0 || nVal >= n {
		return nil, emptySplit(n, frac, n-nVal, nVal)
	}
	mask := make([]bool, n)
	for _, i := range rng.Perm(n)[:nVal] {
		mask[i] = true
	}
	return mask, nil
}

// stratifiedSplit holds out ceil(frac·n) samples with the class proportions
// of y (class indices 0..k-1), as scikit-learn's StratifiedShuffleSplit does
// for early stopping: each class gets its proportional share, rounded down,
// and the remaining places go to the classes with the largest remainders.
func stratifiedSplit(yIdx []int, k int, frac float64, rng *rand.Rand) ([]bool, error) {
	n := len(yIdx)
	members := make([][]int, k)
	for i, c := range yIdx {
		members[c] = append(members[c], i)
	}
	for c, m := range members {
		if len(m) < 2 {
			return nil, fmt.Errorf("EarlyStopping: class #%d has only %d sample(s): a stratified validation split needs at least 2 per class", c, len(m))
		}
	}
	nVal := int(math.Ceil(frac * float64(n)))
	if nVal < k || n-nVal < k {
		return nil, fmt.Errorf("EarlyStopping: holding out %d of %d samples (ValidationFraction %v) leaves fewer than one sample per class (%d classes) in the training or the validation set: change ValidationFraction, add samples, or turn EarlyStopping off",
			nVal, n, frac, k)
	}
	// largest-remainder allocation of the held-out places
	take := make([]int, k)
	rem := make([]float64, k)
	left := nVal
	for c, m := range members {
		exact := float64(nVal) * float64(len(m)) / float64(n)
		take[c] = int(math.Floor(exact))
		rem[c] = exact - float64(take[c])
		left -= take[c]
	}
	byRem := make([]int, k)
	for c := range byRem {
		byRem[c] = c
	}
	slices.SortStableFunc(byRem, func(a, b int) int {
		switch {
		case rem[a] > rem[b]:
			return -1
		case rem[a] < rem[b]:
			return 1
		}
		return 0
	})
	for _, c := range byRem {
		if left == 0 {
			break
		}
		if take[c] < len(members[c])-1 {
			take[c]++
			left--
		}
	}
	mask := make([]bool, n)
	for c, m := range members {
		for _, j := range rng.Perm(len(m))[:take[c]] {
			mask[m[j]] = true
		}
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
