package data

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// SplitConfig configures TrainTestSplit. The zero value gives a shuffled
// 75 % / 25 % split with seed 0.
type SplitConfig struct {
	// TestFraction is the fraction of samples in the test part, in (0, 1);
	// 0 means 0.25. The test part gets ceil(TestFraction·n) samples, as in
	// scikit-learn.
	TestFraction float64
	// TestSize, when positive, is the number of test samples and overrides
	// TestFraction.
	TestSize int
	// NoShuffle keeps the order of the rows: the first samples train, the
	// last ones test. Default false: the rows are shuffled first.
	NoShuffle bool
	// Stratify keeps the class proportions of Y in both parts, as
	// scikit-learn's StratifiedShuffleSplit: every class appears in both
	// parts. It needs every class to have at least 2 samples, and cannot be
	// combined with NoShuffle.
	Stratify bool
	// Seed seeds the shuffle.
	Seed uint64
}

// TrainTestSplit splits ds into a training and a test dataset, copying the
// rows. Both parts keep the names of ds.
func TrainTestSplit(ds *Dataset, cfg SplitConfig) (train, test *Dataset, err error) {
	trainIdx, testIdx, err := splitIndices(ds, cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("data: TrainTestSplit: %w", err)
	}
	return ds.Subset(trainIdx), ds.Subset(testIdx), nil
}

func splitIndices(ds *Dataset, cfg SplitConfig) (train, test []int, err error) {
	if ds == nil || ds.X == nil {
		return nil, nil, errors.New("dataset is nil or has no X")
	}
	n, _ := ds.Dims()
	return SplitIndices(n, ds.Y, cfg)
}

// SplitIndices is TrainTestSplit on sample indices: it splits 0..n-1 into
// training and test indices by the same rules (shuffled with cfg.Seed,
// stratified by the class labels y when cfg.Stratify is set). y may be nil
// when not stratifying; otherwise it must have n values. Estimators use it
// to hold out a validation part without copying rows.
func SplitIndices(n int, y []float64, cfg SplitConfig) (train, test []int, err error) {
	if y != nil && len(y) != n {
		return nil, nil, fmt.Errorf("mismatched lengths: X has %d rows but Y has %d values", n, len(y))
	}
	nTest := cfg.TestSize
	switch {
	case nTest < 0:
		return nil, nil, fmt.Errorf("TestSize = %d, want ≥ 0", nTest)
	case nTest > 0:
	default:
		f := cfg.TestFraction
		if f == 0 {
			f = 0.25
		}
		if !(f > 0 && f < 1) {
			return nil, nil, fmt.Errorf("TestFraction = %v, want it in (0, 1) (0 means 0.25)", cfg.TestFraction)
		}
		nTest = int(math.Ceil(f * float64(n)))
	}
	nTrain := n - nTest
	if nTest < 1 || nTrain < 1 {
		return nil, nil, fmt.Errorf("%d samples split into %d for training and %d for testing: both need at least one", n, nTrain, nTest)
	}
	if cfg.Stratify {
		if cfg.NoShuffle {
			return nil, nil, errors.New("stratifying needs shuffling: unset NoShuffle")
		}
		if y == nil {
			return nil, nil, errors.New("stratifying needs class labels, but Y is nil")
		}
		return stratifiedSplit(y, nTest, model.NewRand(cfg.Seed))
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	if !cfg.NoShuffle {
		r := model.NewRand(cfg.Seed)
		r.Shuffle(n, func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		// As sklearn's ShuffleSplit: the test part comes first in the permutation.
		return idx[nTest:], idx[:nTest], nil
	}
	return idx[:nTrain], idx[nTrain:], nil
}

// classGroups groups the indices of y by distinct value, in ascending order
// of value; each group lists its indices in ascending order.
func classGroups(y []float64) (values []float64, groups [][]int, err error) {
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, nil, fmt.Errorf("y[%d] is %v: class labels must be finite", i, v)
		}
	}
	values = slices.Clone(y)
	slices.Sort(values)
	values = slices.Compact(values)
	groups = make([][]int, len(values))
	for i, v := range y {
		k, _ := slices.BinarySearch(values, v)
		groups[k] = append(groups[k], i)
	}
	return values, groups, nil
}

// stratifiedSplit draws nTest of the indices of y into the test part so that
// each class is represented in proportion, and every class is in both parts.
func stratifiedSplit(y []float64, nTest int, r *rand.Rand) (train, test []int, err error) {
	values, groups, err := classGroups(y)
	if err != nil {
		return nil, nil, err
	}
	k, n := len(values), len(y)
	counts := make([]int, k)
	for c, g := range groups {
		counts[c] = len(g)
		if len(g) < 2 {
			return nil, nil, fmt.Errorf("class %v has only %d sample: stratifying needs at least 2 per class", values[c], len(g))
		}
	}
	if nTest < k || n-nTest < k {
		return nil, nil, fmt.Errorf("%d test and %d training samples cannot hold each of the %d classes: use a test fraction that leaves at least %d in each part", nTest, n-nTest, k, k)
	}
	// As sklearn: allocate the training draws in proportion, the rest test.
	t := approximateMode(counts, n-nTest, r)
	for c := range t {
		t[c] = counts[c] - t[c]
	}
	ensureBothParts(counts, t)
	for c, g := range groups {
		g = slices.Clone(g)
		r.Shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
		test = append(test, g[:t[c]]...)
		train = append(train, g[t[c]:]...)
	}
	r.Shuffle(len(train), func(i, j int) { train[i], train[j] = train[j], train[i] })
	r.Shuffle(len(test), func(i, j int) { test[i], test[j] = test[j], test[i] })
	return train, test, nil
}

// approximateMode splits draws over classes in proportion to counts, as
// scikit-learn's _approximate_mode: floor(counts·draws/n) each, then one
// more to the classes with the largest remainders (ties in random order).
func approximateMode(counts []int, draws int, r *rand.Rand) []int {
	total := 0
	for _, c := range counts {
		total += c
	}
	out := make([]int, len(counts))
	rem := make([]float64, len(counts))
	need := draws
	for i, c := range counts {
		cont := float64(c) / float64(total) * float64(draws)
		out[i] = int(math.Floor(cont))
		rem[i] = cont - float64(out[i])
		need -= out[i]
	}
	order := r.Perm(len(counts)) // random tie-breaking
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case rem[a] > rem[b]:
			return -1
		case rem[a] < rem[b]:
			return 1
		}
		return 0
	})
	for _, i := range order {
		if need == 0 {
			break
		}
		out[i]++
		need--
	}
	return out
}

// ensureBothParts moves test slots between classes so that every class has
// at least one test and one training sample, keeping the total. Each move
// takes from the class with the most room. It needs every count ≥ 2 and
// k ≤ total test ≤ n - k, which the caller checked.
func ensureBothParts(counts, t []int) {
	for c := range t {
		for t[c] == 0 { // give class c a test sample, taken from the class with most test samples
			d := argmax(t, func(i int) bool { return t[i] >= 2 })
			t[d]--
			t[c]++
		}
		for t[c] == counts[c] { // give class c a training sample
			d := argmax(t, func(i int) bool { return counts[i]-t[i] >= 2 }, counts)
			t[d]++
			t[c]--
		}
	}
}

// argmax returns the index i with ok(i) that maximises t[i] (or, when
// counts is given, counts[i]-t[i]); the lowest such index on ties.
func argmax(t []int, ok func(int) bool, counts ...[]int) int {
	best, bestV := -1, 0
	for i := range t {
		if !ok(i) {
			continue
		}
		v := t[i]
		if len(counts) > 0 {
			v = counts[0][i] - t[i]
		}
		if best < 0 || v > bestV {
			best, bestV = i, v
		}
	}
	return best
}

// Splitter splits n samples into folds for cross-validation. KFold and
// StratifiedKFold implement it.
type Splitter interface {
	Split(X mat.Matrix, y []float64) ([]Fold, error)
}

// KFold splits samples into K consecutive folds; each fold is the test part
// once while the others train, as scikit-learn's KFold.
type KFold struct {
	// K is the number of folds, at least 2; 0 means 5. The first n%K folds
	// get one sample more than the others.
	K int
	// Shuffle shuffles the samples before cutting the folds; default false.
	Shuffle bool
	// Seed seeds the shuffle (used only with Shuffle).
	Seed uint64
}

// sampleCount returns the number of samples from X (or from y when X is
// nil), checking that they agree.
func sampleCount(X mat.Matrix, y []float64) (int, error) {
	if X == nil {
		if y == nil {
			return 0, errors.New("no samples: X and y are both nil")
		}
		return len(y), nil
	}
	n, _ := X.Dims()
	if y != nil && len(y) != n {
		return 0, fmt.Errorf("mismatched lengths: X has %d rows but y has %d values", n, len(y))
	}
	return n, nil
}

func checkK(k, n int) (int, error) {
	if k == 0 {
		k = 5
	}
	if k < 2 {
		return 0, fmt.Errorf("fold count K = %d, want at least 2 (0 means 5)", k)
	}
	if k > n {
		return 0, fmt.Errorf("fold count K = %d exceeds the number of samples, %d", k, n)
	}
	return k, nil
}

// Split returns the K folds of the n rows of X (y may be nil; when X is nil
// the samples are counted from y). Test and training indices are sorted;
// without Shuffle fold f tests a consecutive block of rows, exactly as
// scikit-learn's KFold.
func (kf KFold) Split(X mat.Matrix, y []float64) ([]Fold, error) {
	n, err := sampleCount(X, y)
	if err != nil {
		return nil, fmt.Errorf("data: KFold.Split: %w", err)
	}
	k, err := checkK(kf.K, n)
	if err != nil {
		return nil, fmt.Errorf("data: KFold.Split: %w", err)
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	if kf.Shuffle {
		r := model.NewRand(kf.Seed)
		r.Shuffle(n, func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	}
	assign := make([]int, n) // test fold of each sample
	start := 0
	for f, size := range classSizes(n, k) {
		for _, i := range idx[start : start+size] {
			assign[i] = f
		}
		start += size
	}
	return foldsFromAssignment(assign, k), nil
}

// foldsFromAssignment builds k folds from the test fold of each sample.
func foldsFromAssignment(assign []int, k int) []Fold {
	folds := make([]Fold, k)
	for f := range folds {
		folds[f].Train, folds[f].Test = []int{}, []int{}
	}
	for i, f := range assign {
		for g := range folds {
			if g == f {
				folds[g].Test = append(folds[g].Test, i)
			} else {
				folds[g].Train = append(folds[g].Train, i)
			}
		}
	}
	return folds
}

// StratifiedKFold splits samples into K folds that each keep the class
// proportions of y, as scikit-learn's StratifiedKFold (version 1.2): without
// Shuffle it gives exactly scikit-learn's folds.
//
// Unlike scikit-learn, which only warns, Split returns an error when a class
// has fewer than K members, since some test folds would then lack that class
// (and per-fold scores such as recall would be undefined).
type StratifiedKFold struct {
	// K is the number of folds, at least 2; 0 means 5.
	K int
	// Shuffle shuffles the samples within each class before cutting the
	// folds; default false.
	Shuffle bool
	// Seed seeds the shuffle (used only with Shuffle).
	Seed uint64
}

// Split returns the K stratified folds of the samples; y holds the class
// labels and is required (X may be nil). Indices are sorted.
func (skf StratifiedKFold) Split(X mat.Matrix, y []float64) ([]Fold, error) {
	folds, err := skf.split(X, y)
	if err != nil {
		return nil, fmt.Errorf("data: StratifiedKFold.Split: %w", err)
	}
	return folds, nil
}

func (skf StratifiedKFold) split(X mat.Matrix, y []float64) ([]Fold, error) {
	if y == nil {
		return nil, errors.New("y is nil: stratifying needs class labels")
	}
	n, err := sampleCount(X, y)
	if err != nil {
		return nil, err
	}
	k, err := checkK(skf.K, n)
	if err != nil {
		return nil, err
	}
	values, groups, err := classGroups(y)
	if err != nil {
		return nil, err
	}
	// scikit-learn numbers the classes in order of first appearance in y.
	order := make([]int, len(groups))
	for c := range order {
		order[c] = c
	}
	slices.SortFunc(order, func(a, b int) int { return groups[a][0] - groups[b][0] })
	counts := make([]int, len(groups)) // by encoded class
	for e, c := range order {
		counts[e] = len(groups[c])
		if counts[e] < k {
			if m := minLen(groups); m >= 2 {
				return nil, fmt.Errorf("class %v has %d members, fewer than K = %d: use K ≤ %d", values[c], counts[e], k, m)
			}
			return nil, fmt.Errorf("class %v has %d member, fewer than K = %d: every class needs at least K members", values[c], counts[e], k)
		}
	}
	// allocation[f][e]: members of encoded class e in test fold f. As
	// sklearn: sort the encoded labels and deal them round-robin into folds.
	allocation := make([][]int, k)
	for f := range allocation {
		allocation[f] = make([]int, len(groups))
	}
	pos := 0
	for e, cnt := range counts {
		for range cnt {
			allocation[pos%k][e]++
			pos++
		}
	}
	var r *rand.Rand
	if skf.Shuffle {
		r = model.NewRand(skf.Seed)
	}
	assign := make([]int, n)
	for e, c := range order {
		foldsForClass := make([]int, 0, counts[e])
		for f := range k {
			for range allocation[f][e] {
				foldsForClass = append(foldsForClass, f)
			}
		}
		if r != nil {
			r.Shuffle(len(foldsForClass), func(i, j int) {
				foldsForClass[i], foldsForClass[j] = foldsForClass[j], foldsForClass[i]
			})
		}
		for m, i := range groups[c] {
			assign[i] = foldsForClass[m]
		}
	}
	return foldsFromAssignment(assign, k), nil
}

func minLen(groups [][]int) int {
	m := math.MaxInt
	for _, g := range groups {
		m = min(m, len(g))
	}
	return m
}
